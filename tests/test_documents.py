from jingan_kg.ingest.documents import split_documents

from .conftest import GAZETTE, span_of

# Checked by hand against data/sources/gazette-2026-01.txt (line of the title, 文号, date).
GAZETTE_DOCUMENTS = [
    (56, "上海市静安区人民政府关于印发《2026年静安区为民办实事项目》的通知", "静府发〔2026〕1号", "2026-01-19"),
    (
        144,
        "上海市静安区人民政府关于批转区人力资源社会保障局《静安区关于加快推进人力资源服务业数智化转型发展的实施方案》的通知",
        "静府发〔2026〕2号",
        "2026-02-04",
    ),
    # the next five have neither date line nor 文号 head: found through the gazette's 目录
    (198, "2026年1月1日至2月28日区政府人事任免事项", None, None),
    (255, "中共静安区委静安区人民政府关于2025年度上海市静安区人民政府法治政府建设情况报告", None, "2026-02-13"),
    (311, "政府工作报告", None, "2026-01-14"),  # "——2026年1月14日在…会议上"
    (509, "关于静安区2025年国民经济和社会发展规划执行情况与2026年国民经济和社会发展计划草案的报告", None, "2026-01-14"),
    (747, "关于静安区2025年预算执行情况和2026年预算草案的报告", None, None),
    (959, "上海市静安区国民经济和社会发展第十五个五年规划纲要", None, "2026-01-16"),  # 目录 misspells it 第十五五年
    (
        1780,
        "上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施",
        "静发改委〔2026〕3号",
        "2026-01-26",
    ),
    (
        1943,
        "上海市静安区人力资源和社会保障局关于对本区征地养老人员发放2026年度一次性节日补助费的通知",
        "静人社〔2026〕17号",
        "2026-02-06",
    ),
]


def test_gazette_documents_found_by_their_heads(real_sources):
    docs = [s.document for s in split_documents(real_sources[GAZETTE]) if s.document]
    assert [(d.excerpt.line_start, d.title, d.identifier, d.issued) for d in docs] == GAZETTE_DOCUMENTS


def test_issuer_is_the_text_before_guanyu_or_the_body_under_the_title(real_sources):
    docs = {s.document.excerpt.line_start: s.document for s in split_documents(real_sources[GAZETTE]) if s.document}
    assert docs[1780].issuer == "上海市静安区发展和改革委员会"
    assert docs[509].issuer == "静安区发展和改革委员会"  # the line under the report's date
    assert docs[311].issuer is None


def test_toc_entries_joined_across_lines(real_sources):
    from jingan_kg.ingest.documents import toc_titles

    titles, last = toc_titles(real_sources[GAZETTE])
    assert len(titles) == 10 and last == 52
    assert (
        titles[1]
        == "上海市静安区人民政府关于批转区人力资源社会保障局《静安区关于加快推进人力资源服务业数智化转型发展的实施方案》的通知"
    )
    assert titles[7] == "上海市静安区国民经济和社会发展规划第十五五年规划纲要"


def test_spans_cover_every_line_once(real_sources):
    spans = split_documents(real_sources[GAZETTE])
    covered = [n for s in spans for n in range(s.first, s.last + 1)]
    assert covered == list(range(1, len(real_sources[GAZETTE].lines) + 1))


def test_wenhao_first_then_heading_title():
    text = (
        "# 上海市静安区人民政府文件\n\n静府议〔2025〕7号\n\n## 上海市静安区人民政府 关于某事的报告\n\n区人大常委会：\n"
    )
    doc = [s.document for s in span_of(text) if s.document][0]
    assert (doc.identifier, doc.title, doc.issued) == ("静府议〔2025〕7号", "上海市静安区人民政府关于某事的报告", None)


def test_half_width_date_line_and_spaced_wenhao():
    text = "上海市静安区数据局关于数据要素的若干措施\n\n( 2027 年 3 月 9 日 )\n\n静数〔2027〕 5 号\n\n正文。\n"
    doc = [s.document for s in span_of(text) if s.document][0]
    assert (doc.identifier, doc.issued, doc.issuer) == ("静数〔2027〕5号", "2027-03-09", "上海市静安区数据局")


def test_source_without_a_head_is_one_document_from_its_metadata(real_sources):
    [span] = split_documents(real_sources["plan-report-2022-execution-2023-draft.txt"])
    doc = span.document
    assert (span.first, span.last) == (1, len(real_sources["plan-report-2022-execution-2023-draft.txt"].lines))
    assert doc.title == "关于静安区2022年国民经济和社会发展规划执行情况与2023年国民经济和社会发展计划草案的报告"
    assert (doc.issued, doc.issuer, doc.excerpt.line_start) == ("2023-01-05", "静安区发展和改革委员会", 3)


def test_measures_in_a_headless_file_are_still_found():
    from jingan_kg.kinds import measures

    text = "关于促进消费的若干措施\n\n1. 支持首店。支持开设首店。（责任部门：区商务委）\n"
    [span] = span_of(text)
    assert span.document.title == "关于促进消费的若干措施"
    assert measures.detect(span) and [m.title for m in measures.extract(span).records] == ["支持首店"]
