from jingan_kg.curate.curated import load_curated
from jingan_kg.kinds.industries import IndustryRecord
from jingan_kg.kinds.measures import MEASURES, BodyMention, MeasureRecord, industries_for, industry_core
from jingan_kg.pipeline.resolve import resolve as resolve_all
from jingan_kg.records import DocumentRecord, Excerpt, Extraction

from .conftest import ROOT

CURATED = load_curated(ROOT / "data" / "curated")


class Resolved:
    """The measures' resolution and the organisations and issues of one resolve run."""

    def __init__(self, ctx):
        self.measures = ctx.result(MEASURES.name)
        self.organisations = ctx.resolver.organisations()
        self.issues = ctx.issues


def document(district: str | None = "静安区", key: str = "D") -> Extraction:
    """The document t.txt holds, of `district` as a manifest would state it."""
    head = Excerpt(source="t.txt", line_start=1, line_end=1, quote="t")
    return Extraction(
        documents=(DocumentRecord(key=key, title="t", kind="document", district=district, last_line=99, excerpt=head),)
    )


def resolve(extractions, curated=CURATED, district: str | None = "静安区"):
    """Resolve the extractions as read from one document of `district` (t.txt)."""
    return Resolved(resolve_all([document(district), *extractions], curated))


EX = Excerpt(source="t.txt", line_start=3, line_end=3, quote="（责任部门：区商务委）")


def measure(ordinal, *names, sections=()):
    return MeasureRecord(
        document="D",
        ordinal=ordinal,
        title="t",
        text="t。",
        sections=sections,
        bodies=tuple(BodyMention(name=n, line=3) for n in names),
        clause="、".join(names),
        excerpt=EX,
    )


def test_abbreviation_and_full_name_are_one_node():
    r = resolve(
        [
            Extraction(
                records=(measure(1, "区商务委"), measure(2, "静安区商务委员会"), measure(3, "上海市静安区商务委员会"))
            )
        ]
    )
    assert [m.bodies for m in r.measures] == [("jingan-commerce",)] * 3
    commerce = next(o for o in r.organisations if o.id == "jingan-commerce")
    assert commerce.label == "静安区商务委员会" and "区商务委" in commerce.aliases


def test_dash_and_bracket_variants_resolve():
    r = resolve([Extraction(records=(measure(1, "南京西路—苏河湾中央活力区（CAZ）", "南京西路-苏河湾功能片区"),))])
    assert r.measures[0].bodies == ("area-cn-nanjingxilu-suhewan",)


def test_unknown_body_becomes_flagged_node_and_warning():
    r = resolve([Extraction(records=(measure(7, "区火星局", "区商务委"),))])
    unknown = [o for o in r.organisations if o.unresolved]
    assert [(o.label, o.type) for o in unknown] == [("区火星局", None)]
    assert r.measures[0].bodies == (unknown[0].id, "jingan-commerce")
    assert [(i.source, i.line, i.code) for i in r.issues] == [("t.txt", 3, "unresolved-body")]
    assert "区火星局" in r.issues[0].reason


def test_industry_core_strips_suffixes():
    assert [industry_core(x) for x in ("时尚消费业", "数据智能产业", "区块链产业赛道", "未来产业赛道")] == [
        "时尚消费",
        "数据智能",
        "区块链",
        "未来",
    ]


def test_section_names_industries_innermost_first():
    inds = [
        IndustryRecord(label=lab, role="industry", broader="g", excerpt=EX)
        for lab in ("时尚消费业", "金融服务业", "区块链产业赛道", "超高清视听产业赛道")
    ]
    inds.append(IndustryRecord(label="区块链", role="focus", broader="数据智能产业", excerpt=EX))
    assert industries_for(("二、支持产业集聚", "(二)促进时尚消费产业繁荣发展"), inds) == ("时尚消费业",)
    assert industries_for(("三、支持“区块链”“超高清视听”三大细分赛道加速发展",), inds) == (
        "区块链产业赛道",
        "超高清视听产业赛道",
    )
    assert industries_for(("四、支持科技创新策源能力提升",), inds) == ()
