"""Questions as people type them: 谁负责绿色金融, 人工智能由哪个部门负责, who is responsible for …

A question frame is the wording around what a question is about; `read_question` takes the
frame away and says which frame it was, so the answer can tell how it read the question.
Intents: "who" (which bodies are responsible for a topic), "what" (what a body is responsible
for), "figures" (a topic's targets and outcomes). Text no frame fits is read literally (intent
None: the answer decides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# The words of a frame, Chinese. A body or department asked for:
_WHO = r"(?:谁|哪个|哪些|哪一个|哪家|哪几个|什么)(?:部门|单位|机构|委办局|局|委|办|部门单位|街道|街镇|镇|片区|功能区)?"
_RESP = r"(?:负责|牵头|主管|主抓|管理|管|抓|承担|落实|推进|推动|负总责|分管|主责)"
_BODY_WORD = r"(?:部门|单位|机构|委办局)"
_TAIL = r"(?:的|呢|啊|吗|的呢|的啊)?"
_POLITE_WORDS = (
    "请问",
    "请教一下",
    "请教",
    "问一下",
    "问下",
    "想问一下",
    "想问下",
    "想问",
    "我想知道",
    "想知道",
    "想了解一下",
    "想了解",
    "麻烦问下",
    "你好",
    "您好",
)
_POLITE = rf"^(?:{'|'.join(_POLITE_WORDS)})[，,、：:\s]*"
# Words that say "the work of" after a topic: 绿色金融工作, 数据要素这块, 养老方面的事.
_TOPIC_TAIL = r"(?:的)?(?:相关工作|工作|这块|这一块|这方面|方面|的事情|的事|这件事|事项|这项工作|任务)$"
_END = r"[\s？?。.!！~～…]+$"
_END_MARKS = "？?。.!！~～…"  # with white space: what _END takes from the end

_ZH_WHO = [
    ("谁负责…", rf"^(?:是|应该|应当|应)?(?:由)?{_WHO}(?:在|来|去|具体)?{_RESP}(?:的)?(?P<t>.+?){_TAIL}$"),
    ("…由谁负责", rf"^(?P<t>.+?)(?:是|应该|应当|应)?(?:由|归|是由)?{_WHO}(?:来|去|具体|在)?{_RESP}{_TAIL}$"),
    ("…归谁管", rf"^(?P<t>.+?)(?:是)?(?:归|由)?{_WHO}管(?:的|理的)?{_TAIL}$"),
    ("…谁来抓", rf"^(?P<t>.+?){_WHO}来(?:抓|管|做|办|干){_TAIL}$"),
    ("负责…的是哪个部门", rf"^{_RESP}(?P<t>.+?)的(?:是)?(?:{_WHO})?{_BODY_WORD}?(?:是)?(?:{_WHO})?{_TAIL}$"),
    (
        "…的责任部门是哪个",
        rf"^(?P<t>.+?)的(?:责任|牵头|主管|主责|负责)(?:部门|单位|机构)(?:是|有)?(?:{_WHO}|什么)?{_TAIL}$",
    ),
    ("…是哪个部门的", rf"^(?P<t>.+?)(?:是|属于){_WHO}的(?:事|工作|职责)?{_TAIL}$"),
    ("…归哪个部门", rf"^(?P<t>.+?)(?:归|属于|在){_WHO}{_TAIL}$"),
    ("…的是哪个部门", rf"^(?P<t>.+?)的(?:是)(?:{_WHO}){_TAIL}$"),
]
_ZH_WHAT = [
    (
        "…负责什么",
        rf"^(?P<t>.+?)(?:都|具体|主要)?{_RESP}(?:了)?(?:哪些|什么|啥|哪几项|哪些方面的)(?:事|工作|任务|事项|措施|项目|事情)?{_TAIL}$",
    ),
    ("…的职责是什么", r"^(?P<t>.+?)的?(?:职责|任务|工作|分工)(?:是什么|有哪些|是啥|包括什么|包括哪些)(?:呢|啊|吗)?$"),
    ("…是干什么的", r"^(?P<t>.+?)(?:是)?(?:干什么|做什么|干啥|做啥|管什么|管啥)的?(?:呢|啊|吗)?$"),
    (
        "…有哪些任务",
        r"^(?P<t>.+?)(?:都|还)?有(?:哪些|什么|啥|哪几项|多少)(?:事|工作|任务|事项|措施|项目|事情|职责)(?:呢|啊|吗)?$",
    ),
]
# A figure asked for (targets answers these; who answers with the bodies behind the figure).
_ZH_FIGURE = [
    (
        "…的目标是多少",
        r"^(?P<t>.+?)的?(?:年度目标|目标值|目标|完成情况|实际完成|完成值|实绩)(?:是多少|有多少|是什么|怎么样|如何|达到了吗|完成了吗)?(?:呢|啊|吗)?$",
    ),
    ("…完成了多少", r"^(?P<t>.+?)(?:完成了|达到了|实现了|是)(?:多少|几何)(?:呢|啊|吗)?$"),
]
_EN_AGENT = r"(?:who|which\s+(?:departments?|bod(?:y|ies)|offices?|bureaus?|agenc(?:y|ies)|units?|organi[sz]ations?|authorit(?:y|ies)))"
_EN_RESP = (
    r"(?:(?:is|are|was|were)\s+)?(?:responsible\s+for|in\s+charge\s+of|handles?|handling|leads?|leading|runs?|"
    r"manages?|managing|oversees?|overseeing|looks\s+after|takes\s+care\s+of|deals\s+with|works\s+on|does)"
)
_EN_WHO = [
    ("who is responsible for …", rf"^{_EN_AGENT}(?:'s|\s+is|\s+are)?\s+{_EN_RESP}\s+(?P<t>.+)$"),
    ("who is responsible for …", rf"^{_EN_AGENT}\s+(?:is|are)\s+(?P<t>.+?)\s+(?:handled|led|managed|run)\s+by$"),
    (
        "who is responsible for …",
        r"^(?:the\s+)?(?:responsible\s+)?(?:bod(?:y|ies)|departments?)\s+(?:responsible\s+)?for\s+(?P<t>.+)$",
    ),
]
_EN_WHAT = [
    ("what does … do", r"^what\s+(?:does|do|did)\s+(?P<t>.+?)\s+(?:do|handle|lead|manage|run|oversee|work\s+on)$"),
    (
        "what is … responsible for",
        r"^what\s+(?:is|are|was|were)\s+(?P<t>.+?)\s+(?:responsible\s+for|in\s+charge\s+of|doing|working\s+on)$",
    ),
    ("what is … responsible for", r"^(?:the\s+)?(?:responsibilities|duties|tasks|work)\s+of\s+(?P<t>.+)$"),
]
_EN_FIGURE = [
    (
        "what is the target for …",
        r"^what\s+(?:is|was|are|were)\s+(?:the\s+)?(?:targets?|outcomes?|figures?)\s+(?:for|of)\s+(?P<t>.+)$",
    ),
]
_FRAME_PATTERNS = [
    (name, intent, pattern)
    for group, intent in (
        (_ZH_WHAT, "what"),
        (_ZH_WHO, "who"),
        (_ZH_FIGURE, "figures"),
        (_EN_WHAT, "what"),
        (_EN_WHO, "who"),
        (_EN_FIGURE, "figures"),
    )
    for name, pattern in group
]
# Words one of the frames holds: a text without any is taken as written before a pattern is compiled.
_HINT_ZH = "谁|哪|什么|啥|多少|几何|负责|牵头|主管|主抓|管|抓|承担|落实|推进|推动|职责|任务|工作|干|做|目标|完成|实绩|实现|达到"
_HINT_EN = "who|which|what|responsib|charge|handl|lead|manag|run|oversee|look|take|deal|work|target|outcome|figure|dut|task|bod|depart"
_HINT = rf"{_HINT_ZH}|(?i:{_HINT_EN})"


@cache
def _frames() -> list[tuple[str, str, re.Pattern]]:
    return [(name, intent, re.compile(pattern, re.IGNORECASE)) for name, intent, pattern in _FRAME_PATTERNS]


@cache
def _rx(pattern: str) -> re.Pattern:
    """A pattern compiled on first use: a question that names something as written needs none."""
    return re.compile(pattern)


_ARTICLE = r"(?i)^(?:the|a|an)\s+"


@dataclass(frozen=True)
class Reading:
    """How a question was read: its frame (None: taken as written), the topic or body it names, and
    the intent ("who": bodies responsible for the topic; "what": what the body is responsible for)."""

    frame: str | None
    topic: str
    intent: str | None
    asked: str | None = None  # the topic as asked, when no name holds all of it and `topic` is its nearest words
    english: str | None = None  # the English name asked, when `topic` is the Chinese phrase it names (green finance)


def read_question(text: str) -> Reading:
    """The topic of TEXT once a question frame around it is taken away; TEXT itself if none fits."""
    from ..store.index import question_text

    plain = question_text(_strip_end(question_text(text)))
    asked = _rx(_POLITE).sub("", plain) if plain.startswith(tuple(_POLITE_WORDS)) else plain
    if not _hinted(asked):
        return Reading(None, plain, None)
    for name, intent, pattern in _frames():
        m = pattern.match(asked)
        if not m:
            continue
        topic = _clean(m.group("t"))
        if topic:
            return Reading(name, topic, intent)
    return Reading(None, plain, None)


def _strip_end(text: str) -> str:
    """The text without the marks and white space _END takes from its end (no pattern compiled)."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in _END_MARKS):
        end -= 1
    return text[:end]


def _hinted(text: str) -> bool:
    """The text holds one of the words of _HINT: by plain comparison where that is sure (Chinese
    words, ASCII text), else by the pattern (case-insensitive matching of other letters)."""
    if any(w in text for w in _HINT_ZH.split("|")):
        return True
    if text.isascii() or all(c < "\u0100" or c >= "\u2e80" for c in text):  # no letter folds to a hint's
        low = text.lower()
        return any(w in low for w in _HINT_EN.split("|"))
    return bool(_rx(_HINT).search(text))


def _clean(topic: str) -> str:
    """The topic as the graph writes it: quotes, articles and 'the work of' words taken away."""
    from ..store.index import question_text

    topic = question_text(_rx(_END).sub("", topic.strip(" ，,、：:")))
    topic = _rx(_ARTICLE).sub("", topic).strip()
    trimmed = _rx(_TOPIC_TAIL).sub("", topic)
    if len(trimmed) >= 2:
        topic = trimmed
    return question_text(topic)
