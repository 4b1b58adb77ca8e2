"""The search index: names, aliases, pinyin and English names of every entity, in SQLite.

Written once by `build` (search.sqlite beside the store); question commands look text up
here and then fetch the hits from the store by IRI, so matching never scans the graph.
Names of three or more characters are found through an FTS5 trigram index; shorter
queries scan the (small) name table. English names match by whole words ("retail sales" in
"total retail sales of consumer goods", never "finance" inside "refinance"); the `term` table
takes an English phrase to the Chinese one it names where no entity bears it (green finance →
绿色金融), and `closest` always has names to offer when nothing matches.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text import key, normalise

SCHEMA = 6  # the index's layout: 2 added the kinds' finds and counts, 3 routes' `responsible` and entities' Latin,
# names, 4 English names as words and the `term` table, 5 the kinds' styles and card facts (the views'
# palette), 6 every node's Chinese names (`zh_label`: the order of a card's relations in) and the
# routes as rows (`route`, no JSON)
# (an index cached from an endpoint is keyed by it)

# Entities and their names come from simple queries, one per property: an external store
# (Virtuoso) gives up on one query holding all the alternatives.
_ENTITIES = """SELECT ?s ?kind ?label WHERE {
  VALUES (?class ?kind) { %s }
  ?s a ?class ; skos:prefLabel|rdfs:label|dcterms:title ?label . FILTER(lang(?label) = "zh") }"""
_NAME_OF = """SELECT ?s ?name (lang(?name) AS ?lang) WHERE { ?s %s ?name }"""
# Concepts named in Chinese and English (curated terms, kinds/core.py); those a kind makes findable are left out.
_TERMS = """SELECT ?c ?label ?en WHERE { ?c a skos:Concept ; skos:prefLabel ?label ; skos:prefLabel|skos:altLabel ?en .
  FILTER(lang(?label) = "zh" && lang(?en) = "en") }"""
# The properties a node's Chinese name is read from where a card orders its relations (query/show.py).
_ZH_LABEL_PROPS = ("skos:prefLabel", "rdfs:label", "dcterms:title")
NAME_FIELDS = [
    ("skos:prefLabel", "label"),
    ("rdfs:label", "label"),
    ("dcterms:title", "label"),
    ("skos:altLabel", "alias"),
    ("skos:hiddenLabel", "alias"),
    ("dcterms:identifier", "alias"),
    ("jkg:text", "text"),
    ("skos:definition", "text"),
]
# Score of a hit by how the query meets a name: exact beats prefix beats substring, and a
# full name or alias beats pinyin or English, which beat words inside a measure's text.
SCORES = {
    ("exact", "label"): 100,
    ("exact", "alias"): 95,
    ("exact", "pinyin"): 90,
    ("exact", "english"): 90,
    ("exact", "initials"): 70,
    ("prefix", "label"): 80,
    ("prefix", "alias"): 78,
    ("prefix", "pinyin"): 75,
    ("prefix", "english"): 75,
    ("substring", "label"): 60,
    ("substring", "alias"): 58,
    ("substring", "pinyin"): 55,
    ("substring", "english"): 55,
    ("substring", "text"): 30,
}


@dataclass(frozen=True)
class FoundKind:
    """A kind users find by name, as the build wrote it: its routes to responsible bodies (see kinds.base.Find)."""

    name: str
    cls: str
    routes: tuple[tuple[str, str, str, bool], ...]  # (relation, pattern, bind, responsible)
    inverse: bool


@dataclass(frozen=True)
class Hit:
    """One entity a query matches, with the name it matched and how well."""

    iri: str
    kind: str
    label: str
    matched: str
    field: str
    score: int


def _ascii_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def latin_words(text: str) -> str:
    """Latin text as the words English names are matched by: lower case, apostrophes dropped
    (Jing'an → jingan), every other mark a space ("Sci-Tech" → "sci tech")."""
    return " ".join(re.split(r"[^a-z0-9]+", re.sub(r"['’‘ʼ`]", "", text.lower()))).strip()


def _word_match(name: str, probe: str) -> str | None:
    """How a probe of whole words meets a name of words: exact, prefix, substring or not at all."""
    if not probe:
        return None
    if name == probe:
        return "exact"
    if name.startswith(probe + " "):
        return "prefix"
    return "substring" if f" {probe} " in f" {name} " else None


def has_cjk(text: str) -> bool:
    """The text holds a Chinese character (compared by code point: no pattern to compile on the question path)."""
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


_WRAPPERS = dict(zip("“‘\"'「『《〈（(【[", "”’\"'」』》〉）)】]", strict=True))


def question_text(text: str) -> str:
    """What a question looks up: NUL and lone surrogates (undecodable bytes) removed, and the
    quotes or brackets around it stripped (“绿色金融”, 《…》, (…)); the text inside is literal."""
    text = text.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8").strip()
    while len(text) >= 2 and _WRAPPERS.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


def pinyin_keys(name: str) -> tuple[str, str]:
    """Tone-less pinyin of a Chinese name, joined ("qushangwuwei"), and its initials ("qsww")."""
    read = _reading(normalise(name))
    full = "".join(item for item, _ in read)
    initials = "".join(item[:1] if syllable else item for item, syllable in read)
    return _ascii_key(full), _ascii_key(initials)


def latin_name(name: str) -> str:
    """A Chinese name in Latin letters for people who do not read it: tone-less pinyin, syllables spaced."""
    return " ".join(" ".join(item for item, _ in _reading(normalise(name))).split())


_OTHER = "\x00"  # marks what pypinyin hands back as written (not a Chinese character)


@lru_cache(maxsize=1 << 14)
def _reading(text: str) -> tuple[tuple[str, bool], ...]:
    """pypinyin's reading of a text, read once for all keys: (a syllable, True) per Chinese
    character, (the run as written, False) for what lies between. An initial is a syllable's
    first letter (pypinyin's FIRST_LETTER style; tests/test_index.py checks every name)."""
    from pypinyin import lazy_pinyin

    items = lazy_pinyin(text, errors=lambda chars: _OTHER + chars)
    return tuple((i[1:], False) if i.startswith(_OTHER) else (i, True) for i in items)


def write_index(path: Path, store, kinds) -> int:
    """Write the index for every entity of the store that a kind makes findable, and the kinds'
    finds, counts, styles and card facts (so questions and views need not import the kinds);
    returns the number of names."""
    import json

    finds = sorted((f for k in kinds for f in k.finds), key=lambda f: f.rank)
    values = " ".join(f'({f.cls} "{f.name}")' for f in finds)  # the kinds' own names, not user text
    entities = {r["s"]: r for r in store.select(_ENTITIES % values)}
    rows = []
    zh_labels = []  # (node, its Chinese name) of every node, one row per name as the card's query gives them
    for prop, field in NAME_FIELDS:
        for r in store.select(_NAME_OF % prop):
            if prop in _ZH_LABEL_PROPS and r["lang"] == "zh":
                zh_labels.append((r["s"], r["name"]))
            if r["s"] in entities:
                name_field = "english" if r["lang"] == "en" and field in ("label", "alias") else field
                rows.append({**entities[r["s"]], "name": r["name"], "field": name_field, "pref": field == "label"})
    terms = sorted({(latin_words(r["en"]), r["label"]) for r in store.select(_TERMS) if r["c"] not in entities})
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE entity(id INTEGER PRIMARY KEY, iri TEXT UNIQUE, kind TEXT, label TEXT, latin TEXT);
        CREATE TABLE name(entity INTEGER, name TEXT, field TEXT);
        CREATE INDEX name_name ON name(name);
        CREATE VIRTUAL TABLE name_fts USING fts5(name, content='name', tokenize='trigram');
        CREATE TABLE kind(rank INTEGER, name TEXT UNIQUE, class TEXT, inverse INTEGER);
        CREATE TABLE route(kind TEXT, position INTEGER, relation TEXT, pattern TEXT, bind TEXT, responsible INTEGER);
        CREATE TABLE counted(position INTEGER, label TEXT, class TEXT);
        CREATE TABLE term(english TEXT, label TEXT);
        CREATE TABLE style(data TEXT);
        CREATE TABLE zh_label(iri TEXT, label TEXT);
        CREATE INDEX zh_label_iri ON zh_label(iri);
    """)
    db.executemany("INSERT INTO zh_label VALUES (?, ?)", sorted(zh_labels))
    styles = [[s.key, s.label, s.color, s.shape, s.rank, s.cls, s.precedence] for k in kinds for s in k.styles]
    facts = [[f.predicate, f.label, f.rank, f.linked] for k in kinds for f in k.facts]
    db.execute("INSERT INTO style VALUES (?)", (json.dumps({"styles": styles, "facts": facts}, ensure_ascii=False),))
    db.executemany("INSERT INTO term VALUES (?, ?)", terms)
    db.executemany("INSERT INTO kind VALUES (?, ?, ?, ?)", [(f.rank, f.name, f.cls, int(f.inverse)) for f in finds])
    db.executemany(
        "INSERT INTO route VALUES (?, ?, ?, ?, ?, ?)",
        [(f.name, i, r.relation, r.pattern, r.bind, int(r.responsible)) for f in finds for i, r in enumerate(f.routes)],
    )
    db.executemany(
        "INSERT INTO counted VALUES (?, ?, ?)",
        [(i, c.label, c.cls) for i, c in enumerate(c for k in kinds for c in k.counts)],
    )
    ids: dict[str, int] = {}
    names: set[tuple[int, str, str]] = set()
    english = {}  # an entity's English name shown beside its label: its prefLabel@en first
    for r in sorted(rows, key=lambda r: (r["s"], not r["pref"], r["name"])):
        if r["field"] == "english":
            english.setdefault(r["s"], r["name"])
    for r in sorted(rows, key=lambda r: (r["s"], r["field"], r["name"])):
        if r["s"] not in ids:
            ids[r["s"]] = len(ids) + 1
            latin = english.get(r["s"]) or latin_name(r["label"])
            db.execute("INSERT INTO entity VALUES (?, ?, ?, ?, ?)", (ids[r["s"]], r["s"], r["kind"], r["label"], latin))
        eid, field = ids[r["s"]], r["field"]
        if field == "english":
            names.add((eid, latin_words(r["name"]), "english"))
            continue
        names.add((eid, key(r["name"]), field))
        if field in ("label", "alias") and len(r["name"]) <= 40:
            full, initials = pinyin_keys(r["name"])
            names.add((eid, full, "pinyin"))
            if len(initials) >= 2:
                names.add((eid, initials, "initials"))
    db.executemany("INSERT INTO name VALUES (?, ?, ?)", sorted(names))
    db.execute("INSERT INTO name_fts(name_fts) VALUES ('rebuild')")
    db.commit()
    db.close()
    return len(names)


class SearchIndex:
    """Read-only lookups in a written index."""

    def __init__(self, path: Path):
        from ..errors import StoreNotFound

        if not path.exists():
            raise StoreNotFound(str(path))
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self._path = str(path)
        self._kinds: list[FoundKind] | None = None
        self._ranks: dict[str, int] | None = None

    def search(self, text: str, limit: int = 20, kinds: set[str] | None = None) -> list[Hit]:
        """Entities matching text, best first: Chinese substrings, aliases, pinyin, English.

        The text is literal (FTS5 sees it as one quoted phrase: OR, AND, NEAR and quotes are
        words); a text holding Chinese is not also matched as pinyin or English, so the Latin
        letters inside it ("绿色 OR 金融") never match English names on their own."""
        text = question_text(text)
        q = key(text)
        latin = not has_cjk(text)
        qa, qw = (_ascii_key(text), latin_words(text)) if latin else ("", "")
        if not q:
            return []
        found: dict[str, Hit] = {}
        for eid_iri, kind, label, name, field in self._candidates(q, qa, qw):
            if kinds and kind not in kinds:
                continue
            if field == "english":
                how = _word_match(name, qw)
            else:
                probe = qa if field in ("pinyin", "initials") else q
                if not probe:
                    continue
                how = (
                    "exact"
                    if name == probe
                    else "prefix"
                    if name.startswith(probe)
                    else "substring"
                    if probe in name
                    else None
                )
            score = SCORES.get((how, field)) if how else None
            if score is None:
                continue
            old = found.get(eid_iri)
            if old is None or score > old.score:
                found[eid_iri] = Hit(eid_iri, kind, label, name, field, score)
        rank = self._rank()
        ranked = sorted(found.values(), key=lambda h: (-h.score, rank.get(h.kind, len(rank)), len(h.label), h.label))
        return ranked[:limit]

    def _rank(self) -> dict[str, int]:
        """Each findable kind's place, best-ranked first (the kind table's order, routes not read)."""
        if self._ranks is None:
            names = self._meta("SELECT name FROM kind ORDER BY rank, name", "kind table")
            self._ranks = {name: i for i, (name,) in enumerate(names)}
        return self._ranks

    def kinds(self) -> list[FoundKind]:
        """The findable kinds, best-ranked first."""
        if self._kinds is None:  # rows of plain columns: no JSON to decode (json costs a question 2 ms to import)
            rows = self._meta("SELECT name, class, inverse FROM kind ORDER BY rank, name", "kind table")
            routes: dict[str, list[tuple[str, str, str, bool]]] = {}
            sql = "SELECT kind, relation, pattern, bind, responsible FROM route ORDER BY kind, position"
            for kind, relation, pattern, bind, responsible in self._meta(sql, "route table"):
                routes.setdefault(kind, []).append((relation, pattern, bind, bool(responsible)))
            self._kinds = [FoundKind(n, c, tuple(routes.get(n, ())), bool(inv)) for n, c, inv in rows]
        return self._kinds

    def styles(self) -> tuple[list[list], list[list]]:
        """The kinds' styles (key, label, color, shape, rank, class, precedence) and card facts
        (predicate, label, rank, linked), as the build's registry declared them."""
        import json

        [(data,)] = self._meta("SELECT data FROM style", "style table")
        found = json.loads(data)
        return found["styles"], found["facts"]

    def counted(self) -> dict[str, str]:
        """label -> class IRI of the classes the build counted, in display order."""
        return dict(self._meta("SELECT label, class FROM counted ORDER BY position", "counted table"))

    def _meta(self, sql: str, what: str, args: tuple = ()) -> list:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.OperationalError:
            from ..errors import IndexOutdated

            raise IndexOutdated(self._path, what) from None

    def zh_labels(self, iris: list[str], chunk: int = 500) -> dict[str, list[str]]:
        """node -> its Chinese names (skos:prefLabel, rdfs:label, dcterms:title), as the build read
        them from the store: the nodes that have one."""
        out: dict[str, list[str]] = {}
        for i in range(0, len(iris), chunk):
            part = iris[i : i + chunk]
            sql = f"SELECT iri, label FROM zh_label WHERE iri IN ({', '.join('?' * len(part))}) ORDER BY rowid"
            for node, label in self._meta(sql, "table of Chinese names", tuple(part)):
                out.setdefault(node, []).append(label)
        return out

    def translate(self, text: str) -> str | None:
        """The Chinese phrase an English text names where no entity bears the English name (green
        finance → 绿色金融, from the curated terms), None if it names none."""
        words = "" if has_cjk(text) else latin_words(question_text(text))
        if not words:
            return None
        found = self._meta("SELECT label FROM term WHERE english = ? ORDER BY label", "term table", (words,))
        return found[0][0] if found else None

    def _candidates(self, q: str, qa: str, qw: str = ""):
        sql = """SELECT e.iri, e.kind, e.label, n.name, n.field FROM name n JOIN entity e ON e.id = n.entity"""
        probes = [p for p in dict.fromkeys((q, qa, qw)) if p]
        for probe in probes:
            if len(probe) >= 3:
                yield from self._db.execute(
                    sql + " WHERE n.rowid IN (SELECT rowid FROM name_fts WHERE name_fts MATCH ?)",
                    ('"' + probe.replace('"', '""') + '"',),
                )
            else:
                yield from self._db.execute(sql + " WHERE instr(n.name, ?) > 0", (probe,))

    def closest(self, text: str, limit: int = 5) -> list[str]:
        """The names nearest to text, each in both scripts ("优化绿色金融 (you hua lv se jin rong)"),
        for a helpful 'no match': Chinese text by the characters it shares with labels, Latin text
        by the words it shares with English names and pinyin; text that shares none with any name
        gets the names that read most alike (difflib's ratio: pinyin for Chinese text), so a no-match
        always has names to offer while the index holds any."""
        rows = self._meta(
            """SELECT e.label, e.latin, group_concat(n.name, ' ') FROM entity e
               LEFT JOIN name n ON n.entity = e.id AND n.field = 'english' GROUP BY e.id""",
            "entity Latin names",
        )
        rows += [
            (label, english, english) for english, label in self._meta("SELECT english, label FROM term", "term table")
        ]
        text = question_text(text)
        chinese = bool(has_cjk(text)) or not _ascii_key(text)
        if chinese:
            chars = set(key(text))
            scored = [(len(chars & set(label)), label, latin) for label, latin, _ in rows]
        else:
            words = _words(text)
            scored = [
                (_word_score(words, _words(f"{label} {latin} {english or ''}")), label, latin)
                for label, latin, english in rows
            ]
        best: dict[str, tuple[float, str]] = {}
        for score, label, latin in scored:
            if score and (label not in best or best[label][0] < score):
                best[label] = (score, latin)
        if not best and key(text):
            best = _alike(latin_name(text) if chinese else latin_words(text), rows)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], len(kv[0]), kv[0]))[:limit]
        return [f"{label} ({_short(latin)})" if latin and latin != label else label for label, (_, latin) in ranked]


