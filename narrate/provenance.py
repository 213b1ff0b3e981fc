"""Provenance: which of narrate's own modules an output is made by, and a hash of their code.

A cache key that names only settings goes stale the day someone changes a constant in the
code (a limiter ceiling, a tag layout) and forgets to bump a version number. Instead,
every stage's key includes ``code_hash`` of the module that does the work: the hash of
that module's source and of every narrate module it imports, found by reading the imports
with ``ast`` (the layering test reads them the same way). Only the standard library is
used here.

Parsing every module a stage imports costs a fixed half second or so in each process, as
much as an edited paragraph's own work: the imports found in each file are remembered in
``$XDG_CACHE_HOME/narrate/imports.json`` by the file's path, size and modification time,
so a file is parsed again only when it changes. The hash itself always reads the code.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGE = "narrate"


def module_file(name: str) -> Path | None:
    """The source file of narrate module ``name`` (``narrate.x.y``), None if there is none."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = ROOT.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_name(path: Path) -> str:
    """The dotted name of a narrate source file."""
    rel = path.resolve().relative_to(ROOT).with_suffix("")
    parts = [PACKAGE, *rel.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """The narrate modules that ``path`` imports (at run time, not under TYPE_CHECKING).

    With ``top_level_only``, imports inside functions are left out (those cannot make an
    import cycle fail at start-up).
    """
    tree = ast.parse(path.read_text("utf-8"), str(path))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_only(child):
                for other in child.orelse:
                    visit(other)
                continue
            if top_level_only and isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            ):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # ``from narrate import lame`` imports the module narrate.lame; a name that
                # is not a submodule comes from the module ``base`` itself.
                for alias in child.names:
                    sub = f"{base}.{alias.name}"
                    found.add(sub if module_file(sub) is not None else base)
            visit(child)

    visit(tree)
    return {m for m in found if module_file(m) is not None and m != name}


def _memo_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path(os.path.expanduser("~")) / ".cache"
    return root / "narrate" / f"imports-py{sys.version_info[0]}{sys.version_info[1]}.json"


class _ImportMemo:
    """The narrate modules each source file imports, remembered by its path, size and time."""

    def __init__(self) -> None:
        self.entries: dict[str, list] | None = None
        self.changed = False

    def imports(self, path: Path) -> set[str]:
        """``imports(path)``, parsed only when the file is not the one remembered."""
        if self.entries is None:
            try:
                loaded = json.loads(_memo_path().read_text("utf-8"))
                self.entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.entries = {}
        info = path.stat()
        stamp = [info.st_mtime_ns, info.st_size]
        known = self.entries.get(str(path))
        if isinstance(known, list) and len(known) == 2 and known[0] == stamp:
            return set(known[1])
        found = imports(path)
        self.entries[str(path)] = [stamp, sorted(found)]
        self.changed = True
        return found

    def save(self) -> None:
        """Write the memo back if it learnt something (best effort: it is only a memo)."""
        if not self.changed or self.entries is None:
            return
        path = _memo_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".imports.", suffix=".part", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.entries, fh)
            os.replace(tmp, path)
            self.changed = False
        except OSError:
            pass


_memo = _ImportMemo()


def closure(name: str) -> list[Path]:
    """Source files of ``name`` and of every narrate module it imports, transitively."""
    seen: dict[str, Path] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        path = module_file(current)
        if path is None or current in seen:
            continue
        seen[current] = path
        todo.extend(_memo.imports(path))
    return sorted(seen.values())


# CPython 3.11's parser keeps its recursion depth in interpreter state: two threads parsing
# at once (a build synthesises two articles at once) can fail with "AST constructor
# recursion depth mismatch". Hashes are made one at a time, once each.
_hashing = threading.Lock()


def code_hash(name: str) -> str:
    """A hash of the code of module ``name`` and of every narrate module it imports."""
    with _hashing:
        return _code_hash(name)


@functools.lru_cache(maxsize=32)
def _code_hash(name: str) -> str:
    digest = hashlib.sha256()
    files = closure(name)
    _memo.save()
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
