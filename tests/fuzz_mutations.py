"""A seeded mutator over the real sources, and the per-document crash check the fuzzers share.

`mutate(seed)` picks one document of data/sources/*.txt or tests/fixtures/**/*.txt and applies
1–5 mutations aimed at the edge cases of Chinese government documents (odd characters, odd
numbering, odd line ends, unbalanced brackets, odd responsibility clauses, head lines, tables,
very long lines …). The same seed always gives the same text and description.

`check(seed)` reads the mutated document through `read_sources` from a temporary folder, then
extracts, resolves and assembles the graph (no SHACL, store or export); `check(seed, full=True)`
runs the whole `build` instead. An exception of the project's own (`JinganKgError`) is handled;
any other is a crash, reported with its type, message and innermost frame in src/jingan_kg.

Used by tests/test_fuzz.py (a fixed range of seeds) and benchmarks/fuzz.py (the long campaign).
"""

from __future__ import annotations

import random
import re
import signal
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
FIXTURES = ROOT / "tests" / "fixtures"
TIMEOUT = 60  # seconds one document may take (the whole build: 3×) before it counts as hung


# --- the corpus ---


@dataclass(frozen=True)
class Original:
    path: Path
    name: str  # file name in the temporary sources folder
    text: str
    manifest: str | None  # the manifest.yaml entry of a data/sources document (YAML text), else None


@cache
def corpus() -> tuple[Original, ...]:
    """Every real document, in a fixed order (data/sources first, then the fixtures)."""
    import yaml

    manifest = yaml.safe_load((SOURCES / "manifest.yaml").read_text(encoding="utf-8"))["sources"]
    files = sorted(SOURCES.glob("*.txt")) + sorted(FIXTURES.rglob("*.txt"))
    out = []
    for f in files:
        entry = manifest.get(f.name) if f.parent == SOURCES else None
        text = f.read_bytes().decode("utf-8-sig")
        dumped = yaml.safe_dump({"sources": {f.name: entry}}, allow_unicode=True) if entry else None
        out.append(Original(f, f.name, text, dumped))
    return tuple(out)


# --- the ingredients ---

