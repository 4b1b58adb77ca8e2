"""Nothing silent: a source that gives no facts, a file read twice and a document in two files
are each read as they can be and named in a warning with file and line."""

import hashlib
import json

from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.pipeline.build import BuildConfig, build

from .conftest import ROOT

DEV_DOCS = ROOT / "tests" / "fixtures" / "real"  # real documents of other years and districts

MEASURES = (
    "上海市静安区数据局关于数据产业的若干措施\n\n(2027年3月9日)\n\n静数〔2027〕5号\n\n"
    "1. 支持数据集。支持建设数据集。（责任部门：区数据局）\n"
    "2. 培育数据企业。培育一批数据企业。（责任部门：区数据局、区发改委）\n"
)
# The same document as copied elsewhere: a line above it, and one measure more.
REPOSTED = "转载自静安区人民政府网站\n\n" + MEASURES + "3. 建设数据园区。建设数据园区。（责任部门：区数据局）\n"
NOTHING = "一则天气说明\n\n今天天气晴朗，适合出行。\n明天也是好天气。\n"
LOOKED_FOR = "measures, industries, areas, projects, indicators, targets, outcomes, service projects, appointments, persons, terms"
NO_FACTS = f"gave no facts beyond its document: no kind recognised its content (looked for {LOOKED_FOR})"
NO_DISTRICT = (
    "'一则天气说明': no district is named by its issuer, title, 文号, head or text; its bodies are not "
    "resolved to any district's (state it in manifest.yaml: district: 长宁区)"
)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _warnings(result):
    return [(i.source, i.line, i.code, i.reason) for i in result.issues]


def test_a_source_that_gives_nothing_beyond_its_document_is_a_warning(make_sources, tmp_path):
    out = tmp_path / "o"
    result = build(BuildConfig(sources=make_sources({"a.txt": MEASURES, "note.txt": NOTHING}), out=out))
    assert result.per_source == {"a.txt": {"documents": 1, "measures": 2}, "note.txt": {"documents": 1}}
    # a.txt gives facts and names its district: no warning
    assert _warnings(result) == [
        ("note.txt", 1, "district-unknown", NO_DISTRICT),
        ("note.txt", 1, "no-facts", NO_FACTS),
    ]
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["issues"] == [
        {"source": "note.txt", "line": 1, "reason": NO_DISTRICT, "code": "district-unknown"},
        {"source": "note.txt", "line": 1, "reason": NO_FACTS, "code": "no-facts"},
    ]


def test_every_source_that_gives_nothing_is_warned_about(make_sources, tmp_path):
    """Real documents of other years and districts: whichever of them the kinds do not read yet
    is named, at its document's head; one that gives facts is not."""
    docs = {p.name: p.read_bytes() for p in sorted(DEV_DOCS.glob("*.txt"))}
    result = build(BuildConfig(sources=make_sources(docs), out=tmp_path / "o"))
    assert sorted(result.per_source) == sorted(docs)
    silent = {src for src, counts in result.per_source.items() if set(counts) == {"documents"}}
    warned = [i for i in result.issues if i.code == "no-facts"]
    assert sorted(i.source for i in warned) == sorted(silent)
    for issue in warned:
        assert issue.reason == NO_FACTS and issue.line is not None
        assert docs[issue.source].decode("utf-8").split("\n")[issue.line - 1].strip()  # a line of text


def test_the_same_file_under_two_names_is_read_once(make_sources, tmp_path):
    result = build(BuildConfig(sources=make_sources({"a.txt": MEASURES, "b.txt": MEASURES}), out=tmp_path / "o"))
    assert (result.counts["source files"], result.counts["documents"], result.counts["measures"]) == (1, 1, 2)
    assert result.per_source == {"a.txt": {"documents": 1, "measures": 2}}
    reason = f"the same text as a.txt, byte for byte (sha256 {_sha(MEASURES)[:12]}…): read once, from a.txt; this file is skipped"
    assert _warnings(result) == [("b.txt", None, "duplicate-source", reason)]


def test_the_first_file_in_sorted_order_is_the_one_read(make_sources):
    from jingan_kg.ingest.sources import read_sources, unique_sources

    kept, issues = unique_sources(read_sources(make_sources({"b.txt": MEASURES, "a-copy.txt": MEASURES})))
    assert [s.path for s in kept] == ["a-copy.txt"]
    assert [(i.source, i.code) for i in issues] == [("b.txt", "duplicate-source")]
    assert "from a-copy.txt" in issues[0].reason


def test_the_same_document_in_two_files_is_read_once(make_sources, tmp_path):
    result = build(BuildConfig(sources=make_sources({"a.txt": MEASURES, "b.txt": REPOSTED}), out=tmp_path / "o"))
    assert (result.counts["source files"], result.counts["documents"], result.counts["measures"]) == (2, 1, 2)
    assert result.per_source == {"a.txt": {"documents": 1, "measures": 2}, "b.txt": {}}
    reason = (
        "document 静数〔2027〕5号 '上海市静安区数据局关于数据产业的若干措施' is also in a.txt:1: "
        "read once, from there; this copy and its records are skipped"
    )
    assert _warnings(result) == [("b.txt", 3, "duplicate-document", reason)]  # and no no-facts for b.txt


def test_sources_without_copies_are_read_as_each_alone(make_sources):
    from jingan_kg.ingest.sources import read_sources
    from jingan_kg.pipeline.extract import extract_source, extract_sources

    sources = read_sources(make_sources({"a.txt": MEASURES, "b.txt": NOTHING}))
    assert extract_sources(sources) == [e for s in sources for e in extract_source(s)]


def test_build_prints_the_warnings_with_file_and_line(make_sources, tmp_path):
    root = make_sources({"a.txt": MEASURES, "a2.txt": MEASURES, "b.txt": REPOSTED, "note.txt": NOTHING})
    result = CliRunner().invoke(main, ["build", "--sources", str(root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    start = lines.index("per source")
    assert lines[start : lines.index("unresolved bodies: 0")] == [
        "per source",
        "  a.txt: documents 1, measures 2",
        "  b.txt: nothing extracted",
        "  note.txt: documents 1",
        "",
        "warnings: 4",
        f"  a2.txt:-: the same text as a.txt, byte for byte (sha256 {_sha(MEASURES)[:12]}…): read once, "
        "from a.txt; this file is skipped [duplicate-source]",
        "  b.txt:3: document 静数〔2027〕5号 '上海市静安区数据局关于数据产业的若干措施' is also in a.txt:1: "
        "read once, from there; this copy and its records are skipped [duplicate-document]",
        f"  note.txt:1: {NO_DISTRICT} [district-unknown]",
        f"  note.txt:1: {NO_FACTS} [no-facts]",
    ]


def test_a_date_no_calendar_has_is_a_warning_not_a_crash(make_sources, tmp_path):
    doc = "2031年区政府重点工作安排\n（2031年13月45日）\n\n一、发展\n1.稳定增长。全年实现地区生产总值增长5%。\n"
    result = build(BuildConfig(sources=make_sources({"plan.txt": doc}), out=tmp_path / "o"))
    assert [(i.source, i.line, i.code, i.reason) for i in result.issues if i.code == "impossible-date"] == [
        ("plan.txt", 2, "impossible-date", "'2031年13月45日' is no date; it is not read as one")
    ]
    assert result.counts["measures"] == 1 and result.counts["targets"] == 1  # the rest is still read
