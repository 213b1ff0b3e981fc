"""The public API: the names in narrate's package, and the README's example run as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED


def test_normalise_is_the_function_even_after_its_package_is_imported() -> None:
    # In a fresh interpreter: the submodule's import must not replace the function.
    code = (
        "import narrate.textnorm\n"
        "from narrate import normalise\n"
        "import narrate\n"
        "assert callable(normalise) and normalise is narrate.normalise\n"
        "assert normalise is narrate.textnorm.normalise\n"
        "from narrate.textnorm import Lexicon\n"
        "print(normalise('In 2019, 3 of 5'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "In twenty nineteen, three of five\n"


def test_the_public_names_are_what_the_readme_says() -> None:
    import narrate
    from narrate.pipeline import build, render
    from narrate.reader import read_article

    assert (narrate.build, narrate.render, narrate.read_article) == (build, render, read_article)
    for name in narrate.__all__:
        assert getattr(narrate, name) is not None


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("### As a library", 1)[1]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)[:1]
    return code


@pytest.mark.slow  # a build in a new interpreter
def test_the_readme_example_runs_as_written(tmp_path: Path) -> None:
    code = _readme_example()
    assert len(code.strip().splitlines()) == 6  # the import and five lines
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    env = {**os.environ, "NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", "from pathlib import Path\n" + code],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("In twenty nineteen, three of five voters paid one point five")
    audio = tmp_path / "audio"
    assert (audio / f"{SEED.stem}.mp3").is_file() and (audio / "feed.xml").is_file()
