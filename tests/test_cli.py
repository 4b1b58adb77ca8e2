"""The CLI: exact output for the documented examples, errors as messages with exit status 1."""

import json

import yaml
from click.testing import CliRunner

from jingan_kg.cli import main

from .conftest import ROOT

WHO_GREEN_FINANCE = """\
绿色金融 (measure: 优化绿色金融): 1 body, 1 citation

静安区投资促进办公室 (Jing'an District Investment Promotion Office / 区投资办)
  上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施（静发改委〔2026〕3号）
    12. 优化绿色金融  [gazette-2026-01.txt:1832]
       “12.优化绿色金融。…（责任部门：区投资办）”
"""

WHO_TALENT = """\
静安区人才局 is responsible for 2 measures

静安区人才局 (Jing'an District Talent Bureau / 区人才局)
  上海市静安区人民政府关于批转区人力资源社会保障局《静安区关于加快推进人力资源服务业数智化转型发展的实施方案》的通知（静府发〔2026〕2号）
    8. 实施人力资源人才培养计划  [gazette-2026-01.txt:184]
       “（八）实施人力资源人才培养计划。…（责任单位：区人才局、区人力资源社会保障局、区教育局）”
  上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施（静发改委〔2026〕3号）
    46. 强化人才引育和服务保障  [gazette-2026-01.txt:1931]
       “46.强化人才引育和服务保障。…（责任部门：区人才局）”
"""


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_who_table_exact(built):
    result = run("who", "绿色金融", "--out", str(built[1]))
    assert result.exit_code == 0
    assert result.output == WHO_GREEN_FINANCE


def test_who_body_answers_what_it_is_responsible_for(built):
    result = run("who", "区人才局", "--out", str(built[1]))
    assert (result.exit_code, result.output) == (0, WHO_TALENT)


def test_who_full_name_and_abbreviation_give_the_same_answer(built):
    a = run("who", "区商务委", "--out", str(built[1]), "--format", "json")
    b = run("who", "静安区商务委员会", "--out", str(built[1]), "--format", "json")
    ja, jb = json.loads(a.output), json.loads(b.output)
    assert [g["bodies"] for g in ja["groups"]] == [g["bodies"] for g in jb["groups"]]
    assert [m["ordinal"] for m in ja["groups"][0]["bodies"][0]["citations"]] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        18,
        19,
        20,
        21,
        22,
        40,
    ]


def test_who_json(built):
    data = json.loads(run("who", "绿色金融", "--out", str(built[1]), "--format", "json").output)
    assert list(data) == ["query", "reading", "mode", "groups", "also", "renamings"]  # the README's keys
    assert data["reading"] == {"frame": None, "topic": "绿色金融", "intent": None, "asked": None, "english": None}
    assert data["mode"] == "topic"
    [group] = data["groups"]
    assert (group["kind"], group["label"], group["responsibility"]) == ("measure", "优化绿色金融", True)
    [body] = group["bodies"]
    assert body["label"] == "静安区投资促进办公室" and body["aliases"] == ["区投资办"]
    [m] = body["citations"]
    assert (m["relations"], m["kind"], m["matched"]) == (["responsible for"], "measure", ["绿色金融"])
    assert (m["ordinal"], m["identifier"], m["source"], m["line_start"]) == (
        12,
        "静发改委〔2026〕3号",
        "gazette-2026-01.txt",
        1832,
    )


def test_who_no_match_exits_1_with_message(built):
    result = CliRunner().invoke(main, ["who", "火星移民", "--out", str(built[1])])
    assert result.exit_code == 1
    assert result.output.startswith("No match: nothing in the graph matches '火星移民'")
    assert "Closest: " in result.output


