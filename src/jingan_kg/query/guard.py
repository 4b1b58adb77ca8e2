"""Checks on a SPARQL text before any parser sees it: `check_query_shape` (size, nesting, operator
chains), `forbidden` (SERVICE, LOAD) and the lexer both use (`code_of`, which blanks strings,
IRIs, comments and names). Standard library only: `jingan-kg query` imports it on its fast path.

Why: pyoxigraph's parser, optimiser and evaluator recurse once per nesting level and once per
chained operator, and a stack overflow kills the process (SIGSEGV) rather than raising. On an
8 MiB stack it dies at about 2,200 nested braces, 4,600 nested parentheses, 2,500 chained MINUS,
BIND or `AS`, 6,400 UNIONs, 9,000 `!` or `||`. The limits below stay well under those, with room
for both at once (200 levels plus 1,000 operators run fine there).
"""

from __future__ import annotations

import re
from itertools import accumulate

MAX_QUERY_CHARS = 1 << 20  # characters; the same figure as the server's POST body limit (bytes)
MAX_DEPTH = 200  # brackets ( [ { open at once, outside strings, IRIs and comments
MAX_OPERATORS = 1000  # operators, `{` and the group keywords below, in the whole text

# One left-to-right pass in the order a SPARQL lexer reads: IRIs, strings, comments, variables
# and prefixed names are blanked, so what is left is keywords, punctuation and numbers. Each
# pattern takes no more text than the SPARQL grammar gives that token, so a keyword is never
# hidden; taking less only makes the checks stricter. A word not followed by `:` (a keyword, a
# number, a language tag) is kept whole, in one step (possessive `*+`): without it, a long run of
# letters would be rescanned from each of its letters, looking for the `:` of a prefixed name.
_SKIP = re.compile(
    r"""
      <[^<>"{}|^`\\\x00-\x20]*>
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n\r]|\\.)*"
    | '(?:[^'\\\n\r]|\\.)*'
    | \#[^\n\r]*
    | [?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+
    | (?P<keep>@?[A-Za-z0-9_\u00B7\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*+)(?!:)
    | (?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*+)?:(?:[\w.\-:\u00B7\u00C0-\uFFFF]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*
    | \\.
""",
    re.X | re.S,
)
_NOT_BRACKET = re.compile(r"[^()\[\]{}]+")
_STEP = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
# What adds a level to the parsed tree each time it is repeated side by side; signs count too, as
# `1 -1 -1 …` is a chain of subtractions. The first group is what is not counted: `^^` before a
# datatype, language tags, the sign of an exponent.
_OPERATOR = re.compile(
    r"(\^\^|@[a-z]+(?:-[a-z0-9]+)*|\de[-+])"
    r"|\|\||&&|!=|<=|>=|[-+*/|^!<>={]"
    r"|\b(?:union|minus|optional|filter|bind|as|values|graph|service|exists)\b"
)


def code_of(sparql: str) -> str:
    """`sparql` lower-cased with its IRIs, strings, comments, variables and prefixed names blanked."""
    # a function, not the template r" \g<keep>": Python 3.11 expands a template in Python per match
    return _SKIP.sub(lambda m: " " + (m.group("keep") or ""), sparql).lower()


FORBIDDEN = {
    "service": "SERVICE (federated query) is not available here: this endpoint fetches nothing from other servers",
    "load": "LOAD is not available here: this endpoint fetches nothing from other servers",
}


def forbidden(sparql: str, words: tuple[str, ...] = ("service",), code: str | None = None) -> str | None:
    """Why the query or update may not run (it names SERVICE, or LOAD), or None. `code`: the
    text's `code_of`, when already made."""
    code = code_of(sparql) if code is None else code
    for word in words:
        if word in code:
            return FORBIDDEN[word]
    return None


def check_query_shape(text: str, code: str | None = None) -> str | None:
    """Why a query or update is too big or too deep to hand to the parser, or None.

    Limits: MAX_QUERY_CHARS characters, MAX_DEPTH brackets open at once, MAX_OPERATORS operators,
    groups and group keywords (UNION, MINUS, OPTIONAL, FILTER, BIND, AS, VALUES …) in all.
    `code`: the text's `code_of`, when already made.
    """
    if len(text) > MAX_QUERY_CHARS:
        return f"The query is {len(text)} characters long; this server takes at most {MAX_QUERY_CHARS}"
    code = code_of(text) if code is None else code
    # the parser stops at a bracket that closes nothing, so the running count is its depth
    brackets = _NOT_BRACKET.sub("", code)
    if brackets and max(accumulate(map(_STEP.__getitem__, brackets))) > MAX_DEPTH:
        return (
            f"The query nests brackets ( [ {{ more than {MAX_DEPTH} deep, this server's limit "
            "(a deeper text could crash the SPARQL parser); flatten it"
        )
    operators = sum(1 for m in _OPERATOR.finditer(code) if m.group(1) is None)
    if operators > MAX_OPERATORS:
        return (
            f"The query has {operators} operators, groups and group keywords (UNION, MINUS, OPTIONAL, "
            f"FILTER, BIND, AS …); this server takes at most {MAX_OPERATORS}, as a longer chain could crash "
            "the SPARQL parser. Use VALUES or IN (…) for long lists of alternatives"
        )
    return None


def refusal(sparql: str, words: tuple[str, ...] = ("service",)) -> str | None:
    """`check_query_shape`, then `forbidden`, with one pass of the lexer: why not to run it, or None."""
    if len(sparql) > MAX_QUERY_CHARS:
        return check_query_shape(sparql)
    code = code_of(sparql)
    return check_query_shape(sparql, code) or forbidden(sparql, words, code)
