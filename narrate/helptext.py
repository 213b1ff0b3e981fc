"""Help pages laid out like man pages: usage, description, arguments, options, examples.

typer's own layout prints the Python type of every parameter (``<bool>``, ``<list[Path]>``,
``{articles}...``), which means nothing to a reader of the help. These command classes
render the same parameters from their names, metavars and help texts only, and keep
typer's parsing, completion and "did you mean" untouched.

They also convert the values of plain parameters (text, whole numbers, paths, lists of
them, flags) themselves: typer 0.29 converts every value through a pydantic TypeAdapter, and
importing pydantic for that cost every command a tenth of a second at start, as much as
loading the rest of the command line. Anything else goes to typer's own conversion.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from typer.core import TyperCommand, TyperGroup

# What every page ends with: the exit statuses scripts can rely on.
EXIT_STATUS = (
    ("0", "success"),
    ("1", "a failure: a bad article, a missing tool, an invalid setting file"),
    ("2", "a usage error: an unknown option or command, an invalid option value"),
    ("130", "interrupted (Ctrl-C): finished files are kept"),
)


def _metavar(param: Any) -> str:
    """What a parameter's value is called in help: its metavar, else its name in capitals."""
    name = param.metavar or (param.name or "value").upper()
    return f"{name}..." if param.nargs != 1 and not name.endswith("...") else name


def _default(param: Any) -> str:
    """`` [default: X]`` for an option whose default a reader needs to know."""
    value = param.default
    if not param.show_default or value is None or isinstance(value, bool) or value == []:
        return ""
    if callable(value):
        return ""
    return f"  [default: {value}]"


def _option_row(param: Any) -> tuple[str, str]:
    def spell(opts: list[str]) -> str:
        # Short names first, as man pages and click's own layout have them.
        names = ", ".join(sorted(opts, key=lambda o: (o.startswith("--"), o)))
        if param.is_flag or getattr(param, "count", False):
            return names
        return f"{names} {_metavar(param)}"

    name = spell(list(param.opts))
    if param.secondary_opts:
        name += " / " + spell(list(param.secondary_opts))
    text = param.help or ""
    if param.required:
        text += "  [required]"
    return name, text + _default(param)


def _rows(params: list[Any], ctx: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    arguments, options = [], []
    for param in params:
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            arguments.append((_metavar(param), (param.help or "") + _default(param)))
        else:
            options.append(_option_row(param))
    return arguments, options


def _examples(formatter: Any, epilog: str | None) -> None:
    """The epilog as an Examples section, one command per line, kept as written."""
    if not epilog:
        return
    with formatter.section("Examples"):
        for line in epilog.strip("\n").splitlines():
            formatter.write(f"{'':>{formatter.current_indent}}{line.rstrip()}\n")


def _description(formatter: Any, text: str | None) -> None:
    if text:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)


def _usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = _metavar(param)
            pieces.append(name if param.required else f"[{name}]")
    return pieces


# A whole number as typer's conversion reads it (anything else is left to it).
_WHOLE = re.compile(r"-?[0-9]{1,18}")
# What ``_plain`` returns for a value it leaves to typer.
_UNSURE = object()