def test_who_without_a_store_says_build_first(tmp_path):
    result = CliRunner().invoke(main, ["who", "绿色金融", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no graph store at {tmp_path / 'store'}\n"
        "Hint: Run `jingan-kg build` first (or pass --out to where you built it).\n"
    )


def test_build_prints_counts(built, tmp_path):
    result = run("build", "--out", str(tmp_path))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    counts = yaml.safe_load((ROOT / "tests" / "expected" / "graph.yaml").read_text(encoding="utf-8"))["counts"]
    assert lines[: len(counts) + 4] == [
        f"Built {tmp_path}/ ({built[0].triples} triples)",
        "",
        "kind             count",
        *(f"{k:<16}{v:>6}" for k, v in counts.items()),
        "",
    ]
    assert lines[len(counts) + 4 : len(counts) + 6] == [
        "per source",
        "  gazette-2026-01.txt: documents 10, measures 60, industries 53, "
        "areas 6, projects 80, targets 217, outcomes 418, service projects 45, "
        "appointments 58, terms 32",
    ]
    warnings = len(yaml.safe_load((ROOT / "tests" / "expected" / "graph.yaml").read_text(encoding="utf-8"))["warnings"])
    shown = next(line for line in lines if line.startswith("warnings: "))
    assert int(shown.split()[1]) > warnings and "unresolved bodies: 0" in lines  # and the prose numbers untied
    assert (
        "  gazette-2026-01.txt:1549: project 37: ('彭浦镇',) is split between areas; no area assigned "
        "[project-area-ambiguous]" in lines
    )


def test_build_bad_source_message_names_file_and_line(make_sources, tmp_path):
    root = make_sources({"empty.txt": ""}, with_real=True)
    result = CliRunner().invoke(main, ["build", "--sources", str(root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {root / 'empty.txt'}:1: the file is empty (0 bytes, no text)\n"
        "Hint: Remove it or put the document's text in it.\n"
    )
    assert not (tmp_path / "o" / "store").exists()


def test_build_report_lists_warnings_with_file_and_line(make_sources, tmp_path):
    doc = (
        "上海市静安区数据局关于数据产业的若干措施\n\n(2027年3月9日)\n\n"
        "1. 支持数据集。支持建设数据集。（责任部门：区数据局、区火星局）\n\n2. 支持算力。设立算力券。\n"
    )
    root = make_sources({"extra.txt": doc}, with_real=True)
    result = run("build", "--sources", str(root), "--out", str(tmp_path / "o"))
    before = run("build", "--out", str(tmp_path / "real")).output
    count = int(next(line for line in before.splitlines() if line.startswith("warnings: ")).split()[1])
    assert f"warnings: {count + 2}" in result.output  # the real sources' and these 2
    assert (
        "  extra.txt:5: measure 1: body '区火星局' is not in data/curated/organisations.yaml; "
        "kept as an unresolved organisation [unresolved-body]" in result.output
    )
    assert (
        "  extra.txt:7: measure 2 has no responsibility clause (责任部门/责任单位) [no-responsibility-clause]"
        in result.output
    )
    assert "unresolved bodies: 1\n  区火星局\n" in result.output


def test_every_command_is_documented():
    import click

    ctx = click.Context(main)
    names = main.list_commands(ctx)  # the commands are loaded when asked for (cli/__init__.py's _LAZY)
    assert {"build", "who", "show", "search", "targets", "query", "viz", "ledger", "flags", "serve"} <= set(names)
    for name in names:
        command = main.get_command(ctx, name)
        assert command is not None and command.help and "Example:" in command.help, name


TARGETS_RETAIL = """\
社会消费品零售总额  [亿元]  [预期性]

period     target           stated in                                         outcome      reported in                                       gap
---------  ---------------  ------------------------------------------------  -----------  ------------------------------------------------  -----
2022       1600亿元         plan-report-2022-execution-2023-draft.txt:23 关…  1480亿元     plan-report-2022-execution-2023-draft.txt:23 关…  -120
                                                                              1480亿元     plan-report-2022-execution-2023-draft.txt:35 关…
2023       1600亿元         plan-report-2022-execution-2023-draft.txt:175 …
2025       1700亿元         gazette-2026-01.txt:528 关于静安区2025年国民经…   1703.52亿元  gazette-2026-01.txt:331 政府工作报告              +3.52
                                                                              1703.52亿元  gazette-2026-01.txt:528 关于静安区2025年国民经…
                                                                              1703.52亿元  gazette-2026-01.txt:535-537 关于静安区2025年国…
2026       1750亿元         gazette-2026-01.txt:421 政府工作报告
           1750亿元         gazette-2026-01.txt:642 关于静安区2025年国民经…
2026-2030  2000亿元         gazette-2026-01.txt:1042 上海市静安区国民经济和…
           2000 (五年达到)  gazette-2026-01.txt:1061 上海市静安区国民经济和…
"""


def test_targets_table_exact(built):
    # hand-checked: plan-report…:23 社会消费品零售总额 1600 亿元 / 1480 亿元, :35 the review's prose 1480亿元;
    # :175 2023 target 1600 亿元; gazette:528 1700亿元 / 1703.52亿元, the same outcome in the work report's
    # review (:331) and the plan report's prose (:535-537); :421 and :642 2026 target 1750亿元; 2026-2030:
    # :1042 the outline's prose 力争达到2000亿元, :1061 its table 2000 (五年达到)
    result = run("targets", "社会消费品零售总额", "--out", str(built[1]))
    assert (result.exit_code, result.output) == (0, TARGETS_RETAIL)


def test_targets_csv(built):
    result = run("targets", "社会消费品零售总额", "--out", str(built[1]), "--format", "csv")
    lines = result.output.splitlines()
    assert lines[0] == "period,role,value,numeric,unit,document,identifier,source,line_start,line_end,gap,district"
    assert lines[1].startswith("2022,target,1600亿元,1600,亿元,") and lines[1].endswith(",-120,静安区")
    assert len(lines) == 1 + 12  # 12 values: 2022 ×3, 2023, 2025 ×4, 2026 ×2, 2026-2030 ×2


def test_search_table_and_json(built):
    result = run("search", "晋元", "--out", str(built[1]))
    assert result.output == (
        "score  kind     label                     matched                   field\n"
        "-----  -------  ------------------------  ------------------------  -----\n"
        "60     project  北站街道晋元南一地块项目  北站街道晋元南一地块项目  label\n"
    )
    data = json.loads(run("search", "区发改委", "--out", str(built[1]), "--format", "json").output)
    assert data[0]["label"] == "静安区发展和改革委员会" and data[0]["field"] == "alias"


def test_show_table_head(built):
    lines = run("show", "区投资办", "--out", str(built[1])).output.splitlines()
    assert lines[:7] == [
        "静安区投资促进办公室  (organisation)",
        "  https://w3id.org/jingan-kg/id/org/jingan-investment",
        "  types: jkg:GovernmentBody, org:Organization",
        "",
        "  skos:altLabel      区投资办",
        "  skos:prefLabel     Jing'an District Investment Promotion Office",
        "  skos:prefLabel     静安区投资促进办公室",
    ]
    assert lines[-2:] == ["provenance", "  gazette-2026-01.txt:1941  “静安区投资促进办公室”"]


def test_query_formats(built):
    q = "SELECT ?n WHERE { ?m a jkg:Measure ; jkg:ordinal ?n } ORDER BY ?n LIMIT 2"
    out = str(built[1])
    assert run("query", "-e", q, "--out", out).output == "n\n-\n1\n1\n(2 rows)\n"
    assert run("query", "-e", q, "--out", out, "--format", "csv").output.splitlines() == ["n", "1", "1"]
    assert run("query", "-e", q, "--out", out, "--format", "tsv").output.splitlines()[0] == "?n"
    data = json.loads(run("query", "-e", q, "--out", out, "--format", "json").output)
    assert data["head"] == {"vars": ["n"]} and data["results"]["bindings"][0]["n"]["value"] == "1"
    assert run("query", "-e", "ASK { ?m a jkg:Measure }", "--out", out).output == "true\n"
    ttl = run("query", "-e", "CONSTRUCT { ?o a jkg:Street } WHERE { ?o a jkg:Street } LIMIT 1", "--out", out).output
    assert "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in ttl or " a " in ttl


def test_query_file_and_errors(built, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("# measures\nSELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }\n", encoding="utf-8")
    assert run("query", str(rq), "--out", str(built[1])).output == "n\n--\n60\n(1 row)\n"
    bad = CliRunner().invoke(main, ["query", "-e", "SELECT * WHERE { ?s ?p }", "--out", str(built[1])])
    assert bad.exit_code == 1 and bad.output.startswith("Error: query failed: error at 1:25")
    usage = CliRunner().invoke(main, ["query", "--out", str(built[1])])
    assert usage.exit_code == 2 and "give a query FILE or -e SPARQL" in usage.output


def test_stats_and_validate(built):
    lines = run("stats", "--out", str(built[1])).output.splitlines()
    assert lines[2].split() == ["triples", str(built[0].triples)] and lines[5].split() == ["measures", "60"]
    assert run("validate", "--out", str(built[1])).output == "The graph conforms to ontology/shapes.ttl.\n"


def test_top_level_help_shows_examples_that_run(built):
    """Each example of `jingan-kg --help` that asks the graph answers it (exit 0, some output)."""
    import shlex

    from jingan_kg.cli import EXAMPLES

    shown = CliRunner().invoke(main, ["--help"]).output
    examples = [line.strip() for line in EXAMPLES.splitlines() if line.strip().startswith("jingan-kg ")]
    assert len(examples) == 8 and all(e.split("  ")[0] in shown for e in examples)
    for example in examples:
        words = shlex.split(example.split("  ")[0])[1:]
        if words[0] in ("build", "serve"):  # writes or listens: tested by their own tests
            continue
        result = CliRunner().invoke(main, [*words, "--out", str(built[1])])
        assert result.exit_code == 0 and result.output.strip(), (example, result.output)
    who = CliRunner().invoke(main, ["who", "人工智能由哪个部门牵头", "--out", str(built[1])]).output
    assert who.startswith("Read as: who is responsible for 人工智能")
