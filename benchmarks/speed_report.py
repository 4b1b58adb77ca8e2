"""The Markdown section benchmarks/speed.py prints for RESULTS.md: one table per area, each figure with its floor.

The other scripts' JSON is read as it comes: any object holding a ratio (a key "ratio" or
"…_ratio") is one figure; its name from its label fields and where it sits, its value and its
floor from the keys that say what they are (ms, seconds, req/s; floor, oxigraph, baseline …).
"""

from __future__ import annotations

import re

AREAS = {  # area -> (title, goal text, the test a ratio or a value in seconds must pass, scales it holds at)
    "questions": ("Questions (whole processes)", "≤ 2×", "ratio", 2.0),
    "endpoint": ("Endpoint (requests/s against `oxigraph serve-read-only`)", "≥ 0.7×", "ratio_min", 0.7),
    "views": ("Views", "< 0.2 s at 1x", "seconds", 0.2),
    "shacl": ("SHACL validation", "fastest, same verdicts", None, None),
}
BUILD_GOALS = {1: 10.0, 100: 5.0}
LABELS = ("name", "figure", "command", "cmd", "question", "view", "validator", "query", "case", "label", "mode")
GENERIC = {
    "rows",
    "results",
    "figures",
    "items",
    "data",
    "commands",
    "views",
    "runs",
    "cases",
    "validators",
    "graphs",
    "times",
}
RATIO = re.compile(r"^(ratio|.*_ratio|x_floor|times_floor)$")  # how the scripts name build / floor
SCALE = re.compile(r"^\d+x$")
FLOORISH = {"floor", "oxigraph", "theirs", "baseline", "reference"}
SPREAD = {
    "ratio",
    "cpu",
    "p50",
    "p90",
    "p95",
    "p99",
    "min",
    "max",
    "stdev",
    "runs",
    "repeat",
    "clients",
    "n",
    "count",
    "first",
}
OURS = {"ours", "measured", "jingan"}
VALUE_ORDER = ({"median", "mean"}, {"rps", "req", "requests"}, {"ms", "s", "seconds", "sec", "value", "ours"})
UNITS = (({"req", "rps", "requests"}, "req/s"), ({"ms"}, "ms"), ({"s", "seconds", "sec"}, "s"))


