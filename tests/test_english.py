"""Official English names (data/curated/english-names.yaml): each row checked against its page's
quote and the sources, refused with file and line when bad, written into the graph as labels, and
found by English questions; a question that matches nothing always lists the closest names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.curate.canonical import canonical_text
from jingan_kg.curate.curated import (
    ENGLISH_KINDS,
    Curated,
    english_names_for,
    load_curated,
    load_english_names,
)
from jingan_kg.errors import CuratedDataError

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "data" / "curated"
FILE = CURATED / "english-names.yaml"
ROWS = load_english_names(FILE)
CLASS = {"industry": "jkg:Industry", "area": "jkg:Area", "indicator": "jkg:Indicator", "document": "jkg:Document"}


def run(*args, out):
    return CliRunner().invoke(main, [*args, "--out", str(out)])


@pytest.fixture(scope="module")
def index(built):
    from jingan_kg.store.index import SearchIndex

    return SearchIndex(built[1] / "search.sqlite")


# --- the curated rows ----------------------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


@pytest.mark.parametrize("at", ROWS, ids=lambda at: f"{at.row.label}={at.row.en}")
def test_each_row_quotes_a_page_that_writes_the_name(at):
    r = at.row
    assert re.fullmatch(r"https?://[^\s]+", r.source.address), r.source.address
    assert _plain(r.en) in _plain(r.source.quote), (r.en, r.source.quote)
    assert r.kind in ENGLISH_KINDS


@pytest.mark.parametrize("at", ROWS, ids=lambda at: f"{at.row.label}@{at.row.cited.file}:{at.row.cited.line}")
def test_each_row_cites_a_line_that_writes_the_label(at, real_sources):
    r = at.row
    line = real_sources[r.cited.file].line(r.cited.line).text
    assert r.cited.quote in line, (r.cited.quote, line)
    assert r.label in r.cited.quote


def test_the_file_is_canonical_and_loads_with_the_rest():
    assert FILE.read_text(encoding="utf-8") == canonical_text(FILE)
    assert [at.row for at in load_curated(CURATED).english_names] == [at.row for at in ROWS]
    assert ROWS and {at.row.kind for at in ROWS} == {"industry", "area", "indicator", "term"}


GOOD_ROW = """\
# Synthetic English names.
english_names:
- label: 甲指标
  kind: indicator
  en: total sales of A
  source: {address: 'https://example.gov.cn/a.html', quote: The total sales of A rose.}
  cited: {file: f.txt, line: 3, quote: 实现甲指标}
