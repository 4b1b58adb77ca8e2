"""The `jingan-kg` command: parse options, call one library function, format the answer.

Heavy libraries are imported inside the commands that need them, and the commands themselves are
defined in the modules `_LAZY` names, loaded when one of theirs is asked (or for --help), so a
question builds its own command only (issue 16, decision 0022).
"""

from __future__ import annotations

import gc
import os
import sys
from importlib import import_module
from pathlib import Path

import click

from ..errors import Ambiguous, JinganKgError, NoMatch, NotAnIndicator, NotInDistrict, UnknownDistrict
from .output import BOM, _echo_csv, _emit, format_result  # noqa: F401  (supervision.py and tests use them from here)

DEFAULT_OUT = Path("exports")
FORMATS = ["table", "json", "csv"]


class _Text(click.ParamType):
    """Text as the shell gave it: refused with the offending byte when it is not UTF-8 (Python
    hands such bytes over as lone surrogates) or holds a NUL; never a traceback further on."""

    name = "text"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        raw = value.encode("utf-8", "surrogateescape")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.fail(f"{raw!r} is not valid UTF-8 text (byte {raw[exc.start]:#04x} at {exc.start})", param, ctx)
        if "\x00" in value:
            self.fail("a NUL character is no text", param, ctx)
        return value


TEXT = _Text()


def _exit_now(code: int) -> None:
    """End the process with `code` once standard output and error are flushed; a flush that fails
    (a closed pipe) leaves the interpreter's own exit to report it."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _utf8(data: bytes, name: str) -> str:
    """A file's text; a clear usage error naming the byte when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})"
        raise click.UsageError(f"{name}:{line}: {reason}") from None


# command -> the module of this package that defines it (on `main`, as it is imported)
_LAZY = {
    "build": "building",
    "curated": "building",
    "push": "building",
    "serve": "building",
    "validate": "building",
    "flags": "supervision",
    "ledger": "supervision",
    "query": "questions",
    "search": "questions",
    "show": "questions",
    "stats": "questions",
    "targets": "questions",
    "who": "questions",
    "viz": "viz",
}


# What a question's process does once the answer is written: exit without tearing the interpreter
# down (decision 0022: the modules, the store and the index freed one by one for nothing).
_QUESTIONS = {"who", "show", "search", "targets", "query", "stats"}


class _Group(click.Group):
    """Loads a command's module when it is asked for; turns library errors into a message with a
    hint and exit code 1."""

    _asked: str | None = None

    def __call__(self, *args, **kwargs):
        """The console script's call (tests call `main.main`): a question's process, which runs one
        command and ends, collects no garbage and, once its output is flushed, skips the
        interpreter's teardown (a tenth of a question at 1x). Other commands end as usual."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self.main(*args, **kwargs)
        except SystemExit as exc:
            if self._asked in _QUESTIONS and isinstance(exc.code, int):
                _exit_now(exc.code)
            raise
        finally:
            if collecting:
                gc.enable()

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, cmd, rest = super().resolve_command(ctx, args)
        self._asked = name
        return name, cmd, rest

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in _LAZY:
            import_module(f".{_LAZY[cmd_name]}", __package__)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (UnknownDistrict, NotInDistrict, NotAnIndicator) as exc:
            click.echo(f"Error: {exc}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            if isinstance(exc, NotAnIndicator) and exc.candidates:
                click.echo("Indicators with these words: " + "、".join(exc.candidates), err=True)
            ctx.exit(1)
        except NoMatch as exc:
            click.echo(f"{'Ambiguous' if isinstance(exc, Ambiguous) else 'No match'}: {exc}", err=True)
            if exc.candidates:
                click.echo(
                    ("Candidates: " if isinstance(exc, Ambiguous) else "Closest: ") + "、".join(exc.candidates),
                    err=True,
                )
            else:
                click.echo(
                    "Hint: no name in the graph shares a character or a word with it; names are Chinese "
                    "(绿色金融), and bodies also answer to pinyin (qushujuju) and English (Data Bureau).",
                    err=True,
                )
            if isinstance(exc, Ambiguous) and exc.districts:
                click.echo("Hint: they are of different districts; add --district NAME to pick one.", err=True)
            ctx.exit(1)
        except JinganKgError as exc:
            click.echo(f"Error: {exc}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            ctx.exit(1)


EXAMPLES = """Examples:

\b
  jingan-kg build                       read data/sources/ into exports/
  jingan-kg who 绿色金融                who is responsible, with the sentences
  jingan-kg who 人工智能由哪个部门牵头  questions as people ask them
  jingan-kg targets 社会消费品零售总额  an indicator from plan to outcome
  jingan-kg ledger --status not-met     the supervision ledger (督办台账)
  jingan-kg flags                       what does not add up in the record
  jingan-kg query -e 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'
  jingan-kg serve                       SPARQL, ask page, views: http://127.0.0.1:8000/

Every command's --help has its options and an example."""


@click.group(cls=_Group, epilog=EXAMPLES)
@click.version_option(package_name="jingan-kg")
def main() -> None:
    """jingan-kg: who is responsible for what in Jing'an District's plans, with the sentence it rests on."""


def _out_option(f):
    return click.option(
        "--out",
        "out",
        type=click.Path(path_type=Path),
        default=DEFAULT_OUT,
        show_default=True,
        help="Folder holding the store and exports.",
    )(f)


def _format_option(choices=FORMATS, default="table"):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output: a table for people, json or csv for scripts.",
    )


def _endpoint_options(f):
    f = click.option(
        "--graph",
        "graph",
        default=None,
        metavar="IRI",
        help="With --endpoint: the named graph holding the data (else the default graph).",
    )(f)
    return click.option(
        "--endpoint",
        default=None,
        metavar="URL",
        help="Ask an external SPARQL 1.1 endpoint instead of the built store.",
    )(f)


def _district_option(f):
    return click.option(
        "--district",
        default=None,
        type=TEXT,
        metavar="NAME",
        help="Only what is of this district: 长宁, 长宁区, changning, Changning District or 310105.",
    )(f)


def _district(store, name: str | None):
    """The district --district names (None when not given); UnknownDistrict lists the graph's."""
    if not name:
        return None
    from ..query.districts import find_district

    return find_district(store, name)


def _open(out: Path, endpoint: str | None = None, graph: str | None = None):
    """The store and search index: the built ones, or an endpoint's (index cached per endpoint)."""
    from ..store.opening import open_graph

    return open_graph(out, endpoint, graph)