def number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def tokens(key: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", key.lower())) - {""}


def unit_of(key: str) -> str:
    return next((unit for markers, unit in UNITS if markers & tokens(key)), "")


def fmt(value: float | None, unit: str = "") -> str:
    """A figure for a table: three significant digits or whole numbers, with its unit."""
    if value is None:
        return "—"
    size = abs(value)
    text = (
        f"{value:,.0f}"
        if size >= 100
        else f"{value:.1f}"
        if size >= 10
        else f"{value:.2f}"
        if size >= 1
        else f"{value:.3f}"
    )
    return f"{text} {unit}".strip()


def ratio_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def pick(row: dict, avoid: set[str], need: set[str] | None = None) -> tuple[str, float] | tuple[None, None]:
    """The first numeric key, by VALUE_ORDER, with none of the tokens `avoid` (and one of `need`)."""
    for wanted in VALUE_ORDER:
        for key, value in row.items():
            words = tokens(key)
            if number(value) and wanted & words and not avoid & words and (need is None or need & words):
                return key, float(value)
    return None, None


def nested_pick(row: dict, names: set[str], avoid: set[str]) -> tuple[str, float] | tuple[None, None]:
    """The value inside {"ours": {…}} or {"floor": {…}}: the first such key holding an object."""
    inner = next((v for k, v in row.items() if names & tokens(k) and isinstance(v, dict)), None)
    return pick(inner, avoid) if inner else (None, None)


def floor_of(row: dict) -> tuple[str, float] | tuple[None, None]:
    """The floor: a numeric key naming it (floor_ms, oxigraph_rps …), or the value inside {"floor": {…}}."""
    key, value = pick(row, SPREAD, FLOORISH)
    return (key, value) if key else nested_pick(row, FLOORISH, SPREAD | FLOORISH)


def figure_rows(data: object, path: tuple[str, ...] = (), floor: tuple = (None, None)) -> list[dict]:
    """Every object in a script's JSON that holds a ratio, or a time with no object inside, as one figure.

    A floor given beside a group of figures ({"floor_ms": 72, "views": {…}}) is the floor of each.
    """
    if isinstance(data, list):
        return [row for i, item in enumerate(data) for row in figure_rows(item, (*path, str(i)), floor)]
    if not isinstance(data, dict):
        return []
    ratios = [k for k in data if number(data[k]) and RATIO.match(k)]
    ratio_key = "ratio" if "ratio" in ratios else next(iter(ratios), None)  # "ratio" before cpu_ratio and the like
    value_key, value = pick(data, FLOORISH | SPREAD)
    if value_key is None:
        value_key, value = nested_pick(data, OURS, SPREAD)
    own_floor = floor_of(data)
    leaf = not any(isinstance(v, dict) or (isinstance(v, list) and v and isinstance(v[0], dict)) for v in data.values())
    if ratio_key is None and not (leaf and value_key):
        inherited = own_floor if own_floor[0] else floor
        return [row for key, item in data.items() for row in figure_rows(item, (*path, key), inherited)]
    floor_key, floor_value = own_floor if own_floor[0] else floor
    label = [str(data[k]) for k in LABELS if isinstance(data.get(k), str | int) and not isinstance(data.get(k), bool)]
    where = [p for p in path if p not in GENERIC and not SCALE.match(p) and not (p.isdigit() and label)]
    unit, floor_unit = unit_of(value_key or ""), unit_of(floor_key or "") or unit_of(value_key or "")
    ratio = float(data[ratio_key]) if ratio_key else None
    if ratio is None and value is not None and floor_value and unit == floor_unit:
        ratio = value / floor_value
    figure = " ".join([" / ".join(where), *label]).strip() or ratio_key or value_key
    return [
        {"figure": figure, "value": value, "unit": unit, "floor": floor_value, "floor_unit": floor_unit, "ratio": ratio}
    ]


def disagreements(data: object, path: tuple[str, ...] = ()) -> list[str]:
    """Every false "same…" flag in a script's JSON (verdicts that differ), with where it sits."""
    if isinstance(data, list):
        return [d for i, item in enumerate(data) for d in disagreements(item, (*path, str(i)))]
    if not isinstance(data, dict):
        return []
    found = [f"{' / '.join(path)}: {k} false" for k, v in data.items() if k.startswith("same") and v is False]
    return found + [d for k, v in data.items() for d in disagreements(v, (*path, k))]


def met(area: str, row: dict, scale: str) -> str:
    _, _, test, bound = AREAS[area]
    if test in ("ratio", "ratio_min") and row["ratio"] is None:
        return "—"
    if test == "ratio":
        return "yes" if row["ratio"] <= bound else "no"
    if test == "ratio_min":
        return "yes" if row["ratio"] >= bound else "no"
    if test == "seconds" and scale == "1" and row["value"] is not None:
        seconds = row["value"] / 1000 if row["unit"] == "ms" else row["value"]
        return "yes" if seconds < bound else "no"
    return "—"


def table(rows: list[list[str]]) -> list[str]:
    head = ["figure", "value", "floor", "ratio", "goal", "met"]
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(r) + " |" for r in rows)]


def profile_table(rows: list[dict], first: str, second: str, *heads: str) -> list[str]:
    lines = [f"| function | calls | {heads[0]} | {heads[1]} |", "|---|---|---|---|"]
    return lines + [f"| `{r['function']}` | {r['calls']:,} | {fmt(r[first])} | {fmt(r[second])} |" for r in rows]


