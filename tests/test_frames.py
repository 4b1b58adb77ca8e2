"""Questions as people type them: frames taken away (query/frames.py), and the real phrasings of
tests/fixtures/questions/phrasings.yaml answered with the body the cited line names."""

from pathlib import Path

import pytest
import yaml

from jingan_kg.errors import NoMatch
from jingan_kg.query import questions as Q
from jingan_kg.query.frames import Reading, read_question

PHRASINGS = yaml.safe_load((Path(__file__).parent / "fixtures" / "questions" / "phrasings.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def index(built):
    from jingan_kg.store.index import SearchIndex

    return SearchIndex(built[1] / "search.sqlite")


@pytest.mark.parametrize(
    "text,frame,topic,intent",
    [
        ("谁负责绿色金融", "谁负责…", "绿色金融", "who"),
        ("人工智能由哪个部门负责", "…由谁负责", "人工智能", "who"),
        ("哪些部门负责数据要素？", "谁负责…", "数据要素", "who"),
        ("请问养老金融由谁负责？", "…由谁负责", "养老金融", "who"),
        ("人工智能工作由谁牵头", "…由谁负责", "人工智能", "who"),  # 工作 is the work of the topic
        ("首发经济归谁管", "…由谁负责", "首发经济", "who"),
        ("负责人力资源服务业的是哪个单位", "负责…的是哪个部门", "人力资源服务业", "who"),
        ("数字金融的责任部门是哪个", "…的责任部门是哪个", "数字金融", "who"),
        ("“股权投资集聚区”谁来抓", "…由谁负责", "股权投资集聚区", "who"),
        ("区商务委负责什么", "…负责什么", "区商务委", "what"),
        ("区投资办承担哪些任务？", "…负责什么", "区投资办", "what"),
        ("区人才局的职责是什么", "…的职责是什么", "区人才局", "what"),
        ("区商务委是干什么的", "…是干什么的", "区商务委", "what"),
        ("who is responsible for data", "who is responsible for …", "data", "who"),
        ('"who is responsible for data"', "who is responsible for …", "data", "who"),
        ("Which department is in charge of 绿色金融?", "who is responsible for …", "绿色金融", "who"),
        ("who's responsible for ESG", "who is responsible for …", "ESG", "who"),
        ("What does the Data Bureau do?", "what does … do", "Data Bureau", "what"),
        ("社会消费品零售总额的目标是多少", "…的目标是多少", "社会消费品零售总额", "figures"),
        ("社会消费品零售总额完成情况", "…的目标是多少", "社会消费品零售总额", "figures"),
        ("地区生产总值完成了多少", "…完成了多少", "地区生产总值", "figures"),
        ("what is the target for 社会消费品零售总额", "what is the target for …", "社会消费品零售总额", "figures"),
        (
            "what is the Investment Promotion Office responsible for",
            "what is … responsible for",
            "Investment Promotion Office",
            "what",
        ),
    ],
)
def test_a_frame_is_taken_away_and_named(text, frame, topic, intent):
    assert read_question(text) == Reading(frame, topic, intent)


@pytest.mark.parametrize("text", ["绿色金融", "组织区管党政主要负责人开展述法", "负责人", "推进绿色金融", "区数据局"])
def test_text_no_frame_fits_is_taken_as_written(text):
    assert read_question(text) == Reading(None, text, None)


def test_the_phrasings_are_many_and_varied():
    assert len(PHRASINGS) >= 40
    assert {p["persona"] for p in PHRASINGS} == {"analyst", "journalist", "staff"}
    assert {p["reads_as"] for p in PHRASINGS} == {"topic", "body"}
    english = [p for p in PHRASINGS if p["ask"].isascii() or "who" in p["ask"].lower()]
    assert len(english) >= 10
    assert all(p.get("cite") or p["expect"].get("no_match") for p in PHRASINGS)


def _id(p):
    return p["ask"]


@pytest.mark.parametrize("p", PHRASINGS, ids=_id)
def test_a_real_phrasing_gets_the_body_its_line_names(store, index, p):
    expect = p["expect"]
    if expect.get("no_match"):
        with pytest.raises(NoMatch) as err:
            Q.who(store, index, p["ask"])
        assert err.value.candidates, "a no match lists the closest names"
        return
    answer = Q.who(store, index, p["ask"], limit=None)
    src, line = p["cite"].split(":")
    if p["reads_as"] == "body":
        assert answer.mode == "body"
        [body] = answer.bodies
        assert body.label == expect["entity"]
        cited = {(c.source, c.line_start, c.line_end) for c in body.citations}
        assert any(s == src and a <= int(line) <= b for s, a, b in cited), cited
        if "measure" in expect:
            assert expect["measure"] in [c.title for c in body.citations]
        return
    labels = [b.label for b in answer.bodies]
    assert expect["body"] in labels, (answer.reading, [g.label for g in answer.groups], labels)
    [body] = [b for b in answer.bodies if b.label == expect["body"]]
    assert any(c.source == src and c.line_start <= int(line) <= c.line_end for c in body.citations)
    first = answer.groups[0]
    assert first.responsibility or first.kind == "project", "what carries responsibility comes first"


def test_targets_and_show_read_questions_too(built):
    from click.testing import CliRunner

    from jingan_kg.cli import main

    out = CliRunner().invoke(main, ["targets", "社会消费品零售总额的目标是多少", "--out", str(built[1])]).output
    assert out.splitlines()[:2] == [
        "Read as: the figures of 社会消费品零售总额  (question frame “…的目标是多少”)",
        "社会消费品零售总额  [亿元]  [预期性]",
    ]
    out = CliRunner().invoke(main, ["show", "区商务委是干什么的", "--out", str(built[1])]).output
    assert out.splitlines()[:2] == [
        "Read as: what is it responsible for: 区商务委  (question frame “…是干什么的”)",
        "静安区商务委员会  (organisation)",
    ]
