"""Targets stated in prose: a quantity in the reach of a horizon phrase (到2025年, 今年 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...ingest.documents import Span
from ...ingest.heads import plan_year
from ...records import Excerpt, Issue
from ...text import key, normalise, strip_markup
from .tables import is_row
from .values import _CN, _UNIT_BODY, ValueRecord, clean_name, fyp_period, is_heading, numeric, signed

# --- prose ------------------------------------------------------------------------------

# Horizons, on normalised text (NFKC: "，" is "," there).
_H_UNTIL = re.compile(r"(?:截至|截止到?|至|到)(\d{4})年(?:底|末)?(?!\d{1,2}月)")  # 到2025年, not 至2026年12月31日
_H_BEFORE = re.compile(
    r"(\d{4})年(?:底|末)?前(?![一二三四五六七八九十\d]+个?(?:季度|月))"
)  # 2025年底前, not 年前三季度
_H_RANGE = re.compile(r"(\d{4})\s*[-~—–至到]\s*(\d{4})年")  # 2023-2025年
_H_PLAN = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(期间|时期|末)")  # “十四五”期间
_H_RELATIVE = re.compile(r"今年|明年|去年|上年")
_SHIFT = {"今年": 0, "明年": 1, "去年": -1, "上年": -1}
_PLANS = re.compile(r"将|力争|计划|目标|争取|预计|要")  # a sentence about what is to be done

# A quantity: comparator, number or range, measure word, qualifier ("超过800家", "1-2家", "5%左右").
QUANTITY = re.compile(
    r"(?P<cmp>超过|超|突破|不少于|不低于|不超过|逾|增长|下降|提高|降低)?"
    r"(?P<num>\d+(?:\.\d+)?(?:\s*[-~—–至]\s*\d+(?:\.\d+)?)?)"
    rf"(?P<unit>{_UNIT_BODY})(?P<tail>以上|以下|以内|左右|多)?"
)
# Words before a name that are not part of it: the subject, time and manner ("全区", "将", "力争").
_SUBJECT = re.compile(
    r"^(?:全区|全年|年内|静安区将|静安区|全市|我区|区内|并|将|力争|确保|累计|共|大力|积极|着力|"
    r"进一步|持续|同时|其中|另外|此外)+"
)
_FILLER = re.compile(r"^(?:完成|实现|达到)")  # "完成旧住房综合改造面积达…": the name is the quantity noun
_LINK = re.compile(
    r"(?:达到|达|为|增至|提高到|提升至|提升到|保持在|控制在|稳定在|保持|同比|比上年|较上年)$"
)  # between name and number (or comparator)
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
    ),
    key=len,
    reverse=True,
)
_GENERIC = {"方面", "领域", "项目", "类", "批", "等"}
_CLAUSE = re.compile(r"[;:]|(?<!\d),|,(?!\d{3})")  # clause breaks; "10,000" keeps its comma
_CLOSED = ("。", "！", "？", "!", "?", "”", "；", ";")


@dataclass
class Horizon:
    """Where a horizon phrase stands in a sentence, the period it gives, and whether it sets targets."""

    at: int
    end: int
    period: str
    targets: bool  # False for a horizon already past, or 今年 in a sentence that does not plan


def _horizons(sentence: str, year: int | None) -> list[Horizon]:
    """Every horizon phrase of a normalised sentence, in order, each read once."""
    found = []  # (start, end, first year, last year, sets targets: None = unless already past)
    found += [(m.start(), m.end(), m.group(1), m.group(2), None) for m in _H_RANGE.finditer(sentence)]
    found += [(m.start(), m.end(), m.group(1), m.group(1), None) for m in _H_UNTIL.finditer(sentence)]
    found += [(m.start(), m.end(), m.group(1), m.group(1), None) for m in _H_BEFORE.finditer(sentence)]
    for m in _H_PLAN.finditer(sentence):
        first, last = fyp_period(10 + _CN[m.group(1)]).split("-")
        found.append((m.start(), m.end(), last if m.group(2) == "末" else first, last, None))
    plans = bool(_PLANS.search(sentence))
    for m in _H_RELATIVE.finditer(sentence):
        shift = _SHIFT[m.group()]
        y = str(year + shift) if year is not None else "?"
        # 去年 is the past; 今年 sets targets only in a sentence that plans ("今年，…将…") of a dated document
        found.append((m.start(), m.end(), y, y, shift >= 0 and plans and year is not None))
    out: list[Horizon] = []
    for at, end, first, last, sets in sorted(found, key=lambda f: (f[0], -f[1])):
        if out and at < out[-1].end:
            continue  # "到2025年底前", "2023至2025年": one phrase matched twice
        period = first if first == last else f"{first}-{last}"
        targets = sets if sets is not None else (year is None or int(last) >= year)
        out.append(Horizon(at, end, period, targets))
    return out


@dataclass
class Paragraph:
    """A paragraph's text (markup stripped) and, for each of its characters, the line it is on."""

    text: str = ""
    lines: list[int] = field(default_factory=list)

    def add(self, number: int, text: str) -> None:
        """Append one line's text."""
        self.text += text
        self.lines.extend([number] * len(text))

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last line of the characters start..end."""
        return self.lines[start], self.lines[max(end - 1, start)]


def _closed(p: Paragraph) -> bool:
    """A paragraph a blank line ends: its sentence is closed, or it is one short title line."""
    text = p.text.rstrip()
    return text.endswith(_CLOSED) or (len(text) <= 30 and not re.search("[，。；,;]", text))


def paragraphs(span: Span) -> list[Paragraph]:
    """Prose paragraphs, joined over blank lines and page headers while a sentence is open."""
    out: list[Paragraph] = []
    current: Paragraph | None = None
    for ln in span.lines():
        if ln.noise:
            continue
        heading = bool(ln.text) and is_heading(ln.text)
        if is_row(ln) or (heading and "。" not in ln.text):
            current = None  # a table row or a bare heading ends the paragraph and is not prose
        elif not ln.text:
            if current and _closed(current):
                current = None
        else:
            if current is None or heading:  # "（一）标题。正文…": a heading with its text starts a paragraph
                current = Paragraph()
                out.append(current)
            current.add(ln.number, strip_markup(ln.text).strip())
    return out


def _sentences(p: Paragraph) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, ending at 。！？."""
    out, start = [], 0
    for i, ch in enumerate(p.text):
        if ch in "。！？!?":
            out.append((start, i + 1))
            start = i + 1
    if p.text[start:].strip():
        out.append((start, len(p.text)))
    return out