SPECIAL = [
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u0085",  # next line
    "\v",
    "\f",
    "\r",
    "\t",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x1b",
    "\x07",
    "\x00",
    "\x01",
    "\ufeff",  # BOM / zero-width no-break space
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u3000",  # ideographic space
    "\u00a0",  # no-break space
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u202b",  # right-to-left embedding
    "\u2066",  # left-to-right isolate
    "\u0301",  # combining acute
    "\u20dd",  # combining enclosing circle
    "\u0336",  # combining long stroke overlay
    "😀",
    "👨\u200d👩\u200d👧",
    "🇨🇳",
    "\U0002a6a5",  # CJK extension B
    "\ue000",  # private use
    "\ufffd",
    "\uffff",  # noncharacter
    "０",
    "１",
    "９",
    "１２３",
    "¹",
    "²³",
    "①",
    "⑩",
    "Ⅻ",
    "〇",
    "㈠",
    "⒈",
    "٣",  # Arabic-Indic digit
    "߁",  # NKo digit
    "𝟙",  # mathematical double-struck one
    "ﬁ",
    "…",
    "——",
    "－",
]
NUMBERING = [
    "0、",
    "0.",
    "0．",
    "（〇）",
    "（0）",
    "(0)",
    "一一、",
    "十十、",
    "（十十）",
    "（一一）",
    "二十一、",
    "九十九、",
    "一百、",
    "百、",
    "零、",
    "〇、",
    "两、",
    "99999.",
    "999.",
    "1000、",
    "-1.",
    "−3、",
    "-（一）",
    "１．",
    "１２、",
    "（１）",
    "1.1.",
    "1..",
    "١.",
    "①",
    "⑴",
    "⒈",
    "㈠",
    "Ⅰ.",
    "一.",
    "（）",
    "、",
    "。",
    "第〇条",
]
HEADINGS = [
    "第〇章",
    "第〇章 总则",
    "第零章",
    "第十十章",
    "第一一节",
    "第-1条",
    "第99999章",
    "第章",
    "第一章",
    "第一百零一条",
    "附件",
    "附件1",
    "附件：",
    "目录",
    "目 录",
    "- 标题（1）",
    "- （（3）",
    "-",
    "（2026年13月45日）",
    "（0000年0月0日）",
    "（2024年2月29日）",
    "（2023年2月29日）",
    "（9999年99月99日）",
    "(2026年1月1日)",
    "静府〔2026〕0号",
    "〔9999〕99999999号",
    "静府办〔0000〕1号",
    "#静府〔2026〕1号",
    "——2026年2月30日在静安区第二届人民代表大会第五次会议上",
    "——（2026年1月14日在上海市静安区第十二届人民代表大会第五次会议上）",
    "2026年1月16日上海市静安区第二届人民代表大会第五次会议通过",
    "2026年13月1日印发",
    "上海市静安区人民政府办公室",
    "上海市静安区人民政府公报",
    "2026年第1期",
    "第1期（总第47期）",
    "主办：",
    "上海市静安区人民政府关于",
    "关于",
    "表1",
    "表 1 主要指标完成情况",
    "专栏1",
    "名词解释",
    "注：",
    "¹",
    "¹ 注释",
]
ODD_NUMBERS = [
    "1,2,3,4",
    "1..2",
    "1e10",
    "1E-5%",
    "％",
    "‰",
    "亿亿元",
    "万亿亿元",
    "增长-5%",
    "下降－3.5％",
    "１２．５％",
    "1/3",
    "½",
    "∞",
    "NaN",
    "inf%",
    "1.2.3亿元",
    "-0%",
    "0.000000001%",
    "10^9",
    "１,０００万元",
    "百分之",
    "百分之一百二十",
    "两成",
    "几十亿元",
    "99999999999999999999999999亿元",
    "1e308亿元",
    "达到%",
    "增长%以上",
    "增长8%—10%",
    "6%-",
    "-",
    "—",
    "%%",
    "亿元亿元",
    "万人次/年",
    "1.5万亿",
    "3,",
    ".5%",
    "5.%",
    "０．５个百分点",
    "个百分点",
    "2022年2023年2024年",
    "20222年",
    "0年",
    "十四五",
    "“十四五”",
    "二〇三五年",
]
BRACKETS = [
    "（（",
    "《《",
    "““",
    "“",
    "”",
    "）",
    "））",
    "》",
    "【",
    "】",
    "〔",
    "〕",
    "（",
    "(",
    ")",
    "「",
    "『",
    "〈",
    "‘",
    "[",
    "（（《《“",
    "）》”",
]
MARKDOWN = ["#", "# ", "##", "###### ", "**", "** ", "- ", "* ", "> ", "1. ", "```", "---", "|", "=", "~~"]
CLAUSES = [
    "（责任单位：#）",
    "（责任部门：、、）",
    "（责任单位：）",
    "（责任单位：",
    "(责任单位:)",
    "（责任单位：（（）",
    "（牵头部门：《《",
    "（责任主体：；；；）",
    "（责任单位：区发改委、、区财政局；；）",
    "（责任单位：区（（发改委）",
    "（责任单位：\u2028区商务委）",
    "（责任单位：各相关单位）",
    "（责任单位：区发展改革委）（责任单位：）",
    "（责任部门：**）",
    "（责任单位：0）",
    "（责任单位：1.）",
    "（责任单位：一、）",
    "（牵头单位：上海市静安区人民政府公报）",
    "（责任单位：静安区、长宁区、徐汇区、普陀区、虹口区、杨浦区、黄浦区）",
    "（责任单位：区商务委，区发改委,区财政局;区科委）",
    "（责任单位：😀）",
    "（责任单位：\u200f区商务委\u200e）",
    "（责任单位：\ufeff）",
    "（责任单位：" + "区发改委、" * 200 + "）",
    "（责任单位：" + "（" * 50 + "）",
]
TABLE_CELLS = [
    "指标",
    "2022年",
    "2023年",
    "目标",
    "完成情况",
    "增长8%",
    "1600亿元",
    "-1.9%",
    "",
    "—",
    "％",
    "*",
    "（）",
]


# --- the mutations: each takes (rng, lines) and returns a description (it edits `lines` in place) ---


