"""who(): matching, ranking, inverse questions, and user text that tries to break the query."""

import pytest

from jingan_kg.errors import Ambiguous, NoMatch
from jingan_kg.queries import who


def bodies(answer):
    return [(b.label, [c.ordinal for c in b.measures]) for b in answer.bodies]


def test_words_of_a_measure(store):
    assert bodies(who(store, "绿色金融")) == [("静安区投资促进办公室", [12])]


def test_industry_answers_through_the_measures_concerning_it(store):
    answer = who(store, "时尚消费业")  # the industry's label: measures 7-10 concern it
    assert answer.mode == "matches"
    assert bodies(answer) == [("静安区商务委员会", [7, 8, 9, 10]), ("静安区市场监督管理局", [8])]


def test_ranked_by_number_of_measures(store):
    answer = who(store, "专业服务机构")
    counts = [len(b.measures) for b in answer.bodies]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 5


def test_body_by_abbreviation_full_name_and_english_free_forms(store):
    for name in ("区数据局", "静安区数据局", " 区数据局 "):
        answer = who(store, name)
        assert answer.mode == "body" and answer.bodies[0].label == "静安区数据局"
    assert who(store, "区发改委").bodies[0].label == "静安区发展和改革委员会"  # a search alias


def test_area_bodies_of_measure_47(store):
    answer = who(store, "打造特色产业集聚区")
    assert sorted(b.label for b in answer.bodies) == sorted(
        ["南京西路-苏河湾中央活力区(CAZ)", "大宁“三生”融合创新区", "市北国际科创区", "彭浦镇"])


def test_partial_body_name_that_is_ambiguous_lists_candidates(store):
    with pytest.raises(Ambiguous) as err:
        who(store, "委员会")  # in no measure's words, but in three bodies' names
    assert err.value.candidates == ["静安区发展和改革委员会", "静安区商务委员会", "静安区科技和经济委员会"]
    assert str(err.value) == "'委员会' names 3 bodies"


def test_no_match_offers_the_closest_labels(store):
    with pytest.raises(NoMatch) as err:
        who(store, "绿色保险")
    assert err.value.candidates and all(set("绿色保险") & set(c) for c in err.value.candidates)


def test_empty_question_is_refused(store):
    with pytest.raises(NoMatch):
        who(store, "   ")


@pytest.mark.parametrize("evil", [
    '") } DROP ALL #',
    "' } ; INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    '区数据局" } UNION { ?o ?p ?l } #',
    "\\\" . ?s ?p ?o",
    "}}}}",
    "<script>alert(1)</script>",
])
def test_injection_strings_are_only_ever_text(store, evil):
    size = len(store)
    try:
        answer = who(store, evil)
        assert all(evil in c.quote or evil in c.title for b in answer.bodies for c in b.measures)
    except NoMatch as exc:
        assert exc.text == evil
    assert len(store) == size
