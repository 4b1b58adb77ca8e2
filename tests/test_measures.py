"""The measures extractor on the real gazette and on small synthetic documents."""

import re

import pytest

from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import measures

from .conftest import GAZETTE, span_of


@pytest.fixture(scope="module")
def gazette_measures(real_sources):
    out = {}
    for span in split_documents(real_sources[GAZETTE]):
        if measures.detect(span):
            ex = measures.extract(span)
            out[span.document.identifier] = ex
    return out


def test_two_measure_documents_detected(gazette_measures):
    assert sorted(gazette_measures) == ["静发改委〔2026〕3号", "静府发〔2026〕2号"]
    assert [len(gazette_measures[k].records) for k in ("静发改委〔2026〕3号", "静府发〔2026〕2号")] == [47, 13]
    assert all(not ex.issues for ex in gazette_measures.values())


def test_drc_ordinals_are_1_to_47_and_principles_excluded(gazette_measures):
    ms = gazette_measures["静发改委〔2026〕3号"].records
    assert [m.ordinal for m in ms] == list(range(1, 48))
    assert "聚焦重点领域" not in {m.title for m in ms}  # 一、总体要求 1. is a principle


def test_measure_12_field_by_field(gazette_measures):
    m = gazette_measures["静发改委〔2026〕3号"].records[11]
    assert m.ordinal == 12
    assert m.title == "优化绿色金融"
    assert m.text.startswith("优化绿色金融。支持金融机构承销、投资绿色债券")
    assert "将ESG评价纳入投资" in m.text  # footnote marker ³ removed
    assert m.sections == ("二、支持产业集聚及能级提升", "(三)促进金融服务业深化发展")
    assert [b.name for b in m.bodies] == ["区投资办"]
    assert (m.excerpt.source, m.excerpt.line_start, m.excerpt.line_end) == (GAZETTE, 1832, 1832)
    assert m.excerpt.quote.startswith("12.优化绿色金融。") and m.excerpt.quote.endswith("（责任部门：区投资办）")


def test_measure_37_joined_across_footnotes(gazette_measures):
    m = gazette_measures["静发改委〔2026〕3号"].records[36]
    assert (m.title, m.excerpt.line_start, m.excerpt.line_end) == ("支持研发创新", 1897, 1909)
    assert "关键技术突破和智能终端产品研发" in m.text
    for leak in ("FDA", "美国食品药品监督管理局", "世界卫生组织"):
        assert leak not in m.text and leak not in m.excerpt.quote
    assert [b.name for b in m.bodies] == ["区数据局", "区科技经济委", "区文化旅游局"]


def test_measure_47_bodies_keep_their_brackets(gazette_measures):
    m = gazette_measures["静发改委〔2026〕3号"].records[46]
    assert [b.name for b in m.bodies] == [
        "南京西路-苏河湾中央活力区(CAZ)",
        "大宁“三生”融合创新区",
        "市北国际科创区",
        "彭浦镇",
    ]


def test_no_noise_leaks_into_any_measure(gazette_measures):
    for ex in gazette_measures.values():
        for m in ex.records:
            for field in (m.text, m.excerpt.quote, m.title, *(b.name for b in m.bodies)):
                assert "公报" not in field and "第1期" not in field, (m.ordinal, field)
                assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", field), (m.ordinal, field)
            assert all(1 < len(b.name) < 30 for b in m.bodies), m.ordinal


def test_hr_plan_measure_4_spans_a_blank_line(gazette_measures):
    m = gazette_measures["静府发〔2026〕2号"].records[3]
    assert (m.ordinal, m.title, m.excerpt.line_start, m.excerpt.line_end) == (
        4,
        "建设人力资源数据要素创新平台",
        172,
        174,
    )
    assert "探索人力资源数据跨境高效" in m.text
    assert [b.name for b in m.bodies][-1] == "区委网信办"


SYNTHETIC = """上海市静安区数据局关于促进数据产业发展的若干措施

（2027年3月9日）

静数〔2027〕5号

一、总体要求

1. 坚持创新。这是原则，不是措施。

二、支持数据智能产业

1. 支持数据集建设。支持建设高质量数据集。(责任部门：区数据局、区科技经济委)

2. 支持算力券。设立算力券，支持企业使用。

上海市静安区人民政府公报

3. 支持数据交易。鼓励数据交易，
（2027年第2期）
培育数据服务生态。（责任部门：区数据局、区火星局）

3. 支持标准制定。鼓励参与标准。（责任部门：区市场监管局）

5. 鼓励企业出海和拓展海外市场并持续加大投入力度以及提升国际竞争力的各项支持（责任部门：区商务委）
"""


@pytest.fixture(scope="module")
def synthetic():
    span = next(s for s in span_of(SYNTHETIC, "new.txt") if s.document)
    assert measures.detect(span)
    return measures.extract(span)


def test_synthetic_measures_read_without_code_changes(synthetic):
    assert [(m.ordinal, m.title) for m in synthetic.records] == [
        (1, "支持数据集建设"),
        (2, "支持算力券"),
        (3, "支持数据交易"),
        (3, "支持标准制定"),
        (5, "鼓励企业出海和拓展海外市场并持续加大投入力度以及提升国际竞争力的各项支持"),
    ]
    assert synthetic.records[0].sections == ("二、支持数据智能产业",)


def test_measure_split_by_page_header_is_joined(synthetic):
    m = synthetic.records[2]
    assert m.text == "支持数据交易。鼓励数据交易,培育数据服务生态。"
    assert [b.name for b in m.bodies] == ["区数据局", "区火星局"]
    assert (m.excerpt.line_start, m.excerpt.line_end) == (19, 21)


def test_problems_reported_with_file_and_line(synthetic):
    got = sorted((i.source, i.line, i.code) for i in synthetic.issues)
    assert got == sorted(
        [
            ("new.txt", 15, "no-responsibility-clause"),
            ("new.txt", 23, "duplicate-ordinal"),
            ("new.txt", 25, "ordinal-gap"),
            ("new.txt", 25, "no-title-sentence"),
        ]
    )
    no_clause = synthetic.records[1]
    assert no_clause.bodies == () and no_clause.clause is None  # kept, not dropped


def test_document_without_any_clause_is_not_a_measures_document():
    text = "上海市静安区某局关于某事的通知\n\n(2027年1月1日)\n\n1. 第一条。内容。\n\n2. 第二条。内容。\n"
    span = next(s for s in span_of(text) if s.document)
    assert not measures.detect(span)


@pytest.mark.parametrize(
    "clause, names",
    [
        ("区商务委、区司法局", ["区商务委", "区司法局"]),
        ("南京西路-苏河湾中央活力区（CAZ）、彭浦镇", ["南京西路-苏河湾中央活力区（CAZ）", "彭浦镇"]),
        ("区数据局，区科技经济委; 区教育局", ["区数据局", "区科技经济委", "区教育局"]),
        ("“数通链谷”运营方、区数据局", ["“数通链谷”运营方", "区数据局"]),
    ],
)
def test_split_bodies_at_top_level_separators(clause, names):
    assert measures.split_bodies(clause) == names


def test_chinese_numbers():
    assert [measures.chinese_number(x) for x in ("一", "十", "十三", "二十", "二十一")] == [1, 10, 13, 20, 21]
