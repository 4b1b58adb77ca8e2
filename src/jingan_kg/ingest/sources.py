"""Reading source texts: strict UTF-8, original line numbers kept, conversion noise flagged, each text once."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ManifestError, SourceError, SourceErrors
from ..records import Issue
from ..text import SUPERSCRIPT_DIGITS, normalise
from .heads import issuer_before, issuer_of, title_of

# Running page headers/footers of a gazette: its name, the issue line, the back cover.
_PAGE_NOISE = [
    re.compile(r"^\S*人民政府公报$"),
    re.compile(r"^[（(]?\s*\d{4}\s*年第\s*\d+\s*期\s*[）)]?$"),
    re.compile(r"^(\d{4}\s*年)?第\s*\d+\s*期\s*[（(]总第\s*\d+\s*期[）)]$"),
    re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日出版$"),
    re.compile(r"^(主办|网址)[:：]"),
]
_FOOTNOTE = re.compile(rf"^[{SUPERSCRIPT_DIGITS}]+\s*\S")
_BINARY_SAMPLE = 8192


@dataclass(frozen=True)
class Line:
    """One line of a source: its 1-based number, the text as written, and whether it is noise."""

    number: int
    raw: str
    noise: str | None = None  # "page" or "footnote" when the line is not document text

    @property
    def text(self) -> str:
        return self.raw.strip()


@dataclass(frozen=True)
class SourceMeta:
    """What the manifest (or, failing it, the text itself) says about a source."""

    title: str
    kind: str
    issuer: str | None = None
    date: str | None = None
    title_en: str | None = None
    original: str | None = None
    district: str | None = None  # the district the manifest says the source is of (长宁区, changning)
    address: str | None = None  # the public page or file the text was taken from (an http(s) URL)
    inferred: bool = False


@dataclass(frozen=True)
class SourceText:
    """A source file's lines; `path` is relative to the sources folder, as cited in the graph."""

    path: str
    sha256: str
    lines: tuple[Line, ...]
    meta: SourceMeta

    def line(self, number: int) -> Line:
        return self.lines[number - 1]


def classify(text: str) -> str | None:
    """Say whether a stripped line is a page header/footer, a footnote line, or text."""
    if any(p.match(text) for p in _PAGE_NOISE):
        return "page"
    if _FOOTNOTE.match(text):
        return "footnote"
    return None