"""


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "  source: {address: 'https://example.gov.cn/a.html', quote: The total sales of A rose.}\n",
            "",
            "english-names.yaml:3: row 1 (label: 甲指标), field 'source': missing",
        ),
        (
            "quote: The total sales of A rose.",
            "quote: The sales of A rose.",
            "english-names.yaml:6: row 1 (label: 甲指标), field 'source.quote': "
            "the quote does not contain the English name 'total sales of A'",
        ),
        (
            "address: 'https://example.gov.cn/a.html'",
            "address: 'example.gov.cn/a.html'",
            "english-names.yaml:6: row 1 (label: 甲指标), field 'source.address': string should match pattern",
        ),
        (
            "kind: indicator",
            "kind: indicatr",
            "english-names.yaml:4: row 1 (label: 甲指标), field 'kind': 'indicatr' is not a kind of English name; "
            "did you mean 'indicator'?",
        ),
        (
            "quote: 实现甲指标}",
            "quote: 实现乙指标}",
            "english-names.yaml:7: row 1 (label: 甲指标), field 'cited.quote': "
            "the cited quote does not contain the label '甲指标'",
        ),
        (
            "en: total sales of A",
            "en: 甲的销售",
            "english-names.yaml:5: row 1 (label: 甲指标), field 'en': string should match pattern",
        ),
    ],
)
def test_a_bad_row_is_named_with_file_line_and_field(tmp_path, old, new, said):
    path = tmp_path / "english-names.yaml"
    assert old in GOOD_ROW
    path.write_text(GOOD_ROW.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CuratedDataError) as err:
        load_english_names(path)
    assert str(err.value).endswith(said) or said in str(err.value), str(err.value)
    assert err.value.hint


def test_one_english_name_names_one_label(tmp_path):
    path = tmp_path / "english-names.yaml"
    second = GOOD_ROW.split("english_names:\n")[1].replace("甲指标", "乙指标")
    path.write_text(GOOD_ROW + second, encoding="utf-8")
    with pytest.raises(CuratedDataError) as err:
        load_english_names(path)
    assert str(err.value).endswith(
        "english-names.yaml:10: row 2 (label: 乙指标), field 'en': "
        "'total sales of A' names both '甲指标' (row 1, line 3) and '乙指标'"
    )


def test_a_label_the_build_does_not_give_its_kind_is_refused_at_its_row(tmp_path):
    path = tmp_path / "english-names.yaml"
    path.write_text(GOOD_ROW, encoding="utf-8")
    curated = Curated(organisations=(), english_names=tuple(load_english_names(path)))
    [at] = curated.english_names
    assert english_names_for(curated, "indicator", ["甲指标"], {"f.txt"}) == {"甲指标": (at.row,)}
    assert english_names_for(curated, "indicator", ["乙指标"], {"g.txt"}) == {}  # f.txt not read: left out
    assert english_names_for(curated, "industry", [], {"f.txt"}) == {}
    with pytest.raises(CuratedDataError) as err:
        english_names_for(curated, "indicator", ["甲指标数"], {"f.txt"})
    assert str(err.value) == (
        f"{path}:3: row 1 (label: 甲指标), field 'label': no indicator of the graph is labelled '甲指标', "
        "though f.txt:3 was read; did you mean '甲指标数'?"
    )


def test_a_build_stops_at_a_row_whose_label_names_nothing(tmp_path):
    folder = tmp_path / "curated"
    shutil.copytree(CURATED, folder)
    text = (folder / "english-names.yaml").read_text(encoding="utf-8")
    old = "- label: 社会消费品零售总额\n"
    line = text[: text.index(old)].count("\n") + 1
    text = text.replace(old, "- label: 社会消费品零售总量\n").replace(
        "line: 23, quote: 社会消费品零售总额}", "line: 23, quote: 社会消费品零售总量}"
    )
    (folder / "english-names.yaml").write_text(text, encoding="utf-8")
    done = CliRunner().invoke(
        main,
        ["build", "--sources", str(ROOT / "data" / "sources"), "--curated", str(folder), "--out", str(tmp_path / "o")],
    )
    assert done.exit_code == 1
    error = done.output.splitlines()[0]
    row = 1 + [at.row.label for at in ROWS].index("社会消费品零售总额")
    assert error == (
        f"Error: {folder / 'english-names.yaml'}:{line}: row {row} (label: 社会消费品零售总量), field 'label': "
        "no indicator of the graph is labelled '社会消费品零售总量', though "
        "plan-report-2022-execution-2023-draft.txt:23 was read; did you mean '社会消费品零售总额'?"
    )


# --- in the graph ----------------------------------------------------------------------------------

_LABELS = """SELECT ?s ?zh ?p ?en WHERE { ?s a %s ; skos:prefLabel|dcterms:title ?zh ; ?p ?en .
  FILTER(lang(?zh) = "zh" && lang(?en) = "en" && ?p IN (skos:prefLabel, skos:altLabel, dcterms:title))
  FILTER NOT EXISTS { ?s a jkg:Industry FILTER(%s) } }"""


def test_every_row_is_a_label_of_its_entity_citing_its_page(store):
    expected: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for at in ROWS:
        r = at.row
        names = expected.setdefault((r.kind, r.label), [])
        first = "dcterms:title" if r.kind == "document" else "skos:prefLabel"
        names.append((first if not names else "skos:altLabel", r.en))
    kinds = {k for k, _ in expected}
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    sources: dict[tuple[str, str], set[str]] = {}
    for kind in kinds:
        cls = CLASS.get(kind, "skos:Concept")  # a term is a concept of no kind (industries are concepts too)
        for r in store.select(_LABELS % (cls, "true" if kind == "term" else "false")):
            found.setdefault((kind, r["zh"]), []).append((_prefixed(r["p"]), r["en"]))
            for s in store.select("SELECT ?s ?u WHERE { ?s dcterms:source ?u }", s=_iri(r["s"])):
                sources.setdefault((kind, r["zh"]), set()).add(s["u"])
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in expected.items()}
    for at in ROWS:
        assert at.row.source.address in sources[(at.row.kind, at.row.label)]


def test_a_term_is_a_concept_cited_to_the_line_that_writes_it(store):
    rows = store.select("""SELECT ?src ?line ?quote WHERE { ?c a skos:Concept ; skos:prefLabel "绿色金融"@zh ,
        "green finance"@en ; prov:wasDerivedFrom ?e . ?e jkg:inSource/jkg:path ?src ; jkg:lineStart ?line ;
        jkg:quote ?quote }""")
    assert [(r["src"], r["line"], r["quote"]) for r in rows] == [("gazette-2026-01.txt", 1832, "12.优化绿色金融。")]


def _prefixed(iri: str) -> str:
    from jingan_kg.graph import vocab as V

    return V.prefixed(iri)


def _iri(text: str):
    from jingan_kg.store.base import iri

    return iri(text)


# --- found by English ------------------------------------------------------------------------------


def test_green_finance_is_answered_as_绿色金融(built):
    english, chinese = run("who", "green finance", out=built[1]), run("who", "绿色金融", out=built[1])
    assert english.exit_code == chinese.exit_code == 0
    assert english.output == "Read as: 绿色金融  (the English name “green finance”)\n" + chinese.output
    assert chinese.output == (
        "绿色金融 (measure: 优化绿色金融): 1 body, 1 citation\n\n"
        "静安区投资促进办公室 (Jing'an District Investment Promotion Office / 区投资办)\n"
        "  上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施（静发改委〔2026〕3号）\n"
        "    12. 优化绿色金融  [gazette-2026-01.txt:1832]\n"
        "       “12.优化绿色金融。…（责任部门：区投资办）”\n"
    )
    framed = run("who", "who is responsible for green finance", out=built[1]).output
    assert framed == (
        "Read as: who is responsible for 绿色金融  (question frame “who is responsible for …”; "
        "the English name “green finance”)\n" + chinese.output
    )


def test_retail_sales_finds_total_retail_sales_of_consumer_goods(built):
    result = run("search", "retail sales", out=built[1])
    assert result.exit_code == 0
    assert result.output == (
        "score  kind       label               matched                               field\n"
        "-----  ---------  ------------------  ------------------------------------  -------\n"
        "55     indicator  社会消费品零售总额  total retail sales of consumer goods  english\n"
    )
    english = run("targets", "total retail sales of consumer goods", out=built[1])
    assert english.exit_code == 0
    assert english.output == run("targets", "社会消费品零售总额", out=built[1]).output
    assert run("search", "GDP", out=built[1]).output.splitlines()[2] == (
        "90     indicator  地区生产总值  gdp      english"
    )


@pytest.mark.parametrize("text", ["ales", "retail sale", "inance"])
def test_english_names_match_by_whole_words(built, text):
    result = run("search", text, out=built[1])
    assert result.exit_code == 1
    assert result.output.startswith(f"No match: nothing in the graph matches {text!r}\n")


def test_the_index_takes_an_english_phrase_to_its_chinese_one(index):
    assert index.translate("Green  Finance") == "绿色金融"
    assert index.translate("“green finance”") == "绿色金融"
    assert index.translate("green") is None
    assert index.translate("绿色金融") is None


# --- no match: always the closest names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "closest"),
    [
        (("who", "green finanse"), "绿色金融 (green finance)、静安区财政局 (Jing'an District Finance Bureau)"),
        (("show", "green finanse"), "绿色金融 (green finance)、静安区财政局 (Jing'an District Finance Bureau)"),
        (("search", "retail sale volume"), "社会消费品零售总额 (total retail sales of consumer goods)"),
        (("targets", "retail sale volume"), "社会消费品零售总额 (total retail sales of consumer goods)"),
        (("targets", "green finance"), "绿色金融 (green finance)、静安区财政局 (Jing'an District Finance Bureau)"),
        (
            ("search", "数字化转形"),
            "提升专业服务业数字化水平 (ti sheng zhuan ye fu wu ye shu zi hua s…)、"
            "上海市静安区人民政府关于批转区人力资源社会保障局《静安区关于加快推进人力资源服务业数智化转型发展的实施方案》的通知 "
            "(shang hai shi jing an qu ren min zheng…)、数字金融 (shu zi jin rong)、创新数字金融 (chuang xin shu zi jin rong)、"
            "数字经济核心产业增速 (shu zi jing ji he xin chan ye zeng su)",
        ),
    ],
)
def test_a_no_match_lists_the_closest_names(built, args, closest):
    result = run(*args, out=built[1])
    assert result.exit_code == 1
    assert result.output == f"No match: nothing in the graph matches {args[1]!r}\nClosest: {closest}\n"


@pytest.mark.parametrize("text", ["xyzzy", "qwrtp zzkk", "ÄÖÜ"])
def test_text_sharing_nothing_still_gets_names(built, index, text):
    names = index.closest(text)
    assert len(names) == 5, names
    assert names == index.closest(text)  # the same every time
    result = run("search", text, out=built[1])
    assert result.output.splitlines()[1] == "Closest: " + "、".join(names)
