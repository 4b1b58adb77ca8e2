"""A synthetic corpus k times the real one, as a folder of .txt documents the extractors read unchanged.

Scale k (k >= 1) means the real sources (data/sources/*.txt and manifest.yaml, copied as they
are) plus k - 1 synthetic copies of the kinds that grow with the district's output, so that the
corpus holds about k times the real measures, projects and plan-report years:

- measures: each copy is a "gazette" file holding two measures documents modelled on the real
  ones (the DRC's 若干措施: sections such as （二）促进时尚消费产业繁荣发展 over numbered measures
  7.释放消费市场活力。…（责任部门：区商务委）; and the HR-services plan: （一）…(责任单位：…)),
  each with its own 文号 (静测〔2031〕N号), title, date and signature block. Measures are the
  real ones of the same section with a varied title verb, their sentences shuffled, and bodies
  drawn from the real clauses' abbreviations (区商务委, 区数据局 …) plus the copy's own synthetic
  body 区测试N局 (it resolves as an unresolved organisation, as an unknown body would);
- projects: the same gazette file holds a project list (附件1, 序号/项目名称/项目属性, TAB-separated)
  of 80 projects with distinct names, many placed in a street or town (北站街道, 彭浦镇 …);
- plan-report years: the real plan report (表1 … 指标名称/全年预期目标/完成情况, 表7 …) moved to
  another year (2022 - n, its years shifted alike) with different numbers in its tables and the
  same indicator names, one file per year.

Everything is drawn from one seeded random generator: the same scale and seed give the same
bytes. Run: `python benchmarks/corpus.py --scale 10 --out /tmp/corpus10`.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "data" / "sources"
GAZETTE = "gazette-2026-01.txt"
PLAN_REPORT = "plan-report-2022-execution-2023-draft.txt"

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
CN_DIGITS = "零一二三四五六七八九"
ARABIC_MEASURE = re.compile(r"^(\d{1,2})\s*[.．]\s*(\S.*)$")
PAREN_ITEM = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(\S.*)$")
CHINESE_HEADING = re.compile(r"^([一二三四五六七八九十]+)、\s*(\S.*)$")
CLAUSE = re.compile(r"[（(](责任部门|责任单位)[:：](.+)[）)]$")

VERBS = [
    "优化",
    "提升",
    "深化",
    "加强",
    "推进",
    "支持",
    "促进",
    "拓展",
    "创新",
    "完善",
    "加快",
    "培育",
    "强化",
    "鼓励",
    "推动",
    "打造",
    "实施",
    "构建",
    "建设",
    "开展",
    "扩大",
    "引导",
    "建立",
    "设立",
]
STREETS = [
    "静安寺街道",
    "南京西路街道",
    "江宁路街道",
    "石门二路街道",
    "曹家渡街道",
    "天目西路街道",
    "北站街道",
    "宝山路街道",
    "芷江西路街道",
    "共和新路街道",
    "大宁路街道",
    "彭浦新村街道",
    "临汾路街道",
    "彭浦镇",
]
ROADS = [
    "南京西路",
    "共和新路",
    "汶水路",
    "万荣路",
    "延长中路",
    "广中路",
    "临汾路",
    "江场路",
    "西藏北路",
    "天目中路",
    "北京西路",
    "新闸路",
    "昌平路",
    "长寿路",
    "康定路",
    "武定路",
    "愚园路",
    "常德路",
    "安远路",
    "宝山路",
    "永兴路",
    "中华新路",
    "平型关路",
    "场中路",
    "灵石路",
    "芷江中路",
    "中兴路",
    "大统路",
]
PROJECT_KINDS = [  # (name ending, category)
    ("商办项目", "产业发展类"),
    ("城市更新项目", "产业发展类"),
    ("产业项目", "产业发展类"),
    ("商业用房改建项目", "产业发展类"),
    ("研发中心建设项目", "产业发展类"),
    ("旧住房改建项目", "社会民生类"),
    ("社区卫生服务中心新建工程项目", "社会民生类"),
    ("幼儿园新建工程项目", "社会民生类"),
    ("小学改扩建工程项目", "社会民生类"),
    ("社区文化活动中心建设项目", "社会民生类"),
    ("养老服务综合体新建项目", "社会民生类"),
    ("公共绿地新建项目", "基础设施类"),
    ("道路新建工程项目", "基础设施类"),
    ("地下停车场新建项目", "基础设施类"),
    ("调蓄池工程项目", "基础设施类"),
]
ISSUERS = [
    "静安区发展和改革委员会",
    "静安区商务委员会",
    "静安区科技和经济委员会",
    "静安区数据局",
    "静安区投资促进办公室",
]
TOPICS = [
    "构建现代化产业体系、促进经济高质量发展",
    "推动时尚消费产业繁荣发展",
    "加快数据智能产业创新发展",
    "促进金融服务业深化发展",
    "支持专业服务业高质量发展",
    "推进文化创意产业融合发展",
    "促进生命健康产业加快发展",
    "加快培育新质生产力",
    "支持重点产业集聚和能级提升",
    "优化营商环境、服务企业发展",
]
HR_TOPICS = [
    "加快推进人力资源服务业数智化转型发展",
    "促进人力资源服务业高质量发展",
    "推动人力资源服务业集聚发展",
    "建设人力资源服务业创新发展示范区",
]
SIGNERS = [
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
MEASURES_PER_COPY = (47, 13)  # the DRC document's measures, the HR-services plan's measures
PROJECTS_PER_COPY = 80


def chinese_number(n: int) -> str:
    """1 → 一, 13 → 十三, 21 → 二十一 (up to 99, as ordinals are written)."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[units]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[units] if units else "")


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch not in SUPERSCRIPTS).strip()


