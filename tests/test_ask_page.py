"""The ask page of `jingan-kg serve` (GET /ask): who, search, targets and show for people without
a terminal, answered as HTML with every entity linked and every citation's document, line and
quote shown; errors as a message with the candidates as links; `format=json` for scripts.

The server is the real one (uvicorn, worker processes) on a free loopback port, started as
tests/test_server.py does; the browser tests drive Debian's Chromium (Playwright) and Firefox
ESR (WebDriver BiDi) through tests/browser_helpers.py, as tests/test_browser.py does, and skip
(fail under CI) when a browser is missing.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
import urllib.parse
from base64 import b64encode
from html.parser import HTMLParser

import pytest

from jingan_kg.errors import Ambiguous, NoMatch
from jingan_kg.query import ask as library
from jingan_kg.store.index import SearchIndex
from jingan_kg.web.ask import ask_url, mark, render_page, split_note
from jingan_kg.web.ask import parse as parse_params
from jingan_kg.web.run import BackgroundServer

from . import browser_helpers as bh
from .test_browser import SCREENSHOTS
from .test_server import EXTERNAL_LOAD, MAX_ROWS, TIMEOUT, http

INVESTMENT = "https://w3id.org/jingan-kg/id/org/jingan-investment"
INVESTMENT_LABEL = "静安区投资促进办公室"
MEASURE_12 = "https://w3id.org/jingan-kg/id/measure/jing-fa-gai-wei-2026-3-hao-6432b4/12"
DOCUMENT = "上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施"
IDENTIFIER = "静发改委〔2026〕3号"
QUOTE = (
    "12.优化绿色金融。支持金融机构承销、投资绿色债券，加大绿色金融产品供给。鼓励设立绿色金融事业部、"
    "绿色培训机构和绿色产品创新实验室等，将ESG评价纳入投资、风险管控流程。支持企业积极对接市级绿色金融"
    "公共服务平台，为绿色项目提供融资服务。（责任部门：区投资办）"
)
RETAIL = "社会消费品零售总额"
NOWHERE = "火星殖民计划"  # no name holds it (who answers for its nearest words, 计划)
PLAN_2022 = "plan-report-2022-execution-2023-draft.txt"
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror="window.pwned=1">',
    'it\'s "quoted" & <b>bold</b>',
    'https://w3id.org/jingan-kg/id/org/x"onmouseover="alert(1)',
]


@pytest.fixture(scope="module")
def srv(built):
    with BackgroundServer(built[1], timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2) as s:
        yield s


@pytest.fixture(scope="module")
def index(built):
    return SearchIndex(built[1] / "search.sqlite")


def ask(srv, **params) -> tuple[int, dict, str]:
    """(status, headers, body text) of GET /ask with these parameters."""
    status, headers, body = http("GET", f"{srv.url}/ask?{urllib.parse.urlencode(params)}")
    return status, headers, body.decode("utf-8")


def show_url(iri: str) -> str:
    return "/ask?cmd=show&q=" + urllib.parse.quote(iri, safe="")


# --- a small HTML tree, to check the page element by element ----------------------------------------

_VOID = {"meta", "input", "br", "img", "link", "hr", "source", "wbr", "col", "area", "base", "embed"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None = None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        found = []
        for c in self.children:
            if isinstance(c, str):
                continue
            if (
                (tag is None or c.tag == tag)
                and (cls is None or cls in c.classes)
                and all(c.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
            ):
                found.append(c)
            found += c.all(tag, cls, **attrs)
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag or '*'} class={cls} {attrs}> in <{self.tag}>"
        return found[0]


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.at = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.at)
        self.at.children.append(node)
        if tag not in _VOID:
            self.at = node

    def handle_endtag(self, tag):
        at = self.at
        while at is not None and at.tag != tag:
            at = at.parent
        assert at is not None, f"</{tag}> closes nothing"
        self.at = at.parent

    def handle_data(self, data):
        self.at.children.append(data)


def tree(html: str) -> Node:
    parser = _Tree()
    parser.feed(html)
    parser.close()
    assert parser.at is parser.root, f"<{parser.at.tag}> is never closed"
    return parser.root


def page(srv, status: int = 200, **params) -> Node:
    code, headers, body = ask(srv, **params)
    assert code == status, body[:2000]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    return tree(body)


# --- the page and its policy -------------------------------------------------------------------------


def test_index_links_the_ask_page_and_the_form_stands_alone(srv):
    status, _, index_page = http("GET", srv.url + "/")
    assert status == 200 and b'href="/ask"' in index_page
    status, headers, body = ask(srv)
    assert status == 200
    doc = tree(body)
    form = doc.one("form", id="ask")
    assert (form.attrs["method"], form.attrs["action"]) == ("get", "/ask")
    assert form.one("input", id="q").attrs["name"] == "q"
    assert [o.attrs["value"] for o in form.one("select", id="cmd").all("option")] == list(library.COMMANDS)
    assert [o.attrs["value"] for o in form.all("option") if "selected" in o.attrs] == ["who"]
    assert form.one("input", id="district").attrs["name"] == "district"
    examples = [a.attrs["href"] for a in doc.one("p", cls="examples").all("a")]
    assert ask_url("who", "谁负责绿色金融") in examples and ask_url("targets", RETAIL) in examples
    # everything local; a policy as strict as the query page's, and the page's one style allowed
    assert not EXTERNAL_LOAD.search(body) and not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", body)
    assert "<script" not in body
    csp = headers["Content-Security-Policy"]
    for part in ("default-src 'none'", "script-src 'none'", "form-action 'self'", "base-uri 'none'"):
        assert part in csp, csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    (style,) = re.findall(r"<style>(.*?)</style>", body, re.S)
    digest = b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"


# --- who -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["谁负责绿色金融", "绿色金融"])
def test_who_names_the_body_and_cites_the_line(srv, question):
    doc = page(srv, q=question)
    assert doc.one("input", id="q").attrs["value"] == question
    answer = doc.one("section", id="answer")
    assert answer.one("h2").text() == question
    body = answer.one("article", cls="body", data_body=INVESTMENT)
    link = body.one("a", cls="body-link")
    assert (link.text(), link.attrs["href"]) == (INVESTMENT_LABEL, show_url(INVESTMENT))
    assert body.one("a", cls="who-link").attrs["href"] == ask_url("who", INVESTMENT_LABEL)
    assert "Jing'an District Investment Promotion Office" in body.one("p", cls="names").text()
    assert "区投资办" in body.one("p", cls="names").text()
    citation = body.one("div", cls="citation", data_subject=MEASURE_12)
    assert (citation.attrs["data-source"], citation.attrs["data-line"]) == ("gazette-2026-01.txt", "1832")
    cited = citation.one("a", cls="cited")
    assert (cited.text(), cited.attrs["href"]) == ("优化绿色金融", show_url(MEASURE_12))
    assert citation.one("div", cls="title").text().startswith("12. 优化绿色金融")
    assert "responsible for" in [r.text() for r in citation.all("span", cls="rel")]
    assert citation.one("span", cls="doc").text() == f"{DOCUMENT}（{IDENTIFIER}）"
    assert citation.one("span", cls="line").text() == "gazette-2026-01.txt:1832"
    quote = citation.one("blockquote", cls="quote")
    assert quote.text() == QUOTE
    assert [m.text() for m in quote.all("mark")] == ["绿色金融"] * 4  # every time the topic is written


def test_who_reads_the_question(srv):
    reading = page(srv, q="谁负责绿色金融").one("p", cls="reading")
    assert reading.one("q").text() == "谁负责…" and reading.one("b", cls="topic").text() == "绿色金融"
    assert reading.text().startswith("Read as: who is responsible for 绿色金融")
    assert not page(srv, q="绿色金融").all("p", cls="reading")  # nothing to say: read as written


def test_a_body_links_to_its_card_and_to_what_it_is_responsible_for(srv):
    body = page(srv, q="绿色金融").one("article", cls="body", data_body=INVESTMENT)
    show, who = body.one("a", cls="body-link").attrs["href"], body.one("a", cls="who-link").attrs["href"]
    card = tree(http("GET", srv.url + show)[2].decode("utf-8")).one("section", id="answer")
    assert card.one("code", cls="iri").text() == INVESTMENT
    assert card.one("h2", cls="card-label").children[0] in (
        INVESTMENT_LABEL,
        "Jing'an District Investment Promotion Office",
    )
    status, _, html = http("GET", srv.url + who)
    assert status == 200
    own = tree(html.decode("utf-8")).one("section", id="answer").one("article", cls="body", data_body=INVESTMENT)
    lines = {(c.attrs["data-subject"], c.attrs["data-line"]) for c in own.all("div", cls="citation")}
    assert (MEASURE_12, "1832") in lines
    # in body mode the quotes mark the name the document uses
    (c12,) = [c for c in own.all("div", cls="citation") if c.attrs["data-subject"] == MEASURE_12]
    assert [m.text() for m in c12.one("blockquote").all("mark")] == ["区投资办"]


# --- search, targets, show ---------------------------------------------------------------------------


def test_search_lists_hits_linked_to_their_cards(srv):
    doc = page(srv, q="绿色金融", cmd="search")
    assert [o.attrs["value"] for o in doc.all("option") if "selected" in o.attrs] == ["search"]
    rows = doc.one("table", cls="hits").one("tbody").all("tr")
    assert rows, "no hits"
    (row,) = [r for r in rows if r.attrs["data-iri"] == MEASURE_12]
    cells = [td.text() for td in row.all("td")]
    assert cells[:5] == ["优化绿色金融", "measure", "优化绿色金融", "label", "60"]
    assert row.one("a", cls="hit").attrs["href"] == show_url(MEASURE_12)
    assert [m.text() for m in row.all("mark")] == ["绿色金融"]
    assert row.one("a", cls="who-link").attrs["href"] == ask_url("who", "优化绿色金融")


def test_targets_show_the_2022_target_and_outcome(srv):
    answer = page(srv, q=RETAIL, cmd="targets").one("section", id="answer")
    indicator = answer.one("a", cls="indicator")
    assert indicator.text() == RETAIL and indicator.attrs["href"].startswith("/ask?cmd=show&q=https%3A%2F%2F")
    assert [k.text() for k in answer.one("h2").all("span", cls="kind")] == ["亿元", "预期性"]
    row = answer.one("tr", data_period="2022")
    assert row.all("td")[1].text() == "静安区"
    (target,) = row.all("div", cls="target")
    assert target.one("b").text() == "1600亿元"
    assert target.one("span", cls="line").text() == f"{PLAN_2022}:23"
    assert target.one("span", cls="doc").text().startswith("关于静安区2022年国民经济和社会发展规划执行情况")
    assert target.one("blockquote").text() == f"{RETAIL}\t1600 亿元\t1480 亿元"
    outcomes = row.all("div", cls="outcome")
    assert {o.one("b").text() for o in outcomes} == {"1480亿元"}
    assert f"{PLAN_2022}:35" in {o.one("span", cls="line").text() for o in outcomes}
    assert row.one("td", cls="gap").text() == "-120 亿元"


def test_show_by_name_and_by_iri_give_the_same_card(srv):
    by_name = page(srv, q="区投资办", cmd="show").one("section", id="answer")
    by_iri = page(srv, q=INVESTMENT, cmd="show").one("section", id="answer")
    assert [t.text() for t in by_name.all("table")] == [t.text() for t in by_iri.all("table")]
    assert by_name.one("code", cls="iri").text() == INVESTMENT
    names = [[td.text() for td in tr.all("td")] for tr in by_name.one("table", cls="labels").all("tr")]
    assert ["skos:altLabel", "区投资办"] in names and ["skos:prefLabel", INVESTMENT_LABEL] in names
    incoming = by_name.one("table", cls="incoming")
    links = {a.attrs["href"]: a.text() for a in incoming.all("a", cls="related")}
    assert links[show_url(MEASURE_12)] == "优化绿色金融"
    district = by_name.one("table", cls="outgoing").one("a", cls="related")
    assert district.text() == "静安区"
    assert by_name.one("a", cls="who-link").attrs["href"] == ask_url("who", INVESTMENT_LABEL)


def test_show_by_iri_heads_the_card_with_the_chinese_name(srv):
    card = page(srv, q=INVESTMENT, cmd="show").one("section", id="answer")
    assert card.one("h2", cls="card-label").children[0] == INVESTMENT_LABEL


def test_show_of_a_measure_cites_where_it_is_written(srv):
    card = page(srv, q=MEASURE_12, cmd="show").one("section", id="answer")
    assert card.one("h2", cls="card-label").children[0] == "优化绿色金融"
    cited = card.one("div", cls="citation", data_line="1832")
    assert cited.one("span", cls="line").text() == "gazette-2026-01.txt:1832"
    assert cited.one("blockquote").text() == QUOTE
    bodies = {a.attrs["href"] for a in card.one("table", cls="outgoing").all("a", cls="related")}
    assert show_url(INVESTMENT) in bodies


# --- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cmd", ["search", "show", "targets"])
def test_no_match_says_so_with_the_closest_names_as_links(srv, store, index, cmd):
    with pytest.raises(NoMatch) as raised:
        library.answer(store, index, cmd, NOWHERE)
    doc = page(srv, 404, q=NOWHERE, cmd=cmd)
    error = doc.one("section", id="error")
    assert error.attrs["data-error"] == "no-match"
    assert error.one("h2").text() == "No match"
    assert error.one("p", cls="message").text() == f"nothing in the graph matches '{NOWHERE}'" == str(raised.value)
    names = [split_note(c)[0] for c in raised.value.candidates]
    assert names and raised.value.candidates == index.closest(NOWHERE)
    assert names[2] == "奔流计划"  # shown without its pinyin ("奔流计划 (ben liu ji hua)"), asked by name
    links = error.one("ul", cls="candidates").all("a", cls="candidate")
    assert [(a.text(), a.attrs["href"]) for a in links] == [(n, ask_url(cmd, n)) for n in names]
    assert doc.one("input", id="q").attrs["value"] == NOWHERE  # to edit and ask again
    assert [o.attrs["value"] for o in doc.all("option") if "selected" in o.attrs] == [cmd]
    assert not doc.all("section", id="answer")


def test_ambiguous_show_links_each_candidate_to_its_card(srv, store, index):
    with pytest.raises(Ambiguous) as raised:
        library.answer(store, index, "show", "绿色")
    error = page(srv, 404, q="绿色", cmd="show").one("section", id="error")
    assert error.attrs["data-error"] == "ambiguous"
    links = error.all("a", cls="candidate")
    assert [a.text() for a in links] == [split_note(c)[0] for c in raised.value.candidates]
    assert MEASURE_12 in {urllib.parse.parse_qs(a.attrs["href"].split("?", 1)[1])["q"][0] for a in links}
    assert all(a.attrs["href"].startswith("/ask?cmd=show&q=https%3A%2F%2F") for a in links)


def test_an_unknown_district_lists_the_districts_as_links(srv):
    error = page(srv, 400, q="金融", district="火星").one("section", id="error")
    assert error.attrs["data-error"] == "unknown-district"
    hrefs = [a.attrs["href"] for a in error.all("a", cls="candidate")]
    assert ask_url("who", "金融", "静安区") in hrefs and len(hrefs) == 16
    assert "in Chinese, pinyin, English or by its code" in error.one("p", cls="hint").text()
    not_here = page(srv, 404, q="金融", district="长宁").one("section", id="error")
    assert not_here.attrs["data-error"] == "not-in-district"
    assert [a.attrs["href"] for a in not_here.all("a", cls="candidate")] == [ask_url("who", "金融", "静安区")]


def test_unknown_command_and_bad_parameters_are_400_with_the_reason(srv):
    doc = page(srv, 400, q="绿色金融", cmd="nope")
    error = doc.one("section", id="error")
    assert error.one("p", cls="message").text() == "Unknown command 'nope': cmd is one of who, search, targets, show."
    assert doc.one("input", id="q").attrs["value"] == "绿色金融"
    status, headers, body = ask(srv, q="绿色金融", cmd="nope", format="json")
    assert (status, headers["Content-Type"]) == (400, "application/json; charset=utf-8")
    assert json.loads(body)["error"] == "bad-request" and "Unknown command 'nope'" in json.loads(body)["message"]
    for params, reason in [
        ({"q": "绿色金融", "format": "xml"}, "Unknown format 'xml'"),
        ({"q": "绿色金融", "limit": "-1"}, "limit is a whole number"),
        ({"q": "绿" * 501}, "at most 500"),
    ]:
        status, _, body = ask(srv, **params)
        assert status == 400 and reason in tree(body).one("p", cls="message").text(), params
    status, _, body = http("GET", f"{srv.url}/ask?q=a&q=b")
    assert status == 400 and b"Give `q` once" in body
    status, _, body = http("GET", f"{srv.url}/ask?q=%ff")
    assert status == 400 and b"not UTF-8" in body


@pytest.mark.parametrize("cmd", library.COMMANDS)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_input_comes_back_escaped(srv, cmd, hostile):
    status, _, body = ask(srv, q=hostile, cmd=cmd, district="")
    assert status in (200, 404), body[:500]
    for raw in ("<script>", "<img", "<b>bold", '"onmouseover', 'onerror="'):
        assert raw not in body, (raw, cmd)
    doc = tree(body)
    assert doc.one("input", id="q").attrs["value"] == hostile  # as typed, once the attribute is read
    assert hostile in doc.one("title").text()
    assert not doc.all("img") and not doc.all("script")
    assert not [n.tag for n in doc.all() if any(k.startswith("on") for k in n.attrs)]
    status, _, body = ask(srv, q="绿色金融", district=hostile)
    assert status == 400 and "<script>" not in body and "<img" not in body
    assert tree(body).one("input", id="district").attrs["value"] == hostile


def test_document_text_is_escaped_before_the_words_are_marked():
    assert str(mark("<b>绿色金融</b> & 绿色金融", ["绿色金融"])) == (
        "&lt;b&gt;<mark>绿色金融</mark>&lt;/b&gt; &amp; <mark>绿色金融</mark>"
    )
    assert str(mark("a<b>c", ["<b>"])) == "a<mark>&lt;b&gt;</mark>c"
    assert str(mark("金融与绿色金融", ["金融", "绿色金融"])) == "<mark>金融</mark>与<mark>绿色金融</mark>"
    assert str(mark("<i>", [])) == "&lt;i&gt;"
    # an answer whose every text is hostile (a document can say anything) renders as text
    evil = '<script>alert(1)</script>"'
    answer = {
        "query": evil,
        "reading": {"frame": evil, "topic": evil, "intent": "who"},
        "mode": "topic",
        "groups": [
            {
                "iri": "https://x/" + evil,
                "kind": evil,
                "label": evil,
                "matched": evil,
                "field": evil,
                "score": 1,
                "responsibility": False,
                "bodies": [
                    {
                        "body": "https://x/" + evil,
                        "label": evil,
                        "label_en": evil,
                        "aliases": [evil],
                        "unresolved": True,
                        "district": evil,
                        "total": 2,
                        "citations": [
                            {
                                "subject": "https://x/" + evil,
                                "relations": [evil],
                                "kind": evil,
                                "title": evil,
                                "ordinal": evil,
                                "role": evil,
                                "period": evil,
                                "value": evil,
                                "unit": evil,
                                "document": evil,
                                "identifier": evil,
                                "source": evil,
                                "line_start": evil,
                                "line_end": evil,
                                "quote": evil + evil,
                                "matched": ["alert", evil],
                            }
                        ],
                    }
                ],
                "same": [{"iri": evil, "kind": evil, "label": evil}],
            }
        ],
        "also": [{"iri": evil, "kind": evil, "label": evil}],
        "renamings": [
            {
                "old": evil,
                "new": evil,
                "old_iri": evil,
                "new_iri": evil,
                "source": evil,
                "line_start": 1,
                "line_end": 1,
                "quote": evil,
            }
        ],
    }
    params, problem = parse_params({"q": [evil]})
    assert problem is None
    html = render_page(params, answer)
    assert "<script>" not in html and '"https://x/<' not in html
    doc = tree(html)
    assert not doc.all("script")
    assert [q.text() for q in doc.all("blockquote", cls="quote")] == [evil + evil, evil]
    citation = doc.one("article", cls="body").one("div", cls="citation")
    assert [m.text() for m in citation.all("mark")] == [evil, evil]
    assert citation.one("a", cls="cited").attrs["href"] == ask_url("show", "https://x/" + evil)


def test_the_older_who_shape_renders_as_one_group():
    old = {
        "query": "绿色金融",
        "mode": "measure",
        "matched": ["优化绿色金融"],
        "bodies": [
            {
                "body": INVESTMENT,
                "label": INVESTMENT_LABEL,
                "label_en": None,
                "aliases": ["区投资办"],
                "unresolved": False,
                "citations": [
                    {
                        "subject": MEASURE_12,
                        "relation": "responsible for",
                        "title": "优化绿色金融",
                        "ordinal": 12,
                        "document": DOCUMENT,
                        "identifier": IDENTIFIER,
                        "source": "gazette-2026-01.txt",
                        "line_start": 1832,
                        "line_end": 1832,
                        "quote": QUOTE,
                    }
                ],
                "total": 3,
                "district": "静安区",
            }
        ],
    }
    doc = tree(render_page(parse_params({"q": ["绿色金融"]})[0], old))
    group = doc.one("div", cls="group")
    assert group.all("h3")[0].text().startswith("优化绿色金融")
    body = group.one("article", cls="body", data_body=INVESTMENT)
    citation = body.one("div", cls="citation")
    assert [r.text() for r in citation.all("span", cls="rel")] == ["responsible for"]
    assert citation.one("span", cls="line").text() == "gazette-2026-01.txt:1832"
    assert [m.text() for m in citation.all("mark")] == ["绿色金融"] * 4
    more = body.one("p", cls="more")
    assert more.text().startswith("1 of 3 shown") and more.one("a").attrs["href"] == ask_url("who", "绿色金融", "", 0)


# --- JSON ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cmd, question",
    [("who", "谁负责绿色金融"), ("who", "绿色金融"), ("search", "绿色金融"), ("targets", RETAIL), ("show", "区投资办")],
)
def test_format_json_is_the_librarys_answer_in_utf8(srv, store, index, cmd, question):
    status, headers, raw = http(
        "GET", f"{srv.url}/ask?{urllib.parse.urlencode({'cmd': cmd, 'q': question, 'format': 'json'})}"
    )
    assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
    assert question.encode("utf-8") in raw and b"\\u" not in raw  # ensure_ascii=False
    expected = json.loads(json.dumps(library.answer(store, index, cmd, question), default=str))
    assert json.loads(raw) == expected


def test_format_json_of_an_error_is_an_error_object(srv, index):
    status, headers, raw = http(
        "GET", f"{srv.url}/ask?{urllib.parse.urlencode({'q': NOWHERE, 'cmd': 'search', 'format': 'json'})}"
    )
    assert status == 404 and headers["Content-Type"] == "application/json; charset=utf-8"
    error = json.loads(raw)
    assert set(error) == {"error", "kind", "message", "hint", "candidates", "links"}
    assert (error["error"], error["kind"]) == ("no-match", "NoMatch")
    assert error["message"] == f"nothing in the graph matches '{NOWHERE}'"
    assert error["candidates"] == index.closest(NOWHERE)
    assert [link["q"] for link in error["links"]] == [split_note(c)[0] for c in error["candidates"]]
    status, _, raw = http("GET", f"{srv.url}/ask?format=json")
    assert status == 400 and json.loads(raw)["error"] == "bad-request"


# --- the worker ------------------------------------------------------------------------------------


def test_the_worker_answers_from_the_index_of_its_generation_and_survives_errors(built, tmp_path):
    from jingan_kg.store.generations import current_generation, new_generation, publish
    from jingan_kg.web.workers import _StoreWorker

    out = tmp_path / "exports"
    shutil.copytree(built[1], out, symlinks=True, ignore=shutil.ignore_patterns(".build.lock", ".build.pid"))
    worker = _StoreWorker(out / "store", writable=False, max_rows=MAX_ROWS)
    question = {"op": "ask", "cmd": "who", "q": "绿色金融", "district": "", "limit": 20}
    status, ctype, body = worker.answer(question)
    assert (status, ctype) == (200, "application/json; charset=utf-8")
    first = json.loads(body)
    assert worker.index()._path == str(current_generation(out).resolve() / "search.sqlite")
    # a failing request (a command the page never sends) is an answer; the worker goes on
    status, _, body = worker.answer({**question, "cmd": "bogus"})
    assert status == 400 and b"unknown command" in body
    assert worker.answer(question)[0] == 200
    # a new build published: the next question reads the new generation's store and index
    gen = new_generation(out)
    for name in ("store", "search.sqlite"):
        src = current_generation(out) / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, gen / name)
    publish(out, gen, ["store", "search.sqlite"])
    status, _, body = worker.answer(question)
    assert status == 200 and json.loads(body) == first
    assert worker.index()._path == str(gen.resolve() / "search.sqlite")


def _endpoint(reply: tuple[int, str, bytes], query: str):
    """ask_endpoint on a GET with `query`, its pool answering `reply`: (response, requests sent)."""
    import asyncio
    from types import SimpleNamespace

    from starlette.requests import Request

    from jingan_kg.web.ask import ask_endpoint

    sent = []

    async def run(request, client=""):
        sent.append(request)
        return reply

    service = SimpleNamespace(readers=SimpleNamespace(run=run), generation=3, config=SimpleNamespace(timeout=2.0))
    scope = {"type": "http", "method": "GET", "path": "/ask", "query_string": query.encode(), "headers": []}
    return asyncio.run(ask_endpoint(Request(scope), service)), sent


def test_a_question_past_the_time_limit_is_a_504_with_the_reason():
    slow = (504, "text/plain; charset=utf-8", b"The query ran longer than this server's time limit of 2 s.\n")
    response, sent = _endpoint(slow, "q=%E7%BB%BF%E8%89%B2%E9%87%91%E8%9E%8D")
    assert sent == [{"op": "ask", "cmd": "who", "q": "绿色金融", "district": "", "limit": 20, "generation": 3}]
    assert response.status_code == 504 and response.headers["content-type"] == "text/html; charset=utf-8"
    error = tree(response.body.decode("utf-8")).one("section", id="error")
    assert (error.attrs["data-error"], error.one("h2").text()) == ("timeout", "Too slow")
    assert "time limit of 2 s" in error.one("p", cls="message").text()
    response, _ = _endpoint(slow, "q=x&format=json")
    assert response.status_code == 504 and json.loads(response.body)["error"] == "timeout"
    busy = (503, "text/plain; charset=utf-8", b"All 2 query workers stayed busy for 2 s; try again shortly.\n")
    response, _ = _endpoint(busy, "q=x")
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert "stayed busy" in response.body.decode("utf-8")


# --- in real browsers --------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=list(bh.BROWSERS))
def browser(request):
    """One headless browser per kind for this module, with loopback let through (the server)."""
    b = bh.start(request.param, loopback=True)
    yield b
    b.close()


def _wait_for_page(view: bh.LoadedView, fn: str, what: str, timeout: float = 15.0):
    """Poll `fn` in the page until it is truthy, across the navigation a click or a submit starts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = view.evaluate(fn)
        except Exception:  # the page is being replaced: no realm to evaluate in for a moment
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise bh.PageTimeout(f"{view}: no {what} in {timeout:g} s (at {view.evaluate('() => location.href')})")
        time.sleep(0.05)


