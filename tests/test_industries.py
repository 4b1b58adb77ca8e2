from jingan_kg.documents import split_documents
from jingan_kg.extractors import industries

from .conftest import GAZETTE, span_of


def test_scheme_of_the_gazette(real_sources):
    spans = [s for s in split_documents(real_sources[GAZETTE]) if industries.detect(s)]
    assert len(spans) == 1
    recs = industries.extract(spans[0]).industries
    groups = [(r.label, r.excerpt.line_start) for r in recs if r.role == "group"]
    assert groups == [("三大优势产业", 1620), ("三大新兴产业", 1628), ("商业文化创意科技融合创新", 1636),
                      ("三大细分赛道", 1638), ("未来产业赛道", 1646)]
    by_group = {}
    for r in recs:
        if r.role == "industry":
            by_group.setdefault(r.broader, []).append(r.label)
    assert by_group == {
        "三大优势产业": ["时尚消费业", "金融服务业", "专业服务业"],
        "三大新兴产业": ["数据智能产业", "文化创意产业", "生命健康产业"],
        "三大细分赛道": ["区块链产业赛道", "超高清视听产业赛道", "美妆健康产业赛道"],
    }
    focus = [r.label for r in recs if r.role == "focus" and r.broader == "金融服务业"]
    assert focus == ["资产管理", "股权投资", "产业并购", "数字金融"]
    assert [r.label for r in recs if r.broader == "未来产业赛道"] == ["具身智能", "脑机接口", "新型储能", "量子科技"]


def test_another_scheme_written_differently():
    text = ("区政府关于产业体系的说明\n\n(2028年1月2日)\n\n第 1 个“3”指的是三大优势产业。\n\n"
            "金融服务业主要聚焦资产管理和数字金融等重点领域。\n\n专业服务业主要是聚焦法律、咨询等重点领域。\n")
    span = next(s for s in span_of(text) if s.document)
    assert industries.detect(span)
    recs = industries.extract(span).industries
    assert [(r.role, r.label, r.broader) for r in recs] == [
        ("group", "三大优势产业", None), ("industry", "金融服务业", "三大优势产业"),
        ("focus", "资产管理", "金融服务业"), ("focus", "数字金融", "金融服务业"),
        ("industry", "专业服务业", "三大优势产业"), ("focus", "法律", "专业服务业"), ("focus", "咨询", "专业服务业"),
    ]