def _alike(probe: str, rows: list) -> dict[str, tuple[float, str]]:
    """label -> (likeness, Latin name) of every name, by how alike its Latin name reads to the probe
    (a text nothing reads like still gets the shortest names, rather than none)."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(probe)
    out: dict[str, tuple[float, str]] = {}
    for label, latin, _ in rows:
        matcher.set_seq1(latin_words(latin or ""))
        ratio = round(matcher.ratio(), 6)
        if label not in out or out[label][0] < ratio:
            out[label] = (ratio, latin)
    return out


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _words(text: str) -> list[str]:
    return latin_words(text).split()


def _word_score(query: list[str], name: list[str]) -> int:
    """How many of the query's words a name holds: 3 for the word itself, 2 for its stem (finance,
    financial), 1 for a pinyin syllable run spelled out (jinrong: jin rong)."""
    joined = "".join(name)
    score = 0
    for w in query:
        if w in name:
            score += 3
        elif len(w) >= 4 and any(_stem(w, n) for n in name if len(n) >= 4):
            score += 2
        elif len(w) >= 4 and w in joined:
            score += 1
    return score


def _stem(a: str, b: str) -> bool:
    """Two words of one stem: their first five letters agree (finanse, financial: finance), or the
    shorter of two short words begins the other (sale, sales)."""
    return a[:5] == b[:5] if min(len(a), len(b)) >= 5 else a.startswith(b) or b.startswith(a)
