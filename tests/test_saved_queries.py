"""The saved example queries in queries/: each one runs on the graph built from the real
sources and gives the answer checked by hand against the source text.

Every expected value below was read off data/sources/ (line numbers are those of the
file named); a new .rq file without a test here makes test_every_query_has_a_test fail.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from .conftest import ROOT

QUERIES = ROOT / "queries"
GAZETTE = "gazette-2026-01.txt"
PLAN_2022 = "plan-report-2022-execution-2023-draft.txt"
DRC = "静发改委〔2026〕3号"  # the DRC's 47 measures (gazette lines 1780-1941)
HR = "静府发〔2026〕2号"  # the HR-services plan's 13 measures (gazette lines 144-196)
REPORT_2022 = "关于静安区2022年国民经济和社会发展规划执行情况与2023年国民经济和社会发展计划草案的报告"
REPORT_2025 = "关于静安区2025年国民经济和社会发展规划执行情况与2026年国民经济和社会发展计划草案的报告"
PLAN_15 = "上海市静安区国民经济和社会发展第十五个五年规划纲要"

TESTED: set[str] = set()


def answers(name: str):
    """Mark a test as the test of one saved query (checked by test_every_query_has_a_test)."""
    TESTED.add(name)
    return lambda fn: fn


def ask(store, name: str) -> list[dict]:
    return store.select((QUERIES / name).read_text(encoding="utf-8"))


def cols(rows: list[dict], *names: str) -> list[tuple]:
    return [tuple(r[n] for n in names) for r in rows]


def rq_files():
    return sorted(QUERIES.glob("*.rq"))


# --- the folder itself ---------------------------------------------------------------


def test_at_least_twelve_saved_queries():
    assert len(rq_files()) >= 12


def test_every_query_has_a_test():
    assert {p.name for p in rq_files()} == TESTED


@pytest.mark.parametrize("path", rq_files(), ids=lambda p: p.name)
def test_query_opens_with_its_question_and_declares_its_prefixes(path):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# "), "a saved query starts with a # comment block"
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    head = "\n".join(header)
    assert "# Question:" in head and "# 问题：" in head and "# Columns:" in head
    assert re.search(r"[\u4e00-\u9fff]", head.split("# 问题：", 1)[1]), "the question in Chinese"
    # runs on a bare store with no default prefixes: every prefix it uses is declared
    result = ox.Store().query(text)
    assert isinstance(result, ox.QuerySolutions), "a SELECT query"


# --- 1. bodies ranked by measures --------------------------------------------------------


@answers("bodies-ranked-by-measures.rq")
def test_bodies_ranked_by_measures(store):
    # counted from the 60 责任部门/责任单位 clauses: 区科技经济委 is named in 34 of them, …;
    # 市北国际科创区 = 3 × 市北功能片区 (HR 3, 6, 7) + DRC 47, CAZ = 2 × 南京西路-苏河湾功能片区 + DRC 47
    assert cols(ask(store, "bodies-ranked-by-measures.rq"), "body", "measures") == [
        ("静安区科技和经济委员会", 34),
        ("静安区人力资源和社会保障局", 25),
        ("静安区数据局", 24),
        ("静安区投资促进办公室", 21),
        ("静安区商务委员会", 16),
        ("静安区市场监督管理局", 16),
        ("静安区文化和旅游局", 16),
        ("静安区司法局", 12),
        ("静安区发展和改革委员会", 9),
        ("静安区财政局", 6),
        ("各功能片区", 5),
        ("市北国际科创区", 4),
        ("区委网信办", 3),
        ("南京西路-苏河湾中央活力区(CAZ)", 3),
        ("静安区人才局", 2),
        ("静安区教育局", 2),
        ("上海静安资本投资运营有限公司", 1),
        ("大宁“三生”融合创新区", 1),
        ("彭浦镇", 1),
    ]


def test_bodies_ranked_by_measures_gives_english_names(store):
    rows = ask(store, "bodies-ranked-by-measures.rq")
    assert rows[0]["body_en"] == "Jing'an District Science, Technology and Economy Commission"


# --- 2. measures shared by more than three bodies -----------------------------------------


@answers("measures-shared-by-many-bodies.rq")
def test_measures_shared_by_many_bodies(store):
    rows = cols(ask(store, "measures-shared-by-many-bodies.rq"), "document", "ordinal", "measure", "bodies")
    assert rows == [
        (DRC, 6, "加快国际化布局", 9),  # line 1816: 区发展改革委 + the 8 of measures 1-5
        (DRC, 40, "支持打造示范应用场景", 9),  # line 1917
        (DRC, 1, "加快吸引高能级主体", 8),  # lines 1802-1814: the same 8 bodies each
        (DRC, 2, "支持产业规模跃升", 8),
        (DRC, 3, "支持重大项目建设", 8),
        (DRC, 4, "鼓励提质增效发展", 8),
        (DRC, 5, "提升产业影响力", 8),
        (DRC, 18, "支持专业服务业品质化升级", 7),  # lines 1849-1857: the same 7 bodies each
        (DRC, 19, "增强专业服务业融合化质效", 7),
        (DRC, 20, "提升专业服务业数字化水平", 7),
        (DRC, 21, "推进专业服务业绿色化转型", 7),
        (DRC, 22, "推动专业服务业国际化发展", 7),
        (HR, 11, "建立统筹协调的工作推进机制", 6),  # line 192
        (HR, 3, "打造人力资源数智产业集聚空间", 5),
        (HR, 4, "建设人力资源数据要素创新平台", 5),
        (HR, 5, "实施“静安 HR+AI 智能体”攻坚行动", 5),
        (HR, 6, "深化区块链技术融合应用工程", 5),
        (HR, 7, "打造人力资源开放创新实验室", 5),
        (DRC, 47, "打造特色产业集聚区", 4),  # line 1933: CAZ, 大宁, 市北, 彭浦镇
        (HR, 1, "开展“智汇静安”产业集聚行动", 4),
        (HR, 9, "开展“数智化能力提升工程”", 4),
    ]


# --- 3. projects per area and category; per street ------------------------------------------


@answers("projects-per-area-and-category.rq")
def test_projects_per_area_and_category(store):
    rows = cols(ask(store, "projects-per-area-and-category.rq"), "area", "category", "projects")
    assert rows == [
        ("(未定位 not placed)", "产业发展类", 22),
        ("(未定位 not placed)", "基础设施类", 17),
        ("(未定位 not placed)", "社会民生类", 33),
        ("南京西路—苏河湾中央活力区(CAZ)", "产业发展类", 1),  # 5 北站街道晋元南一地块项目
        ("南京西路—苏河湾中央活力区(CAZ)", "基础设施类", 1),  # 70 北站街道38—02地块公园
        ("南京西路—苏河湾中央活力区(CAZ)", "社会民生类", 3),  # 38 静安寺, 44 天目西路, 55 北站
        ("大宁“三生”融合创新区", "社会民生类", 2),  # 39 共和新路, 43 芷江西路
        ("市北国际科创区", "社会民生类", 1),  # 41 临汾路
    ]
    # the table (gazette lines 1510-1591): 1-23 产业发展类, 24-62 社会民生类, 63-80 基础设施类
    per_category: dict[str, int] = {}
    for _, category, n in rows:
        per_category[category] = per_category.get(category, 0) + n
    assert per_category == {"产业发展类": 23, "社会民生类": 39, "基础设施类": 18}


@answers("projects-per-street.rq")
def test_projects_per_street(store):
    assert cols(ask(store, "projects-per-street.rq"), "street", "projects", "first") == [
        ("北站街道", 3, 5),  # 5, 55, 70
        ("大宁路街道", 2, 42),  # 42, 77
        ("彭浦镇", 1, 37),
        ("静安寺街道", 1, 38),
        ("共和新路街道", 1, 39),
        ("临汾路街道", 1, 41),  # filed under its street; the office name is an alias
        ("芷江西路街道", 1, 43),
        ("天目西路街道", 1, 44),
    ]


# --- 4. outcomes that missed their target ----------------------------------------------------


@answers("indicators-missing-2025-target.rq")
def test_no_indicator_missed_its_2025_target(store):
    # gazette lines 526-531 (表1): the comparable pairs all met their targets:
    # 社会消费品零售总额 1700 -> 1703.52, 外贸进出口总额 800 -> 910.8, 旧住房综合改造面积 80 -> 86.6
    assert ask(store, "indicators-missing-2025-target.rq") == []


def test_missing_target_query_finds_misses_for_2022(store):
    text = (QUERIES / "indicators-missing-2025-target.rq").read_text(encoding="utf-8")
    assert 'VALUES ?period { "2025" }' in text
    rows = store.select(text.replace('VALUES ?period { "2025" }', 'VALUES ?period { "2022" }'))
    # each miss once per statement of the outcome: the plan report's table and its prose (line 35)
    assert [(r["indicator"], r["gap"]) for r in rows] == [
        ("城镇登记失业人数", pytest.approx(-1224)),
        ("城镇登记失业人数", pytest.approx(-1224)),
        ("社会消费品零售总额", pytest.approx(-120)),
        ("社会消费品零售总额", pytest.approx(-120)),
        ("区级一般公共预算收入增长率", pytest.approx(-5.66)),
        ("区级一般公共预算收入增长率", pytest.approx(-5.66)),
        ("全社会固定资产投资总额增长率", pytest.approx(-5.5)),
        ("区级一般公共预算收入增长率", pytest.approx(-1.62)),  # 还原留抵退税因素后,实际同比增长4.38%
    ]


@answers("outcomes-below-target-any-year.rq")
def test_outcomes_below_target_any_year(store):
    rows = ask(store, "outcomes-below-target-any-year.rq")
    # plan-report-2022…txt lines 21-24 and 26 (表1); 城镇登记失业人数 is "lower is better"
    # the table's outcomes (lines 21-24, 26) and the same figures in the report's prose (lines 35, 144)
    assert cols(rows, "period", "indicator", "target", "outcome") == [
        ("2022", "全社会固定资产投资总额增长率", "增长8%以上", "增长2.5%"),
        ("2022", "区级一般公共预算收入增长率", "6%", "增长4.38%"),
        ("2022", "区级一般公共预算收入增长率", "6%", "增长0.34%"),
        ("2022", "区级一般公共预算收入增长率", "6%", "0.34%"),
        ("2022", "城镇登记失业人数", "完成市下达目标 (9600人以内)", "8376人"),
        ("2022", "城镇登记失业人数", "完成市下达目标 (9600人以内)", "8376人"),
        ("2022", "社会消费品零售总额", "1600亿元", "1480亿元"),
        ("2022", "社会消费品零售总额", "1600亿元", "1480亿元"),
    ]
    assert [r["gap"] for r in rows] == [
        pytest.approx(-5.5),
        pytest.approx(-1.62),
        pytest.approx(-5.66),
        pytest.approx(-5.66),
        pytest.approx(-1224),
        pytest.approx(-1224),
        pytest.approx(-120),
        pytest.approx(-120),
    ]
    assert {r["reported"] for r in rows} == {REPORT_2022}


# --- 5. 社会消费品零售总额 across documents and years ---------------------------------------


@answers("retail-sales-targets-and-outcomes.rq")
def test_retail_sales_targets_and_outcomes(store):
    rows = ask(store, "retail-sales-targets-and-outcomes.rq")
    assert cols(rows, "period", "kind", "value", "number", "document", "source", "line") == [
        ("2022", "Target", "1600亿元", 1600, REPORT_2022, PLAN_2022, 23),
        ("2022", "Outcome", "1480亿元", 1480, REPORT_2022, PLAN_2022, 23),
        ("2022", "Outcome", "1480亿元", 1480, REPORT_2022, PLAN_2022, 35),  # the review's prose
        ("2023", "Target", "1600亿元", 1600, REPORT_2022, PLAN_2022, 175),
        ("2025", "Target", "1700亿元", 1700, REPORT_2025, GAZETTE, 528),
        ("2025", "Outcome", "1703.52亿元", pytest.approx(1703.52), "政府工作报告", GAZETTE, 331),  # 工作回顾
        ("2025", "Outcome", "1703.52亿元", pytest.approx(1703.52), REPORT_2025, GAZETTE, 528),
        ("2025", "Outcome", "1703.52亿元", pytest.approx(1703.52), REPORT_2025, GAZETTE, 535),  # 执行情况 prose
        ("2026", "Target", "1750亿元", 1750, "政府工作报告", GAZETTE, 421),
        ("2026", "Target", "1750亿元", 1750, REPORT_2025, GAZETTE, 642),
        ("2026-2030", "Target", "2000亿元", 2000, PLAN_15, GAZETTE, 1042),  # 社会消费品零售总额力争达到2000亿元
        ("2026-2030", "Target", "2000 (五年达到)", 2000, PLAN_15, GAZETTE, 1061),
    ]


# --- 6. who is responsible for 金融服务业 ---------------------------------------------------


@answers("who-is-responsible-for-financial-services.rq")
def test_who_is_responsible_for_financial_services(store):
    rows = ask(store, "who-is-responsible-for-financial-services.rq")
    # gazette lines 1828-1845: （三）促进金融服务业深化发展, measures 11-17, all (责任部门：区投资办)
    assert cols(rows, "body", "document", "ordinal", "measure", "line") == [
        ("静安区投资促进办公室", DRC, 11, "提升科技金融", 1830),
        ("静安区投资促进办公室", DRC, 12, "优化绿色金融", 1832),
        ("静安区投资促进办公室", DRC, 13, "深化普惠金融", 1834),
        ("静安区投资促进办公室", DRC, 14, "拓展养老金融", 1839),
        ("静安区投资促进办公室", DRC, 15, "创新数字金融", 1841),
        ("静安区投资促进办公室", DRC, 16, "打造“股权投资集聚区”", 1843),
        ("静安区投资促进办公室", DRC, 17, "支持并购集聚区建设", 1845),
    ]
    for r in rows:
        assert r["quote"].startswith(f"{r['ordinal']}.{r['measure']}。")
        assert r["quote"].endswith("（责任部门：区投资办）")
    assert "绿色债券" in rows[1]["quote"]


# --- 7. streets of each area --------------------------------------------------------------


@answers("streets-of-each-area.rq")
def test_streets_of_each_area(store):
    rows = cols(ask(store, "streets-of-each-area.rq"), "area", "street", "boundary", "part")
    caz, daning, shibei = "南京西路—苏河湾中央活力区(CAZ)", "大宁“三生”融合创新区", "市北国际科创区"
    # gazette lines 1602, 1608, 1614: 内辖 …
    assert rows == [
        (caz, "北站街道", None, None),
        (caz, "南京西路街道", None, None),
        (caz, "天目西路街道", None, None),
        (caz, "曹家渡街道", None, None),
        (caz, "江宁路街道", None, None),
        (caz, "石门二路街道", None, None),
        (caz, "静安寺街道", None, None),
        (daning, "共和新路街道", None, None),
        (daning, "大宁路街道", "汶水路以南", "大宁路街道(汶水路以南)"),
        (daning, "宝山路街道", None, None),
        (daning, "彭浦镇", "汶水路以南", "彭浦镇(汶水路以南)"),
        (daning, "芷江西路街道", None, None),
        (shibei, "临汾路街道", None, None),
        (shibei, "大宁路街道", "汶水路以北", "大宁路街道(汶水路以北)"),
        (shibei, "彭浦新村街道", None, None),
        (shibei, "彭浦镇", "汶水路以北", "彭浦镇(汶水路以北)"),
    ]


# --- 8. organisations by type ---------------------------------------------------------------


@answers("organisations-by-type.rq")
def test_organisations_by_type(store):
    rows = ask(store, "organisations-by-type.rq")
    assert cols(rows, "type", "orgs") == [
        ("GovernmentBody", 17),
        ("Enterprise", 14),  # the 13 state-owned groups of the 人事任免 + 静安资本
        ("Street", 14),  # Jing'an's 13 streets and 彭浦镇
        ("(none)", 10),  # schools, hospitals and centres of the 人事任免
        ("AreaBody", 4),  # the three 片区 named as responsible, and 各功能片区
        ("StreetPart", 4),  # 大宁路街道 and 彭浦镇, north and south of 汶水路
        ("PartyBody", 2),  # 中共静安区委, 区委网信办
    ]
    assert sum(r["orgs"] for r in rows) == 65
    assert all(isinstance(r["example"], str) and r["example"] for r in rows)


# --- 9. binding indicators of the 15th five-year plan ---------------------------------------


@answers("binding-indicators-15th-plan.rq")
def test_binding_indicators_of_the_15th_plan(store):
    rows = ask(store, "binding-indicators-15th-plan.rq")
    # gazette lines 1070 and 1074-1077: 序号 14, 18-21, 指标属性 约束性
    assert cols(rows, "indicator", "unit", "target", "number", "line") == [
        ("生活垃圾回收利用率", "%", "50%", 50, 1048),  # the plan's prose: 生活垃圾回收利用率达到50%
        ("单位生产总值生产安全事故死亡率", "人/亿元", "0.006 (五年年均)", pytest.approx(0.006), 1070),
        ("单位生产总值二氧化碳排放降低", "%", "完成市下达目标", None, 1074),
        ("细颗粒物年均浓度", "微克/立方米", "完成市下达目标", None, 1075),
        ("地表水优良水体比例", "%", "完成市下达目标", None, 1076),
        ("生活垃圾回收利用率", "%", "50 (五年达到)", 50, 1077),
    ]


# --- 10. service projects per service area -------------------------------------------------


@answers("service-projects-per-area.rq")
def test_service_projects_per_area(store):
    rows = cols(ask(store, "service-projects-per-area.rq"), "service_area", "projects", "first", "last")
    # gazette lines 66-142: 一、为老服务方面 1-8 … 十、公共安全方面 43-45
    assert rows == [
        ("为老服务", 8, 1, 8),
        ("教育服务", 5, 9, 13),
        ("住房保障", 4, 14, 17),
        ("就业培训", 3, 18, 20),
        ("健康服务", 7, 21, 27),
        ("文化服务", 6, 28, 33),
        ("体育健身", 3, 34, 36),
        ("城区环境", 3, 37, 39),
        ("便民服务", 3, 40, 42),
        ("公共安全", 3, 43, 45),
    ]
    assert sum(r[1] for r in rows) == 45


# --- 11. appointments and removals -----------------------------------------------------------


@answers("appointments-and-removals.rq")
def test_appointments_and_removals(store):
    rows = ask(store, "appointments-and-removals.rq")
    # gazette lines 200-225 (任命, 25 people, 28 posts) and 227-253 (免去, 23 people, 30 posts)
    assert len(rows) == 58
    assert sum(r["action"] == "任命" for r in rows) == 28
    assert sum(r["action"] == "免去" for r in rows) == 30
    assert len({r["person"] for r in rows}) == 36
    assert all(r["organisation"] for r in rows)

    def of(person):
        return [(r["action"], r["post"], r["organisation"], r["line"]) for r in rows if r["person"] == person]

    assert of("徐平") == [  # lines 219, 240-241
        ("任命", "上海静安资本投资运营有限公司总会计师", "上海静安资本投资运营有限公司", 219),
        ("任命", "上海静安资本投资运营有限公司董事", "上海静安资本投资运营有限公司", 219),
        ("免去", "上海静安产业引导股权投资基金有限公司董事", "上海静安产业引导股权投资基金有限公司", 240),
        ("免去", "上海静安投资(集团)有限公司总会计师", "上海静安投资(集团)有限公司", 240),
        ("免去", "上海静安投资(集团)有限公司董事", "上海静安投资(集团)有限公司", 240),
    ]
    assert of("王艳") == [  # lines 215, 235
        ("任命", "上海市静安区人民政府江宁路街道办事处主任", "江宁路街道", 215),
        ("免去", "上海市静安区发展和改革委员会副主任", "静安区发展和改革委员会", 235),
    ]
    notes = {r["person"]: r["note"] for r in rows if r["note"]}
    assert notes == {  # the remarks in brackets, lines 205-217
        "沈云宇": "试用期一年",
        "蔡颖婕": "试用期一年",
        "傅光远": "挂职",
        "王怡静": "挂职",
        "陈佳彦": "试用期满,正式任命",
        "吴晓宇": "挂职,挂职期一年",
    }


# --- 12. the (3+3)+(1+3+X) industry system ---------------------------------------------------


@answers("industry-system-focus-fields.rq")
def test_industry_system_focus_fields(store):
    rows = ask(store, "industry-system-focus-fields.rq")
    # gazette lines 1620-1646 (附件3)
    assert cols(rows, "group", "industry", "focus_fields") == [
        ("三大优势产业", "专业服务业", 6),
        ("三大优势产业", "时尚消费业", 4),
        ("三大优势产业", "金融服务业", 4),
        ("三大新兴产业", "数据智能产业", 4),
        ("三大新兴产业", "文化创意产业", 4),
        ("三大新兴产业", "生命健康产业", 6),
        ("三大细分赛道", "区块链产业赛道", 4),
        ("三大细分赛道", "美妆健康产业赛道", 2),
        ("三大细分赛道", "超高清视听产业赛道", 0),
        ("商业文化创意科技融合创新", "商业文化创意科技融合创新", 0),
        ("未来产业赛道", "未来产业赛道", 4),
    ]
    fields = {r["industry"]: set(r["fields"].split("、")) if r["fields"] else set() for r in rows}
    assert fields["金融服务业"] == {"资产管理", "股权投资", "产业并购", "数字金融"}
    assert fields["专业服务业"] == {"法律", "广告", "人力资源", "咨询调查", "会计审计", "检测认证"}
    assert fields["生命健康产业"] == {"生物医药", "医疗器械", "美妆健康", "AI+医疗", "运动康复", "银发科技"}
    assert fields["未来产业赛道"] == {"具身智能", "脑机接口", "新型储能", "量子科技"}
    assert fields["超高清视听产业赛道"] == set()


# --- 13. documents with publishers, 文号 and date ----------------------------------------------


@answers("documents-publishers.rq")
def test_documents_with_publishers(store):
    rows = ask(store, "documents-publishers.rq")
    assert len(rows) == 13
    docs = {
        r["title"]: (
            r["number"],
            r["date"],
            set(r["publishers"].split("、")) if r["publishers"] else set(),
            r["source"],
        )
        for r in rows
    }
    assert docs["上海市静安区人民政府关于印发《2026年静安区为民办实事项目》的通知"] == (
        "静府发〔2026〕1号",
        "2026-01-19",
        {"上海市静安区人民政府"},
        GAZETTE,
    )  # lines 56-60
    # lines 1780-1784 and the signature block 1937-1941: the DRC and eight co-signers
    assert docs["上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施"] == (
        DRC,
        "2026-01-26",
        {
            "静安区发展和改革委员会",
            "静安区商务委员会",
            "静安区科技和经济委员会",
            "静安区司法局",
            "静安区人力资源和社会保障局",
            "静安区文化和旅游局",
            "静安区市场监督管理局",
            "静安区数据局",
            "静安区投资促进办公室",
        },
        GAZETTE,
    )
    assert docs["中共静安区委静安区人民政府关于2025年度上海市静安区人民政府法治政府建设情况报告"][1:3] == (
        "2026-02-13",
        {"中共静安区委", "上海市静安区人民政府"},
    )
    assert docs[REPORT_2022] == (None, "2023-01-05", {"静安区发展和改革委员会"}, PLAN_2022)
    assert docs[PLAN_15][:3] == (None, "2026-01-16", set())
    assert {r["number"] for r in rows if r["number"]} == {
        "静府议〔2024〕2号",
        "静府发〔2026〕1号",
        "静府发〔2026〕2号",
        DRC,
        "静人社〔2026〕17号",
    }
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated) and dated[-1] == "2026-02-13"


# --- 14. every fact from one source line range -----------------------------------------------


@answers("facts-from-source-lines.rq")
def test_facts_from_one_source_line_range(store):
    rows = ask(store, "facts-from-source-lines.rq")
    # gazette lines 1800-1850: the DRC's measures 1-18, one line each
    measure_lines = [
        1802,
        1804,
        1806,
        1812,
        1814,
        1816,
        1820,
        1822,
        1824,
        1826,
        1830,
        1832,
        1834,
        1839,
        1841,
        1843,
        1845,
        1849,
    ]
    measures = [r for r in rows if r["type"] == "Measure"]
    assert [(r["line_start"], r["line_end"]) for r in measures] == [(n, n) for n in measure_lines]
    assert [r["node"].rsplit("/", 1)[1] for r in measures] == [str(i) for i in range(1, 19)]
    assert measures[0]["label"] == "加快吸引高能级主体" and measures[-1]["label"] == "支持专业服务业品质化升级"
    others = [(r["line_start"], r["type"], r["label"]) for r in rows if r["type"] != "Measure"]
    assert others == [(1832, "Concept", "绿色金融"), (1849, "GovernmentBody", "静安区财政局")]
    assert len(rows) == 20
    assert all(1800 <= r["line_start"] <= r["line_end"] <= 1850 for r in rows)


# --- bodies of a district ----------------------------------------------------------------


@answers("bodies-of-a-district.rq")
def test_bodies_of_a_district(store):
    """Unbound, every district's bodies: the given sources are all Jing'an's, so the same counts as
    bodies-ranked-by-measures.rq (tests/test_districts.py binds ?district to 长宁区)."""
    rows = ask(store, "bodies-of-a-district.rq")
    ranked = cols(ask(store, "bodies-ranked-by-measures.rq"), "body", "measures")
    assert cols(rows, "label", "measures") == ranked
    assert ranked[:3] == [("静安区科技和经济委员会", 34), ("静安区人力资源和社会保障局", 25), ("静安区数据局", 24)]
    assert all(r["inferred"] is None for r in rows)  # Jing'an's bodies are curated or stated
