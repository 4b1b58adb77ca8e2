// The query page of `jingan-kg serve`: YASGUI (vendored, /static/yasgui/) set up for this server's
// own endpoint, with the graph's prefixes, the example queries as tabs, and nothing that asks
// another site: no prefix.cc, no Linked Open Vocabularies look-ups, no link shortener. The
// page's config (endpoint, prefixes, examples, views, limits, whether updates are allowed) is the
// JSON block the server writes into the page. Text goes into the page as text, never as markup.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const endpoint = new URL(config.endpoint, location.href).href; // YASQE's GET builds a URL from it
  const prefixes = Object.entries(config.prefixes);

  function el(tag, text) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // --- around the editor: the views, the limits, the prefixes, the examples menu -------------------
  for (const v of config.views) {
    const a = el("a", v.replace(/\.html$/, ""));
    a.href = "/views/" + encodeURIComponent(v);
    $("views").append(" ", a);
  }
  if (!config.views.length) $("views").append(" ", el("span", "none built"));
  $("endpoint").textContent = config.endpoint;
  $("limits").textContent = config.limits;
  $("mode").textContent = config.allow_update
    ? "this server accepts SPARQL Update (until the next build)"
    : "read-only: SPARQL Update is refused";
  $("prefixes").textContent = prefixes.map(([p, ns]) => "PREFIX " + p + ": <" + ns + ">").join("\n");
  config.examples.forEach((ex, i) => {
    const o = el("option", ex.title);
    o.value = String(i);
    $("examples").append(o);
  });

  // The PREFIX lines of the graph's prefixes a query uses, so that a query copied out of the page
  // runs anywhere (this server predeclares them; other endpoints do not).
  function withPrefixes(query) {
    if (/^\s*PREFIX\s/im.test(query)) return query;
    const used = prefixes.filter(([p]) => new RegExp("(^|[\\s(){};,/^|!])" + p + ":", "m").test(query));
    if (!used.length) return query;
    return used.map(([p, ns]) => "PREFIX " + p + ": <" + ns + ">").join("\n") + "\n\n" + query;
  }

  // --- YASGUI --------------------------------------------------------------------------------------
  const Yasqe = Yasgui.Yasqe;
  // Prefix completion from the graph's own prefixes (YASQE's default list is a copy of prefix.cc);
  // "class" and "property" completion is off: it asks lov.linkeddata.es.
  Yasqe.forkAutocompleter("prefixes", {
    name: "graphPrefixes",
    persistenceId: null,
    get: () => Promise.resolve(prefixes.map(([p, ns]) => p + ": <" + ns + ">").sort()),
  });
  Yasgui.defaults.yasqe.autocompleters = ["graphPrefixes", "variables"];
  Yasgui.defaults.yasqe.prefixCcApi = null;
  Yasgui.defaults.yasqe.createShortLink = undefined;

  const readOnly = "This server is read-only: it refuses SPARQL Update (`jingan-kg serve --allow-update` accepts it).";
  const yasgui = new Yasgui($("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    persistenceId: null, // a fresh page each time: the examples, or the query of the link
    autofocus: true,
    tabName: "Query",
    // a link /query?query=… opens that query, always against this server's endpoint
    populateFromUrl: (tab) => ({ ...tab, requestConfig: { ...tab.requestConfig, endpoint: endpoint } }),
    autoAddOnInit: false,
    // a new tab ("+") starts from this; the examples open in tabs of their own
    yasqe: { value: "SELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 10", resizeable: true, editorHeight: "260px" },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table", pluginOrder: ["table", "response"] },
  });

  function openExample(i, active) {
    const ex = config.examples[i];
    return yasgui.addTab(active, { name: ex.title, yasqe: { value: withPrefixes(ex.query) } }, { avoidDuplicateTabs: true });
  }
  if (!yasgui.persistentConfig.getTabs().length) {
    // no query in the link: one tab per example, the first one open
    config.examples.forEach((_, i) => openExample(i, i === 0));
    yasgui.selectTabId(yasgui.persistentConfig.getTabs()[0]);
  }
  $("examples").addEventListener("change", (ev) => {
    if (ev.target.value !== "") openExample(Number(ev.target.value), true).select();
    ev.target.value = "";
  });

  // Updates: off unless the server takes them (the server refuses them anyway).
  function guard(tab) {
    const yasqe = tab && tab.getYasqe();
    if (!yasqe) return;
    const isUpdate = yasqe.getQueryMode() === "update";
    yasqe.config.queryingDisabled = isUpdate && !config.allow_update ? readOnly : undefined;
    yasqe.updateQueryButton();
    $("update-note").hidden = !(isUpdate && !config.allow_update);
    $("update-note").textContent = readOnly;
  }
  function watch(tab) {
    const yasqe = tab && tab.getYasqe();
    if (!yasqe || yasqe.__guarded) return;
    yasqe.__guarded = true;
    yasqe.on("change", () => guard(tab));
    guard(tab);
  }
  for (const id of yasgui.persistentConfig.getTabs()) watch(yasgui.getTab(id));
  yasgui.on("tabSelect", (_, id) => setTimeout(() => { watch(yasgui.getTab(id)); guard(yasgui.getTab(id)); }));
  yasgui.on("tabAdd", (_, id) => setTimeout(() => watch(yasgui.getTab(id))));

  // A click on one of the graph's IRIs in a result (jkr:, jkg:) describes it in a new tab, as the
  // page did before YASGUI (YASR's own link would leave for w3id.org). Ctrl/Shift/middle click
  // still follow the link.
  const own = prefixes.filter(([p]) => p === "jkr" || p === "jkg").map(([, ns]) => ns);
  $("yasgui").addEventListener("click", (ev) => {
    const a = ev.target.closest && ev.target.closest(".yasr a.iri");
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    const iri = a.getAttribute("href") || "";
    if (!own.some((ns) => iri.startsWith(ns)) || /[\s<>"{}|^`\\]/.test(iri)) return;
    ev.preventDefault();
    const tab = yasgui.addTab(true, { name: a.textContent, yasqe: { value: "DESCRIBE <" + iri + ">" } });
    watch(tab);
    tab.query().catch(() => {}); // an error shows in the tab
  }, true);

  // for tests and scripts: the instance, and a mark once the editor is up
  window.yasgui = yasgui;
  $("yasgui").dataset.ready = "1";
})();