def _document_year(span: Span) -> int | None:
    """The year the document was issued (for 今年, and to tell horizons already past)."""
    for d in (span.document.issued if span.document else None, span.source.meta.date):
        if d and re.match(r"\d{4}", d):
            return int(d[:4])
    return None


def _opening(sentence: str, horizons: list[Horizon]) -> Horizon | None:
    """A horizon that is the whole first clause of a sentence ("今年，…", "到2030年，…")."""
    parts = _CLAUSE.split(sentence, maxsplit=1)
    if horizons and len(parts) == 2 and horizons[0].at == 0 and horizons[0].end == len(parts[0]):
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
    for pattern in (_H_RANGE, _H_UNTIL, _H_BEFORE, _H_PLAN):
        clause = pattern.sub("", clause)
    return re.sub(r"^(?:今年|明年)", "", clause).strip()


def _segments(clause: str) -> list[str]:
    """A clause cut at 、 between quantities; a part with no quantity joins the next (a list of names)."""
    parts, pending = [], ""
    for part in clause.split("、"):
        pending = f"{pending}、{part}" if pending else part
        if QUANTITY.search(part):
            parts.append(pending)
            pending = ""
    if pending and parts:
        parts[-1] += "、" + pending
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
        return normalise(self.quantity.group())


def _tie(seg: str, verb: str | None = None) -> list[Tie]:
    """Tie a segment's quantity to a name: the words before it, or the action verb and the words after."""
    found = list(QUANTITY.finditer(seg))
    if len(found) == 2 and (m := re.search("和|及", seg[found[0].end() : found[1].start()])):
        cut = found[0].end() + m.start()  # "启动10幅…地块和7个…项目": two quantities, one verb
        head = _SUBJECT.sub("", seg[: found[0].start()].strip())
        return _tie(seg[:cut], verb) + _tie(seg[cut + 1 :], _verb_of(head) or verb)
    if len(found) != 1:
        return [Tie(None, q) for q in found]
    q = found[0]
    pre = _LINK.sub("", _SUBJECT.sub("", seg[: q.start()].strip())).strip()
    post = re.sub(r"(?:的?目标|等)$", "", seg[q.end() :].strip()).strip()
    if not post:
        name = _SUBJECT.sub("", _FILLER.sub("", pre))  # "实现全年区级…收入": neither 实现 nor 全年 is the name
        if verb and name and not _verb_of_start(name) and not _FILLER.match(pre):
            name = verb + name  # "引进A机构20家、B机构40家": B is 引进B机构 too
    elif v := _verb_of(pre):
        name = v + post
    elif not pre:
        name = (verb or "") + post
    else:
        name = None  # words on both sides and no verb: nothing says which is the indicator
    if (
        name
        and q.group("cmp") in ("增长", "下降", "提高", "降低")
        and q.group("unit") == "%"
        and not re.search("(率|速|比例|比重|占比)$", name)
    ):
        name += q.group("cmp") + "率"  # 地区生产总值增长5% is a value of 地区生产总值增长率
    name = clean_name(name) if name else None
    if name and (len(name) < 2 or len(name) > 30 or name in _GENERIC or not re.search(r"[\u4e00-\u9fff]", name)):
        name = None
    return [Tie(name, q)]