@dataclass
class Measure:
    """A real measure: its title sentence, the other sentences, and the bodies of its clause."""

    title: str
    sentences: list[str]
    clause_word: str
    bodies: list[str]


@dataclass
class Section:
    heading: str  # 二、… or 三、…
    sub: str | None  # （一）… under it, if any
    measures: list[Measure] = field(default_factory=list)


def _measure(text: str) -> Measure | None:
    m = CLAUSE.search(text)
    if not m:
        return None
    statement = text[: m.start()]
    parts = [s + "。" for s in statement.split("。") if s.strip()]
    if len(parts) < 2:
        return None
    bodies = [b.strip() for b in m.group(2).split("、") if b.strip()]
    return Measure(parts[0].rstrip("。"), parts[1:], m.group(1), bodies)


@dataclass
class Real:
    """What the generator borrows from the real sources."""

    drc_preamble: str
    drc_general: list[str]  # the 总体要求 items (no clauses)
    drc_sections: list[Section]
    drc_closing: str
    hr_preamble: str
    hr_sections: list[Section]
    bodies: list[str]  # every abbreviation of every clause, as often as it is used


def read_real(root: Path = REAL) -> Real:
    """Parse the real DRC measures document and HR-services plan of the gazette (plain regexes)."""
    lines = [_clean(x) for x in (root / GAZETTE).read_text(encoding="utf-8").split("\n")]
    start = lines.index("静发改委〔2026〕3号")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("本措施自公布之日起生效"))
    preamble = next(x for x in lines[start:end] if x.startswith("为深入贯彻"))
    general, sections, heading, sub, in_general = [], [], None, None, False
    for x in lines[start:end]:
        if m := CHINESE_HEADING.match(x):
            heading, sub, in_general = x, None, m.group(2) == "总体要求"
            continue
        if m := PAREN_ITEM.match(x):
            sub = f"（{m.group(1)}）{m.group(2)}"
            continue
        if m := ARABIC_MEASURE.match(x):
            if in_general:
                general.append(m.group(2))
            elif measure := _measure(m.group(2)):
                if not sections or (sections[-1].heading, sections[-1].sub) != (heading, sub):
                    sections.append(Section(heading, sub))
                sections[-1].measures.append(measure)
    hr_start = lines.index("静府发〔2026〕2号")
    hr_end = next(i for i in range(hr_start, len(lines)) if lines[i].endswith("区政府人事任免事项"))
    hr_preamble = next(x for x in lines[hr_start:hr_end] if x.startswith("为深入贯彻"))
    hr_sections: list[Section] = []
    for x in lines[hr_start:hr_end]:
        if CHINESE_HEADING.match(x):
            hr_sections.append(Section(x, None))
        elif (m := PAREN_ITEM.match(x)) and hr_sections and (measure := _measure(m.group(2))):
            hr_sections[-1].measures.append(measure)
    bodies = [b for s in sections + hr_sections for m in s.measures for b in m.bodies]
    return Real(preamble, general, sections, lines[end], hr_preamble, [s for s in hr_sections if s.measures], bodies)


# --- generators ---------------------------------------------------------------------------------


