"""Score a built graph's targets and outcomes against a person's reading (tests/expected/prose-*.yaml).

A fact is in the graph *right* when a Target or Outcome cited at its line has its role, period and
number (the signed numericValue; the value as written where the fact has no single number) and an
indicator whose label or alias names the same quantity: equal after normalisation, one inside the
other, alike by at least 0.6 (difflib ratio), or the same characters in another order — wording of a name differs between readers
("新增首店" / "新增各类首店"), the number, sign, role and year may not. A value in scope that no fact
of the reading accounts for is an extra; a value at a fact's line with its number but another sign,
role or year is wrong.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from jingan_kg.text import key

VALUES = """
SELECT ?v ?role ?period ?value ?num ?label ?src ?start ?end ?pre ?quote WHERE {
  VALUES (?cls ?role) { (jkg:Target "target") (jkg:Outcome "outcome") }
  ?v a ?cls ; jkg:period ?period ; jkg:value ?value ; jkg:indicator ?i ; prov:wasDerivedFrom ?ex .
  { ?i skos:prefLabel ?label } UNION { ?i skos:altLabel ?label }
  ?ex jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:inSource/jkg:path ?src ; jkg:quote ?quote .
  OPTIONAL { ?v jkg:numericValue ?num }
  OPTIONAL { ?v jkg:preliminary ?pre }
}"""


@dataclass
class Value:
    """One Target or Outcome of the graph, with every name of its indicator."""

    iri: str
    role: str
    period: str
    value: str
    numeric: Decimal | None
    source: str
    start: int
    end: int
    preliminary: bool
    prose: bool  # read from a sentence, not a table row
    labels: set[str] = field(default_factory=set)


def graph_values(store) -> list[Value]:
    """Every Target and Outcome of a store."""
    out: dict[str, Value] = {}
    for r in store.select(VALUES):
        v = out.get(r["v"])
        if v is None:
            num = r.get("num")
            v = out[r["v"]] = Value(
                r["v"],
                r["role"],
                r["period"],
                r["value"],
                Decimal(str(num)) if num is not None else None,
                Path(r["src"]).name,
                int(r["start"]),
                int(r["end"]),
                bool(r.get("pre")),
                "\t" not in r["quote"] and any(p in r["quote"] for p in "。，,；;"),
            )
        v.labels.add(r["label"])
    return list(out.values())


def same_indicator(name: str, labels: set[str]) -> bool:
    """A reader's name and an indicator's labels name one quantity (see the module docstring)."""
    k = key(name)
    return any(
        k == (lk := key(label))
        or k in lk
        or lk in k
        or difflib.SequenceMatcher(None, k, lk).ratio() >= 0.6
        or _same_words(k, lk)
        for label in labels
    )


def _same_words(a: str, b: str) -> bool:
    """The same characters in another order ("地块出让" / "出让地块"): the shorter's characters are
    nearly all in the longer (80%), and it is at least half as long."""
    short, long = sorted((set(a), set(b)), key=len)
    return bool(short) and len(short) >= len(long) / 2 and len(short & long) >= 0.8 * len(short)


def _same_number(fact: dict, v: Value) -> bool:
    if fact.get("numeric") is not None:
        return v.numeric is not None and Decimal(str(fact["numeric"])) == v.numeric
    return key(str(fact["value"])) == key(v.value)


def _at(fact: dict, v: Value) -> bool:
    return v.start <= fact["line"] <= v.end


@dataclass
class Score:
    """How a reading's facts fare in the graph."""

    facts: int
    right: list[dict]
    missing: list[dict]
    wrong: list[tuple[dict, Value]]
    extra: list[Value]

    @property
    def recall(self) -> float:
        return len(self.right) / self.facts if self.facts else 1.0

    @property
    def precision(self) -> float:
        found = len(self.right) + len(self.wrong) + len(self.extra)
        return len(self.right) / found if found else 1.0


def score(reading: dict, values: list[Value]) -> Score:
    """Match a reading's facts to the graph's values of its source and line range."""
    src, scope = reading["source"], reading["scope"]
    here = [v for v in values if v.source == src and scope["first"] <= v.start <= scope["last"]]
    used: set[str] = set()
    right, missing, wrong = [], [], []
    for fact in reading["facts"]:
        at = [v for v in here if _at(fact, v) and v.iri not in used]
        hit = next(
            (
                v
                for v in at
                if v.role == fact["role"]
                and v.period == str(fact["period"])
                and _same_number(fact, v)
                and same_indicator(fact["indicator"], v.labels)
            ),
            None,
        )
        if hit is not None:
            used.add(hit.iri)
            right.append(fact)
            continue
        near = next(
            (
                v
                for v in at
                if fact.get("numeric") is not None
                and v.numeric is not None
                and abs(v.numeric) == abs(Decimal(str(fact["numeric"])))
                and same_indicator(fact["indicator"], v.labels)
            ),
            None,
        )
        if near is not None:
            used.add(near.iri)
            wrong.append((fact, near))
        else:
            missing.append(fact)
    extra = [v for v in here if v.iri not in used and v.prose]
    return Score(len(reading["facts"]), right, missing, wrong, extra)


def load_reading(path: Path) -> dict:
    """A reading file (see tests/expected/prose-*.yaml)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))
