"""The pages the server writes itself: the index page, the query page's template and examples, and
the SPARQL service description."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..config import resource
from ..graph import vocab as V
from .params import _sha256

if TYPE_CHECKING:
    from .app import ServerConfig

TEMPLATES = resource("templates")

EXAMPLES = [
    (
        "Measures per responsible body",
        "SELECT ?body (COUNT(DISTINCT ?m) AS ?measures) WHERE {\n"
        "  ?m a jkg:Measure ; jkg:responsibleBody ?o .\n"
        '  ?o skos:prefLabel ?body . FILTER(lang(?body) = "zh")\n'
        "} GROUP BY ?body ORDER BY DESC(?measures) ?body",
    ),
    (
        "Who is responsible for 绿色金融, with the sentence",
        "SELECT ?measure ?body ?line ?quote WHERE {\n"
        "  ?m a jkg:Measure ; rdfs:label ?measure ; jkg:responsibleBody ?o ;\n"
        "     prov:wasDerivedFrom [ jkg:lineStart ?line ; jkg:quote ?quote ] .\n"
        '  FILTER(CONTAINS(?measure, "绿色金融"))\n'
        '  ?o skos:prefLabel ?body . FILTER(lang(?body) = "zh")\n'
        "}",
    ),
    (
        "How many nodes of each kind",
        "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
    ),
    ("Measures (count)", "SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }"),
    (
        "One measure as a graph (CONSTRUCT)",
        "CONSTRUCT { ?m ?p ?o } WHERE {\n  { SELECT ?m WHERE { ?m a jkg:Measure } ORDER BY ?m LIMIT 1 }\n  ?m ?p ?o\n}",
    ),
]


def _json_for_html(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no `<`, `>` or `&` as themselves."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMAT_IRIS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
]  # names in http://www.w3.org/ns/formats/
VOID = "http://rdfs.org/ns/void#"


def service_description(endpoint: str, triples: int | None, config: ServerConfig) -> list:
    """The SPARQL 1.1 Service Description of this endpoint, as pyoxigraph triples."""
    import pyoxigraph as ox

    n, lit = ox.NamedNode, ox.Literal
    a = n(V.type_)
    service, dataset, graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    out = [
        ox.Triple(service, a, n(SD + "Service")),
        ox.Triple(service, n(SD + "endpoint"), n(endpoint)),
        ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        ox.Triple(service, n(V.DCTERMS + "title"), lit("jingan-kg: Jing'an District plans, measures and bodies")),
        ox.Triple(
            service,
            n(V.RDFS + "comment"),
            lit(
                f"{'Read-only. ' if not config.allow_update else ''}{config.limits}. "
                "SERVICE and LOAD are refused. Prefixes predeclared: "
                + ", ".join(f"{p}: <{ns}>" for p, ns in V.PREFIXES.items())
                + "."
            ),
        ),
    ]
    if config.allow_update:
        out.append(ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Update")))
    for fmt in FORMAT_IRIS:
        out.append(ox.Triple(service, n(SD + "resultFormat"), n("http://www.w3.org/ns/formats/" + fmt)))
    out += [
        ox.Triple(service, n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, a, n(SD + "Dataset")),
        ox.Triple(dataset, n(SD + "defaultGraph"), graph),
        ox.Triple(graph, a, n(SD + "Graph")),
    ]
    if triples is not None:
        out.append(ox.Triple(graph, n(VOID + "triples"), lit(str(triples), datatype=n(V.XSD + "integer"))))
    return out


_INDEX_STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "code{background:#f3f3f3;padding:0 .2em}li{margin:.2em 0}"
)
INDEX_CSP = f"default-src 'none'; style-src {_sha256(_INDEX_STYLE)}; base-uri 'none'; frame-ancestors 'none'"


def _index_page(views: list[str], config: ServerConfig) -> str:
    from html import escape

    items = "".join(f'<li><a href="/views/{escape(v)}">{escape(v)}</a></li>' for v in views) or "<li>none built</li>"
    mode = "read-only" if not config.allow_update else "accepting updates (lost at the next build)"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>jingan-kg</title>'
        f"<style>{_INDEX_STYLE}</style></head><body><h1>jingan-kg</h1>"
        "<p>The knowledge graph of Jing'an District's plans, measures, responsible bodies and targets.</p>"
        '<ul><li><a href="/ask">Ask</a>: who is responsible for what, search, targets and entity cards, '
        "each answer with the sentence it rests on</li>"
        '<li><a href="/query">Query page</a>: SPARQL in the browser</li>'
        "<li><code>/sparql</code>: the SPARQL 1.1 Protocol endpoint (GET or POST <code>query</code>); "
        '<a href="/sparql?format=ttl">service description</a></li>'
        "<li><code>/id/…</code>: every IRI of the graph dereferences (a card for browsers, RDF for clients)</li>"
        '<li><a href="/def">Ontology</a> and <a href="/def/shapes">shapes</a>; '
        '<a href="/.well-known/void">dataset description</a> (VoID, DCAT)</li></ul>'
        f"<h2>Views</h2><ul>{items}</ul>"
        f"<p>This server is {mode}. {escape(config.limits)}.</p></body></html>"
    )