def _vary(rng: random.Random, m: Measure, pool: list[str], own_body: str) -> tuple[str, str, list[str]]:
    """A measure like m: another title verb, its sentences shuffled, bodies redrawn in part."""
    title = m.title
    head = next((v for v in VERBS if title.startswith(v)), None)
    title = rng.choice(VERBS) + title[len(head) :] if head else rng.choice(VERBS) + title
    sentences = list(m.sentences)
    rng.shuffle(sentences)
    keep = max(1, len(sentences) - rng.randint(0, 1))
    body = title + "。" + "".join(sentences[:keep])
    bodies = list(m.bodies)
    if rng.random() < 0.4:
        extra = rng.choice(pool)
        if extra not in bodies:
            bodies.insert(rng.randint(0, len(bodies)), extra)
    if rng.random() < 0.3:
        bodies.append(own_body)
    return title, body, bodies


def _date(rng: random.Random, year: int) -> str:
    return f"({year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日)"


def _signature(rng: random.Random, issuer: str) -> list[str]:
    names = [issuer] + rng.sample([s for s in SIGNERS if s != issuer], rng.randint(2, 6))
    return ["\t".join(names[i : i + 2]) for i in range(0, len(names), 2)]


def _counts(sections: list[Section], total: int) -> list[int]:
    """Measures per section: as many as the real section has, the few the parser skipped (a measure
    split over a page) added round-robin from the last section, so a copy has the real total."""
    counts = [len(s.measures) for s in sections]
    for i in range(max(0, total - sum(counts))):
        counts[-1 - i % len(counts)] += 1
    return counts


def drc_document(rng: random.Random, real: Real, number: int, own_body: str) -> list[str]:
    """A DRC-style 若干措施: head, 总体要求, sections of numbered measures with 责任部门 clauses."""
    issuer = rng.choice(ISSUERS)
    out = [
        f"上海市{issuer}关于{rng.choice(TOPICS)}的若干措施",
        "",
        _date(rng, 2031),
        "",
        f"静测〔2031〕{number}号",
        "",
        real.drc_preamble,
        "",
        "一、总体要求",
        "",
    ]
    for i, item in enumerate(real.drc_general, 1):
        out += [f"{i}. {item}", ""]
    # as many measures per section as the real document has, drawn from that section's measures
    ordinal, heading = 0, None
    for section, count in zip(real.drc_sections, _counts(real.drc_sections, MEASURES_PER_COPY[0])):
        if section.heading != heading:
            heading = section.heading
            out += [heading, ""]
        if section.sub:
            out += [section.sub, ""]
        for _ in range(count):
            ordinal += 1
            title, body, bodies = _vary(rng, rng.choice(section.measures), real.bodies, own_body)
            out += [f"{ordinal}.{body}（责任部门：{'、'.join(bodies)}）", ""]
    out += [real.drc_closing.replace("2026", "2031"), ""] + _signature(rng, issuer) + [""]
    return out


def hr_document(rng: random.Random, real: Real, number: int, own_body: str) -> list[str]:
    """An HR-services plan: a 批转 notice whose plan numbers its measures （一）… with 责任单位."""
    topic = rng.choice(HR_TOPICS)
    out = [
        "上海市静安区人民政府",
        "关于批转区人力资源社会保障局",
        f"《静安区关于{topic}的实施方案》的通知",
        "",
        _date(rng, 2031),
        "",
        f"静测〔2031〕{number}号",
        "",
        "区政府各委、办、局，各街道办事处、彭浦镇政府：",
        "",
        f"区人力资源社会保障局《静安区关于{topic}的实施方案》已经区政府第{rng.randint(100, 300)}次常务会议通过，"
        "现批转给你们，请遵照执行。",
        "",
        f"静安区关于{topic}的实施方案",
        "",
        real.hr_preamble,
        "",
    ]
    ordinal = 0
    counts = _counts(real.hr_sections, MEASURES_PER_COPY[1])
    for n, (section, count) in enumerate(zip(real.hr_sections, counts), 1):
        out += [f"{chinese_number(n)}、{section.heading.split('、', 1)[1]}", ""]
        for _ in range(count):
            ordinal += 1
            title, body, bodies = _vary(rng, rng.choice(section.measures), real.bodies, own_body)
            out += [f"（{chinese_number(ordinal)}）{body}（责任单位：{'、'.join(bodies)}）", ""]
    return out