_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(path: str, data: bytes) -> str:
    """Decode strictly as UTF-8 (UTF-16 or UTF-32 when a byte-order mark says so), or raise a
    SourceError naming the first bad line."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    path, None, f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()}: "
                    f"{exc.reason} at offset {exc.start}", "Re-save the file as UTF-8.",
                ) from None  # fmt: skip
            if not text.strip():
                break
            return text
    if not data.strip():
        raise SourceError(
            path, 1, f"the file is empty ({len(data)} bytes, no text)", "Remove it or put the document's text in it."
        )
    if b"\x00" in data[:_BINARY_SAMPLE]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError(
            path, line, "binary data (NUL byte), not a text document", "Convert the document to UTF-8 text first."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        begin = data.rfind(b"\n", 0, exc.start) + 1
        end = data.find(b"\n", exc.start)
        guess = ""
        with contextlib.suppress(UnicodeDecodeError):
            guess = f" (the line decodes as GBK/GB18030: {data[begin : end if end >= 0 else None].decode('gb18030')[:40]!r})"
        raise SourceError(
            path,
            line,
            f"not valid UTF-8{guess}: byte {data[exc.start]:#04x} at offset {exc.start}",
            "Re-save the file as UTF-8, e.g. `iconv -f GB18030 -t UTF-8`.",
        ) from None


def split_lines(text: str) -> list[str]:
    """Lines as `grep -n` numbers them: split at \n only (a CR before it is the line's), no phantom
    line after a final newline. A text of CR line ends only (old Mac files) is split at CR."""
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" and len(lines) > 1 else lines


def read_source(root: Path, file: Path, meta: SourceMeta | None = None) -> SourceText:
    """Read one file under `root` into a SourceText (metadata inferred when none is given)."""
    rel = file.relative_to(root).as_posix()
    data = file.read_bytes()
    text = decode(str(file), data)
    lines = tuple(Line(i, raw, classify(raw.strip())) for i, raw in enumerate(split_lines(text), 1))
    return SourceText(rel, hashlib.sha256(data).hexdigest(), lines, meta or infer_meta(rel, lines))


_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def infer_meta(path: str, lines: tuple[Line, ...]) -> SourceMeta:
    """Guess title, date, issuer and kind of a source without a manifest entry, from its text."""
    texts = [ln.text for ln in lines if ln.text and not ln.noise]
    gazette = any(ln.noise == "page" and "公报" in ln.text for ln in lines)
    title = title_of(texts) or next((normalise(t) for t in texts if not t.startswith("---")), path)
    found = next((m for t in texts for m in [_DATE.search(t)] if m), None)
    day = None
    if found:
        try:
            day = date(*map(int, found.groups())).isoformat()
        except ValueError:
            day = None
    issuer = issuer_before(title) or issuer_of(texts)
    return SourceMeta(
        title=title[:200], kind="gazette" if gazette else "document", issuer=issuer or None, date=day, inferred=True
    )


_MANIFEST_KEYS = ("title", "kind", "issuer", "date", "title_en", "original", "district", "address")


def load_manifest(root: Path) -> dict[str, SourceMeta]:
    """Read `manifest.yaml` of a sources folder (absent manifest: empty); a bad entry is a
    ManifestError naming its line."""
    path = root / "manifest.yaml"
    if not path.exists():
        return {}
    import yaml

    try:
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
        try:
            node = loader.get_single_node()
            doc = (loader.construct_document(node) if node is not None else None) or {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ManifestError("manifest.yaml", mark.line + 1 if mark else None, f"not valid YAML: {exc}") from None
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, dict):
        raise ManifestError("manifest.yaml", None, "expected a `sources:` mapping of file name to metadata")
    lines = _entry_lines(node)
    out = {}
    for name, row in entries.items():
        at = lines.get(str(name), {})
        if not isinstance(row, dict) or not row.get("title") or not row.get("kind"):
            raise ManifestError("manifest.yaml", at.get(None), f"entry {name!r} needs at least `title` and `kind`")
        extra = set(row) - set(_MANIFEST_KEYS)
        if extra:
            raise ManifestError("manifest.yaml", at.get(None), f"entry {name!r} has unknown keys {sorted(extra)}")
        meta = {k: (str(v) if v is not None else None) for k, v in row.items()}
        if meta.get("address") is not None and not is_web_address(meta["address"]):
            raise ManifestError(
                "manifest.yaml",
                at.get("address", at.get(None)),
                f"entry {name!r}: `address` must be an http:// or https:// URL, not {meta['address']!r}",
                "Give the address of the public page the text was taken from (https://…), or leave `address` out.",
            )
        out[str(name)] = SourceMeta(**meta)
    return out


def is_web_address(text: str) -> bool:
    """Whether `text` is an absolute http(s) URL with a host, and an IRI RDF can hold (no spaces,
    no `<>"{}|\\^` nor backquote)."""
    from urllib.parse import urlsplit

    if not text or any(c.isspace() or c in '<>"{}|\\^`' for c in text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _entry_lines(node) -> dict[str, dict[str | None, int]]:
    """The 1-based line of each manifest entry (key None) and of each of its keys, by file name."""
    import yaml

    def pairs(n):
        return n.value if isinstance(n, yaml.MappingNode) else []

    sources = next((v for k, v in pairs(node) if getattr(k, "value", None) == "sources"), None)
    out: dict[str, dict[str | None, int]] = {}
    for k, v in pairs(sources):
        keys = {kk.value: kk.start_mark.line + 1 for kk, _ in pairs(v) if isinstance(kk, yaml.ScalarNode)}
        out[str(k.value)] = {None: k.start_mark.line + 1, **keys}
    return out


def read_sources(root: Path) -> list[SourceText]:
    """Read every `*.txt` under `root`, sorted by path; all unreadable files are reported at once."""
    if not root.is_dir():
        raise SourceError(str(root), None, "sources folder not found")
    manifest = load_manifest(root)
    files = sorted(p for p in root.rglob("*.txt") if p.is_file() or p.is_symlink())
    if not files:
        raise SourceError(str(root), None, "no .txt documents in the sources folder")
    missing = set(manifest) - {f.relative_to(root).as_posix() for f in files}
    if missing:
        raise ManifestError("manifest.yaml", None, f"lists files that are not there: {sorted(missing)}")
    out, errors = [], []
    inside = root.resolve()
    for f in files:
        if f.is_symlink() and not f.resolve().is_relative_to(inside):
            errors.append(
                SourceError(
                    str(f),
                    None,
                    f"a symbolic link to {f.resolve()}, outside the sources folder: not read",
                    "Copy the document into the sources folder instead of linking to it.",
                )
            )
            continue
        if not f.is_file():
            errors.append(SourceError(str(f), None, "a symbolic link to nothing", "Remove the link."))
            continue
        try:
            out.append(read_source(root, f, manifest.get(f.relative_to(root).as_posix())))
        except SourceError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise SourceErrors(errors)
    return out


DUPLICATE_SOURCE = "duplicate-source"


def unique_sources(sources: list[SourceText]) -> tuple[list[SourceText], list[Issue]]:
    """Each text once: a file byte-identical to an earlier one (in the given, sorted order) is
    skipped, with a warning naming both files."""
    first: dict[str, str] = {}
    kept, issues = [], []
    for src in sources:
        if (seen := first.setdefault(src.sha256, src.path)) == src.path:
            kept.append(src)
            continue
        issues.append(
            Issue(
                source=src.path,
                line=None,
                code=DUPLICATE_SOURCE,
                reason=f"the same text as {seen}, byte for byte (sha256 {src.sha256[:12]}…): "
                f"read once, from {seen}; this file is skipped",
            )
        )
    return kept, issues


IMPOSSIBLE_DATE = "impossible-date"


def impossible_dates(sources: list[SourceText]) -> list[Issue]:
    """Every 年月日 date a source writes that no calendar has (2026年13月45日): a warning with file:line.

    Such a date is never read as a document's date; without this it would vanish without a word.
    """
    out = []
    for src in sources:
        for ln in src.lines:
            for m in _DATE.finditer(ln.text):
                try:
                    date(*map(int, m.groups()))
                except ValueError:
                    out.append(
                        Issue(
                            source=src.path,
                            line=ln.number,
                            code=IMPOSSIBLE_DATE,
                            reason=f"{m.group(0)!r} is no date; it is not read as one",
                        )
                    )
    return out
