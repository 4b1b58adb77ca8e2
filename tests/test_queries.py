"""The question functions on the real graph: who, show, search, targets, query, stats."""

import contextlib

import pytest

from jingan_kg.errors import Ambiguous, NoMatch, QueryFailed
from jingan_kg.query import questions as Q


@pytest.fixture(scope="module")
def index(built):
    from jingan_kg.store.index import SearchIndex

    return SearchIndex(built[1] / "search.sqlite")


def bodies(answer):
    return [(b.label, [c.ordinal for c in b.citations]) for b in answer.bodies]


def test_words_of_a_measure(store, index):
    assert bodies(Q.who(store, index, "绿色金融")) == [("静安区投资促进办公室", [12])]


def test_industry_answers_through_the_measures_concerning_it(store, index):
    answer = Q.who(store, index, "时尚消费业")  # measures 7-10 sit in （二）促进时尚消费产业繁荣发展
    assert (answer.mode, [g.kind for g in answer.groups]) == ("topic", ["industry"])
    assert bodies(answer) == [("静安区商务委员会", [7, 8, 9, 10]), ("静安区市场监督管理局", [8])]


def test_industry_group_takes_its_industries_measures(store, index):
    answer = Q.who(store, index, "三大细分赛道")  # section 三、 (measures 36-39), three bodies each
    assert bodies(answer) == [
        (b, [36, 37, 38, 39]) for b in ("静安区数据局", "静安区文化和旅游局", "静安区科技和经济委员会")
    ]


def test_focus_field_goes_through_its_industry(store, index):
    answer = Q.who(store, index, "资产管理")  # a focus field of 金融服务业 (measures 11-17, 区投资办)
    assert bodies(answer) == [("静安区投资促进办公室", [11, 12, 13, 14, 15, 16, 17])]
    assert answer.bodies[0].citations[0].relation == "responsible for a measure concerning its industry"


def test_ranked_by_number_of_citations(store, index):
    answer = Q.who(store, index, "三大优势产业")
    counts = [len(b.citations) for b in answer.bodies]
    assert counts == sorted(counts, reverse=True)
    # 区人社局: the HR plan's 13 measures (人力资源, a focus field of 专业服务业) and DRC 18-22 (专业服务业)
    assert (answer.bodies[0].label, counts[0]) == ("静安区人力资源和社会保障局", 18)


def test_body_by_any_of_its_names(store, index):
    for name in ("区数据局", "静安区数据局", " 区数据局 ", "Data Bureau", "qushujuju"):
        answer = Q.who(store, index, name)
        assert answer.mode == "body" and answer.bodies[0].label == "静安区数据局", name
    assert Q.who(store, index, "区发改委").bodies[0].label == "静安区发展和改革委员会"  # a search alias
    assert len(Q.who(store, index, "区数据局").bodies[0].citations) == 24


def test_project_answers_with_its_street(store, index):
    answer = Q.who(store, index, "北站街道晋元南一地块项目")  # 附件1 row 5, line 1515
    [body] = answer.bodies
    assert (body.label, body.citations[0].relation, body.citations[0].line_start) == (
        "北站街道",
        "the project lies in it",
        1515,
    )


def test_indicator_answers_with_who_states_its_targets(store, index):
    answer = Q.who(store, index, "社会消费品零售总额")
    assert (answer.mode, [g.kind for g in answer.groups]) == ("topic", ["indicator"])
    assert answer.bodies[0].label == "静安区发展和改革委员会"
    roles = [(c.role, c.period, c.value, c.unit, c.line_start) for c in answer.bodies[0].citations][:3]
    assert roles == [  # plan-report-2022-execution-2023-draft.txt:23 (the table) and :35 (the prose)
        ("target", "2022", "1600亿元", "亿元", 23),
        ("outcome", "2022", "1480亿元", "亿元", 23),
        ("outcome", "2022", "1480亿元", "亿元", 35),
    ]


def test_area_bodies_of_measure_47(store, index):
    answer = Q.who(store, index, "打造特色产业集聚区")
    assert sorted(b.label for b in answer.bodies) == sorted(
        ["南京西路-苏河湾中央活力区(CAZ)", "大宁“三生”融合创新区", "市北国际科创区", "彭浦镇"]
    )


def test_ambiguous_body_name_lists_candidates(store, index):
    with pytest.raises(Ambiguous) as err:
        Q.show(store, index, "委员会")
    assert "静安区商务委员会 (organisation)" in err.value.candidates


def test_no_match_offers_the_closest_labels(store, index):
    with pytest.raises(NoMatch) as err:
        Q.who(store, index, "火星移民")
    assert err.value.text == "火星移民"
    assert all(set("火星移民") & set(c) for c in err.value.candidates)  # only labels that share a character
    with pytest.raises(NoMatch) as err:
        Q.search(index, "绿色保险")
    assert err.value.candidates and all(set("绿色保险") & set(c) for c in err.value.candidates)


