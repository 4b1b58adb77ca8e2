"""`jingan-kg serve`: the built graph over HTTP — SPARQL 1.1 Protocol at /sparql, a service
description, the HTML views, the query page (vendored YASGUI, `static.py`), the ask page, every
jkr: IRI dereferenced and the ontology at /def (`linked.py`) — on loopback, read-only, with a time
and a size limit on every query.

How it works
- Read-only, `serve` runs a supervisor and several server processes (`supervisor.py`,
  `local.py`, decision 0021), each answering its own queries on threads from its read-only
  store; a query past the time limit is answered at once and its process retires. The rest of
  this list describes the worker pool, which `--allow-update` and `BackgroundServer` use:
- There the web side is Starlette under uvicorn and never opens the store itself. Every query goes
  to one of a few worker processes (`WorkerPool`), each holding
  `pyoxigraph.Store.read_only(out/store)`. pyoxigraph cannot cancel a running query, so a query
  still running after `timeout` seconds gets its worker killed (SIGKILL) and replaced; the
  other workers answer other clients meanwhile.
- Slow queries do not starve quick ones (`WorkerPool`): a query still running after
  min(0.5 s, timeout / 4) moves out of the pool at a lower CPU priority and a spare worker takes
  its place. At most `size` queries run long at once, and max(1, size // 2) from one client
  address (one more is stopped, 503); a client whose query ran long waits behind the others
  for a worker.
- Limits before any parsing: the URL 64 KiB (414; `params.MAX_URL_BYTES`, also for a request
  line too long to read, `http11`), a POST body 1 MiB (413), and the text's size, bracket
  nesting (200) and operator count (1,000) (`guard.check_query_shape`, 400), which keep
  pyoxigraph's recursive parser from overflowing its stack. The URL is read as strict UTF-8.
  HEAD answers as GET does, without the body. XML answers (results, RDF/XML) replace what XML
  1.0 cannot hold with U+FFFD (`negotiation.xml_safe`).
- Size: pyoxigraph writes a SELECT's rows as SPARQL TSV into a file object that counts them
  as they come and stops the store past `max_rows` (413; 0: no limit), so a huge result never
  builds up; pyoxigraph then writes that TSV in the negotiated format, so every format is its
  own (`workers._Rows`). Graphs are read up to `max_rows` + 1 triples the same way.
- Reload: `build` writes a complete new generation and publishes it by replacing the link
  `out/current`, which `out/store` leads through (store/generations.py); a worker opens the
  resolved path, so it reads one generation whole. Before each query a worker compares the (device, inode) of
  `out/store` with the directory it has open (it holds a descriptor on it, so the number cannot
  be reused); when they differ it opens the new store, else it keeps answering from the old one,
  which stays readable while open even once deleted. A query that fails with a store error
  while a swap happens is run once more on the new store.
- No external fetch: SERVICE (and, for updates, LOAD) are refused by the worker before its
  parser reads the query, and workers move into an empty network namespace where the kernel allows it, so
  pyoxigraph's HTTP client cannot reach anything even past that check.
- Updates (`allow_update=True` only): one more worker opens the store read-write and applies
  them; readers reopen after each update. The store belongs to `build`: the next build
  replaces it, and with it every update; the search index and the exports are not updated;
  and while it runs no other process can open the store read-write (read-only opens, as the
  question commands do, still work).

Modules, the imports going one way: `run` (binding, uvicorn, `serve`, `BackgroundServer`) → `http11`
(uvicorn's httptools protocol on uvloop, refusing over-long request heads) and `app` (`ServerConfig`, `create_app`
and the routes) → `pages` (the inline pages and the service description), `params` (request
parameters, URL and body, security headers), `negotiation` (formats, Accept, XML text) and
`workers` (the worker processes); of these four, `pages` uses `params` (a CSP hash) and
`workers` uses `negotiation`; `params` and `workers` use `guard` (the checks on a SPARQL
text: shape, SERVICE/LOAD), which imports only the standard library. `app` also uses `ask` (the
ask page, /ask: who, search, targets and show as HTML or JSON), which uses `params` and `pages`
and sends each question to the workers as an "ask" request; a worker answers it with
`ask.answer_in_worker` (imported when the first question comes), on its store and the search
index of the same generation.

Library: `app.create_app(out, timeout, max_rows, allow_update)` gives the ASGI app,
`run.serve(out, …)` runs it (the `serve` command), `run.BackgroundServer(out, …)` runs it in a
thread on a free port (tests, notebooks). `workers` (and this package) import only the standard
library at the top: workers run it in a fresh interpreter and start in tens of milliseconds;
Starlette and uvicorn load in `create_app`.
"""
