from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import industries

from .conftest import GAZETTE, span_of


def test_scheme_of_the_gazette(real_sources):
    spans = [s for s in split_documents(real_sources[GAZETTE]) if industries.detect(s)]
    assert len(spans) == 1
    recs = industries.extract(spans[0]).records
    groups = [(r.label, r.excerpt.line_start) for r in recs if r.role == "group"]
    assert all(
        r.broader == "(3+3)+(1+3+X)现代化产业体系" for r in recs if r.role == "group" and r.excerpt.line_start > 1618
    )
    assert groups == [
        ("(3+3)+(1+3+X)现代化产业体系", 1618),
        ("三大优势产业", 1620),
        ("三大新兴产业", 1628),
        ("商业文化创意科技融合创新", 1636),
        ("三大细分赛道", 1638),
        ("未来产业赛道", 1646),
    ]
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
    text = (
        "区政府关于产业体系的说明\n\n(2028年1月2日)\n\n第 1 个“3”指的是三大优势产业。\n\n"
        "金融服务业主要聚焦资产管理和数字金融等重点领域。\n\n专业服务业主要是聚焦法律、咨询等重点领域。\n"
    )
    span = next(s for s in span_of(text) if s.document)
    assert industries.detect(span)
    recs = industries.extract(span).records
    assert [(r.role, r.label, r.broader) for r in recs] == [
        ("group", "三大优势产业", None),
        ("industry", "金融服务业", "三大优势产业"),
        ("focus", "资产管理", "金融服务业"),
        ("focus", "数字金融", "金融服务业"),
        ("industry", "专业服务业", "三大优势产业"),
        ("focus", "法律", "专业服务业"),
        ("focus", "咨询", "专业服务业"),
    ]


def test_earlier_key_industry_system_stated_in_one_sentence(real_sources):
    [span] = [
        s for s in split_documents(real_sources["plan-report-2022-execution-2023-draft.txt"]) if industries.detect(s)
    ]
    recs = [(r.role, r.label, r.broader, r.excerpt.line_start) for r in industries.extract(span).records]
    assert recs == [
        ("group", "“3+3”重点产业", None, 58),
        ("group", "优势产业", "“3+3”重点产业", 58),
        ("industry", "商贸服务业", "优势产业", 58),
        ("industry", "金融服务业", "优势产业", 58),
        ("industry", "专业服务业", "优势产业", 58),
        ("group", "潜能产业", "“3+3”重点产业", 58),
        ("industry", "数智产业", "潜能产业", 58),
        ("industry", "文创产业", "潜能产业", 58),
        ("industry", "健康产业", "潜能产业", 58),
    ]


def test_aliases_merge_the_two_systems(store):
    rows = store.select("""SELECT ?b WHERE { ?i skos:prefLabel "数据智能产业"@zh ; skos:broader/skos:prefLabel ?b }
                           ORDER BY ?b""")
    assert [r["b"] for r in rows] == ["三大新兴产业", "潜能产业"]
    replaced = store.select(
        """SELECT ?n WHERE { ?i skos:prefLabel "商贸服务业"@zh ; dcterms:isReplacedBy/skos:prefLabel ?n }"""
    )
    assert replaced == [{"n": "时尚消费业"}]
