"""Every exception the library raises, in one place; the CLI turns them into messages."""

from __future__ import annotations


class JinganKgError(Exception):
    """Base of the library's errors; `hint` tells the user how to fix it."""

    hint: str | None = None

    def __reduce__(self):
        # Pickled whole (a build's worker process hands its error back): the subclasses'
        # constructors take other arguments than the message `args` holds.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type, args: tuple, state: dict) -> JinganKgError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class SourceError(JinganKgError):
    """A source file cannot be read as a document: names the file, the line and why."""

    def __init__(self, path: str, line: int | None, reason: str, hint: str | None = None):
        self.path, self.line, self.reason, self.hint = path, line, reason, hint
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class SourceErrors(JinganKgError):
    """Several sources could not be read; each keeps its own file, line and reason."""

    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        self.hint = "Fix or remove these files; the previous store and exports were left untouched."
        super().__init__(f"{len(errors)} source file(s) cannot be read:\n" + "\n".join(f"  {e}" for e in errors))


class ManifestError(SourceError):
    """data/sources/manifest.yaml is malformed."""


class CuratedDataError(JinganKgError):
    """A file of data/curated/ cannot be used: names the file, the row, the field and why.

    `CuratedDataError(reason, file=..., line=..., row=..., name=..., field=..., hint=...)` gives
    "FILE:LINE: row ROW (NAME), field 'FIELD': REASON"; each part is left out when unknown (a YAML
    syntax error has no row). `row` counts from 1; `name` is the row's id or label ("id: jingan-drc").
    Without `file`, the reason is the whole message.
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        line: int | None = None,
        row: int | None = None,
        name: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ):
        self.reason, self.file, self.line, self.row, self.name, self.field = reason, file, line, row, name, field
        self.hint = hint
        what = ([f"row {row}" + (f" ({name})" if name else "")] if row is not None else []) + (
            [f"field {field!r}"] if field else []
        )
        where = ([f"{file}:{line}" if line else file] if file else []) + ([", ".join(what)] if what else [])
        super().__init__(": ".join([*where, reason]))


class ValidationFailed(JinganKgError):
    """The built graph does not conform to ontology/shapes.ttl; carries the SHACL report."""

    SHOWN = 20

    def __init__(self, results: list[str], report: str):
        self.results, self.report = results, report
        self.hint = "The previous store and exports were left untouched."
        shown = results[: self.SHOWN]
        more = f"\n  … and {len(results) - len(shown)} more" if len(results) > len(shown) else ""
        super().__init__(
            f"the graph does not conform to ontology/shapes.ttl ({len(results)} violations):\n"
            + "\n".join(f"  {r}" for r in shown)
            + more
        )


class StoreNotFound(JinganKgError):
    """No built store where one was expected."""

    def __init__(self, path: str):
        self.path = path
        self.hint = "Run `jingan-kg build` first (or pass --out to where you built it)."
        super().__init__(f"no graph store at {path}")


class BuildRunning(JinganKgError):
    """Another build holds the output folder's lock: one writer at a time."""

    def __init__(self, out: str, pid: str):
        self.out, self.pid = out, pid
        self.hint = "Wait for it to finish (or run build with --wait SECONDS); the current graph keeps answering."
        super().__init__(f"another build is running into {out} (pid {pid})")


class IndexOutdated(JinganKgError):
    """The search index was written by an older version and lacks what questions now read."""

    def __init__(self, path: str, missing: str):
        self.path = path
        self.hint = "Run `jingan-kg build` again (with the same --out) to rewrite it."
        super().__init__(f"the search index {path} was written by an older jingan-kg (it has no {missing})")


class QueryFailed(JinganKgError):
    """A SPARQL query was refused by the store (syntax error, update on a read-only store …)."""

    def __init__(self, message: str):
        self.hint = "Check the query against SPARQL 1.1; the store is read-only."
        super().__init__(f"query failed: {message}")


class NoMatch(JinganKgError):
    """A question matched nothing in the graph; `candidates` lists the closest labels."""

    def __init__(self, text: str, candidates: list[str] | None = None, read_as: str | None = None):
        self.text, self.candidates, self.read_as = text, candidates or [], read_as
        self.hint = ("closest: " + "、".join(self.candidates)) if self.candidates else None
        asked = f" (read as a question about {read_as!r})" if read_as and read_as != text else ""
        super().__init__(f"nothing in the graph matches {text!r}{asked}")


class NotAnIndicator(NoMatch):
    """`targets NAME` where NAME is something else (a body, a measure): says what it is and what answers it."""

    def __init__(self, text: str, label: str, kind: str, command: str, candidates: list[str]):
        super().__init__(text, candidates)
        self.label, self.kind, self.command = label, kind, command
        article = "an" if kind[:1] in "aeiou" else "a"
        self.hint = f"`jingan-kg {command} {text}` answers for {article} {kind}; `jingan-kg show {text}` shows it all"
        self.args = (f"{text!r} is {article} {kind} ({label}), not an indicator",)


class Ambiguous(NoMatch):
    """A question names several entities equally well; `candidates` lists them."""

    def __init__(self, text: str, candidates: list[str], what: str = "bodies", districts: bool = False):
        super().__init__(text, candidates)
        self.districts = districts  # the candidates are of different districts (--district picks one)
        self.hint = "Ask again with one of: " + "、".join(candidates)
        if districts:
            self.hint += ", or add --district NAME"
        self.args = (f"{text!r} names {len(candidates)} {what}",)


class UnknownDistrict(NoMatch):
    """`--district NAME` names no district of the graph; `candidates` lists those it holds."""

    def __init__(self, text: str, candidates: list[str]):
        super().__init__(text, candidates)
        self.hint = (
            "Name one of: " + "、".join(candidates) + " (in Chinese, pinyin, English or by its code)"
            if candidates
            else "This graph holds no districts (data/curated/districts.yaml is missing); build again."
        )
        self.args = (f"{text!r} is not a district of the graph",)


class NotInDistrict(NoMatch):
    """A question matches things of the graph, but none of the district asked (`candidates`: theirs)."""

    def __init__(self, text: str, district: str, elsewhere: list[str]):
        super().__init__(text, elsewhere)
        self.district = district
        self.hint = ("It is named in: " + "、".join(elsewhere)) if elsewhere else None
        self.args = (f"nothing of {district} matches {text!r}",)


class ViewTooLarge(JinganKgError):
    """A view would draw more nodes than anyone can read; suggests a focused view instead."""

    def __init__(self, view: str, nodes: int, limit: int, hint: str | None = None):
        self.view, self.nodes, self.limit = view, nodes, limit
        self.hint = hint or ("Draw the neighbourhood of one entity instead: jingan-kg viz ego --focus NAME --depth 1")
        super().__init__(f"the {view} view would draw {nodes} nodes, more than the {limit} a readable view holds")