def _line_of(p: Paragraph, start: int, end: int, quantity: str) -> int:
    """The line of a sentence that holds a quantity (else the sentence's first line)."""
    want = key(quantity)
    for number in dict.fromkeys(p.lines[start:end]):
        chunk = "".join(ch for ch, n in zip(p.text[start:end], p.lines[start:end]) if n == number)
        if want in key(chunk):
            return number
    return p.lines[start]


def _plan_horizon(span: Span) -> Horizon | None:
    """In one year's plan (a key-work arrangement), a sentence with no horizon states that year's target."""
    year = plan_year(span.document.title) if span.document is not None else None
    return Horizon(0, 0, str(year), True) if year is not None else None


def prose_values(span: Span) -> tuple[list[ValueRecord], list[Issue]]:
    """Targets stated in prose within a horizon's reach (or anywhere in one year's plan); quantities
    that cannot be tied become issues."""
    src, year = span.source.path, _document_year(span)
    plan = _plan_horizon(span)
    out, issues = [], []
    for p in paragraphs(span):
        opening: Horizon | None = None
        for n, (s, e) in enumerate(_sentences(p)):
            raw = p.text[s:e]
            sentence = normalise(raw)
            horizons = _horizons(sentence, year)
            if n == 0:
                opening = _opening(sentence, horizons)  # "今年，…" reaches the whole paragraph
            carry = None  # the verb of a list's first item reaches the items after it, to the sentence's end
            for clause, horizon in _clauses(sentence, horizons, opening):
                horizon = horizon or plan
                if horizon is None or not horizon.targets:
                    continue
                for seg in _segments(clause):
                    ties = _tie(seg, carry)
                    carry = next((v for t in ties if t.name and (v := _verb_of_start(t.name))), None) or carry
                    for tie in ties:
                        if tie.name is None:
                            issues.append(
                                Issue(
                                    source=src,
                                    line=_line_of(p, s, e, tie.quantity.group()),
                                    code="prose-target-untied",
                                    reason=f"{tie.value!r} (for {horizon.period}) is tied to no named indicator "
                                    f"in {clause[:40]!r}",
                                )
                            )
                            continue
                        first, last = p.lines_of(s, e)
                        out.append(
                            ValueRecord(
                                document=span.document_key,
                                indicator=tie.name,
                                role="target",
                                period=horizon.period,
                                value=tie.value,
                                numeric=signed(tie.value, tie.name) if numeric(tie.quantity.group("num")) else None,
                                unit=normalise(tie.quantity.group("unit")),
                                excerpt=Excerpt(source=src, line_start=first, line_end=last, quote=raw.strip()),
                            )
                        )
    return out, issues