ANSWER = """() => document.readyState === "complete" && location.pathname === "/ask"
  && new URLSearchParams(location.search).get("q") === "绿色金融" && !!document.querySelector("#answer .body")
  && {
    bodies: [...document.querySelectorAll("#answer .body-link")].map(a => a.textContent),
    lines: [...document.querySelectorAll("#answer .citation .line")].map(e => e.textContent),
    marks: [...document.querySelectorAll("#answer blockquote mark")].map(m => m.textContent),
    q: document.querySelector("#q").value,
    cmd: document.querySelector("#cmd").value,
    search: location.search,
  }"""
CARD = """() => document.readyState === "complete" && new URLSearchParams(location.search).get("cmd") === "show"
  && !!document.querySelector("#answer .card-label")
  && [document.querySelector("#answer code.iri").textContent, new URLSearchParams(location.search).get("q"),
      [...document.querySelectorAll("#answer table.labels td")].map(td => td.textContent)]"""


def test_ask_page_in_a_real_browser(srv, browser):
    """Type a question in the box, submit, read the answer; click the body: its card. Nothing
    but this server is asked, and nothing logs an error (a policy violation would)."""
    view = browser.open_url("ask", srv.url + "/ask", allow=srv.url + "/")
    try:
        view.type_and_enter("#q", "绿色金融")
        got = _wait_for_page(view, ANSWER, "answer")
        assert INVESTMENT_LABEL in got["bodies"]
        assert "gazette-2026-01.txt:1832" in got["lines"]
        assert got["marks"] and set(got["marks"]) == {"绿色金融"}
        assert (got["q"], got["cmd"]) == ("绿色金融", "who")
        assert urllib.parse.parse_qs(got["search"][1:]) == {"q": ["绿色金融"], "cmd": ["who"]}
        view.click(f'#answer .body[data-body="{INVESTMENT}"] a.body-link')
        iri, asked, names = _wait_for_page(view, CARD, "card")
        assert (iri, asked) == (INVESTMENT, INVESTMENT) and INVESTMENT_LABEL in names and "区投资办" in names
        shot = SCREENSHOTS / ("ask.png" if browser.name == "chromium" else f"ask.{browser.name}.png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        view.take_screenshot(shot)
    finally:
        view.close()
    outside = [u for u in view.requests if not u.startswith(srv.url + "/")]
    assert not outside, outside
    assert any("/ask?" in u and "cmd=show" in u for u in view.requests), view.requests
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)