def _pick_line(rng: random.Random, lines: list[str], nonempty: bool = True) -> int:
    candidates = [i for i, t in enumerate(lines) if t.strip()] if nonempty else list(range(len(lines)))
    return rng.choice(candidates) if candidates else 0


def _short(s: str, limit: int = 24) -> str:
    r = repr(s)
    return r if len(r) <= limit else r[: limit - 4] + "…" + r[-3:]


def insert_special(rng, lines):
    i = _pick_line(rng, lines)
    ch = rng.choice(SPECIAL) * rng.choice([1, 1, 1, 2, 5])
    pos = rng.choice([0, len(lines[i]), rng.randint(0, len(lines[i]))])
    lines[i] = lines[i][:pos] + ch + lines[i][pos:]
    return f"insert {_short(ch)} at {i + 1}:{pos}"


def replace_special(rng, lines):
    i = _pick_line(rng, lines)
    if not lines[i]:
        return insert_special(rng, lines)
    ch = rng.choice(SPECIAL)
    pos = rng.randrange(len(lines[i]))
    old = lines[i][pos]
    lines[i] = lines[i][:pos] + ch + lines[i][pos + 1 :]
    return f"replace {old!r} at {i + 1}:{pos} with {_short(ch)}"


def replace_all_char(rng, lines):
    """Replace every occurrence of one common character (、 。 （ ： 1 年 …) in the document."""
    old = rng.choice(["、", "。", "（", "）", "：", "，", "1", "0", "年", "%", "区", " ", "“", "一", "(", ")"])
    new = rng.choice(SPECIAL + ["", "、", "。", "（", ")", ":", ".", "．"])
    count = sum(t.count(old) for t in lines)
    lines[:] = [t.replace(old, new) for t in lines]
    return f"replace all {old!r} ({count}×) with {_short(new)}"


_MARK = re.compile(r"^(\s*)([一二三四五六七八九十]+\s*、|\d{1,3}\s*[.．、]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）])")


def renumber(rng, lines):
    mark = rng.choice(NUMBERING)
    numbered = [i for i, t in enumerate(lines) if _MARK.match(t)]
    if numbered:
        i = rng.choice(numbered)
        m = _MARK.match(lines[i])
        old = m.group(2)
        lines[i] = m.group(1) + mark + lines[i][m.end() :]
        return f"renumber {i + 1}: {old!r} -> {mark!r}"
    i = _pick_line(rng, lines, nonempty=False)
    lines.insert(i, mark + "推进重点工作。")
    return f"insert line {i + 1} {mark + '推进重点工作。'!r}"


def renumber_all(rng, lines):
    """Every item of one numbering style gets the same odd mark (all 1. become 0., …)."""
    style = rng.choice(
        [r"^\s*\d{1,3}\s*[.．、]", r"^\s*[一二三四五六七八九十]+\s*、", r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]"]
    )
    mark = rng.choice(NUMBERING)
    pat = re.compile(style)
    count = 0
    for i, t in enumerate(lines):
        if pat.match(t):
            lines[i] = pat.sub(mark, t, count=1)
            count += 1
    return f"renumber all {style!r} ({count}×) -> {mark!r}"


def insert_numbered(rng, lines):
    """A new numbered item, maybe with a clause, odd mark or odd numbers."""
    mark = rng.choice(NUMBERING + ["1.", "一、", "（一）", "2.", "十、"])
    body = rng.choice(["推进重点工作", "", "。", "加快建设" + rng.choice(ODD_NUMBERS), "标题", rng.choice(BRACKETS)])
    tail = rng.choice(["", "。", rng.choice(CLAUSES), "。" + rng.choice(CLAUSES)])
    line = mark + body + tail
    i = _pick_line(rng, lines, nonempty=False)
    lines.insert(i, line)
    return f"insert line {i + 1} {_short(line, 60)}"


def heading(rng, lines):
    h = rng.choice(HEADINGS)
    i = rng.choice([0, len(lines), _pick_line(rng, lines, nonempty=False)])
    if rng.random() < 0.5:
        lines.insert(i, h)
        return f"insert line {i + 1} {h!r}"
    lines[i : i + 1] = ["", h, ""] if i < len(lines) else ["", h]
    return f"insert paragraph at {i + 1} {h!r}"


