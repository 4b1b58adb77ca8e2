"""Every input survived: odd characters, encodings and line ends, links out of the folder, names
that are no names, and question arguments as any bytes a shell can pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.errors import SourceError
from jingan_kg.pipeline.build import BuildConfig, build

MEASURES = (
    "上海市静安区数据局关于数据产业的若干措施\n\n(2027年3月9日)\n\n静数〔2027〕5号\n\n"
    "1. 支持数据集。支持建设数据集{odd}。（责任部门：区数据局）\n"
    "2. 培育数据企业。培育一批数据企业。（责任部门：区数据局、#、**）\n"
)
ODD = "\u2028\u2029\u0085\v\f\x01\u200f\ufeff"  # line and paragraph separators, NEL, VT, FF, a C0, RLM, BOM


def _quotes(out: Path) -> list[str]:
    from jingan_kg.store.embedded import GraphStore

    rows = GraphStore.open(out / "store").select(
        "SELECT ?q WHERE { ?m a jkg:Measure ; prov:wasDerivedFrom/jkg:quote ?q }"
    )
    return sorted(r["q"] for r in rows)


def test_every_character_legal_in_rdf_survives_into_the_graph(make_sources, tmp_path):
    """The N-Triples are cut at \\n only: U+2028, U+0085, \\v, \\f inside a literal stay in it (the
    quote keeps the line as written; labels and texts are normalised, whitespace collapsed)."""
    out = tmp_path / "o"
    result = build(BuildConfig(sources=make_sources({"a.txt": MEASURES.format(odd=ODD)}), out=out))
    assert result.counts["measures"] == 2
    assert any(ODD in q for q in _quotes(out))
    from rdflib import Graph

    g = Graph().parse(out / "jingan-kg.ttl", format="turtle")
    assert len(g) == result.triples and any(ODD in str(o) for o in g.objects())


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(make_sources, tmp_path, codec):
    text = MEASURES.format(odd="")
    data = text.encode(codec)
    if not codec.endswith("-be"):
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    else:  # the -be codecs write no mark: add it
        data = ("\ufeff" + text).encode(codec)
    result = build(BuildConfig(sources=make_sources({"a.txt": data}), out=tmp_path / "o"))
    assert result.counts["measures"] == 2


def test_utf16_without_a_mark_is_refused_as_what_it_looks_like(make_sources, tmp_path):
    with pytest.raises(SourceError, match="binary data"):
        build(BuildConfig(sources=make_sources({"a.txt": MEASURES.format(odd="").encode("utf-16-le")}), out=tmp_path))


def test_a_file_of_cr_line_ends_is_read_as_lines(make_sources, tmp_path):
    cr = MEASURES.format(odd="").replace("\n", "\r").encode("utf-8")
    result = build(BuildConfig(sources=make_sources({"cr.txt": cr}), out=tmp_path / "o"))
    assert result.counts["measures"] == 2
    issues = [(i.line, i.code) for i in result.issues]
    assert (8, "body-not-a-name") in issues  # line numbers are the CR-separated lines


def test_a_link_out_of_the_sources_folder_is_refused(make_sources, tmp_path):
    root = make_sources({"a.txt": MEASURES.format(odd="")})
    outside = tmp_path / "secret.txt"
    outside.write_text("上海市静安区人民政府\n密码\n", encoding="utf-8")
    (root / "link.txt").symlink_to(outside)
    with pytest.raises(SourceError) as err:
        build(BuildConfig(sources=root, out=tmp_path / "o"))
    assert str(err.value).startswith(f"{root / 'link.txt'}: a symbolic link to {outside}, outside the sources folder")
    assert not (tmp_path / "o" / "store").exists()
    (root / "link.txt").unlink()
    (root / "inside.txt").symlink_to(root / "a.txt")  # a link inside the folder: the same text, read once
    result = build(BuildConfig(sources=root, out=tmp_path / "o"))
    assert result.counts["measures"] == 2 and [i.code for i in result.issues].count("duplicate-source") == 1


def test_punctuation_is_no_body(make_sources, tmp_path):
    result = build(BuildConfig(sources=make_sources({"a.txt": MEASURES.format(odd="")}), out=tmp_path / "o"))
    assert result.unresolved == []
    assert [(i.line, i.code, i.reason) for i in result.issues] == [
        (8, "body-not-a-name", "measure 2: '#' in its clause names no body"),
    ]  # (** is markup: stripped with the line's other markup before the clause is read)


# --- arguments ---------------------------------------------------------------------------------


def _cli(built, *args: bytes) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "jingan-kg"
    return subprocess.run([exe, *args, b"--out", str(built[1]).encode()], capture_output=True)


@pytest.mark.parametrize("command", [b"who", b"show", b"search", b"targets"])
def test_an_argument_that_is_not_utf8_gets_a_message(built, command):
    proc = _cli(built, command, b"\xe7\xbb\xff")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert b"is not valid UTF-8 text (byte 0xe7 at 0)" in proc.stderr  # 0xe7 0xbb starts a character 0xff breaks


@pytest.mark.parametrize("text", ["\x00", "\udcff", "\ud800\x00"])
def test_nul_and_lone_surrogates_in_the_library_are_no_match(built, text):
    from jingan_kg.errors import NoMatch
    from jingan_kg.query.questions import search
    from jingan_kg.store.index import SearchIndex

    with pytest.raises(NoMatch):
        search(SearchIndex(built[1] / "search.sqlite"), text)


def test_nul_and_lone_surrogates_inside_a_question_are_dropped(built):
    from jingan_kg.query.questions import search
    from jingan_kg.store.index import SearchIndex

    index = SearchIndex(built[1] / "search.sqlite")
    assert search(index, "绿色\x00金融\udcff")[0].label == search(index, "绿色金融")[0].label == "优化绿色金融"


def test_search_syntax_is_literal(built):
    """OR, AND, NEAR, quotes and stars are words: nothing matches 绿色 OR 金融 as written. `who`
    then answers for the nearest words some name holds, and says so (query/lookup.py)."""
    for text in ("绿色 OR 金融", "绿色 AND 金融", "NEAR(绿色 金融)", '"绿色', "绿色*"):
        result = CliRunner().invoke(main, ["search", text, "--out", str(built[1])])
        assert result.exit_code == 1 and result.output.startswith(f"No match: nothing in the graph matches {text!r}")
        result = CliRunner().invoke(main, ["who", text, "--out", str(built[1])])
        first = result.output.splitlines()[0]
        if result.exit_code == 1:
            assert first.startswith(f"No match: nothing in the graph matches {text!r}")
        else:
            assert first.startswith("Read as: ") and f"no name holds “{text}” whole, its nearest words are “" in first


@pytest.mark.parametrize(
    "text", ["“绿色金融”", "「绿色金融」", "《绿色金融》", "（绿色金融）", '"绿色金融"', " ‘绿色金融’ "]
)
def test_quotes_and_brackets_around_a_question_are_stripped(built, text):
    plain = CliRunner().invoke(main, ["who", "绿色金融", "--out", str(built[1])]).output
    quoted = CliRunner().invoke(main, ["who", text, "--out", str(built[1])])
    assert quoted.exit_code == 0
    assert quoted.output.split("\n", 1)[1] == plain.split("\n", 1)[1]  # the same bodies and citations


def test_a_query_file_that_is_not_utf8_gets_a_message(built, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b'SELECT * WHERE { ?s ?p "\xff" }')
    result = CliRunner().invoke(main, ["query", str(bad), "--out", str(built[1])])
    assert result.exit_code == 2 and f"{bad}:1: not valid UTF-8 (byte 0xff at offset 24)" in result.output


def test_a_parser_bomb_is_refused_before_the_parser_sees_it(built, tmp_path):
    """3,000 nested braces once killed `jingan-kg query` (SIGSEGV in the parser): exit 1, a message."""
    bomb = tmp_path / "bomb.rq"
    bomb.write_text("SELECT * WHERE " + "{" * 3000 + "}" * 3000, encoding="utf-8")
    exe = Path(sys.executable).parent / "jingan-kg"
    proc = subprocess.run([exe, "query", str(bomb), "--out", str(built[1])], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: query failed: The query nests brackets ( [ { more than 200 deep")
