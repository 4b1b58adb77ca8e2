from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import signatures

from .conftest import GAZETTE, span_of

# The DRC measures' signature block, gazette lines 1937-1941, read by hand.
DRC_SIGNATORIES = [
    "静安区发展和改革委员会",
    "静安区商务委员会",
    "静安区科技和经济委员会",
    "静安区司法局",
    "静安区人力资源和社会保障局",
    "静安区文化和旅游局",
    "静安区市场监督管理局",
    "静安区数据局",
    "静安区投资促进办公室",
]


def test_drc_signature_block(real_sources):
    spans = [s for s in split_documents(real_sources[GAZETTE]) if signatures.detect(s)]
    by_doc = {s.document.identifier: signatures.extract(s).records for s in spans}
    drc = by_doc["静发改委〔2026〕3号"]
    assert [o.name for o in drc] == DRC_SIGNATORIES
    assert {(o.excerpt.line_start, o.excerpt.line_end, o.signed, o.type) for o in drc} == {
        (1937, 1941, "静发改委〔2026〕3号", "GovernmentBody")
    }
    assert all(len(orgs) for orgs in by_doc.values())
    assert "静府发〔2026〕2号" not in by_doc  # its title lines are not a signature


def test_single_signer_above_a_date(real_sources):
    [span] = [
        s
        for s in split_documents(real_sources["jingfuyi-2024-2-14th-fyp-midterm-review-followup.txt"])
        if signatures.detect(s)
    ]
    [org] = signatures.extract(span).records
    assert (org.name, org.excerpt.line_start) == ("上海市静安区人民政府", 67)


def test_org_type_from_name():
    assert [
        signatures.org_type(n)
        for n in (
            "中共静安区委",
            "上海静安资本投资运营有限公司",
            "彭浦镇人民政府",
            "静安区数据局",
            "同济大学附属七一中学",
            "上海凯成控股",
        )
    ] == ["PartyBody", "Enterprise", "Street", "GovernmentBody", "PublicInstitution", None]


def test_printing_office_is_not_a_signer():
    text = "区政府关于某事的通知\n\n(2027年1月1日)\n\n正文。\n\n上海市静安区人民政府办公室\n\n2027年1月2日印发\n"
    span = next(s for s in span_of(text) if s.document)
    assert not signatures.detect(span)
