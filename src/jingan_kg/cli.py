"""The `jingan-kg` command: parse options, call one library function, format the answer.

Heavy libraries (rdflib, pyshacl, pyvis) are imported inside the commands that need them,
so question commands start fast.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from .errors import Ambiguous, JinganKgError, NoMatch

DEFAULT_OUT = Path("exports")


class _Group(click.Group):
    """Turns library errors into a message with a hint and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NoMatch as exc:
            click.echo(f"{'Ambiguous' if isinstance(exc, Ambiguous) else 'No match'}: {exc}", err=True)
            if exc.candidates:
                click.echo("Closest: " + "、".join(exc.candidates), err=True)
            ctx.exit(1)
        except JinganKgError as exc:
            click.echo(f"Error: {exc}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="jingan-kg")
def main() -> None:
    """jingan-kg: who is responsible for what in Jing'an District's plans, with the sentence it rests on."""


def _out_option(f):
    return click.option("--out", "out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
                        help="Folder holding the store and exports.")(f)


@main.command()
@click.option("--sources", type=click.Path(path_type=Path), default=Path("data/sources"), show_default=True,
              help="Folder of source .txt documents (with manifest.yaml).")
@_out_option
def build(sources: Path, out: Path) -> None:
    """Read every source, extract, validate (SHACL), write the store and exports.

    Example: jingan-kg build --sources data/sources --out exports
    """
    from .build import BuildConfig
    from .build import build as run_build

    result = run_build(BuildConfig(sources=sources, out=out))
    click.echo(format_build(result, out))


def format_build(result, out: Path) -> str:
    """The build report: counts per kind and per source, warnings, unresolved bodies."""
    lines = [f"Built {out}/ ({result.triples} triples)", "", f"{'kind':<16}{'count':>6}"]
    lines += [f"{k:<16}{v:>6}" for k, v in result.counts.items()]
    lines += ["", "per source"]
    lines += [f"  {s}: " + (", ".join(f"{k} {n}" for k, n in c.items() if n) or "nothing extracted")
              for s, c in result.per_source.items()]
    lines += ["", f"warnings: {len(result.issues)}"]
    lines += [f"  {i.source}:{i.line or '-'}: {i.reason} [{i.code}]" for i in result.issues]
    lines += [f"unresolved bodies: {len(result.unresolved)}"] + [f"  {u}" for u in result.unresolved]
    lines += ["", "wrote " + ", ".join(f"{out}/{o}" for o in result.outputs)]
    return "\n".join(lines)


@main.command()
@click.argument("text")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_out_option
def who(text: str, fmt: str, out: Path) -> None:
    """Which bodies are responsible for TEXT, each with measure, document, line and quote.

    TEXT may be words of a measure or an industry (e.g. 绿色金融, 时尚消费); if it names a
    body (e.g. 区投资办), the answer is what that body is responsible for.

    Example: jingan-kg who 绿色金融 --format json
    """
    from .queries import who as ask
    from .store import GraphStore

    answer = ask(GraphStore.open(out / "store"), text)
    if fmt == "json":
        click.echo(json.dumps(asdict(answer), ensure_ascii=False, indent=2))
    else:
        click.echo(format_who(answer))


def _sentence(quote: str, query: str) -> str:
    """A short citation: the sentence holding the query (else the first) and the clause."""
    parts = [p.strip() + "。" for p in quote.split("。") if p.strip()]
    if not parts:
        return quote
    clause = parts[-1].rstrip("。") if "责任" in parts[-1] else ""
    body = parts[:-1] if clause else parts
    hit = next((p for p in body if query in p), body[0] if body else "")
    if clause and hit:
        return f"{hit}…{clause}" if body.index(hit) < len(body) - 1 or len(body) > 1 else f"{hit}{clause}"
    return hit or clause


def format_who(answer) -> str:
    """Bodies, then per document the measures that make each responsible, with a citation."""
    n_b, n_m = len(answer.bodies), answer.measure_count
    if answer.mode == "body":
        head = f"{answer.bodies[0].label} is responsible for {n_m} measure{'s' * (n_m != 1)}"
    else:
        head = f"{answer.query}: {n_b} bod{'ies' if n_b != 1 else 'y'} responsible, {n_m} measure{'s' * (n_m != 1)}"
    lines = [head]
    for b in answer.bodies:
        names = " / ".join(x for x in [b.label_en, "、".join(b.aliases)] if x)
        flag = "  [unresolved name]" if b.unresolved else ""
        lines += ["", f"{b.label}" + (f" ({names})" if names else "") + flag]
        document = None
        for c in b.measures:
            if c.document != document:
                document = c.document
                lines.append(f"  {c.document}" + (f"（{c.identifier}）" if c.identifier else ""))
            span = f"{c.line_start}" if c.line_start == c.line_end else f"{c.line_start}-{c.line_end}"
            lines.append(f"    {c.ordinal}. {c.title}  [{c.source}:{span}]")
            lines.append(f"       “{_sentence(c.quote, answer.query)}”")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