def duplicate_line(rng, lines):
    i = _pick_line(rng, lines)
    n = rng.choice([1, 1, 2, 10])
    lines[i:i] = [lines[i]] * n if lines else [""]
    return f"duplicate line {i + 1} {n}×"


def duplicate_block(rng, lines):
    if not lines:
        return "duplicate nothing"
    a = rng.randrange(len(lines))
    b = rng.randint(a, min(len(lines), a + rng.choice([5, 50, 500])))
    where = rng.choice([b, len(lines), 0])
    lines[where:where] = lines[a:b]
    return f"duplicate lines {a + 1}-{b} at {where + 1}"


def delete_line(rng, lines):
    if not lines:
        return "delete nothing"
    i = rng.randrange(len(lines))
    n = rng.choice([1, 1, 3, 20])
    del lines[i : i + n]
    return f"delete lines {i + 1}-{i + n}"


def keep_window(rng, lines):
    """Keep only a short run of lines (a document cut down to a few paragraphs)."""
    if not lines:
        return "keep nothing"
    a = rng.randrange(len(lines))
    n = rng.choice([1, 2, 5, 20, 80])
    lines[:] = lines[a : a + n]
    return f"keep only lines {a + 1}-{a + n}"


def swap_lines(rng, lines):
    if len(lines) < 2:
        return "swap nothing"
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return f"swap lines {i + 1} and {j + 1}"


def shuffle_block(rng, lines):
    if len(lines) < 2:
        return "shuffle nothing"
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.choice([3, 10, 40]))
    block = lines[a:b]
    rng.shuffle(block)
    lines[a:b] = block
    return f"shuffle lines {a + 1}-{b}"


def truncate(rng, lines):
    if not lines:
        return "truncate nothing"
    i = _pick_line(rng, lines)
    pos = rng.randint(0, len(lines[i]))
    lines[i] = lines[i][:pos]
    del lines[i + 1 :]
    return f"truncate at {i + 1}:{pos}"


def join_lines(rng, lines):
    if len(lines) < 2:
        return "join nothing"
    i = rng.randrange(len(lines) - 1)
    n = rng.choice([2, 2, 3, 10])
    sep = rng.choice(["", "", " ", "\t", "\u3000"])
    lines[i : i + n] = [sep.join(lines[i : i + n])]
    return f"join lines {i + 1}-{i + n} with {sep!r}"


def join_all(rng, lines):
    """No line breaks at all: the whole text on one line (or every blank line removed)."""
    if rng.random() < 0.5:
        lines[:] = ["".join(lines)]
        return "join every line into one"
    lines[:] = [t for t in lines if t.strip()]
    return "remove every blank line"


def split_line(rng, lines):
    i = _pick_line(rng, lines)
    if not lines or not lines[i]:
        return "split nothing"
    pos = rng.randint(1, len(lines[i]))
    lines[i : i + 1] = [lines[i][:pos], lines[i][pos:]]
    return f"split line {i + 1} at {pos}"