def project_document(rng: random.Random, copy: int, number: int) -> list[str]:
    """A list of 80 major projects (附件1, 序号/项目名称/项目属性), names distinct across copies."""
    name = f"静安区重大项目清单（第{copy}批）"
    out = [
        f"上海市静安区发展和改革委员会关于印发《{name}》的通知",
        "",
        _date(rng, 2031),
        "",
        f"静测〔2031〕{number}号",
        "",
        "区政府各委、办、局，各街道办事处、彭浦镇政府：",
        "",
        f"现将《{name}》印发给你们，请认真组织实施。",
        "",
        "附件 1",
        "",
        " ",
        name,
        "",
        "序号\t项目名称\t项目属性",
    ]
    for i in range(1, PROJECTS_PER_COPY + 1):
        if i == PROJECTS_PER_COPY // 2 + 1:
            out += ["", "序号\t项目名称\t项目属性"]  # the header again after a page break, as in the real table
        ending, category = rng.choice(PROJECT_KINDS)
        place = rng.choice(STREETS) if rng.random() < 0.4 else ""
        out.append(f"{i}\t{place}{rng.choice(ROADS)} {copy * 1000 + i} 号{ending}\t{category}")
    return out + [""]


YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def plan_report(rng: random.Random, text: str, year: int) -> str:
    """The real plan report moved to `year` (every year shifted alike), its table numbers redrawn."""
    shift = year - 2022
    out = []
    for line in text.split("\n"):
        line = YEAR.sub(lambda m: str(int(m.group(1)) + shift), line)
        if "\t" in line:
            cells = line.split("\t")
            cells[1:] = [
                cell if len(cell) > 40 else NUMBER.sub(lambda m: _redraw(rng, m.group()), cell) for cell in cells[1:]
            ]
            line = "\t".join(cells)
        out.append(line)
    return "\n".join(out)


def _redraw(rng: random.Random, number: str) -> str:
    decimals = len(number.split(".")[1]) if "." in number else 0
    value = float(number) * rng.uniform(0.85, 1.15)
    return f"{value:.{decimals}f}"


def _manifest_entry(name: str, title: str, kind: str, issuer: str | None, date: str) -> str:
    return (
        f"  {name}:\n    title: {title}\n    issuer: {issuer if issuer else 'null'}\n"
        f'    date: "{date}"\n    kind: {kind}\n'
    )


def make_corpus(scale: int, dest: Path, seed: int = 2031) -> dict:
    """Write the corpus for `scale` into `dest` (created, must be empty or absent); return its counts."""
    if scale < 1:
        raise ValueError("scale must be >= 1")
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    for f in sorted(REAL.glob("*.txt")) + [REAL / "manifest.yaml"]:
        shutil.copyfile(f, dest / f.name)
    rng = random.Random(f"{seed}:{scale}")
    real = read_real()
    report = (REAL / PLAN_REPORT).read_text(encoding="utf-8")
    manifest = []
    number = 0
    for copy in range(1, scale):
        own_body = f"区测试{copy}局"
        lines = ["", "上海市静安区人民政府公报", ""]
        for make in (
            lambda n: drc_document(rng, real, n, own_body),
            lambda n: hr_document(rng, real, n, own_body),
            lambda n: project_document(rng, copy, n),
        ):
            number += 1
            lines += make(number) + ["上海市静安区人民政府公报", ""]
        name = f"synth-gazette-{copy:04d}.txt"
        (dest / name).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
        manifest.append(
            _manifest_entry(
                name,
                f"上海市静安区人民政府公报（合成第{copy}期）",
                "gazette",
                "上海市静安区人民政府办公室",
                "2031-12-31",
            )
        )
        year = 2022 - copy
        name = f"synth-plan-report-{year}.txt"
        (dest / name).write_text(plan_report(rng, report, year), encoding="utf-8", newline="\n")
        manifest.append(
            _manifest_entry(
                name,
                f"关于静安区{year}年国民经济和社会发展规划执行情况与{year + 1}年国民经济和社会发展计划草案的报告",
                "plan-report",
                "静安区发展和改革委员会",
                f"{year + 1}-01-05",
            )
        )
    with open(dest / "manifest.yaml", "a", encoding="utf-8", newline="\n") as f:
        f.write("".join(manifest))
    files = sorted(dest.glob("*.txt"))
    return {
        "scale": scale,
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "synthetic_copies": scale - 1,
        "synthetic_measures": (scale - 1) * sum(MEASURES_PER_COPY),
        "synthetic_projects": (scale - 1) * PROJECTS_PER_COPY,
        "synthetic_plan_report_years": scale - 1,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=2031)
    args = ap.parse_args()
    print(make_corpus(args.scale, args.out, args.seed))


if __name__ == "__main__":
    main()
