"""The responsibility view built from the store: complete, offline, and escaped."""

import json
import re
from html.parser import HTMLParser

import yaml

from jingan_kg.build import BuildConfig, build

from .conftest import ROOT


def payload(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_view_has_every_measure_body_and_industry(built):
    html = (built[1] / "bureau-measure-industry.html").read_text(encoding="utf-8")
    data = payload(html)
    labels = {n["label"] for n in data["nodes"]}
    assert "12. 优化绿色金融" in labels and "静安区投资促进办公室" in labels and "时尚消费业" in labels
    measures = [n for n in data["nodes"] if re.match(r"\d+\. ", n["label"])]
    assert len(measures) == 60
    body_edges = [e for e in data["edges"] if e["label"] == "负责"]
    expected = yaml.safe_load((ROOT / "tests" / "expected" / "measures.yaml").read_text(encoding="utf-8"))
    pairs = sum(len(set(m["bodies"])) for d in expected["documents"].values() for m in d["measures"])
    assert len(body_edges) == pairs  # one edge per (measure, body) pair named in the text
    assert "责任部门 Responsible body" in html


def test_view_is_offline(built):
    html = (built[1] / "bureau-measure-industry.html").read_text(encoding="utf-8")

    class Fetches(HTMLParser):
        found = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if (tag == "script" and attrs.get("src")) or (tag == "link" and attrs.get("href")) or \
                    (tag in ("img", "iframe") and attrs.get("src")):
                self.found.append((tag, attrs))

    parser = Fetches()
    parser.feed(html)
    assert parser.found == []
    assert "@import" not in html and not re.search(r"url\((?!\s*['\"]?data:)", html)


def test_document_text_is_escaped_in_the_view(make_sources, tmp_path):
    evil = '<script>alert("x")</script></div>'
    doc = ("上海市静安区数据局关于数据产业的若干措施\n\n(2027年3月9日)\n\n"
           f"1. 支持{evil}建设。内容&细节。（责任部门：区数据局、区{evil}局）\n")
    build(BuildConfig(sources=make_sources({"evil.txt": doc}, with_real=True), out=tmp_path / "o"))
    html = (tmp_path / "o" / "bureau-measure-industry.html").read_text(encoding="utf-8")
    assert '<script>alert("x")' not in html and "</script></div>" not in html
    labels = {n["label"] for n in payload(html)["nodes"]}
    assert f"1. 支持{evil}建设" in labels  # round-trips exactly, shown as text
