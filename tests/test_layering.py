"""The layering of narrate's modules, read from their imports with ``ast``.

No import cycles; no stage reaching into another stage's internals; the thin layers
(the CLI on top, the build stamp's fast check, the generic worker loop) kept thin.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from narrate import provenance

FILES = sorted(provenance.ROOT.rglob("*.py"))
MODULES = {provenance.module_name(path): path for path in FILES}
# Every import, and those made as a module loads (which are the ones that can cycle).
ALL = {name: provenance.imports(path) for name, path in MODULES.items()}
LOADING = {name: provenance.imports(path, top_level_only=True) for name, path in MODULES.items()}
TREES = {name: ast.parse(path.read_text("utf-8")) for name, path in MODULES.items()}

STAGES = ("reader", "chunker", "intro", "textnorm", "synthesise", "assemble", "publish")

# (importer, imported): "*" matches any module; a name matches the module and its children.
FORBIDDEN = [
    # The CLI is the top: the library never imports it, or the pipeline that serves it.
    ("*", "narrate.cli"),
    ("*", "narrate.pipeline"),
    ("*", "narrate.__main__"),
    # Stages meet through the Edition and the modules they share, never through each other.
    ("narrate.assemble", "narrate.synthesise"),
    ("narrate.synthesise", "narrate.assemble"),
    ("narrate.synthesise", "narrate.publish"),
    ("narrate.assemble", "narrate.publish"),
    ("narrate.reader", "narrate.synthesise"),
    ("narrate.reader", "narrate.assemble"),
    ("narrate.textnorm", "narrate.synthesise"),
    ("narrate.textnorm", "narrate.assemble"),
    ("narrate.chunker", "narrate.synthesise"),
    # The cache layout is read by both stages and knows neither.
    ("narrate.cache", "narrate.synthesise"),
    ("narrate.cache", "narrate.assemble"),
    # Encoding knows nothing of stages, settings files or the cache.
    ("narrate.encode", "narrate.synthesise"),
    ("narrate.encode", "narrate.assemble"),
    ("narrate.encode", "narrate.cache"),
    ("narrate.encode", "narrate.config"),
    # The worker loop is generic: it runs functions, it does not know what they do.
    ("narrate.workers", "narrate.synthesise"),
    ("narrate.workers", "narrate.encode"),
    ("narrate.workers", "narrate.engines"),
    ("narrate.workers", "narrate.cache"),
    # Engines are plug-ins below the stages.
    ("narrate.engines", "narrate.synthesise"),
    ("narrate.engines", "narrate.cache"),
    ("narrate.engines", "narrate.encode"),
    # Provenance reads code; it imports none of it.
    ("narrate.provenance", "*"),
]

# What may load as `narrate build` with nothing to do starts: the standard library and
# these (the build stamp answers before anything heavy is imported).
FAST_PATH = {"narrate.__main__", "narrate.stamp", "narrate.fsutil", "narrate"}


def _matches(pattern: str, name: str) -> bool:
    return pattern == "*" or name == pattern or name.startswith(pattern + ".")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if state.get(other) == 1:
                found.append([*stack[stack.index(other) :], other])
            elif other not in state:
                visit(other)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_import_graph_is_read() -> None:
    # Guards the test itself: a parser that found nothing would pass every rule below.
    assert "narrate.synthesise" in ALL["narrate.pipeline"]
    assert {"narrate.cache", "narrate.encode"} <= ALL["narrate.assemble"]
    assert "narrate.textnorm.core" in LOADING["narrate.textnorm"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    # Every stage the rules name is a module here (a renamed stage must update the rules).
    assert {f"narrate.{stage}" for stage in STAGES} <= set(MODULES)


def _broken(graph: dict[str, set[str]], importer: str, imported: str) -> list[str]:
    """The edges of ``graph`` that rule (importer, imported) forbids."""
    # The CLI drives the pipeline; the package's public API loads it lazily, by name.
    allowed_top = {"narrate.cli", "narrate.__main__", "narrate"}
    return sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        if _matches(importer, name) and not (importer == "*" and name in allowed_top)
        for target in targets
        # A package's modules may import each other: ("narrate.provenance", "*") is about
        # the rest of narrate, ("*", "narrate.cli") about everything outside the CLI.
        if _matches(imported, target)
        and not (importer != "*" and _matches(importer, target))
        and not (imported != "*" and _matches(imported, name))
    )


def test_the_rules_fire_on_a_planted_violation() -> None:
    # Guards the checker: a rule that can never match would pass on any code.
    planted = {
        "narrate.feedin": {"narrate.pipeline", "narrate.reader"},
        "narrate.cli": {"narrate.pipeline"},
        "narrate": {"narrate.pipeline"},
        "narrate.textnorm.core": {"narrate.synthesise", "narrate.textnorm.text"},
        "narrate.provenance": {"narrate.errors"},
        "narrate.engines.espeak": {"narrate.cli", "narrate.engines"},
        "narrate.lame": {"narrate.__main__"},
    }
    assert _broken(planted, "*", "narrate.pipeline") == ["narrate.feedin imports narrate.pipeline"]
    assert _broken(planted, "*", "narrate.cli") == ["narrate.engines.espeak imports narrate.cli"]
    assert _broken(planted, "*", "narrate.__main__") == ["narrate.lame imports narrate.__main__"]
    assert _broken(planted, "narrate.textnorm", "narrate.synthesise") == [
        "narrate.textnorm.core imports narrate.synthesise"
    ]
    assert _broken(planted, "narrate.provenance", "*") == [
        "narrate.provenance imports narrate.errors"
    ]
    # Every rule is checked against the imports read from the code, deferred ones included.
    assert "narrate.pipeline" in ALL["narrate.cli"]
    assert _broken(ALL, "*", "narrate.cli") == []  # __main__ imports the CLI: allowed


def test_a_deferred_import_that_closes_a_circle_is_a_cycle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A planted package read as the real one is: an import inside a function is seen, one
    # under TYPE_CHECKING is not (it never runs).
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "feed.py").write_text("from narrate.config import Settings\n")
    (tmp_path / "encode.py").write_text("import narrate.config\n")
    (tmp_path / "config.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from narrate import encode\n"
        "def check():\n    from narrate.feed import category_path\n"
    )
    monkeypatch.setattr(provenance, "ROOT", tmp_path)
    graph = {provenance.module_name(p): provenance.imports(p) for p in tmp_path.glob("*.py")}
    assert graph["narrate.config"] == {"narrate.feed"}
    assert _cycles(graph) == [["narrate.config", "narrate.feed", "narrate.config"]]


def test_settings_are_read_below_every_stage() -> None:
    # Each stage keeps the rules of its own settings (a spec object); config only reads and
    # checks what is generic, so it imports no stage (narrate.settings joins the two).
    assert ALL["narrate.config"] <= {"narrate.errors"}, sorted(ALL["narrate.config"])


def test_no_import_cycles() -> None:
    # Deferred imports too: a circle closed inside a function is still a circle (the layers
    # are tangled, and which module finishes loading first depends on who is imported first).
    assert _cycles(ALL) == []


@pytest.mark.parametrize(("importer", "imported"), FORBIDDEN)
def test_no_forbidden_edge(importer: str, imported: str) -> None:
    assert _broken(ALL, importer, imported) == []


def test_no_module_imports_another_modules_private_names() -> None:
    found = []
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                private = [a.name for a in node.names if a.name.startswith("_")]
                private = [p for p in private if not (p.startswith("__") and p.endswith("__"))]
                if private and node.module.startswith("narrate") and node.module != name:
                    found.append(f"{name}: from {node.module} import {', '.join(private)}")
    assert found == []


def test_the_fast_check_loads_nothing_heavy() -> None:
    loaded: set[str] = set()
    todo = ["narrate.__main__"]
    while todo:
        name = todo.pop()
        if name not in loaded:
            loaded.add(name)
            todo.extend(LOADING[name])
    # __main__ imports the CLI only after the stamp's answer (inside its function).
    assert loaded <= FAST_PATH, sorted(loaded - FAST_PATH)


def test_only_the_cli_uses_the_terminal_libraries() -> None:
    users = set()
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                if any(n.split(".")[0] in ("typer", "rich", "click") for n in names):
                    users.add(name)
    # The command line's own helpers (help layout, progress display) belong to it.
    cli_layer = {"narrate.cli", "narrate.helptext", "narrate.progress"}
    assert users <= cli_layer, sorted(users - cli_layer)
    for name, tree in TREES.items():
        if name in cli_layer or name == "narrate.__main__":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in cli_layer:
                raise AssertionError(f"{name} imports the command line's {node.module}")