@pytest.mark.parametrize(
    "text, kind, label",
    [
        ("区发改委", "organisation", "静安区发展和改革委员会"),
        ("区发展改革委", "organisation", "静安区发展和改革委员会"),
        ("静安区发展和改革委员会", "organisation", "静安区发展和改革委员会"),
        ("shangwuwei", "organisation", "静安区商务委员会"),
        ("Commission of Commerce", "organisation", "静安区商务委员会"),
        ("qfgw", "organisation", "静安区发展和改革委员会"),
        ("养老金融", "measure", "拓展养老金融"),
        ("晋元南一", "project", "北站街道晋元南一地块项目"),
        ("静安国际会客厅", "term", "静安国际会客厅"),
        ("市北国际科创区", "organisation", "市北国际科创区"),
    ],
)
def test_search_finds_every_kind_of_name(index, text, kind, label):
    top = Q.search(index, text)[0]
    assert (top.kind, top.label) == (kind, label)


def test_search_ranks_exact_before_substring(index):
    hits = Q.search(index, "数据局")
    assert hits[0].label == "静安区数据局" and hits[0].score >= hits[-1].score


def test_show_card(store, index):
    card = Q.show(store, index, "区投资办")
    assert (card.kind, card.label) == ("organisation", "静安区投资促进办公室")
    assert "jkg:GovernmentBody" in card.types
    assert {r.value for r in card.labels if r.predicate == "skos:altLabel"} == {"区投资办"}
    assert sum(r.predicate == "jkg:responsibleBody" for r in card.incoming) == 21
    assert card.provenance == [
        {"source": "gazette-2026-01.txt", "line_start": 1941, "line_end": 1941, "quote": "静安区投资促进办公室"}
    ]
    by_iri = Q.show(store, index, card.iri)
    assert by_iri.incoming == card.incoming


def test_show_card_with_numbers_and_text(store, index):
    card = Q.show(store, index, "静安国际会客厅")  # glossary term 2, gazette 1656
    assert card.kind == "term"
    assert [r.value for r in card.outgoing if r.predicate == "jkg:ordinal"] == ["2"]
    assert any(r.predicate == "skos:definition" and r.value.startswith("静安国际会客厅位于") for r in card.outgoing)


def test_targets_side_by_side_with_gap(store, index):
    answer = Q.targets(store, index, "社会消费品零售总额")
    rows = {p.period: ([t.value for t in p.targets], [o.value for o in p.outcomes], p.gap) for p in answer.periods}
    assert rows["2022"] == (["1600亿元"], ["1480亿元", "1480亿元"], "-120")  # 2023-01 report: 表1 and its prose
    # gazette: the work report's review (331), the plan report's 表1 (528) and its prose (535)
    assert rows["2025"] == (["1700亿元"], ["1703.52亿元", "1703.52亿元", "1703.52亿元"], "+3.52")
    assert rows["2026"][0] == ["1750亿元", "1750亿元"] and rows["2026"][2] is None
    assert list(rows)[-1] == "2026-2030"
    assert (answer.unit, answer.kind) == ("亿元", "预期性")


def test_targets_needs_an_indicator(store, index):
    with pytest.raises(NoMatch):
        Q.targets(store, index, "区投资办")


def test_query_select_and_errors(store):
    result = Q.query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }")
    assert [r["n"].value for r in result] == ["60"]
    with pytest.raises(QueryFailed, match="error at"):
        Q.query(store, "SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryFailed):
        Q.query(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_stats(store, index, built):
    answer = Q.stats(store, index)
    assert answer["counts"] == built[0].counts and answer["triples"] == built[0].triples


@pytest.mark.parametrize(
    "evil",
    [
        '") } DROP ALL #',
        "' } ; INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
        '区数据局" } UNION { ?o ?p ?l } #',
        '\\" . ?s ?p ?o',
        "}}}}",
        "<script>alert(1)</script>",
        "https://w3id.org/jingan-kg/id/org/x> ?p ?o } #",
    ],
)
def test_injection_strings_are_only_ever_text(store, index, evil):
    size = len(store)
    for ask in (Q.who, Q.show, Q.targets):
        try:
            answer = ask(store, index, evil)
            assert answer is not None
        except NoMatch as exc:
            assert exc.text == evil
    with contextlib.suppress(NoMatch):
        Q.search(index, evil)
    assert len(store) == size


def test_an_index_from_an_older_build_asks_for_a_rebuild(built, tmp_path):
    import shutil
    import sqlite3

    from click.testing import CliRunner

    from jingan_kg.cli import main

    out = tmp_path / "old"
    shutil.copytree(built[1] / "store", out / "store")
    shutil.copy(built[1] / "search.sqlite", out / "search.sqlite")
    db = sqlite3.connect(out / "search.sqlite")
    db.executescript("DROP TABLE kind; DROP TABLE counted;")
    db.close()
    done = CliRunner().invoke(main, ["who", "绿色金融", "--out", str(out)])
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert done.output == (
        f"Error: the search index {out / 'search.sqlite'} was written by an older jingan-kg "
        "(it has no kind table)\nHint: Run `jingan-kg build` again (with the same --out) to rewrite it.\n"
    )


def test_who_for_a_kind_with_no_route_to_bodies_says_so(store, index):
    """A glossary term has no route to responsible bodies: an empty answer, not a KeyError."""
    answer = Q.who(store, index, "ESG治理")
    assert (answer.mode, [(g.kind, g.label) for g in answer.groups], answer.bodies) == (
        "topic",
        [("term", "ESG治理")],
        [],
    )
