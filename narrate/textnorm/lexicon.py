"""User pronunciation lexicon: whole words or phrases mapped to how they are said."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

from ..errors import ConfigError
from .text import clean

_SECTIONS = ("ignore_case", "match_case")
_DIGIT = re.compile(r"[0-9]")


class Lexicon:
    """Pronunciation overrides; entries win over every built-in rule."""

    def __init__(
        self,
        ignore_case: dict[str, str] | None = None,
        match_case: dict[str, str] | None = None,
    ) -> None:
        # Keys are cleaned like article text so curly apostrophes in either still match.
        self._ignore = {clean(k).casefold(): clean(v) for k, v in (ignore_case or {}).items()}
        self._match = {clean(k): clean(v) for k, v in (match_case or {}).items()}

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        """Read a lexicon TOML file; a bad file raises ConfigError naming it."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"lexicon {path}: file not found") from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"lexicon {path}: cannot read: {e}") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"lexicon {path}: not valid TOML: {e}") from None
        unknown = sorted(set(data) - set(_SECTIONS))
        if unknown:
            raise ConfigError(
                f"lexicon {path}: unknown table {unknown[0]!r}; use [ignore_case] or [match_case]"
            )
        tables: dict[str, dict[str, str]] = {}
        for section in _SECTIONS:
            table = data.get(section, {})
            if not isinstance(table, dict):
                raise ConfigError(f"lexicon {path}: [{section}] must be a table of entries")
            for written, spoken in table.items():
                _check_entry(path, section, written, spoken)
            tables[section] = table
        return cls(tables["ignore_case"], tables["match_case"])

    @classmethod
    def load_many(cls, paths: Iterable[Path]) -> Lexicon:
        """Load several lexicon files; later files override earlier ones."""
        result = cls()
        for path in paths:
            result = result.merge(cls.load(path))
        return result

    def merge(self, other: Lexicon) -> Lexicon:
        """Return a lexicon with ``other``'s entries overriding this one's."""
        merged = Lexicon()
        merged._ignore = {**self._ignore, **other._ignore}
        merged._match = {**self._match, **other._match}
        return merged

    def __len__(self) -> int:
        return len(self._ignore) + len(self._match)

    def __bool__(self) -> bool:
        return bool(self._ignore or self._match)

    def fingerprint(self) -> str:
        """A stable hash of the entries, for cache keys."""
        payload = json.dumps(
            [sorted(self._ignore.items()), sorted(self._match.items())], ensure_ascii=False
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and self.fingerprint() == other.fingerprint()

    def __hash__(self) -> int:
        return hash(self.fingerprint())

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], dict[str, str] | None, bool]]:
        # Longest first so a phrase wins over a word it contains; whole words only.
        out: list[tuple[re.Pattern[str], dict[str, str] | None, bool]] = []
        for table, ignore in ((self._match, False), (self._ignore, True)):
            if table:
                flags = re.IGNORECASE if ignore else 0
                out.append((_words_pattern(table, flags), table, ignore))
        spoken = set(self._match.values()) | set(self._ignore.values())
        if spoken:
            # Spoken forms already in the text (from an earlier pass) are kept as they are.
            out.append((_words_pattern(spoken, 0), None, False))
        return out

    def apply(self, text: str, freeze: Callable[[str], str]) -> str:
        """Replace every entry in ``text`` by a frozen marker of its spoken form."""
        for pattern, table, ignore in self._patterns:

            def repl(
                m: re.Match[str], table: dict[str, str] | None = table, ignore: bool = ignore
            ) -> str:
                if table is None:
                    return freeze(m.group())
                key = m.group().casefold() if ignore else m.group()
                return freeze(table.get(key, m.group()))

            text = pattern.sub(repl, text)
        return text


def _words_pattern(words: Iterable[str], flags: int) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", flags)


def _check_entry(path: Path, section: str, written: object, spoken: object) -> None:
    if not isinstance(spoken, str):
        raise ConfigError(f"lexicon {path}: [{section}] {written!r} must map to a string")
    if not str(written).strip():
        raise ConfigError(f"lexicon {path}: [{section}] has an empty written form")
    if not spoken.strip():
        raise ConfigError(f"lexicon {path}: [{section}] {written!r} maps to an empty string")
    if _DIGIT.search(spoken):
        raise ConfigError(
            f"lexicon {path}: [{section}] {written!r} -> {spoken!r}: spell numbers out as words"
        )
