"""The glossary (名词解释) extractor on the real gazette (against tests/expected/glossary.yaml) and on synthetic ones."""

import pytest
import yaml

from jingan_kg.ingest.documents import Span, split_documents
from jingan_kg.kinds import glossary
from jingan_kg.text import normalise

from .conftest import GAZETTE, ROOT, span_of

EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "glossary.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gazette(real_sources):
    spans = [s for s in split_documents(real_sources[GAZETTE]) if glossary.detect(s)]
    assert len(spans) == 1, "one glossary in the gazette"
    return spans[0], glossary.extract(spans[0])


def test_only_the_glossary_is_detected(real_sources):
    for path, src in real_sources.items():
        found = [s for s in split_documents(src) if glossary.detect(s)]
        assert len(found) == (1 if path == GAZETTE else 0), path


def test_document_count_and_no_issues(gazette):
    span, ex = gazette
    assert span.document.title == EXPECTED["document_title"]
    assert {t.document for t in ex.records} == {span.document_key}
    assert [t.ordinal for t in ex.records] == list(range(1, 33))
    assert len(ex.records) == len(EXPECTED["terms"]) == 32
    assert ex.issues == ()
    assert ex.documents == ()  # a glossary is part of its document, not a kind of document


@pytest.mark.parametrize("expected", EXPECTED["terms"], ids=[str(t["ordinal"]) for t in EXPECTED["terms"]])
def test_term_matches_the_text(gazette, expected):
    rec = gazette[1].records[expected["ordinal"] - 1]
    assert rec.ordinal == expected["ordinal"]
    assert rec.label == normalise(expected["label"])
    assert rec.definition == normalise(expected["definition"])
    assert (rec.excerpt.source, rec.excerpt.line_start, rec.excerpt.line_end) == (
        GAZETTE,
        expected["line"],
        expected["line_end"],
    )
    assert rec.excerpt.quote.startswith(f"{expected['ordinal']}.")
    assert rec.excerpt.quote.endswith(expected["definition"])


def test_quotes_kept_as_the_text_writes_them(gazette):
    labels = {t.ordinal: t.label for t in gazette[1].records}
    assert labels[3] == "“全球服务商”计划"
    assert labels[11] == "数通链谷"  # the definition quotes it, the label does not


def test_term_32_stops_before_the_next_document(gazette):
    last = gazette[1].records[-1]
    assert last.excerpt.line_end == 1778
    assert "若干措施" not in last.definition and "静发改委" not in last.definition


SYNTHETIC = """上海市静安区某规划纲要

(2027年1月5日)

正文一段。

1. 这不是名词，在名词解释之前。

附件 2

某规划名词解释

1. 甲计划

甲计划的第一段解释，
上海市静安区人民政府公报
（2027年第1期）
跨页继续。

甲计划的第二段解释。

2. “乙”平台

“乙”平台是一个平台。

2. 丙中心

丙中心是一个中心。

4. 丁项目

5. 戊制度

戊制度是一种制度。

上海市静安区某局关于某事的通知

(2027年2月1日)

静某〔2027〕1号

1. 第一条

第一条的内容。
"""


@pytest.fixture(scope="module")
def synthetic():
    """The glossary and the next document in one span, as when a document head is missed."""
    spans = span_of(SYNTHETIC, "new.txt")
    src = spans[0].source
    span = Span(src, 1, len(src.lines), spans[0].document)
    assert glossary.detect(span)
    return glossary.extract(span)


def test_synthetic_terms(synthetic):
    got = [(t.ordinal, t.label, t.definition, t.excerpt.line_start, t.excerpt.line_end) for t in synthetic.records]
    assert got == [
        (1, "甲计划", "甲计划的第一段解释,跨页继续。甲计划的第二段解释。", 13, 20),
        (2, "“乙”平台", "“乙”平台是一个平台。", 22, 24),
        (2, "丙中心", "丙中心是一个中心。", 26, 28),
        (5, "戊制度", "戊制度是一种制度。", 32, 34),
    ]
    assert "公报" not in synthetic.records[0].excerpt.quote


def test_synthetic_problems_reported_with_file_and_line(synthetic):
    got = sorted((i.source, i.line, i.code) for i in synthetic.issues)
    assert got == [
        ("new.txt", 26, "duplicate-ordinal"),
        ("new.txt", 30, "ordinal-gap"),
        ("new.txt", 30, "term-without-definition"),
    ]


def test_document_head_ends_the_glossary(synthetic):
    assert synthetic.records[-1].excerpt.line_end == 34
    assert all("某局" not in t.definition and "第一条" not in t.label for t in synthetic.records)


def test_wrapping_quotes_dropped_only_when_every_label_has_them():
    text = "名词解释\n\n1. “甲”\n\n甲是一。\n\n2. “乙”\n\n乙是二。\n"
    span = span_of(text, "q.txt")[0]
    assert [t.label for t in glossary.extract(span).records] == ["甲", "乙"]
    text = "名词解释\n\n1. “甲”\n\n甲是一。\n\n2. “乙”计划\n\n乙是二。\n"
    span = span_of(text, "q.txt")[0]
    assert [t.label for t in glossary.extract(span).records] == ["“甲”", "“乙”计划"]


def test_not_a_glossary():
    no_heading = "某通知\n\n(2027年1月1日)\n\n1. 甲\n\n甲是一。\n"
    no_definitions = "名词解释\n\n1. 甲\n2. 乙\n"
    for text in (no_heading, no_definitions):
        assert not any(glossary.detect(s) for s in span_of(text))
