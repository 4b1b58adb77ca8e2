"""Titles and issuers read from a document's head when no manifest gives them (ingest/heads.py)."""

from __future__ import annotations

import pytest

from jingan_kg.ingest.heads import issuer_of, title_of

from .conftest import ROOT

REAL = ROOT / "tests" / "fixtures" / "real"  # real documents, kept byte for byte; addresses in its README


def _texts(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


# Read by a person in each file's first lines (see tests/fixtures/real/README.md).
@pytest.mark.parametrize(
    ("name", "title", "issuer"),
    [
        ("jingan-2021-key-work-arrangement.txt", "2021年区政府重点工作目标安排", "上海市静安区人民政府"),  # lines 2-3
        ("jingan-2023-key-work-arrangement.txt", "2023年区政府重点工作安排", "上海市静安区人民政府"),
        ("jingan-2024-key-work-arrangement.txt", "2024年区政府重点工作安排", "上海市静安区人民政府"),
        ("jingan-2023-gov-work-report.txt", "2023年上海市静安区政府工作报告", "静安区人民政府"),  # 静安区区长 王华
        (
            "huangpu-2021-plan-report.txt",
            "上海市黄浦区2021年国民经济和社会发展计划执行情况与2022年国民经济和社会发展计划",
            None,
        ),
        ("putuo-2021-h1-plan-execution.txt", "普陀区2021年上半年国民经济和社会发展计划执行情况", None),
    ],
)
def test_real_heads(name, title, issuer):
    texts = _texts((REAL / name).read_text(encoding="utf-8"))
    assert (title_of(texts), issuer_of(texts)) == (title, issuer)


def test_a_notice_is_titled_by_the_document_it_issues_not_its_addressees():
    texts = _texts(
        "区政府各委、办、局,各街道办事处:\n现将《2031年区政府重点工作安排》印发给你们,请认真落实。\n"
        "上海市某区人民政府\n2031年3月1日\n2031年区政府重点工作安排\n一、总体要求"
    )
    assert title_of(texts) == "2031年区政府重点工作安排"
    assert issuer_of(texts) == "上海市某区人民政府"


def test_greetings_sentences_and_web_chrome_are_no_titles():
    texts = _texts("设为首页收藏本站\n各位代表:\n现在,我代表区人民政府作报告。\n[上海] 2031年某区政府工作报告\n")
    assert title_of(texts) == "2031年某区政府工作报告"
    assert title_of(_texts("各位代表:\n今年经济稳定增长。")) is None
    assert issuer_of(_texts("各位代表:\n今年经济稳定增长。")) is None


def test_a_district_head_delivers_the_report_of_the_district_government():
    assert (
        issuer_of(_texts("2031年某区政府工作报告\n——2031年1月5日在某区人民代表大会上\n某区区长  张三"))
        == "某区人民政府"
    )


def test_a_notice_titled_as_issuing_a_document_takes_that_documents_title():
    """Shapes seen in real notices of other cities (e.g. http://m.86917.com/baoji/4214.html and
    http://henan.kjzch.com/xinxiang/2024-04-02/841501.html): the issued document named in a
    sentence after it was adopted, or only in the notice's own (wrapped) title."""
    adopted = _texts(
        "某市人民政府关于印发《某市2031年国民经济和社会发展计划》的通知\n某政发〔2031〕8号\n"
        "各区人民政府:\n《某市2031年国民经济和社会发展计划》已经市人大审议通过,现印发给你们,请认真组织实施。"
    )
    assert title_of(adopted) == "某市2031年国民经济和社会发展计划"
    wrapped = _texts("某市人民政府\n关于印发某市2031年国民经济和社会发展计划的通知\n各区人民政府:\n请认真组织实施。")
    assert title_of(wrapped) == "某市2031年国民经济和社会发展计划"