def long_line(rng, lines):
    unit = rng.choice(
        [
            "推进重点工作",
            "、",
            "（",
            "1",
            "1.",
            "一、",
            "区发改委、",
            "增长8%，",
            "（责任单位：",
            "《",
            " ",
            "\t",
            "a",
            "2026年1月1日",
            "〔2026〕",
            lines[_pick_line(rng, lines)] if lines else "x",
        ]
    )
    size = rng.choice([100_000, 100_000, 20_000])
    text = (unit * (size // max(len(unit), 1) + 1))[:size]
    if rng.random() < 0.3:
        text = rng.choice(NUMBERING + ["1."]) + text + rng.choice(["", "。", rng.choice(CLAUSES)])
    i = _pick_line(rng, lines, nonempty=False)
    lines.insert(i, text)
    return f"insert long line {i + 1} ({size} chars of {_short(unit)})"


def table_line(rng, lines):
    cols = rng.choice([2, 3, 5, 20, 200])
    sep = rng.choice(["\t", "\t", "\t\t", " | ", "|", "  ", "\u3000"])
    rows = rng.choice([1, 1, 3, 30])
    out = []
    for _ in range(rows):
        cells = [rng.choice(TABLE_CELLS + ODD_NUMBERS) for _ in range(cols)]
        out.append(sep.join(cells))
    if rng.random() < 0.3:
        out.insert(0, "表1 " + rng.choice(["主要指标", "", "2026年主要目标"]))
    i = _pick_line(rng, lines, nonempty=False)
    lines[i:i] = out
    return f"insert table at {i + 1} ({rows} rows × {cols} cols, sep {sep!r})"


def tab_mangle(rng, lines):
    """Tabs in a table row replaced, doubled or removed; or a prose line cut into cells."""
    tabbed = [i for i, t in enumerate(lines) if "\t" in t]
    if tabbed and rng.random() < 0.7:
        i = rng.choice(tabbed)
        new = rng.choice(["", "\t\t", " ", "\t\t\t\t\t\t\t\t", "\u3000", "|"])
        lines[i] = lines[i].replace("\t", new)
        return f"replace the tabs of line {i + 1} with {new!r}"
    i = _pick_line(rng, lines)
    lines[i] = "\t".join(re.split(r"(?<=[，、。])", lines[i]))
    return f"cut line {i + 1} into tab-separated cells"


def odd_number(rng, lines):
    n = rng.choice(ODD_NUMBERS)
    i = _pick_line(rng, lines)
    if not lines:
        lines.append(n)
        return f"add line {n!r}"
    digits = [m.span() for m in re.finditer(r"\d+(?:\.\d+)?%?", lines[i])]
    if digits and rng.random() < 0.6:
        a, b = rng.choice(digits)
        old = lines[i][a:b]
        lines[i] = lines[i][:a] + n + lines[i][b:]
        return f"replace number {old!r} at {i + 1}:{a} with {n!r}"
    pos = rng.randint(0, len(lines[i]))
    phrase = rng.choice([n, "增长" + n, "达到" + n, "目标" + n + "以上", n + "左右"])
    lines[i] = lines[i][:pos] + phrase + lines[i][pos:]
    return f"insert {phrase!r} at {i + 1}:{pos}"


def bracket(rng, lines):
    b = rng.choice(BRACKETS)
    i = _pick_line(rng, lines)
    if not lines:
        lines.append(b)
        return f"add line {b!r}"
    pos = rng.choice([0, len(lines[i]), rng.randint(0, len(lines[i]))])
    lines[i] = lines[i][:pos] + b + lines[i][pos:]
    return f"insert {b!r} at {i + 1}:{pos}"


def remove_brackets(rng, lines):
    """Drop every closing (or opening) bracket of one line."""
    i = _pick_line(rng, lines)
    if not lines:
        return "unbracket nothing"
    chars = rng.choice(["）)", "（(", "》", "《", "”", "“"])
    lines[i] = "".join(c for c in lines[i] if c not in chars)
    return f"remove {chars!r} from line {i + 1}"


def markdown(rng, lines):
    md = rng.choice(MARKDOWN)
    i = _pick_line(rng, lines)
    if not lines:
        lines.append(md)
        return f"add line {md!r}"
    r = rng.random()
    if r < 0.5:
        lines[i] = md + lines[i]
        return f"prefix line {i + 1} with {md!r}"
    if r < 0.8:
        lines[i] = "**" + lines[i] + "**"
        return f"wrap line {i + 1} in '**'"
    lines.insert(i, md)
    return f"insert line {i + 1} {md!r}"


def clause(rng, lines):
    c = rng.choice(CLAUSES)
    carriers = [i for i, t in enumerate(lines) if re.search(r"[（(]\s*(责任|牵头)", t)]
    r = rng.random()
    if carriers and r < 0.4:
        i = rng.choice(carriers)
        m = re.search(r"[（(]\s*(责任|牵头)[^）)]*[）)]?", lines[i])
        lines[i] = lines[i][: m.start()] + c + lines[i][m.end() :]
        return f"replace the clause of line {i + 1} with {_short(c, 50)}"
    if r < 0.7:
        numbered = [i for i, t in enumerate(lines) if _MARK.match(t)] or [_pick_line(rng, lines)]
        i = rng.choice(numbered)
        if not lines:
            lines.append("")
        lines[i] = lines[i] + c
        return f"append {_short(c, 50)} to line {i + 1}"
    i = _pick_line(rng, lines, nonempty=False)
    lines.insert(i, c)
    return f"insert line {i + 1} {_short(c, 50)}"


def crossover(rng, lines):
    """A few lines of another real document (measures in a report, a table in measures …)."""
    other = rng.choice(corpus()).text.split("\n")
    a = rng.randrange(len(other))
    chunk = other[a : a + rng.choice([1, 5, 30])]
    i = _pick_line(rng, lines, nonempty=False)
    lines[i:i] = chunk
    return f"insert {len(chunk)} lines of another document at {i + 1}"


def blank_lines(rng, lines):
    i = _pick_line(rng, lines, nonempty=False)
    blank = rng.choice(["", " ", "\u3000", "\t", "\u2028", "\ufeff", "\u00a0", "\r", "\f"])
    n = rng.choice([1, 5, 1000])
    lines[i:i] = [blank] * n
    return f"insert {n} blank lines {blank!r} at {i + 1}"


def indent(rng, lines):
    i = _pick_line(rng, lines)
    if not lines:
        return "indent nothing"
    ws = rng.choice(["  ", "\u3000\u3000", "\t", " \u3000", "\u2028", "\ufeff"])
    lines[i] = ws + lines[i] + rng.choice(["", ws])
    return f"indent line {i + 1} with {ws!r}"


MUTATIONS = (
    insert_special,
    replace_special,
    replace_all_char,
    renumber,
    renumber_all,
    insert_numbered,
    heading,
    duplicate_line,
    duplicate_block,
    delete_line,
    keep_window,
    swap_lines,
    shuffle_block,
    truncate,
    join_lines,
    join_all,
    split_line,
    long_line,
    table_line,
    tab_mangle,
    odd_number,
    bracket,
    remove_brackets,
    markdown,
    clause,
    crossover,
    blank_lines,
    indent,
)
WEIGHTS = {join_all: 0.3, replace_all_char: 0.5, keep_window: 0.5, long_line: 0.5}
LINE_ENDS = [("\n", None), ("\r\n", "line ends \\r\\n"), ("\r", "line ends \\r only"), (None, "mixed line ends")]


@dataclass(frozen=True)
class Mutant:
    seed: int
    origin: str  # the document mutated, relative to the repository
    name: str  # its file name
    text: str
    description: str
    manifest: str | None  # manifest.yaml to write beside it, or None


def mutate(seed: int) -> Mutant:
    """The document and 1–5 mutations `seed` picks: always the same for the same seed."""
    rng = random.Random(seed)
    docs = corpus()
    doc = rng.choice(docs)
    lines = doc.text.split("\n")
    steps = []
    for _ in range(rng.randint(1, 5)):
        if not lines:
            lines.append("")
        fn = rng.choices(MUTATIONS, weights=[WEIGHTS.get(m, 1.0) for m in MUTATIONS])[0]
        steps.append(f"{fn.__name__}: {fn(rng, lines)}")
    end, what = rng.choices(LINE_ENDS, weights=[12, 1, 1, 1])[0]
    if end is None:
        text = "".join(t + rng.choice(["\n", "\r\n", "\r"]) for t in lines[:-1]) + (lines[-1] if lines else "")
    else:
        text = end.join(lines)
    if what:
        steps.append(what)
    manifest = doc.manifest if doc.manifest and rng.random() < 0.7 else None
    if doc.manifest and not manifest:
        steps.append("no manifest")
    origin = doc.path.relative_to(ROOT).as_posix()
    return Mutant(seed, origin, doc.name, text, "; ".join(steps), manifest)


# --- the check ---


@dataclass(frozen=True)
class Outcome:
    seed: int
    origin: str
    description: str
    status: str  # "ok", "handled" (a JinganKgError), "crash" (any other exception) or "hung" (timed out)
    seconds: float
    full: bool = False  # the whole build ran (SHACL, store, exports)
    type: str | None = None
    message: str | None = None
    frame: str | None = None  # innermost frame in src/jingan_kg: "path:line function"

    def line(self) -> str:
        return f"seed {self.seed} ({self.origin}: {self.description}): {self.type}: {self.message} [at {self.frame}]"


class Hung(BaseException):
    """A document took longer than its time limit (a BaseException so no `except Exception` eats it)."""


@cache
def _curated():
    from jingan_kg.config import resource
    from jingan_kg.curate.curated import load_curated

    return load_curated(resource("curated"))


def _package_dir() -> str:
    import jingan_kg

    return str(Path(jingan_kg.__file__).resolve().parent)


def innermost_frame(exc: BaseException) -> str | None:
    """The deepest frame of the traceback inside the jingan_kg package: "src/jingan_kg/x.py:12 fn"."""
    pkg = _package_dir()
    found = None
    for fr in traceback.extract_tb(exc.__traceback__):
        path = str(Path(fr.filename).resolve()) if fr.filename and not fr.filename.startswith("<") else ""
        if path.startswith(pkg):
            rel = Path(path).relative_to(Path(pkg).parents[1]).as_posix() if "src" in path else path
            found = f"{rel}:{fr.lineno} {fr.name}"
    return found


def warm() -> None:
    """Import the pipeline and load the corpus and curated data once (before forking workers)."""
    import jingan_kg.kinds
    import jingan_kg.pipeline.assemble
    import jingan_kg.pipeline.build
    import jingan_kg.pipeline.extract
    import jingan_kg.pipeline.resolve  # noqa: F401

    corpus()
    _curated()


def pipeline(sources: Path) -> None:
    """What `build` does up to the graph: read, extract, resolve, assemble (no SHACL, store, exports)."""
    from jingan_kg.ingest.sources import impossible_dates, read_sources, unique_sources
    from jingan_kg.kinds import REGISTRY
    from jingan_kg.pipeline.assemble import build_graph
    from jingan_kg.pipeline.extract import extract_sources
    from jingan_kg.pipeline.resolve import resolve

    read, _ = unique_sources(read_sources(sources))
    impossible_dates(read)
    extractions = extract_sources(read, REGISTRY)
    ctx = resolve(extractions, _curated(), read, REGISTRY)
    build_graph(ctx, REGISTRY)


def full_build(sources: Path, out: Path) -> None:
    from jingan_kg.pipeline.build import BuildConfig, build

    build(BuildConfig(sources=sources, out=out))


def _type_name(exc: BaseException) -> str:
    t = type(exc)
    return t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def check(seed: int, full: bool = False, timeout: float = TIMEOUT) -> Outcome:
    """Run one mutated document through the pipeline (or the whole build) and classify the result.

    A run that takes more than `timeout` seconds (3× for the whole build) is stopped and "hung".
    """
    from jingan_kg.errors import JinganKgError

    m = mutate(seed)
    timer = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    with tempfile.TemporaryDirectory(prefix="jingan-fuzz-") as tmp:
        root = Path(tmp) / "sources"
        root.mkdir()
        (root / m.name).write_bytes(m.text.encode("utf-8"))
        if m.manifest:
            (root / "manifest.yaml").write_text(m.manifest, encoding="utf-8")
        start = time.perf_counter()
        limit = timeout * (3 if full else 1)

        def alarm(signum, frame):
            raise Hung(f"stopped after {limit:g} s")

        old = signal.signal(signal.SIGALRM, alarm) if timer else None
        if timer:
            signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            if full:
                full_build(root, Path(tmp) / "out")
            else:
                pipeline(root)
            status, exc = "ok", None
        except JinganKgError as e:
            status, exc = "handled", e
        except Hung as e:
            status, exc = "hung", e
        except Exception as e:
            status, exc = "crash", e
        finally:
            if timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        seconds = time.perf_counter() - start
    if exc is None:
        return Outcome(seed, m.origin, m.description, status, seconds, full)
    message = str(exc).replace("\n", " ⏎ ")
    return Outcome(
        seed,
        m.origin,
        m.description,
        status,
        seconds,
        full,
        _type_name(exc),
        message[:300] + ("…" if len(message) > 300 else ""),
        innermost_frame(exc),
    )


def reproduce(seed: int, folder: Path) -> Path:
    """Write the mutated document of `seed` (and its manifest) into `folder`, for `jingan-kg build`."""
    m = mutate(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / m.name).write_bytes(m.text.encode("utf-8"))
    if m.manifest:
        (folder / "manifest.yaml").write_text(m.manifest, encoding="utf-8")
    return folder / m.name
