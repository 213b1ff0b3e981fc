"""The pronunciation lexicon end to end: script output, rendering, and the cache."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED
from typer.testing import CliRunner

from narrate.catalogue import load_editions
from narrate.cli import app
from narrate.config import load_settings
from narrate.pipeline import build

runner = CliRunner()
ENV = {"NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"}


def test_lexicon_option_changes_the_script(tmp_path: Path) -> None:
    lexicon = tmp_path / "names.toml"
    lexicon.write_text('[ignore_case]\n"Raqqa" = "rakka"\n')
    plain = runner.invoke(app, ["script", str(SEED)], env=ENV)
    custom = runner.invoke(app, ["script", str(SEED), "--lexicon", str(lexicon)], env=ENV)
    assert custom.exit_code == 0, custom.stderr
    assert "Raqqa" in plain.stdout and "rakka" not in plain.stdout
    assert "rakka" in custom.stdout and "Raqqa" not in custom.stdout


def test_project_lexicon_beside_narrate_toml_is_read(tmp_path: Path) -> None:
    (tmp_path / "narrate.toml").write_text('[feed]\ntitle = "T"\n')
    (tmp_path / "narrate.lexicon.toml").write_text('[match_case]\n"Jeffrey" = "Geoffrey"\n')
    result = runner.invoke(app, ["script", str(SEED)], env=ENV)
    assert "Geoffrey" in result.stdout and "Jeffrey" not in result.stdout


def test_missing_or_bad_lexicon_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["script", str(SEED), "--lexicon", "nope.toml"], env=ENV)
    assert result.exit_code == 1
    assert result.stderr == "Error: nope.toml: no such lexicon file\n"
    bad = tmp_path / "bad.toml"
    bad.write_text("[ignore_case\n")
    result = runner.invoke(app, ["script", str(SEED), "--lexicon", str(bad)], env=ENV)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: lexicon {bad}: not valid TOML")
    assert result.stderr.count("\n") == 1


def test_a_lexicon_entry_rerenders_only_the_chunks_it_changes(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    settings = load_settings(engine="silent", jobs=1)
    build(seeds, out, settings)
    (before,) = load_editions(out)
    affected = {s.spoken for s in before.segments if "Raqqa" in s.spoken}
    assert len(affected) >= 2
    lexicon = tmp_path / "names.toml"
    lexicon.write_text('[ignore_case]\n"Raqqa" = "rakka"\n')
    report = build(seeds, out, load_settings(engine="silent", jobs=1, lexicons=[lexicon]))
    assert report.rendered_chunks == len(affected)
    (after,) = load_editions(out)
    assert sum("rakka" in s.spoken for s in after.segments) == len(affected)
    assert after.episode.bytes > 0 and after.episode.render_key != before.episode.render_key
