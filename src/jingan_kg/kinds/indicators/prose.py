"""Targets and outcomes stated in prose: a quantity in the reach of a horizon phrase (到2025年,
今年 …) or under a section that reviews or plans a period (一、2025年工作回顾, 三、2026年主要任务)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...ingest.documents import Span
from ...ingest.heads import plan_year
from ...records import Excerpt, Issue
from ...text import key, normalise
from .paragraphs import Paragraph, paragraphs, sentences
from .sections import Section, sections
from .values import _CN, _UNIT_BODY, ValueRecord, clean_name, fyp_period, numeric, signed

# --- prose ------------------------------------------------------------------------------

# Horizons, on normalised text (NFKC: "，" is "," there).
_H_UNTIL = re.compile(r"(?:截至|截止到?|至|到)(\d{4})年(?:底|末)?(?!\d{1,2}月)")  # 到2025年, not 至2026年12月31日
_H_BEFORE = re.compile(
    r"(\d{4})年(?:底|末)?前(?![一二三四五六七八九十\d]+个?(?:季度|月))"
)  # 2025年底前, not 年前三季度
_H_RANGE = re.compile(r"(\d{4})\s*[-~—–至到]\s*(\d{4})年")  # 2023-2025年
_H_PLAN = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(期间|时期|末|以来)")  # “十四五”期间
# 去年/上年 open a clause ("去年,全区新增…"); inside one they name things (上年结转收入, 比上年)
_H_RELATIVE = re.compile(r"今年|明年|(?:^|(?<=[,;:]))(?:去年|上年)(?!结转|同期|末)")
_H_PAST_PLAN = re.compile(r"这五年|五年来|过去五年")
# A bare year opening a clause, not a date (2026年1月), a part of a year or "2025年是…"
_H_YEAR = re.compile(
    r"(?:^|(?<=[,;:]))(?:在|于)?(\d{4})\s*年(?!底|末|前|\s*\d|上半年|下半年|前三季度|[一二三四]季度|是|以来)"
)  # at a clause's start: "2025年访问量达…", not "获评2024年…“十大案例”"
_SHIFT = {"今年": 0, "明年": 1, "去年": -1, "上年": -1}
_PLANS = re.compile(r"将|力争|计划|目标|争取|预计|要")  # a sentence about what is to be done

# A number in Chinese numerals has a magnitude (十, 百, 千, 万): 一百万, 千, 两千; 一个 is not read.
_CN_NUMBER = (
    "[一二三四五六七八九两零]*[十百千][一二三四五六七八九十两零百千]*|(?<=[逾超近破])万"  # 一百万平方米: 一百 万平方米
)
# A quantity: comparator, number or range, measure word, qualifier ("超过800家", "1-2家", "5%左右").
QUANTITY = re.compile(
    r"(?P<cmp>超过|超|突破|不少于|不低于|不超过|逾|近|增长|下降|提高|提升|降低|增收|减收|增加|减少)?"
    rf"(?<![每第“])(?P<num>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s*[-~—–至]\s*\d+(?:\.\d+)?)?|{_CN_NUMBER})(?P<approx>余|多)?"
    rf"(?P<unit>{_UNIT_BODY}|[万亿](?=余|多)(?:余|多){_UNIT_BODY})(?!钟|之|方面|月)\s?(?P<tail>以上|以下|以内|左右|多)?(?!方面)"
)
# Words before a name that are not part of it: the subject, time and manner ("全区", "将", "力争").
_SUBJECT = re.compile(
    r"^(?:全区|全年|年内|静安区将|静安区|全市|我区|区内|并|将|力争|确保|累计|共计|合计|共|大力|积极|着力|"
    r"进一步|持续|同时|其中|另外|此外|预计|实际|当年|年度|提出|建议|先后|陆续|拓展|全面|深入|加快|稳步|扎实|不断|"
    r"有序|全力|最后|已|加上)+"
)
_FILLER = re.compile(r"^(?:完成|实现|达到)")  # "完成旧住房综合改造面积达…": the name is the quantity noun
_LINK = re.compile(
    r"(?:完成|实现)?(?:累计|力争|确保|争取|平均|预计)?"
    r"(?:达到|达|为|增至|提高到|提升至|提升到|保持在|控制在|稳定在|保持|预期|迈上|跃上|站上|在)?"
    r"(?:同比|(?:比|较)(?:上年|去年|\d{4}年|上个?\S{0,4}年度)(?:执行数|实际|同期)?)?$"
)  # between name and number (or comparator): "收入预期比2025年执行数增长2%"
_VERBS = sorted(
    (
        "新增",
        "新建",
        "新引进",
        "引进",
        "建设",
        "打造",
        "培育",
        "启动",
        "实施",
        "改造",
        "改建",
        "扩建",
        "翻建",
        "提供",
        "开工",
        "竣工",
        "完成",
        "推进",
        "建成",
        "设立",
        "举办",
        "开展",
        "筹措",
        "供应",
        "认定",
        "新认定",
        "创建",
        "布局",
        "组织",
        "培训",
        "帮助",
        "招引",
        "集聚",
        "吸引",
        "建立",
        "启用",
        "发放",
        "上线",
        "接入",
        "归集",
        "配备",
        "安装",
        "培养",
        "开设",
        "发布",
        "走访",
        "收集",
    ),
    key=len,
    reverse=True,
)
_CHANGE = ("增长", "下降", "提高", "降低")
_AMOUNT_CHANGE = ("增收", "减收", "增加", "减少")
_ACHIEVED = re.compile("实现|完成|达到|达")
_INNER_VERB = re.compile(r"(?<=.)实现(?=.)")  # 总部经济实现税收总收入 → 总部经济税收总收入
_MEASURE_NOUN = re.compile("(?:量|率|数|额|比例|比重|占比|规模|面积|能力|总量|收入|税收)$")
_PREPOSITION = re.compile("^(?:为|向|给)")
_CJK = re.compile(r"[\u4e00-\u9fff]+")  # a named measure takes no list verb
_GROUPING = re.compile(r"\d+个方面$")
_SUMMARY = re.compile(r"等(?=\d|[一二三四五六七八九十])")
_STAGES = ("开工", "竣工", "完工", "建成", "启动", "开业", "签约", "投用")
_NOT_ADDED = ("%", "‰", "个百分点", "倍", "人次", "万人次", "人", "名", "户")  # a list's verb does not reach these


def _stage_of(name: str) -> str | None:
    """The stage word a name ends with (…加装电梯开工 → 开工)."""
    return next((st for st in _STAGES if name.endswith(st)), None)


def _countable(q: re.Match) -> bool:
    """A quantity of things a verb adds (家, 个, 万平方米), not a rate or a count of people served."""
    return normalise(q.group("unit")) not in _NOT_ADDED


_RESPECTIVELY = re.compile(r"^(?P<names>.+?)分别(?P<rest>.+)$")


def respectively(seg: str) -> list[str] | None:
    """ "A、B分别同比增长136%、59%" as one segment per name ("A同比增长136%", "B同比增长59%"), else None.

    A short first name takes the last one's tail: "开工、竣工面积分别达…" is 开工面积 and 竣工面积.
    """
    m = _RESPECTIVELY.match(seg)
    if not m:
        return None
    names = [n for n in re.split("、|和|及|与", m.group("names")) if n]
    values = list(QUANTITY.finditer(m.group("rest")))
    if len(names) < 2 or len(names) != len(values):
        return None
    last = names[-1]
    names = [n + last[len(n) :] if len(n) <= 2 < len(last) else n for n in names[:-1]] + [last]
    link = m.group("rest")[: values[0].start()]
    change = values[0].group("cmp") or ""
    return [
        name + link + (change if not v.group("cmp") else "") + v.group() for name, v in zip(names, values, strict=True)
    ]


_FALLING = re.compile("能耗|排放|浓度|强度")  # quantities a plan wants to fall: 能耗下降2.86% is a 下降率
_SHARE = re.compile(r"^(?:占(.{2,20}?)的?|为(.{2,20}?)的)$")  # 占全区总税收收入的17.1%; 为预算的100%
_ABBREVIATION = re.compile(r"\([A-Za-z]{2,6}\)$")
_PRELIMINARY = re.compile("预计|初步|预估")
_PLANNED = re.compile("(?:规划|计划|拟|将要?)(?:新增|新建|建设|打造|改造|建成)")  # a plan inside a review
_RATE_SUFFIX = re.compile("(?:增长率|下降率)$")
_GENERIC = {"方面", "领域", "项目", "类", "批", "等"}
_CLAUSE = re.compile(r"[;:]|(?<!\d),|,(?!\d{3})")  # clause breaks; "10,000" keeps its comma


@dataclass
class Horizon:
    """Where a horizon phrase stands in a sentence, the period it gives, and whether it sets targets."""

    at: int
    end: int
    period: str
    targets: bool | None  # False: already past (outcomes); None: 今年 in a sentence that does not plan


def _horizons(sentence: str, year: int | None) -> list[Horizon]:
    """Every horizon phrase of a normalised sentence, in order, each read once."""
    found = []  # (start, end, first year, last year, sets targets: None = unless already past)
    found += [(m.start(), m.end(), m.group(1), m.group(2), None) for m in _H_RANGE.finditer(sentence)]
    found += [(m.start(), m.end(), m.group(1), m.group(1), None) for m in _H_UNTIL.finditer(sentence)]
    found += [(m.start(), m.end(), m.group(1), m.group(1), None) for m in _H_BEFORE.finditer(sentence)]
    for m in _H_PLAN.finditer(sentence):
        first, last = fyp_period(10 + _CN[m.group(1)]).split("-")
        if m.group(2) == "以来":  # "“十四五”以来累计…": from the plan's first year to the document's
            last = str(year) if year is not None and first <= str(year) <= last else last
            found.append((m.start(), m.end(), first, last, False))
            continue
        found.append((m.start(), m.end(), last if m.group(2) == "末" else first, last, None))
    for m in _H_YEAR.finditer(sentence):
        # "2025年访问量达8882万人次": a year of its own; the document's own year is the section's call
        y = m.group(1)
        sets = "section" if year is None or int(y) == year else int(y) > year
        found.append((m.start(), m.end(), y, y, sets))
    for m in _H_PAST_PLAN.finditer(sentence):
        if year is not None:  # "这五年" in a document of 2026: the plan that ended, 2021-2025
            start = 1966 + 5 * ((year - 1 - 1966) // 5)
            found.append((m.start(), m.end(), str(start), str(start + 4), False))
    plans = bool(_PLANS.search(sentence))
    for m in _H_RELATIVE.finditer(sentence):
        if year is None:
            continue  # 今年 of an undated document: no year to give
        shift = _SHIFT[m.group()]
        y = str(year + shift)
        # 去年 is the past; 今年 sets targets in a sentence that plans ("今年，…将…"), else the section decides
        found.append((m.start(), m.end(), y, y, False if shift < 0 else (True if plans else "section")))
    out: list[Horizon] = []
    for at, end, first, last, sets in sorted(found, key=lambda f: (f[0], -f[1])):
        if out and at < out[-1].end:
            continue  # "到2025年底前", "2023至2025年": one phrase matched twice
        period = first if first == last else f"{first}-{last}"
        if sets == "section":
            targets = None
        else:
            targets = sets if sets is not None else (year is None or int(last) >= year)
        out.append(Horizon(at, end, period, targets))
    return out


def _document_year(span: Span) -> int | None:
    """The year the document was issued (for 今年, and to tell horizons already past): its date, else
    the one year its title names ("2024年上海市静安区政府工作报告" with no date line is 2024's)."""
    for d in (span.document.issued if span.document else None, span.source.meta.date):
        if d and re.match(r"\d{4}", d):
            return int(d[:4])
    title = normalise(span.document.title) if span.document else ""
    years = set(re.findall(r"(\d{4})\s*年", title))
    return int(years.pop()) if len(years) == 1 else None


def _opening(sentence: str, horizons: list[Horizon], first: bool) -> Horizon | None:
    """A horizon that reaches the rest of the paragraph: in the first clause of its first sentence,
    with no quantity ("今年，…", "关于“十五五”时期…主要指标，…"), or opening a sentence that has no
    quantity ("这五年，综合实力跃上新台阶。")."""
    parts = _CLAUSE.split(sentence, maxsplit=1)
    if not horizons:
        return None
    if first and horizons[0].end <= len(parts[0]) and not QUANTITY.search(parts[0]):
        return horizons[0]
    if horizons[0].at == 0 and not QUANTITY.search(sentence):
        return horizons[0]
    return None


def _clauses(sentence: str, horizons: list[Horizon], opening: Horizon | None):
    """Each clause of a sentence (horizon words removed) with the horizon in force there."""
    at = 0
    for clause in _CLAUSE.split(sentence.rstrip("。!?")):
        end = at + len(clause)
        before = [h for h in horizons if h.at < end]
        yield _strip_horizon(clause), before[-1] if before else opening
        at = end + 1


def _strip_horizon(clause: str) -> str:
    """A clause without its horizon words, so that they are not read as part of a name."""
    for pattern in (_H_RANGE, _H_UNTIL, _H_BEFORE, _H_PLAN, _H_YEAR):
        clause = pattern.sub("", clause)
    return re.sub(r"^(?:今年|明年)", "", clause).strip()


_QUANTITY_TAIL = 60
_SENTENCE_MAX = 3000  # characters; the longest sentence of the given, development and test documents has 477


def _segments(clause: str) -> list[str]:
    """A clause cut at 、 between quantities; a part with no quantity joins the next (a list of names)."""
    parts, pending = [], ""
    for part in clause.split("、"):
        pending = f"{pending}、{part}" if pending else part
        if QUANTITY.search(part):
            parts.append(pending)
            pending = ""
    # a quantity is short: look for one at the end of the last part's tail only (linear, however long)
    if pending and parts and not re.search(rf"(?:{QUANTITY.pattern})$", parts[-1][-_QUANTITY_TAIL:]):
        parts[-1] += "、" + pending  # "新增20家A、B": the names after the number go on
    return parts


def _verb_of_start(name: str) -> str | None:
    """The action verb a name starts with, if any."""
    return next((v for v in _VERBS if name.startswith(v)), None)


def _verb_of(pre: str) -> str | None:
    """The action verb a phrase ends with, if any (新增, 打造 …)."""
    return next((v for v in _VERBS if pre.endswith(v)), None)


@dataclass
class Tie:
    """A prose quantity and the indicator name it is tied to (None: it could not be tied)."""

    name: str | None
    quantity: re.Match

    @property
    def value(self) -> str:
        """The quantity as written, normalised ("超过100家")."""
        return re.sub(r"\s+", "", normalise(self.quantity.group()))


def _tie(seg: str, verb: str | None = None, subject: str | None = None) -> list[Tie]:
    """Tie a segment's quantity to a name: the words before it, or the action verb and the words after.

    `subject` is the quantity named just before in the sentence: "…3535.16亿元,同比增长5.0%" gives
    its growth rate, "…148.82亿元,占全区总税收收入的17.1%" its share.
    """
    found = list(QUANTITY.finditer(seg))
    if len(found) >= 2 and (tail := _SUMMARY.search(seg)) and tail.start() == found[-1].start() - 1:
        # "…2%左右等6项指标": the count after 等 sums up the list; it is read on its own
        return _tie(seg[: tail.start()], verb, subject) + [Tie(None, found[-1])]
    if len(found) == 2 and (m := re.search("和|及", seg[found[0].end() : found[1].start()])):
        cut = found[0].end() + m.start()  # "启动10幅…地块和7个…项目": two quantities, one verb
        head = _SUBJECT.sub("", seg[: found[0].start()].strip())
        return _tie(seg[:cut], verb, subject) + _tie(seg[cut + 1 :], _verb_of(head) or verb)
    if len(found) == 2 and (v := next((v for v in _VERBS if v in seg[found[0].end() : found[1].start()]), None)):
        cut = seg.index(v, found[0].end())  # "50余家单位开展百余场活动": each number with its own words
        return _tie(seg[:cut], verb, subject) + _tie(seg[cut:], verb, subject)
    if len(found) == 2 and not _SUBJECT.sub("", seg[: found[0].start()].strip()):
        middle = seg[found[0].end() : found[1].start()]
        if (m := _ACHIEVED.search(middle)) and not seg[found[1].end() :].strip():
            # "200幢重点楼宇实现税收633.47亿元": the first number counts the subject (重点楼宇 200幢),
            # the second is the value; a subject that is itself a measure (…日供餐能力) is reported
            counted = clean_name(middle[: m.start()])
            ok = 2 <= len(counted) <= 15 and not _MEASURE_NOUN.search(counted)
            first = Tie(counted if ok else None, found[0])
            return [first, *_tie(middle[: m.start()] + middle[m.end() :] + found[1].group(), verb, subject)]
    if len(found) != 1:
        return [Tie(None, q) for q in found]
    q = found[0]
    bare = _SUBJECT.sub("", seg[: q.start()].strip())
    pre = _LINK.sub("", bare).strip()
    if not pre and bare in _VERBS:
        pre = bare  # "完成94万平方米…改造": a verb alone stays the verb, it is no link
    linked = _ACHIEVED.search(bare[len(pre) :]) is not None  # "…救助实体空间实现14个街镇全覆盖"
    pre = _ABBREVIATION.sub("", _GROUPING.sub("", pre))  # 地区生产总值(GDP); 实施10个方面45项…
    post = re.sub(r"(?:的?目标|等|关口|大关)$", "", seg[q.end() :].strip()).strip()
    rate = q.group("cmp") in _CHANGE and q.group("unit") == "%"
    if not post and (share := _SHARE.match(pre)) and subject:
        name = subject + "占" + (share.group(1) or share.group(2)) + "比重"  # "占全区总税收收入的17.1%"
    elif not post and not pre and rate and subject:
        name = subject  # "同比增长5.0%" after an amount: that amount's growth rate
    elif not post and not pre and q.group("cmp") in _AMOUNT_CHANGE and subject:
        name = subject + q.group("cmp") + "额"  # "…308.3亿元,比上年增收60,803万元": 收入增收额
    elif not post and subject and pre in _STAGES and (stage := _stage_of(subject)):
        name = subject[: -len(stage)] + pre  # "加装电梯开工80台、完工222台": 完工 of the same thing
    elif not post:
        name = _SUBJECT.sub("", _FILLER.sub("", pre))  # "实现全年区级…收入": neither 实现 nor 全年 is the name
        if (
            verb
            and name
            and not _verb_of_start(name)
            and not _FILLER.match(pre)
            and _countable(q)
            and not _stage_of(name)  # 既有多层住宅加装电梯开工 has its verb
            and not _MEASURE_NOUN.search(name)
        ):
            name = verb + name  # "引进A机构20家、B机构40家": B is 引进B机构 too
    elif v := _verb_of(pre):
        name = v + post
    elif pre.endswith("连续"):
        name = None  # "连续6次获评…": a streak of honours, not a quantity of anything
    elif pre.endswith(("和", "及")):  # "设立“新出海学院”和10个海外服务点": a new item of the verb's list
        name = (_verb_of_start(pre) or verb or "") + post
    elif linked and len(post) <= 6:
        name = pre + post  # "救助实体空间实现14个街镇全覆盖": 救助实体空间街镇全覆盖
    elif pre.endswith("等"):  # "华兴新城、…等10个项目开工": the names before 等 are examples
        stage = _stage_of(post)
        name = (_verb_of_start(pre) or "") + (stage + post[: -len(stage)] if stage else post)
    elif (v := _verb_of_start(pre) or (_FILLER.match(pre) and _FILLER.match(pre).group())) and len(post) <= 12:
        name = pre[len(v) :] + post  # "完成国企改革深化提升行动42项改革任务": 国企改革深化提升行动改革任务
    elif not pre:
        name = (verb or "") + post
    elif len(pre) <= 4 and _CJK.fullmatch(pre) and len(post) <= 20:
        # "集成500多个涉外服务事项": a verb the list does not know, then what it counts; a
        # preposition and the subject are no part of it ("为全区500户家庭实施改造" → 家庭实施改造)
        name = _SUBJECT.sub("", _PREPOSITION.sub("", pre)) + post
    else:
        name = None  # words on both sides and no verb: nothing says which is the indicator
    if name and rate and not re.search("(率|速|比例|比重|占比)$", name):
        falls = q.group("cmp") in ("下降", "降低") and _FALLING.search(name)
        name += "下降率" if falls else "增长率"  # 地区生产总值增长5% is a value of 地区生产总值增长率
    if name and len(name) > 30 and "、" in name:
        name = name.rsplit("、", 1)[1]  # "…保持同步、区级一般公共预算收入年均增速2%左右": the last item
    name = clean_name(_INNER_VERB.sub("", name)) if name else None
    if name and (len(name) < 2 or len(name) > 30 or name in _GENERIC or not re.search(r"[\u4e00-\u9fff]", name)):
        name = None
    return [Tie(name, q)]


def _numeric(tie: Tie) -> str | None:
    """The tie's signed number; Chinese numerals read by cn2an (百 → 100, 一百万 → 1000000)."""
    num = tie.quantity.group("num")
    if numeric(num):
        return signed(tie.value, tie.name)
    import cn2an

    try:
        digits = str(cn2an.cn2an(("一" + num) if num[0] in "十百千万" else num, "strict"))
    except ValueError:
        return None
    return signed(tie.value.replace(num, digits, 1), tie.name)


def _line_of(p: Paragraph, start: int, end: int, quantity: str) -> int:
    """The line of a sentence that holds a quantity (else the sentence's first line)."""
    want = key(quantity)
    return next((number for number, chunk in p.keyed_lines(start, end) if want in chunk), p.lines[start])


def _plan_horizon(span: Span) -> Horizon | None:
    """In one year's plan (a key-work arrangement), a sentence with no horizon states that year's target."""
    year = plan_year(span.document.title) if span.document is not None else None
    return Horizon(0, 0, str(year), True) if year is not None else None


def _placed(horizon: Horizon | None, section: Section | None, plan: Horizon | None) -> tuple[str, str] | None:
    """(role, period) of a clause: its horizon, else its section, else the plan's year; None: not read.

    A horizon to come sets a target, one already past an outcome; 今年 in a sentence that does not
    plan takes its role from the section. A section with no period places nothing by itself.
    """
    if horizon is not None and horizon.targets is not None:
        return ("target" if horizon.targets else "outcome"), horizon.period
    if section is not None and section.role is not None:
        period = horizon.period if horizon is not None else section.period
        return (section.role, period) if period else None
    if horizon is None and plan is not None:
        return "target", plan.period
    return None


def prose_values(span: Span) -> tuple[list[ValueRecord], list[Issue]]:
    """Targets and outcomes stated in prose: within a horizon's reach, under a section that reviews
    or plans a period, or anywhere in one year's plan; quantities that cannot be tied become issues."""
    src, year = span.source.path, _document_year(span)
    plan = _plan_horizon(span)
    context = sections(span)
    out, issues = [], []
    for p in paragraphs(span):
        issues += [
            Issue(
                source=src,
                line=n,
                code="prose-number-too-long",
                reason="a run of 40 or more digits is no quantity; not read",
            )
            for n in dict.fromkeys(p.masked)
        ]
        opening: Horizon | None = None
        section = context.get(p.lines[0]) if p.lines else None
        for n, (s, e) in enumerate(sentences(p)):
            if e - s > _SENTENCE_MAX:  # no sentence of a report is this long: a table or text run together
                issues.append(
                    Issue(
                        source=src,
                        line=p.lines[s],
                        code="prose-sentence-too-long",
                        reason=f"a sentence of {e - s} characters (more than {_SENTENCE_MAX}) is not read for quantities",
                    )
                )
                continue
            raw = p.text[s:e]
            sentence = normalise(raw)
            horizons = _horizons(sentence, year)
            if year is None and (rel := _H_RELATIVE.search(sentence)) and QUANTITY.search(sentence):
                issues.append(  # 今年/去年 in a document with neither a date nor a year in its title
                    Issue(
                        source=src,
                        line=p.lines[s],
                        code="prose-year-unknown",
                        reason=f"{rel.group()!r} has no year: the document states no date and its title "
                        f"names no year, in {sentence[:40]!r}",
                    )
                )
            opening = _opening(sentence, horizons, n == 0) or opening  # "今年，…" reaches the paragraph
            if section is None or section.role == "outcome":
                # a narrative of the past: "…改造,去年,…签约生效。…完成旧住房修缮改造80万平方米。"
                past = [
                    h
                    for h in horizons
                    if sentence[h.at : h.end] in ("去年", "上年") and (h.at == 0 or sentence[h.at - 1] in ",;:")
                ]  # 去年 frames a narrative; a bare year (2022年,静安区率先建成…) or “十四五”以来 does not
                later = past[-1] if past else None
            else:
                later = None
            carry = None  # the verb of a list's first item reaches the items after it, to the sentence's end
            subject = None  # the quantity named last: "同比增长5.0%" is its growth rate
            early = _PRELIMINARY.match(sentence)  # "预计全年…": the whole sentence is an estimate
            for clause, horizon in _clauses(sentence, horizons, opening):
                placed = _placed(horizon, section, plan)
                if placed is None:
                    continue
                role, period = placed
                for seg in respectively(clause) or _segments(clause):
                    ties = _tie(seg, carry, subject)
                    carry = next((v for t in ties if t.name and (v := _verb_of_start(t.name))), None) or carry
                    for tie in ties:
                        if tie.name is None:
                            issues.append(
                                Issue(
                                    source=src,
                                    line=_line_of(p, s, e, tie.quantity.group()),
                                    code=f"prose-{role}-untied",
                                    reason=f"{tie.value!r} (for {period}) is tied to no named indicator "
                                    f"in {clause[:40]!r}",
                                )
                            )
                            continue
                        if role == "outcome" and _PLANNED.search(seg[: tie.quantity.start()]):
                            issues.append(  # "规划新增100张养护床位" in a review: a plan with no year
                                Issue(
                                    source=src,
                                    line=_line_of(p, s, e, tie.quantity.group()),
                                    code="prose-period-unknown",
                                    reason=f"{tie.value!r} of {tie.name!r} is planned, and no year is given "
                                    f"in {clause[:40]!r}",
                                )
                            )
                            continue
                        subject = _RATE_SUFFIX.sub("", tie.name)
                        first, last = p.lines_of(s, e)
                        out.append(
                            ValueRecord(
                                document=span.document_key,
                                indicator=tie.name,
                                role=role,
                                period=period,
                                value=tie.value,
                                numeric=_numeric(tie),
                                unit=re.sub("余|多", "", normalise(tie.quantity.group("unit"))),
                                preliminary=role == "outcome" and bool(early or _PRELIMINARY.search(seg)),
                                excerpt=Excerpt(source=src, line_start=first, line_end=last, quote=raw.strip()),
                            )
                        )
            opening = later or opening
    return out, issues