def build_section(results: dict) -> list[str]:
    scales = {k: v for k, v in results["scales"].items() if "build_median_s" in v}
    lines = ["### Build", ""]
    rows = []
    for key, s in scales.items():
        goal = BUILD_GOALS.get(int(key))
        what = f"`jingan-kg build`, {key}x ({s['files']} files, {s['triples']:,} triples; median of {s['runs']})"
        ok = "—" if goal is None or s["ratio"] is None else "yes" if s["ratio"] <= goal else "no"
        floor = f"{fmt(s['floor'], 's')} ({s['floor_method']})"
        rows.append(
            [what, fmt(s["build_median_s"], "s"), floor, ratio_text(s["ratio"]), f"≤ {goal:g}×" if goal else "—", ok]
        )
    if len(scales) >= 2:
        lo, hi = scales[min(scales, key=int)], scales[max(scales, key=int)]
        growth = hi["build_ms_per_1k"] / lo["build_ms_per_1k"]
        rows.append(
            [
                f"ms per 1k triples, {lo['scale']}x → {hi['scale']}x",
                f"{fmt(lo['build_ms_per_1k'])} → {fmt(hi['build_ms_per_1k'])}",
                f"{fmt(lo['floor_ms_per_1k'])} → {fmt(hi['floor_ms_per_1k'])}",
                ratio_text(growth),
                "linear (no growth per triple)",
                "yes" if growth <= 1.0 else "no",
            ]
        )
    lines += [*table(rows), ""]
    for key, s in results["scales"].items():
        if "error" in s:
            lines.append(f"- {key}x: **{s['error']}**: `{s.get('stderr', '').strip().splitlines()[-1:]}`")
            continue
        floors = ", ".join(f"`{m}` {fmt(v, 's')}" for m, v in s["floor_median_s"].items())
        st, void = s["stability"], s["void"]
        differ = "; ".join(
            f"`{f}` ({st['expected'].get(f) or ' / '.join(f'`{d[:100]}`' for d in how[:2]) or 'bytes'})"
            for f, how in st["differ"].items()
        )
        lines.append(
            f"- {key}x: floors (median, whole process) {floors}. Byte-stable: **{'yes' if st['stable'] else 'no'}** "
            f"({st['builds']} builds, {st['files']} files but store/, {st['identical']} identical"
            + (f"; differ: {differ})." if differ else ").")
            + f" void.ttl's checksums: {void['listed'] - len(void['wrong'])} of {void['listed']} hold"
            + (f" (wrong: {', '.join(void['wrong'])})." if void["wrong"] else ".")
        )
    phase_names = list(dict.fromkeys(p for s in scales.values() for p in s.get("phases", {})))
    if phase_names:
        lines += ["", "Build phases (build-report.json, median s)", ""]
        lines += ["| phase | " + " | ".join(f"{k}x" for k in scales) + " |", "|---|" + "---|" * len(scales)]
        for name in phase_names:
            lines.append(f"| {name} | " + " | ".join(fmt(s["phases"].get(name)) for s in scales.values()) + " |")
    prof = results.get("profile")
    if prof and "top" in prof:
        lines += [
            "",
            f"cProfile, one build at {prof['scale']}x ({fmt(prof['seconds'], 's')} under the profiler), top 15 cumulative",
            "",
        ]
        lines += profile_table(prof["top"], "cumtime_s", "tottime_s", "cumulative s", "own s")
        lines += ["", "Top 10 by own time", ""]
        lines += profile_table(prof.get("top_own", []), "tottime_s", "cumtime_s", "own s", "cumulative s")
    elif not phase_names:
        lines += ["", "No phase times: build-report.json has none and the run had no `--profile`."]
    return lines


def area_section(area: str, entries: dict) -> list[str]:
    title, goal, _, _ = AREAS[area]
    lines, rows, notes = [f"### {title}", ""], [], []
    for scale, entry in entries.items():
        if entry["status"] != "ok":
            why = (entry.get("stderr") or "").strip().splitlines()[-1:] or [""]
            status = "not written yet" if entry["status"] == "missing" else entry["status"]
            notes.append(f"- {scale}x: `{entry['script']}` {status}" + (f": `{why[0][:200]}`" if why[0] else ""))
            continue
        found = figure_rows(entry["json"])
        notes += [f"- {scale}x: verdicts differ, {d}" for d in disagreements(entry["json"])]
        if not found:
            notes.append(f"- {scale}x: `{entry['script']}` wrote JSON with no ratio in it (kept in the results file)")
        for r in found:
            floor = fmt(r["floor"], r["floor_unit"])
            rows.append(
                [
                    f"{r['figure']}, {scale}x",
                    fmt(r["value"], r["unit"]),
                    floor,
                    ratio_text(r["ratio"]),
                    goal,
                    met(area, r, scale),
                ]
            )
    return lines + ([*table(rows), ""] if rows else []) + notes + ([""] if notes else [])


def markdown(results: dict) -> str:
    """The whole section: the run, then build, questions, endpoint, views and SHACL."""
    tree, mach = results["tree"], results["machine"]
    dirty = f", dirty: {len(tree['dirty_files'])} changed" if tree["dirty"] else ""
    load = f"{mach['load_average_start'][0]:.2f} → {mach.get('load_average_end', ['?'])[0]:.2f}"
    busy = "; ".join(mach.get("busy_at_start", [])) or "nothing above 5% CPU"
    if "busy_at_end" in mach:
        busy += "; at the end: " + ("; ".join(mach["busy_at_end"]) or "nothing above 5% CPU")
    digest = f", src/ digest `{tree['src_digest']}`" if tree.get("src_digest") else ""
    packages = ", ".join(f"{k} {v}" for k, v in mach["packages"].items())
    lines = [
        f"## Issue 16: each figure with its floor ({results['date'][:10]}, commit `{tree['commit'][:10]}`{digest}{dirty})",
        "",
        f"- **Command**: `{results['command']}` (wall time {fmt(results.get('wall_s'), 's')})",
        f"- **Machine**: `{mach['uname']}`, {mach['cpus']} CPUs, {mach['memory_gib']} GiB; Python {mach['python']}; {packages}",
        f"- **Load**: 1-minute load average {load}; busiest at the start: {busy}",
        "",
        *build_section(results),
        "",
    ]
    for area in AREAS:
        if area in results.get("areas", {}):
            lines += area_section(area, results["areas"][area])
    if results.get("failures"):
        lines += ["### What failed to run", "", *(f"- {f}" for f in results["failures"]), ""]
    return "\n".join(lines).rstrip() + "\n"