def _plain(annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
    """``value`` converted to ``annotation`` (str, int, bool or Path), or ``_UNSURE``."""
    if annotation in (int, bool) and type(value) is annotation:  # a default, or a flag
        return value
    if isinstance(value, str):
        try:
            value.encode("utf-8")  # an undecodable name from argv: left to typer
        except UnicodeEncodeError:
            return _UNSURE
        if annotation is str:
            return value
        if annotation is int:
            return int(value) if _WHOLE.fullmatch(value) else _UNSURE
    if annotation is Path and value and isinstance(value, str | Path):
        from typer._param_types import coerce_cli_path

        # typer's own checks of an existing path (that it is readable), given a Path:
        # then they make no TypeAdapter.
        return coerce_cli_path(Path(value), param.type_descriptor.parameter_info,
                               path_type=Path, param=param, ctx=ctx)  # fmt: skip
    return _UNSURE


class PlainValues:
    """A parameter's conversion: plain values here, the rest by typer (``_TyperParameter``'s
    ``get_runtime_param``), made only when a value needs it."""

    def __init__(self, item: Any, many: bool) -> None:
        self.item = item  # str, int, bool or Path: the type of the value, or of each in a list
        self.many = many

    @staticmethod
    def fits(param: Any) -> PlainValues | None:
        """The plain conversion for ``param``, or None when typer must convert its values."""
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or descriptor.file_annotation is not None:
            return None
        info = descriptor.parameter_info
        special = (info.parser, info.min, info.max, info.path_type, descriptor.choices)
        if any(x is not None for x in special) or getattr(info, "count", False):
            return None
        if info.exists or info.resolve_path or info.allow_dash:
            return None
        annotation = descriptor.annotation
        many = descriptor.is_list
        item = annotation.__args__[0] if many else annotation
        if item not in (str, int, bool, Path) or many != (param.multiple or param.nargs == -1):
            return None
        return PlainValues(item, many)

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """``value`` converted as typer converts it."""
        if value is None:
            return () if self.many else None
        if not self.many:
            done = _plain(self.item, value, param, ctx)
            if done is not _UNSURE:
                return done
        elif isinstance(value, list | tuple):
            items = [_plain(self.item, v, param, ctx) for v in value]
            if _UNSURE not in items:
                return items
        from typer._coercion import build_runtime_param

        return build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)


def plain_values(command: Any, ctx: Any) -> None:
    """Give ``command``'s plain parameters the conversion that needs no pydantic."""
    for param in command.get_params(ctx):  # with its --help
        if getattr(param, "_runtime_param", "") is None:
            found = PlainValues.fits(param)
            if found is not None:
                param._runtime_param = found


class ManCommand(TyperCommand):
    """A command whose help lists plain names, never Python types."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse as typer does, plain values converted without pydantic."""
        plain_values(self, ctx)
        return super().parse_args(ctx, args)  # type: ignore[no-any-return]

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """``[OPTIONS] ARTICLE...``: arguments by their metavar."""
        return _usage_pieces(self, ctx)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Usage, description, arguments, options, examples, exit status."""
        self.format_usage(ctx, formatter)
        _description(formatter, self.help)
        arguments, options = _rows(self.get_params(ctx), ctx)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        with formatter.section("Options"):
            formatter.write_dl(options)
        _examples(formatter, self.epilog)


class ManGroup(TyperGroup):
    """The top-level page: commands, global options, files, environment, exit status."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse as typer does, plain values converted without pydantic."""
        plain_values(self, ctx)
        return super().parse_args(ctx, args)  # type: ignore[no-any-return]

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """``[OPTIONS] COMMAND [ARGS]...``."""
        return ["[OPTIONS]", "COMMAND", "[ARGS]..."]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Usage, description, commands, options, files, environment, examples, exit status."""
        self.format_usage(ctx, formatter)
        _description(formatter, self.help)
        commands = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command.get_short_help_str(limit=300)))
        with formatter.section("Commands"):
            formatter.write_dl(commands)
        _, options = _rows(self.get_params(ctx), ctx)
        with formatter.section("Options"):
            formatter.write_dl(options)
        with formatter.section("Files"):
            formatter.write_dl(FILES)
        with formatter.section("Environment"):
            formatter.write_dl(ENVIRONMENT)
        _examples(formatter, self.epilog)
        with formatter.section("Exit status"):
            formatter.write_dl(list(EXIT_STATUS))
        formatter.write_paragraph()
        formatter.write_text(f"Run '{ctx.command_path} COMMAND --help' for a command's options.")


FILES = [
    ("./narrate.toml", "settings of this folder's project (or --config FILE)"),
    (
        "$XDG_CONFIG_HOME/narrate/narrate.toml",
        "the user's settings, below the project's (default ~/.config/narrate/narrate.toml)",
    ),
    ("narrate.lexicon.toml", "a pronunciation lexicon, read from beside either settings file"),
]
ENVIRONMENT = [
    ("NARRATE_*", "any setting by its name, e.g. NARRATE_RATE=160: above the files, below options"),
    ("SOURCE_DATE_EPOCH", "fixes the first-render date of new episodes (reproducible feeds)"),
    ("NO_COLOR", "no colour in progress bars"),
]
