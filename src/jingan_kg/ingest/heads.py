"""What a document's head says when no manifest does: its title and its issuer, read by content.

Title: the document a notice issues ("现将《2024年区政府重点工作安排》印发给你们" → 2024年区政府重点工作安排;
"…关于印发《X》的通知" → X),
else the first line that reads as a title: it names a kind of document (报告, 安排, 计划, 执行情况 …),
is no sentence (no 。，；), and is neither an addressee line ("区政府各委、办、局,…:") nor a greeting
("各位代表:"), so web-page chrome above a copied document ("设为首页收藏本站") is passed over.

Plan year: a document whose title says it is one year's plan (2024年区政府重点工作安排) states that
year's targets wherever its sentences name no other period (`plan_year`).

Issuer: the signature line of a notice (a body's name directly above the date it was signed), or
the government a district head (区长) delivers a work report for ("静安区区长 王华" → 静安区人民政府).
"""

from __future__ import annotations

import re

from ..text import normalise

# A notice issuing a document: "现将《X》印发给你们", "《X》已经…审议通过,现印发给你们", and its own title
# "…关于印发《X》的通知" (with or without the brackets): the document's title is X.
_ISSUES = re.compile(
    r"(?:现将|现把|兹将)\s*《([^《》]{4,80})》\s*(?:印发|发布|转发|下发)"
    r"|《([^《》]{4,80})》[^《》。]{0,40}?现(?:印发|发布|转发|下发)给你们"
)
_ISSUING_TITLE = re.compile(r"关于(?:印发|发布|转发)\s*《?([^《》]{4,80}?)》?\s*的通知$")
# Words that name a kind of document, at or near the end of a title.
_DOCUMENT_WORD = re.compile(
    r"(报告|安排|方案|意见|通知|规划|纲要|计划|决定|办法|措施|公报|执行情况|要点|细则|条例|规定|清单|白皮书)"
)
_SENTENCE = re.compile(r"[。，,；;！!？?]")
_TAG = re.compile(r"^\[[^\[\]]{1,8}\]\s*")  # "[上海] …": a web page's category tag before a title
_ADDRESSED = re.compile(r"[:：]\s*$")  # "各位代表:", "区政府各委、办、局,各街道办事处、彭浦镇政府:"
_BODY = re.compile(r"^\S{2,30}(?:委员会|局|办公室|人民政府)$")
_SIGNED = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_HEAD_OF = re.compile(r"^(\S{1,8}?[区县市])(?:区长|县长|市长)\s*\S{2,4}$")  # 静安区区长 王华
_LOOK = 60  # a head lies within the first lines of a text


def title_of(texts: list[str]) -> str | None:
    """The title a document's text lines give, or None when no line reads as one."""
    for text in texts[:_LOOK]:
        if m := _ISSUES.search(text):
            return normalise(m.group(1) or m.group(2))
    for text in texts[:_LOOK]:
        if m := _ISSUING_TITLE.search(normalise(text)):
            return normalise(m.group(1))
    for text in texts[:_LOOK]:
        line = _TAG.sub("", normalise(text))
        if (
            4 <= len(line) <= 100
            and _DOCUMENT_WORD.search(line)
            and not _SENTENCE.search(line)
            and not _ADDRESSED.search(line)
        ):
            return line
    return None


# A plan for one year and nothing else: "2024年区政府重点工作安排", "2023年区政府重点工作目标安排".
_PLAN_OF_YEAR = re.compile(r"^(\d{4})年\S{0,12}?(?:重点工作(?:目标)?安排|工作要点|重点工作任务)$")


def plan_year(title: str) -> int | None:
    """The year a document plans when its title says it is that year's plan (a key-work arrangement),
    else None: a report that reviews one year and plans the next is no plan of one year."""
    title = normalise(title)
    if issued := _ISSUING_TITLE.search(title):
        title = normalise(issued.group(1))  # 关于印发《2025年区政府重点工作安排》的通知
    m = _PLAN_OF_YEAR.match(title)
    return int(m.group(1)) if m else None


_BODY_HEAD = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}$")  # a body's name: Chinese only, no 《》 or quotes


def issuer_before(title: str) -> str | None:
    """上海市长宁区人民政府关于… → 上海市长宁区人民政府; nothing when what precedes 关于 is no name (《关于…》)."""
    head = title.split("关于", 1)[0].strip() if "关于" in title else ""
    return head if _BODY_HEAD.match(head) else None


def issuer_of(texts: list[str]) -> str | None:
    """The body a document's head names as its issuer, or None."""
    head = [normalise(t) for t in texts[:_LOOK]]
    for line, following in zip(head, head[1:]):
        if _BODY.match(line) and _SIGNED.match(following):
            return line
    for line in head:
        if m := _HEAD_OF.match(line):
            return f"{m.group(1)}人民政府"
    return None
