"""The views' pages as Python, written by `python -m jingan_kg.views.precompile` from the templates
(views/precompile.py): do not edit; views/html.py uses them while TEMPLATE_CRC matches.
"""

# ruff: noqa
# fmt: off
from markupsafe import Markup, escape

TEMPLATE_CRC = {
    '_base.html': 3228176726,
    '_card_js.html': 4195813753,
    '_details.html': 1438626174,
    '_districts.html': 3398128956,
    '_macros.html': 3693016395,
    '_panel_end.html': 4141738503,
    '_search.html': 3678675299,
    '_vis_css.html': 3144670650,
    '_vis_data.html': 4271716253,
    'graph.html': 791735653,
    'ledger.html': 4013472603,
    'notice.html': 2203161891,
    'targets.html': 55439541,
}


def _attr(obj, name):
    """An attribute as Jinja looks it up: the attribute, else the item, else empty (Undefined)."""
    try:
        return getattr(obj, name)
    except AttributeError:
        pass
    try:
        return obj[name]
    except (TypeError, LookupError):
        return ''


def m_macros_swatch(a_shape='', a_color=''):
    out = []
    w = out.append
    w('<svg class="swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">')
    if (a_shape == 'box'):
        w('<rect x="1" y="4" width="16" height="10" rx="3" fill="')
        w(escape(a_color))
        w('"/>')
    elif (a_shape == 'square'):
        w('<rect x="2" y="2" width="14" height="14" fill="')
        w(escape(a_color))
        w('"/>')
    elif (a_shape == 'diamond'):
        w('<polygon points="9,1 17,9 9,17 1,9" fill="')
        w(escape(a_color))
        w('"/>')
    elif (a_shape == 'triangle'):
        w('<polygon points="9,1 17,16 1,16" fill="')
        w(escape(a_color))
        w('"/>')
    elif (a_shape == 'triangleDown'):
        w('<polygon points="1,2 17,2 9,17" fill="')
        w(escape(a_color))
        w('"/>')
    elif (a_shape == 'star'):
        w('<polygon points="9.0,1.6 11.0,6.8 16.6,7.1 12.2,10.7 13.7,16.1 9.0,13.0 4.3,16.1 5.8,10.7 1.4,7.1 7.0,6.8" fill="')
        w(escape(a_color))
        w('"/>')
    elif (a_shape == 'ellipse'):
        w('<ellipse cx="9" cy="9" rx="8" ry="5" fill="')
        w(escape(a_color))
        w('"/>')
    elif (a_shape == 'hexagon'):
        w('<polygon points="17.0,9.0 13.0,15.9 5.0,15.9 1.0,9.0 5.0,2.1 13.0,2.1" fill="')
        w(escape(a_color))
        w('"/>')
    elif (a_shape == 'ring'):
        w('<circle cx="9" cy="9" r="6" fill="#ffffff" stroke="')
        w(escape(a_color))
        w('" stroke-width="2.5"/>')
    elif (a_shape == 'bar'):
        w('<rect x="1" y="6" width="16" height="6" rx="2" fill="')
        w(escape(a_color))
        w('" fill-opacity="0.35"/>')
    else:
        w('<circle cx="9" cy="9" r="7" fill="')
        w(escape(a_color))
        w('"/>')
    w('</svg>')
    return Markup(''.join(out))


def p_graph(c):
    out = []
    w = out.append
    w('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>')
    w(escape(c.get('title', '')))
    w('</title>\n<style>\n')
    w(escape(c.get('vis_css', '')))
    w('\n</style>\n\n<style>\n#graph { flex: 1; min-width: 0; }\ndiv.vis-tooltip { white-space: normal; max-width: 380px; font-family: ')
    w(escape(c.get('font_stack', '')))
    w('; font-size: 13px; }\n#legend .hint { color: #555; font-size: 12px; line-height: 1.4; margin: 10px 0 0; }\n</style>\n<style>\nhtml, body { margin: 0; height: 100%; }\nbody { font-family: ')
    w(escape(c.get('font_stack', '')))
    w('; color: #222; display: flex; flex-direction: column; }\nheader { position: relative; padding: 8px 16px; border-bottom: 1px solid #ddd; }\nheader h1 { margin: 0; font-size: 20px; }\nheader .subtitle { margin: 4px 0 0; color: #555; font-size: 14px; }\n#layout { flex: 1; display: flex; min-height: 0; }\n#panel { width: 290px; flex: none; padding: 12px 16px; border-right: 1px solid #ddd; overflow-y: auto; font-size: 14px; }\n#panel h2 { font-size: 15px; margin: 16px 0 8px; }\n#search { width: 100%; box-sizing: border-box; padding: 4px 6px; font: inherit; }\n#search-status { min-height: 1.2em; margin: 4px 0; color: #b00; }\n#panel ul { list-style: none; margin: 0; padding: 0; }\n#panel li { margin: 4px 0; }\n#panel label { display: flex; align-items: center; gap: 6px; cursor: pointer; }\n#panel .count { color: #777; margin-left: auto; }\n.swatch { flex: none; }\n#status { position: absolute; top: 10px; right: 16px; margin: 0; color: #555; font-size: 13px; }\n.card { font-size: 13px; line-height: 1.45; }\n.card-label { display: block; font-size: 15px; }\n.card-en, .card-kind, .card-source { color: #555; }\n.card-facts { border-collapse: collapse; margin: 6px 0; }\n.card-facts th { text-align: left; padding: 1px 8px 1px 0; vertical-align: top; white-space: nowrap; font-weight: 600; }\n.card-facts td { padding: 1px 0; overflow-wrap: anywhere; }\n.card blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #ccc; color: #333; white-space: pre-wrap; overflow-wrap: anywhere; }\n#details-card { max-height: 45vh; overflow-y: auto; }\n</style>\n</head>\n<body data-view="')
    w(escape(c.get('view', '')))
    w('">\n<header>\n<h1>')
    w(escape(c.get('title', '')))
    w('</h1>')
    if c.get('subtitle', ''):
        w('\n<p class="subtitle">')
        w(escape(c.get('subtitle', '')))
        w('</p>')
    w('\n<p id="status" aria-live="polite"></p>\n</header>\n<div id="layout">\n<aside id="panel">\n<form id="search-form" role="search" autocomplete="off">\n<label for="search">搜索 Search</label>\n<input id="search" type="search" list="node-labels" placeholder="输入名称 Enter a name">\n<datalist id="node-labels"></datalist>\n<p id="search-status" aria-live="polite"></p>\n</form>\n\n<section id="legend">\n<h2>图例 Legend</h2>\n<ul>')
    for l0_kind, l0_count in c.get('kinds', ''):
        w('\n<li><label><input type="checkbox" class="kind-filter" data-kind="')
        w(escape(_attr(l0_kind, 'key')))
        w('" checked>')
        w(escape(m_macros_swatch(_attr(l0_kind, 'shape'), _attr(l0_kind, 'color'))))
        w('<span>')
        w(escape(_attr(l0_kind, 'label')))
        w('</span><small class="count">')
        w(escape(l0_count))
        w('</small></label></li>')
    w('\n</ul>')
    if c.get('fixed_layout', ''):
        w('\n<p class="hint">点击节点突出其关联，点击空白处或按 Esc 恢复；滚轮上下移动，Ctrl+滚轮缩放。<br>Click a node to light up its links, the background or Esc to restore; the wheel scrolls, Ctrl+wheel zooms.</p>')
    w('\n</section>')
    if c.get('districts', ''):
        w('\n<section id="districts">\n<h2>区 District</h2>\n<ul>')
        for l0_name, l0_count in c.get('districts', ''):
            w('\n<li><label><input type="checkbox" class="district-filter" data-district="')
            w(escape(l0_name))
            w('" checked><span>')
            w(escape(l0_name))
            w('</span><small class="count">')
            w(escape(l0_count))
            w('</small></label></li>')
        w('\n</ul>\n</section>')
    w('\n<section id="options">\n<h2>显示 Display</h2>\n<label><input type="checkbox" id="show-en">英文名称 English names</label>\n</section>\n<section id="details" hidden>\n<h2>详情 Details</h2>\n<div id="details-card"></div>\n</section>\n\n</aside>\n<main id="graph"></main>\n\n</div>\n<script>\n')
    w(escape(c.get('vis_js', '')))
    w('\n</script>\n<script type="application/json" id="graph-data">')
    w(escape(c.get('graph_json', '')))
    w('</script>\n\n<script>\n(function () {\n  "use strict";\n  var data = JSON.parse(document.getElementById("graph-data").textContent);\nfunction el(tag, className, text) {\n    var e = document.createElement(tag);\n    if (className) { e.className = className; }\n    if (text !== undefined && text !== null) { e.textContent = text; }\n    return e;\n  }\n\n  function clip(text, n) {\n    return text.length > n ? text.slice(0, n) + "…" : text;\n  }\n\n  // An entity card: label, English label, kind, facts, quote and where it is written.\n  function card(n, full) {\n    var c = el("div", "card");\n    c.appendChild(el("strong", "card-label", n.label));\n    if (n.labelEn) { c.appendChild(el("div", "card-en", n.labelEn)); }\n    if (n.kindLabel) { c.appendChild(el("div", "card-kind", n.kindLabel)); }\n    if (n.facts && n.facts.length) {\n      var table = el("table", "card-facts");\n      n.facts.forEach(function (row) {\n        var tr = el("tr");\n        tr.appendChild(el("th", null, row[0]));\n        tr.appendChild(el("td", null, full ? row[1] : clip(row[1], 160)));\n        table.appendChild(tr);\n      });\n      c.appendChild(table);\n    }\n    if (n.quote) { c.appendChild(el("blockquote", null, full ? n.quote : clip(n.quote, 280))); }\n    if (n.source) { c.appendChild(el("div", "card-source", "来源 Source: " + n.source)); }\n    return c;\n  }\n\n  var details = document.getElementById("details");\n  var detailsCard = document.getElementById("details-card");\n  function showDetails(n) {\n    while (detailsCard.firstChild) { detailsCard.removeChild(detailsCard.firstChild); }\n    detailsCard.appendChild(card(n, true));\n    details.hidden = false;\n  }\n\n  var status = document.getElementById("status");\n  var input = document.getElementById("search");\n  var searchStatus = document.getElementById("search-status");\n  var datalist = document.getElementById("node-labels");\n  function fillDatalist(labels) {\n    Object.keys(labels).sort().forEach(function (label) {\n      var opt = document.createElement("option");\n      opt.value = label;\n      datalist.appendChild(opt);\n    });\n  }\n\n  // Exact label first, then the first label containing the text, then aliases / English labels.\n  function findItem(items, q) {\n    var lower = q.toLowerCase();\n    var i;\n    for (i = 0; i < items.length; i++) { if (items[i].label === q) { return items[i]; } }\n    for (i = 0; i < items.length; i++) { if (items[i].label.indexOf(q) !== -1) { return items[i]; } }\n    for (i = 0; i < items.length; i++) {\n      var it = items[i];\n      if ((it.labelEn && it.labelEn.toLowerCase().indexOf(lower) !== -1) ||\n          (it.aliases && it.aliases.some(function (a) { return a.indexOf(q) !== -1; }))) { return it; }\n    }\n    return null;\n  }\n\n  // Centring on a node: vis animates the move, then the view is set exactly on the node once, when\n  // the animation ends or, if animation frames are throttled (a background tab), shortly after.\n  // That moveTo also releases focus()\'s lock and cancels an animation still running.\n  function centring(network) {\n    var target = null, timer = null;\n    function recentre() {\n      if (timer !== null) { clearTimeout(timer); timer = null; }\n      if (target === null) { return; }\n      var id = target;\n      target = null;\n      network.moveTo({ position: network.getPosition(id), animation: false });\n    }\n    network.on("animationFinished", recentre);\n    network.on("dragStart", function () { target = null; });\n    network.on("zoom", function () { target = null; });\n    return function (id) {\n      target = id;\n      network.focus(id, { scale: 1.5, animation: { duration: 500, easingFunction: "easeInOutQuad" } });\n      if (timer !== null) { clearTimeout(timer); }\n      timer = setTimeout(recentre, 650);\n    };\n  }\n\n\n  var byId = {};\n  data.nodes.forEach(function (n) { byId[n.id] = n; });\n  var showEn = document.getElementById("show-en");\n  // A fixed layout (columns): positions from the page\'s data, physics off, links light up on click.\n  var layout = data.layout || null;\n  function mode() { return showEn.checked ? "en" : "zh"; }\n\n  // The drawn label is the node\'s name as written (long ones wrap, or on a fixed layout are\n  // shortened: the card has them whole); with "English names" on, the English name where known\n  // goes on a second line.\n  function drawnLabel(n) {\n    var name = n.short || n.label, en = n.shortEn || n.labelEn;\n    return showEn.checked && n.labelEn ? name + "\\n" + en : name;\n  }\n  function place(n) { return layout ? { y: showEn.checked ? n.yEn : n.y } : {}; }\n\n  var nodes = new vis.DataSet(data.nodes.map(function (n) {\n    return Object.assign({}, n, { label: drawnLabel(n), name: n.label, title: card(n, false) }, place(n));\n  }));\n  // On a fixed layout the columns say what the links are: they are drawn without their labels.\n  var edges = new vis.DataSet(layout ? data.edges.map(function (e) {\n    var drawn = Object.assign({}, e, { relation: e.label });\n    delete drawn.label;\n    return drawn;\n  }) : data.edges);\n  var container = document.getElementById("graph");\n  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);\n  window.network = network;\n  window.nodesDataSet = nodes;\n  window.edgesDataSet = edges;\n  var centreOn = centring(network);\n\n  // Physics only lays the graph out; once stable, freeze it so nodes stay where they are.\n  var settled = false;\n  function settle() {\n    if (settled) { return; }\n    settled = true;\n    network.setOptions({ physics: false });\n    status.textContent = "";\n    if (data.focus && byId[data.focus]) {\n      network.selectNodes([data.focus]);\n      showDetails(byId[data.focus]);\n      if (layout) { highlight(data.focus); }\n    }\n    document.body.dataset.ready = "1";\n  }\n  if (layout) {\n    // Fixed positions: show the columns whole in width, as large as fits their height or at\n    // least readable (then from the top); ready once that view is drawn.\n    var firstView = function () {\n      var b = layout[mode()].bounds, c = network.canvas.frame.canvas, pad = 16;\n      var w = c.clientWidth, h = c.clientHeight;\n      var fitWidth = (w - 2 * pad) / Math.max(1, b.right - b.left);\n      var fitAll = Math.min(fitWidth, (h - 2 * pad) / Math.max(1, b.bottom - b.top), 1.5);\n      var scale = fitAll * layout.font >= layout.readable ? fitAll : Math.min(fitWidth, layout.readable / layout.font);\n      var y = scale === fitAll ? (b.top + b.bottom) / 2 : b.top + (h / 2 - pad) / scale;\n      network.moveTo({ position: { x: (b.left + b.right) / 2, y: y }, scale: scale, animation: false });\n    };\n    network.once("afterDrawing", function () {\n      firstView();\n      network.once("afterDrawing", settle);\n      network.redraw();\n    });\n    // Column titles and section headings, drawn on the canvas as text.\n    var face = data.options.nodes.font.face;\n    network.on("afterDrawing", function (ctx) {\n      layout.titles.concat(layout[mode()].headings).forEach(function (t) {\n        ctx.font = (t.bold ? "bold " : "") + t.size + "px " + face;\n        ctx.fillStyle = t.bold ? "#333333" : "#666666";\n        ctx.textAlign = t.align;\n        ctx.textBaseline = "middle";\n        ctx.fillText(t.text, t.x, t.y);\n      });\n    });\n    // The wheel scrolls (the columns are tall); Ctrl+wheel (and a pinch) zooms at the pointer.\n    container.addEventListener("wheel", function (ev) {\n      ev.preventDefault();\n      var unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? container.clientHeight : 1;\n      var scale = network.getScale(), at = network.getViewPosition();\n      if (ev.ctrlKey || ev.metaKey) {\n        var r = network.canvas.frame.canvas.getBoundingClientRect();\n        var p = { x: ev.clientX - r.left, y: ev.clientY - r.top }, q = network.DOMtoCanvas(p);\n        var next = Math.min(4, Math.max(0.1, scale * Math.exp(-ev.deltaY * unit * 0.002)));\n        network.moveTo({\n          position: { x: q.x - (p.x - r.width / 2) / next, y: q.y - (p.y - r.height / 2) / next },\n          scale: next, animation: false,\n        });\n      } else {  // scrolls no further than the columns\' ends\n        var dx = (ev.shiftKey && !ev.deltaX ? ev.deltaY : ev.deltaX) * unit, dy = ev.shiftKey ? 0 : ev.deltaY * unit;\n        var b = layout[mode()].bounds, c = network.canvas.frame.canvas, pad = 16 / scale;\n        var within = function (v, lo, hi, half) {\n          var a = lo + half - pad, z = hi - half + pad;\n          return Math.min(Math.max(a, z), Math.max(Math.min(a, z), v));\n        };\n        network.moveTo({\n          position: {\n            x: within(at.x + dx / scale, b.left, b.right, c.clientWidth / 2 / scale),\n            y: within(at.y + dy / scale, b.top, b.bottom, c.clientHeight / 2 / scale),\n          },\n          scale: scale, animation: false,\n        });\n      }\n    }, { passive: false, capture: true });\n  } else {\n    network.on("stabilizationProgress", function (p) {\n      status.textContent = "布局中 Laying out… " + Math.round(100 * p.iterations / p.total) + "%";\n    });\n    network.once("stabilizationIterationsDone", settle);\n    network.once("stabilized", settle);\n    if (!data.nodes.length) { settle(); }\n  }\n\n  // Highlight (fixed layouts): a node, what it leads to and what leads to it, along the links\n  // (a measure: its bodies and industries; a body: its measures and their industries); the\n  // rest is dimmed until the background is clicked or Esc pressed.\n  var downstream = {}, upstream = {}, lit = null;\n  data.edges.forEach(function (e) {\n    (downstream[e.from] = downstream[e.from] || []).push(e.to);\n    (upstream[e.to] = upstream[e.to] || []).push(e.from);\n  });\n  function reach(id, links, seen) {\n    var todo = [id];\n    while (todo.length) {\n      (links[todo.pop()] || []).forEach(function (m) { if (!seen[m]) { seen[m] = true; todo.push(m); } });\n    }\n    return seen;\n  }\n  function fontOf(n, dim) {\n    return Object.assign({}, n.font, { color: dim ? "rgba(34,34,34,0.25)" : "#222222" });\n  }\n  function highlight(id) {\n    if (!layout) { return; }\n    var on = reach(id, upstream, reach(id, downstream, {}));\n    on[id] = true;\n    nodes.update(data.nodes.map(function (n) {\n      return { id: n.id, opacity: on[n.id] ? 1 : layout.dim, font: fontOf(n, !on[n.id]) };\n    }));\n    edges.update(data.edges.map(function (e) {\n      var linked = on[e.from] && on[e.to];\n      return { id: e.id, width: linked ? 2 : 1, color: Object.assign({}, e.color, { opacity: linked ? 0.9 : 0.06 }) };\n    }));\n    lit = id;\n  }\n  function unhighlight() {\n    if (!layout || lit === null) { return; }\n    lit = null;\n    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: 1, font: fontOf(n, false) }; }));\n    edges.update(data.edges.map(function (e) { return { id: e.id, width: 1, color: e.color }; }));\n  }\n  document.addEventListener("keydown", function (ev) {\n    if (ev.key === "Escape" && lit !== null) {\n      unhighlight();\n      network.unselectAll();\n    }\n  });\n\n  network.on("click", function (p) {\n    if (p.nodes.length && byId[p.nodes[0]]) {\n      showDetails(byId[p.nodes[0]]);\n      highlight(p.nodes[0]);\n    } else {\n      unhighlight();\n    }\n  });\n\n  showEn.addEventListener("change", function () {\n    nodes.update(data.nodes.map(function (n) { return Object.assign({ id: n.id, label: drawnLabel(n) }, place(n)); }));\n  });\n\n  // Kind and district filters: a node shows when its kind is on and, if it is of any district,\n  // one of its districts is on (vis hides the edges of hidden nodes too).\n  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.kind-filter"));\n  var districtBoxes = Array.prototype.slice.call(document.querySelectorAll("input.district-filter"));\n  function isOn(list, attr, value) {\n    var box = list.filter(function (b) { return b.dataset[attr] === value; })[0];\n    return !box || box.checked;\n  }\n  function shown(n) {\n    return isOn(boxes, "kind", n.kind) &&\n      (!n.districts.length || n.districts.some(function (d) { return isOn(districtBoxes, "district", d); }));\n  }\n  function refresh() {\n    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !shown(n) }; }));\n  }\n  function setKindVisible(kind, visible) {\n    boxes.forEach(function (box) { if (box.dataset.kind === kind) { box.checked = visible; } });\n    refresh();\n  }\n  boxes.concat(districtBoxes).forEach(function (box) { box.addEventListener("change", refresh); });\n\n  // Search: find a node by name, make its kind visible, select it, zoom to it, show its card.\n  var labels = {};\n  data.nodes.forEach(function (n) { labels[n.label] = true; });\n  fillDatalist(labels);\n\n  function search() {\n    var q = input.value.trim();\n    if (!q) { searchStatus.textContent = ""; return; }\n    var n = findItem(data.nodes, q);\n    if (!n) {\n      network.unselectAll();\n      unhighlight();\n      searchStatus.textContent = "无匹配 No match";\n      return;\n    }\n    if (!shown(n)) {  // make it visible: its kind, and its districts\n      boxes.forEach(function (box) { if (box.dataset.kind === n.kind) { box.checked = true; } });\n      districtBoxes.forEach(function (box) { if (n.districts.indexOf(box.dataset.district) >= 0) { box.checked = true; } });\n      refresh();\n    }\n    searchStatus.textContent = "";\n    network.selectNodes([n.id]);\n    centreOn(n.id);\n    showDetails(n);\n    highlight(n.id);\n  }\n\n  document.getElementById("search-form").addEventListener("submit", function (ev) {\n    ev.preventDefault();\n    search();\n  });\n  input.addEventListener("input", function () {\n    if (Object.prototype.hasOwnProperty.call(labels, input.value)) { search(); }  // datalist choice\n  });\n}());\n</script>\n</body>\n</html>\n')
    return ''.join(out)


def p_targets(c):
    out = []
    w = out.append
    w('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>')
    w(escape(c.get('title', '')))
    w('</title>\n<style>\n')
    w(escape(c.get('vis_css', '')))
    w('\n</style>\n\n<style>\n#graph { flex: 1; min-width: 0; }\ndiv.vis-tooltip { white-space: normal; max-width: 380px; font-family: ')
    w(escape(c.get('font_stack', '')))
    w('; font-size: 13px; }\n#panel .note { color: #555; font-size: 13px; }\n</style>\n<style>\nhtml, body { margin: 0; height: 100%; }\nbody { font-family: ')
    w(escape(c.get('font_stack', '')))
    w('; color: #222; display: flex; flex-direction: column; }\nheader { position: relative; padding: 8px 16px; border-bottom: 1px solid #ddd; }\nheader h1 { margin: 0; font-size: 20px; }\nheader .subtitle { margin: 4px 0 0; color: #555; font-size: 14px; }\n#layout { flex: 1; display: flex; min-height: 0; }\n#panel { width: 290px; flex: none; padding: 12px 16px; border-right: 1px solid #ddd; overflow-y: auto; font-size: 14px; }\n#panel h2 { font-size: 15px; margin: 16px 0 8px; }\n#search { width: 100%; box-sizing: border-box; padding: 4px 6px; font: inherit; }\n#search-status { min-height: 1.2em; margin: 4px 0; color: #b00; }\n#panel ul { list-style: none; margin: 0; padding: 0; }\n#panel li { margin: 4px 0; }\n#panel label { display: flex; align-items: center; gap: 6px; cursor: pointer; }\n#panel .count { color: #777; margin-left: auto; }\n.swatch { flex: none; }\n#status { position: absolute; top: 10px; right: 16px; margin: 0; color: #555; font-size: 13px; }\n.card { font-size: 13px; line-height: 1.45; }\n.card-label { display: block; font-size: 15px; }\n.card-en, .card-kind, .card-source { color: #555; }\n.card-facts { border-collapse: collapse; margin: 6px 0; }\n.card-facts th { text-align: left; padding: 1px 8px 1px 0; vertical-align: top; white-space: nowrap; font-weight: 600; }\n.card-facts td { padding: 1px 0; overflow-wrap: anywhere; }\n.card blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #ccc; color: #333; white-space: pre-wrap; overflow-wrap: anywhere; }\n#details-card { max-height: 45vh; overflow-y: auto; }\n</style>\n</head>\n<body data-view="')
    w(escape(c.get('view', '')))
    w('">\n<header>\n<h1>')
    w(escape(c.get('title', '')))
    w('</h1>')
    if c.get('subtitle', ''):
        w('\n<p class="subtitle">')
        w(escape(c.get('subtitle', '')))
        w('</p>')
    w('\n<p id="status" aria-live="polite"></p>\n</header>\n<div id="layout">\n<aside id="panel">\n<form id="search-form" role="search" autocomplete="off">\n<label for="search">搜索 Search</label>\n<input id="search" type="search" list="node-labels" placeholder="输入名称 Enter a name">\n<datalist id="node-labels"></datalist>\n<p id="search-status" aria-live="polite"></p>\n</form>\n\n<section id="legend">\n<h2>图例 Legend</h2>\n<ul>')
    for l0_kind, l0_count in c.get('kinds', ''):
        w('\n<li><label><input type="checkbox" class="kind-filter" data-kind="')
        w(escape(_attr(l0_kind, 'key')))
        w('" checked>')
        w(escape(m_macros_swatch(_attr(l0_kind, 'shape'), _attr(l0_kind, 'color'))))
        w('<span>')
        w(escape(_attr(l0_kind, 'label')))
        w('</span><small class="count">')
        w(escape(l0_count))
        w('</small></label></li>')
    w('\n</ul>\n<p class="note">')
    w(escape(m_macros_swatch('bar', '#777777')))
    w(' 多年期目标/实际 a multi-year period<br>')
    w(escape(m_macros_swatch('box', '#dddddd')))
    w(' 非数值 a value without a number<br>每条泳道的高度按该指标自身的数值范围 Each lane has its own value scale.</p>\n</section>\n<section id="groups">\n<h2>指标 Indicators</h2>\n<ul>')
    for l0_group, l0_count in c.get('groups', ''):
        w('\n<li><label><input type="checkbox" class="group-filter" data-group="')
        w(escape(_attr(l0_group, 'key')))
        w('" checked><span>')
        w(escape(_attr(l0_group, 'label')))
        w('</span><small class="count">')
        w(escape(l0_count))
        w('</small></label></li>')
    w('\n</ul>\n</section>')
    if c.get('districts', ''):
        w('\n<section id="districts">\n<h2>区 District</h2>\n<ul>')
        for l0_name, l0_count in c.get('districts', ''):
            w('\n<li><label><input type="checkbox" class="district-filter" data-district="')
            w(escape(l0_name))
            w('" checked><span>')
            w(escape(l0_name))
            w('</span><small class="count">')
            w(escape(l0_count))
            w('</small></label></li>')
        w('\n</ul>\n</section>')
    w('\n<section id="options">\n<h2>显示 Display</h2>\n<label><input type="checkbox" id="show-en">英文名称 English names</label>\n</section>\n<section id="details" hidden>\n<h2>详情 Details</h2>\n<div id="details-card"></div>\n</section>\n\n</aside>\n<main id="graph"></main>\n\n</div>\n<script>\n')
    w(escape(c.get('vis_js', '')))
    w('\n</script>\n<script type="application/json" id="graph-data">')
    w(escape(c.get('graph_json', '')))
    w('</script>\n\n<script>\n(function () {\n  "use strict";\n  var data = JSON.parse(document.getElementById("graph-data").textContent);\nfunction el(tag, className, text) {\n    var e = document.createElement(tag);\n    if (className) { e.className = className; }\n    if (text !== undefined && text !== null) { e.textContent = text; }\n    return e;\n  }\n\n  function clip(text, n) {\n    return text.length > n ? text.slice(0, n) + "…" : text;\n  }\n\n  // An entity card: label, English label, kind, facts, quote and where it is written.\n  function card(n, full) {\n    var c = el("div", "card");\n    c.appendChild(el("strong", "card-label", n.label));\n    if (n.labelEn) { c.appendChild(el("div", "card-en", n.labelEn)); }\n    if (n.kindLabel) { c.appendChild(el("div", "card-kind", n.kindLabel)); }\n    if (n.facts && n.facts.length) {\n      var table = el("table", "card-facts");\n      n.facts.forEach(function (row) {\n        var tr = el("tr");\n        tr.appendChild(el("th", null, row[0]));\n        tr.appendChild(el("td", null, full ? row[1] : clip(row[1], 160)));\n        table.appendChild(tr);\n      });\n      c.appendChild(table);\n    }\n    if (n.quote) { c.appendChild(el("blockquote", null, full ? n.quote : clip(n.quote, 280))); }\n    if (n.source) { c.appendChild(el("div", "card-source", "来源 Source: " + n.source)); }\n    return c;\n  }\n\n  var details = document.getElementById("details");\n  var detailsCard = document.getElementById("details-card");\n  function showDetails(n) {\n    while (detailsCard.firstChild) { detailsCard.removeChild(detailsCard.firstChild); }\n    detailsCard.appendChild(card(n, true));\n    details.hidden = false;\n  }\n\n  var status = document.getElementById("status");\n  var input = document.getElementById("search");\n  var searchStatus = document.getElementById("search-status");\n  var datalist = document.getElementById("node-labels");\n  function fillDatalist(labels) {\n    Object.keys(labels).sort().forEach(function (label) {\n      var opt = document.createElement("option");\n      opt.value = label;\n      datalist.appendChild(opt);\n    });\n  }\n\n  // Exact label first, then the first label containing the text, then aliases / English labels.\n  function findItem(items, q) {\n    var lower = q.toLowerCase();\n    var i;\n    for (i = 0; i < items.length; i++) { if (items[i].label === q) { return items[i]; } }\n    for (i = 0; i < items.length; i++) { if (items[i].label.indexOf(q) !== -1) { return items[i]; } }\n    for (i = 0; i < items.length; i++) {\n      var it = items[i];\n      if ((it.labelEn && it.labelEn.toLowerCase().indexOf(lower) !== -1) ||\n          (it.aliases && it.aliases.some(function (a) { return a.indexOf(q) !== -1; }))) { return it; }\n    }\n    return null;\n  }\n\n  // Centring on a node: vis animates the move, then the view is set exactly on the node once, when\n  // the animation ends or, if animation frames are throttled (a background tab), shortly after.\n  // That moveTo also releases focus()\'s lock and cancels an animation still running.\n  function centring(network) {\n    var target = null, timer = null;\n    function recentre() {\n      if (timer !== null) { clearTimeout(timer); timer = null; }\n      if (target === null) { return; }\n      var id = target;\n      target = null;\n      network.moveTo({ position: network.getPosition(id), animation: false });\n    }\n    network.on("animationFinished", recentre);\n    network.on("dragStart", function () { target = null; });\n    network.on("zoom", function () { target = null; });\n    return function (id) {\n      target = id;\n      network.focus(id, { scale: 1.5, animation: { duration: 500, easingFunction: "easeInOutQuad" } });\n      if (timer !== null) { clearTimeout(timer); }\n      timer = setTimeout(recentre, 650);\n    };\n  }\n\n\n  var L = data.layout, Y0 = data.years[0], Y1 = data.years[1];\n  var byId = {}, laneOf = {}, laneNodes = {};\n  data.nodes.forEach(function (n) {\n    byId[n.id] = n;\n    (laneNodes[n.lane] = laneNodes[n.lane] || []).push(n);\n  });\n  data.lanes.forEach(function (lane) { laneOf[lane.id] = lane; });\n  var color = {};\n  data.kinds.forEach(function (k) { color[k.key] = k.color; });\n  var showEn = document.getElementById("show-en");\n  function drawnLabel(n) { return showEn.checked && n.labelEn ? n.label + "\\n" + n.labelEn : n.label; }\n\n  function xOf(year) { return (year - Y0) * L.yearWidth; }\n  var AXIS_LEFT = xOf(Y0) - L.yearWidth * 0.6, AXIS_RIGHT = xOf(Y1) + L.yearWidth * 0.6;\n\n  // Lane layout: visible lanes stacked top to bottom; each value at its year and its height.\n  var shown = [];   // visible lanes, in order\n  var top = {};     // lane id -> y of its top\n  function yOf(lane, v) {\n    var t = top[lane.id] + L.bandTop, span = lane.hi - lane.lo || 1;\n    return t + (1 - (v - lane.lo) / span) * L.bandHeight;\n  }\n  function place() {\n    var groupOn = {}, districtOn = {};\n    groupBoxes.forEach(function (b) { groupOn[b.dataset.group] = b.checked; });\n    districtBoxes.forEach(function (b) { districtOn[b.dataset.district] = b.checked; });\n    shown = data.lanes.filter(function (lane) {\n      return groupOn[lane.group] !== false && (!lane.district || districtOn[lane.district] !== false);\n    });\n    top = {};\n    shown.forEach(function (lane, i) { top[lane.id] = i * L.laneHeight; });\n    var kindOn = {};\n    kindBoxes.forEach(function (b) { kindOn[b.dataset.kind] = b.checked; });\n    var updates = [];\n    data.lanes.forEach(function (lane) {\n      var visible = top.hasOwnProperty(lane.id), t = top[lane.id] || 0, stack = {};\n      var plotted = (laneNodes[lane.id] || []).some(function (n) { return n.plot; });\n      (laneNodes[lane.id] || []).forEach(function (n) {\n        var p;\n        if (n.kind === "indicator") {\n          p = { x: L.labelX, y: t + L.laneHeight / 2 };\n        } else {\n          var year = n.to === null ? Y0 - 1 : n.to;\n          var key = (n.plot ? "p" : "t") + year + ":" + (n.plot ? n.numeric : "");\n          var k = stack[key] = (stack[key] || 0) + 1;\n          if (n.plot) {\n            // outcome labels above their dot, target labels below; a repeated value steps aside\n            p = { x: xOf(year) + (k - 1) * 16, y: yOf(lane, n.numeric),\n                  font: { size: 11, vadjust: n.kind === "outcome" ? -34 - (k - 1) * 12 : (k - 1) * 12 } };\n          } else {\n            var base = plotted ? t + L.bandTop + L.bandHeight + 14 : t + L.bandTop + L.bandHeight / 2;\n            p = { x: xOf(year), y: base + (k - 1) * 22 };\n          }\n        }\n        p.id = n.id;\n        p.hidden = !visible || kindOn[n.kind] === false;\n        updates.push(p);\n      });\n    });\n    return updates;\n  }\n\n  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll("input.kind-filter"));\n  var groupBoxes = Array.prototype.slice.call(document.querySelectorAll("input.group-filter"));\n  var districtBoxes = Array.prototype.slice.call(document.querySelectorAll("input.district-filter"));\n  var first = {};\n  place().forEach(function (u) { first[u.id] = u; });\n  var nodes = new vis.DataSet(data.nodes.map(function (n) {\n    return Object.assign({}, n, first[n.id], { label: drawnLabel(n), title: card(n, false) });\n  }));\n  var edges = new vis.DataSet(data.edges);\n  var container = document.getElementById("graph");\n  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);\n  window.network = network;\n  window.nodesDataSet = nodes;\n  window.edgesDataSet = edges;\n  var centreOn = centring(network);\n\n  function fmt(v) { return String(Number(v.toPrecision(4))); }\n\n  // The axis and the lanes, drawn under the nodes in network coordinates (numbers only).\n  network.on("beforeDrawing", function (ctx) {\n    var bottom = shown.length * L.laneHeight, year, i;\n    ctx.save();\n    shown.forEach(function (lane, j) {\n      var t = top[lane.id];\n      ctx.fillStyle = j % 2 ? "#ffffff" : "#f6f7f9";\n      ctx.fillRect(L.labelX - 140, t, AXIS_RIGHT - L.labelX + 140, L.laneHeight);\n      ctx.fillStyle = "#888888";\n      ctx.font = "11px sans-serif";\n      ctx.textAlign = "right";\n      ctx.fillText(fmt(lane.hi), AXIS_LEFT - 6, t + L.bandTop + 4);\n      ctx.fillText(fmt(lane.lo), AXIS_LEFT - 6, t + L.bandTop + L.bandHeight + 4);\n      ctx.strokeStyle = "#cfcfcf";\n      ctx.beginPath();\n      ctx.moveTo(AXIS_LEFT, yOf(lane, 0));\n      ctx.lineTo(AXIS_RIGHT, yOf(lane, 0));\n      ctx.stroke();\n    });\n    ctx.strokeStyle = "#e3e3e3";\n    ctx.fillStyle = "#666666";\n    ctx.font = "12px sans-serif";\n    ctx.textAlign = "center";\n    for (year = Y0; year <= Y1; year++) {\n      ctx.beginPath();\n      ctx.moveTo(xOf(year), -18);\n      ctx.lineTo(xOf(year), bottom);\n      ctx.stroke();\n      for (i = 0; i < shown.length; i += 6) { ctx.fillText(String(year), xOf(year), i * L.laneHeight + 12); }\n      ctx.fillText(String(year), xOf(year), bottom + 16);\n    }\n    // Multi-year periods: a bar from the first to the last year at the value\'s height.\n    ctx.globalAlpha = 0.3;\n    shown.forEach(function (lane) {\n      (laneNodes[lane.id] || []).forEach(function (n) {\n        if (!n.plot || n.to === n.from || n.from === null) { return; }\n        var hidden = kindBoxes.some(function (b) { return b.dataset.kind === n.kind && !b.checked; });\n        if (hidden) { return; }\n        ctx.fillStyle = color[n.kind];\n        ctx.fillRect(xOf(n.from) - 10, yOf(lane, n.numeric) - 4, xOf(n.to) - xOf(n.from) + 20, 8);\n      });\n    });\n    ctx.restore();\n  });\n\n  // Start at the top lanes, the whole year axis across the canvas.\n  function home() {\n    var w = container.clientWidth || 800, h = container.clientHeight || 600;\n    var worldW = AXIS_RIGHT - (L.labelX - 140) + 20, scale = Math.min(1.2, w / worldW);\n    network.moveTo({ position: { x: (L.labelX - 140 + AXIS_RIGHT) / 2, y: h / (2 * scale) - 30 }, scale: scale });\n  }\n  home();\n  network.once("afterDrawing", function () {\n    status.textContent = "";\n    document.body.dataset.ready = "1";\n  });\n  network.redraw();\n\n  network.on("click", function (p) {\n    if (p.nodes.length && byId[p.nodes[0]]) { showDetails(byId[p.nodes[0]]); }\n  });\n  showEn.addEventListener("change", function () {\n    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: drawnLabel(n) }; }));\n  });\n  function relayout() { nodes.update(place()); network.redraw(); }\n  kindBoxes.concat(groupBoxes, districtBoxes).forEach(function (box) { box.addEventListener("change", relayout); });\n  var laneDistrict = {};\n  data.lanes.forEach(function (lane) { laneDistrict[lane.id] = lane.district; });\n\n  // Search: a value or an indicator (name or alias); show its lane, select it, zoom to it.\n  var labels = {};\n  data.nodes.forEach(function (n) { if (n.kind === "indicator") { labels[n.label] = true; } });\n  fillDatalist(labels);\n  function search() {\n    var q = input.value.trim();\n    if (!q) { searchStatus.textContent = ""; return; }\n    var n = findItem(data.nodes, q);\n    if (!n) {\n      network.unselectAll();\n      searchStatus.textContent = "无匹配 No match";\n      return;\n    }\n    var changed = false;\n    kindBoxes.concat(groupBoxes, districtBoxes).forEach(function (box) {\n      var mine = box.dataset.kind === n.kind || box.dataset.group === n.group ||\n        (box.dataset.district !== undefined && box.dataset.district === laneDistrict[n.lane]);\n      if (mine && !box.checked) {\n        box.checked = true;\n        changed = true;\n      }\n    });\n    if (changed) { relayout(); }\n    searchStatus.textContent = "";\n    network.selectNodes([n.id]);\n    centreOn(n.id);\n    showDetails(n);\n  }\n  document.getElementById("search-form").addEventListener("submit", function (ev) {\n    ev.preventDefault();\n    search();\n  });\n  input.addEventListener("input", function () {\n    if (Object.prototype.hasOwnProperty.call(labels, input.value)) { search(); }  // datalist choice\n  });\n}());\n</script>\n</body>\n</html>\n')
    return ''.join(out)


def m_ledger_chip(a_s=''):
    out = []
    w = out.append
    w('<span class="chip s-')
    w(escape(_attr(a_s, 'slug')))
    w('" aria-hidden="true">')
    w(escape(_attr(a_s, 'symbol')))
    w('</span>')
    return Markup(''.join(out))


def p_ledger(c):
    out = []
    w = out.append
    w('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>')
    w(escape(c.get('title', '')))
    w('</title>\n<style>\n#panel .note { color: #555; font-size: 13px; margin: 6px 0; }\n#panel #legend li { margin: 6px 0; }\n#panel .meaning { display: block; color: #555; font-size: 12px; margin: 1px 0 0 24px; }\n#indicator-filter { width: 100%; box-sizing: border-box; padding: 4px 6px; font: inherit; }\n#filter-status { min-height: 1.2em; margin: 4px 0; color: #555; }\n.chip { flex: none; display: inline-block; width: 20px; height: 20px; line-height: 20px; text-align: center; font-weight: 700; border: 1px solid rgba(0, 0, 0, 0.3); border-radius: 3px; }')
    for l0_s, l0__count in c.get('statuses', ''):
        w('\n.s-')
        w(escape(_attr(l0_s, 'slug')))
        w(' { background: ')
        w(escape(_attr(l0_s, 'fill')))
        w('; color: ')
        w(escape(_attr(l0_s, 'ink')))
        w('; }')
    w('\n#ledger { flex: 1; min-width: 0; overflow: auto; }\n#ledger-table { border-collapse: separate; border-spacing: 0; font-size: 13px; }\n#ledger-table th, #ledger-table td { border-bottom: 1px solid #e6e6e6; padding: 2px 3px; }\n#ledger-table thead th { position: sticky; top: 0; z-index: 2; background: #f4f4f4; border-bottom: 2px solid #bbb; padding: 6px 4px; white-space: nowrap; font-weight: 600; }\n#ledger-table th.ind { position: sticky; left: 0; z-index: 1; background: #fff; text-align: left; font-weight: normal; min-width: 12em; max-width: 17em; padding: 2px 10px 2px 16px; border-right: 1px solid #ddd; overflow-wrap: anywhere; }\n#ledger-table thead th.ind { z-index: 3; background: #f4f4f4; }\n#ledger-table tbody tr:hover th.ind, #ledger-table tbody tr.current th.ind { background: #e8eefa; }\n#ledger-table .district { display: block; color: #666; font-size: 11px; }\n#ledger-table .starts { border-left: 2px solid #999; }\nbutton.cell { display: flex; align-items: center; gap: 3px; box-sizing: border-box; width: 100%; min-width: 6.2em; min-height: 28px; margin: 0; padding: 2px 4px; border: 1px solid rgba(0, 0, 0, 0.25); border-radius: 3px; font: inherit; font-size: 12px; line-height: 1.15; text-align: left; cursor: pointer; }\nbutton.cell[hidden], #card-pane[hidden] { display: none; }  /* display: flex would override [hidden] */\nbutton.cell .sym { flex: none; width: 1em; text-align: center; font-size: 14px; font-weight: 700; }\nbutton.cell .n { margin-left: auto; padding-left: 2px; font-size: 11px; font-weight: 700; }\nbutton.cell:hover { filter: brightness(0.95); }\nbutton.cell:focus-visible { outline: 3px solid #111; outline-offset: 1px; }\nbutton.cell.selected { outline: 3px solid #1f4e9c; outline-offset: 1px; }\n#ledger .empty { padding: 16px 24px; font-size: 16px; }\n#card-pane { width: 380px; flex: none; padding: 12px 16px; border-left: 1px solid #ddd; overflow-y: auto; font-size: 14px; }\n#card-pane #details-card { max-height: none; overflow: visible; }\n#card-pane h2 { font-size: 15px; margin: 4px 0 8px; }\n#card-close { float: right; font: inherit; font-size: 13px; cursor: pointer; }\n.card .entry { margin: 10px 0 0; padding-top: 8px; border-top: 1px solid #ddd; }\n.card .badge { display: inline-block; padding: 1px 6px; border: 1px solid rgba(0, 0, 0, 0.3); border-radius: 3px; font-weight: 700; }\n.card h3 { font-size: 13px; margin: 8px 0 2px; }\n.card .none { color: #555; font-style: italic; }\n</style>\n<style>\nhtml, body { margin: 0; height: 100%; }\nbody { font-family: ')
    w(escape(c.get('font_stack', '')))
    w('; color: #222; display: flex; flex-direction: column; }\nheader { position: relative; padding: 8px 16px; border-bottom: 1px solid #ddd; }\nheader h1 { margin: 0; font-size: 20px; }\nheader .subtitle { margin: 4px 0 0; color: #555; font-size: 14px; }\n#layout { flex: 1; display: flex; min-height: 0; }\n#panel { width: 290px; flex: none; padding: 12px 16px; border-right: 1px solid #ddd; overflow-y: auto; font-size: 14px; }\n#panel h2 { font-size: 15px; margin: 16px 0 8px; }\n#search { width: 100%; box-sizing: border-box; padding: 4px 6px; font: inherit; }\n#search-status { min-height: 1.2em; margin: 4px 0; color: #b00; }\n#panel ul { list-style: none; margin: 0; padding: 0; }\n#panel li { margin: 4px 0; }\n#panel label { display: flex; align-items: center; gap: 6px; cursor: pointer; }\n#panel .count { color: #777; margin-left: auto; }\n.swatch { flex: none; }\n#status { position: absolute; top: 10px; right: 16px; margin: 0; color: #555; font-size: 13px; }\n.card { font-size: 13px; line-height: 1.45; }\n.card-label { display: block; font-size: 15px; }\n.card-en, .card-kind, .card-source { color: #555; }\n.card-facts { border-collapse: collapse; margin: 6px 0; }\n.card-facts th { text-align: left; padding: 1px 8px 1px 0; vertical-align: top; white-space: nowrap; font-weight: 600; }\n.card-facts td { padding: 1px 0; overflow-wrap: anywhere; }\n.card blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #ccc; color: #333; white-space: pre-wrap; overflow-wrap: anywhere; }\n#details-card { max-height: 45vh; overflow-y: auto; }\n</style>\n</head>\n<body data-view="')
    w(escape(c.get('view', '')))
    w('">\n<header>\n<h1>')
    w(escape(c.get('title', '')))
    w('</h1>')
    if c.get('subtitle', ''):
        w('\n<p class="subtitle">')
        w(escape(c.get('subtitle', '')))
        w('</p>')
    w('\n<p id="status" aria-live="polite"></p>\n</header>\n<div id="layout">\n<aside id="panel">\n<section id="filter">\n<h2>筛选 Filter</h2>\n<label for="indicator-filter">指标名称 Indicator name</label>\n<input id="indicator-filter" type="search" autocomplete="off" placeholder="输入指标名称 Type part of a name">\n<p id="filter-status" aria-live="polite"></p>\n</section>\n<section id="legend">\n<h2>图例 Legend</h2>\n<p class="note">每格以颜色、符号和文字表示状态 Each cell shows its status by colour, symbol and word. 取消勾选即隐藏 Untick a status to hide its cells.</p>\n<ul>')
    for l0_s, l0_count in c.get('statuses', ''):
        w('\n<li><label><input type="checkbox" class="status-filter" data-status="')
        w(escape(_attr(l0_s, 'key')))
        w('" checked>')
        w(escape(m_ledger_chip(l0_s)))
        w('<span><b>')
        w(escape(_attr(l0_s, 'symbol')))
        w(' ')
        w(escape(_attr(l0_s, 'key')))
        w('</b> ')
        w(escape(_attr(l0_s, 'zh')))
        w('</span><small class="count">')
        w(escape(l0_count))
        w('</small></label><small class="meaning">')
        w(escape(_attr(l0_s, 'meaning')))
        w('</small></li>')
    w('\n</ul>\n<p class="note">×2 一格多个目标 a cell of several targets (a target stated twice) shows the worst status; its card lists each. 竖线右侧为多年期 Right of the bold line: multi-year periods.</p>\n</section>')
    if c.get('districts', ''):
        w('\n<section id="districts">\n<h2>区 District</h2>\n<ul>')
        for l0_name, l0_count in c.get('districts', ''):
            w('\n<li><label><input type="checkbox" class="district-filter" data-district="')
            w(escape(l0_name))
            w('" checked><span>')
            w(escape(l0_name))
            w('</span><small class="count">')
            w(escape(l0_count))
            w('</small></label></li>')
        w('\n</ul>\n</section>')
    w('\n</aside>\n<main id="ledger">')
    if c.get('lines', ''):
        w('\n<table id="ledger-table">\n<thead><tr><th scope="col" class="ind">指标 Indicator</th>')
        for l0_p in c.get('periods', ''):
            w('<th scope="col" class="period')
            if _attr(l0_p, 'starts'):
                w(' starts')
            w('" title="')
            w(escape(_attr(l0_p, 'group')))
            w('">')
            w(escape(_attr(l0_p, 'label')))
            w('</th>')
        w('</tr></thead>\n<tbody>')
        w(escape(c.get('grid_rows', '')))
        w('\n</tbody>\n</table>')
    else:
        w('\n<p class="empty">没有已考核的目标 No target is judged in this graph.</p>')
    w('\n</main>\n<aside id="card-pane" aria-label="详情 Details" hidden>\n<button type="button" id="card-close">✕ 关闭 Close</button>\n<section id="details" hidden>\n<h2>详情 Details</h2>\n<div id="details-card"></div>\n</section>\n\n</aside>\n</div>\n<script type="application/json" id="ledger-data">')
    w(escape(c.get('ledger_json', '')))
    w('</script>\n<script>\n(function () {\n  "use strict";\n  var data = JSON.parse(document.getElementById("ledger-data").textContent);\n  var info = {};\n  data.statuses.forEach(function (s) { info[s.key] = s; });\n  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }\n  function el(tag, className, text) {\n    var e = document.createElement(tag);\n    if (className) { e.className = className; }\n    if (text !== undefined && text !== null) { e.textContent = text; }\n    return e;\n  }\n\n  var buttons = all("button.cell");\n  var lines = all("#ledger-table tbody tr");\n  var statusBoxes = all("input.status-filter");\n  var districtBoxes = all("input.district-filter");\n  var filter = document.getElementById("indicator-filter");\n  var filterStatus = document.getElementById("filter-status");\n  var pane = document.getElementById("card-pane");\n  var details = document.getElementById("details");\n  var detailsCard = document.getElementById("details-card");\n\n  // What a cell says (as views/ledger.py cell_title writes it).\n  function title(c, key, count) {\n    var s = info[key], where = data.several && c.district ? c.label + "（" + c.district + "）" : c.label;\n    return where + " · " + c.period + ": " + s.symbol + " " + s.key + " " + s.zh + (count > 1 ? " (" + count + " targets)" : "");\n  }\n  function paint(button, c, key, count) {\n    var s = info[key], t = title(c, key, count);\n    button.className = "cell s-" + s.slug + (button.classList.contains("selected") ? " selected" : "");\n    button.dataset.status = key;\n    button.title = t;\n    button.setAttribute("aria-label", t);\n    button.querySelector(".sym").textContent = s.symbol;\n    button.querySelector(".word").textContent = s.key;\n    var n = button.querySelector(".n");\n    if (count > 1) {\n      if (!n) { n = button.appendChild(el("span", "n")); }\n      n.textContent = "×" + count;\n    } else if (n) {\n      button.removeChild(n);\n    }\n  }\n\n  // Filters: a cell shows the worst of its targets whose status is ticked, and hides when none\n  // is; a line shows when it has a cell showing, its name holds the text and its district is ticked.\n  function apply() {\n    var on = {}, dOn = {}, q = filter.value.trim().toLowerCase(), shown = 0;\n    statusBoxes.forEach(function (b) { on[b.dataset.status] = b.checked; });\n    districtBoxes.forEach(function (b) { dOn[b.dataset.district] = b.checked; });\n    lines.forEach(function (tr) {\n      var any = false;\n      Array.prototype.forEach.call(tr.querySelectorAll("button.cell"), function (b) {\n        var c = data.cells[Number(b.dataset.cell)];\n        var kept = c.rows.filter(function (r) { return on[r.status]; });\n        var key = null;\n        data.worst.some(function (k) {\n          if (kept.some(function (r) { return r.status === k; })) { key = k; return true; }\n          return false;\n        });\n        b.hidden = key === null;\n        if (key !== null) {\n          any = true;\n          if (b.dataset.status !== key || c.rows.length !== kept.length) { paint(b, c, key, kept.length); }\n        }\n      });\n      var match = !q || tr.dataset.label.toLowerCase().indexOf(q) !== -1;\n      var district = tr.dataset.district === undefined || dOn[tr.dataset.district] !== false;\n      tr.hidden = !(any && match && district);\n      if (!tr.hidden) { shown++; }\n    });\n    filterStatus.textContent = shown === lines.length ? "" : shown + " / " + lines.length + " 指标 indicators shown";\n  }\n  statusBoxes.concat(districtBoxes).forEach(function (b) { b.addEventListener("change", apply); });\n  filter.addEventListener("input", apply);\n  filter.addEventListener("change", apply);\n\n  // The card: every target of the cell, with its outcome, margin, rule, bodies and both sentences.\n  function facts(rows) {\n    var table = el("table", "card-facts");\n    rows.forEach(function (row) {\n      if (row[1] === null || row[1] === undefined || row[1] === "") { return; }\n      var tr = el("tr");\n      tr.appendChild(el("th", null, row[0]));\n      tr.appendChild(el("td", null, row[1]));\n      table.appendChild(tr);\n    });\n    return table;\n  }\n  function sentence(heading, s) {\n    var box = el("div", "sentence");\n    box.appendChild(el("h3", null, heading));\n    if (!s) {\n      box.appendChild(el("div", "none", "没有文件报告 No document reports one."));\n      return box;\n    }\n    box.appendChild(el("div", "card-doc", s.document + (s.identifier ? "（" + s.identifier + "）" : "")));\n    box.appendChild(el("div", "card-source", "来源 Source: " + s.source));\n    box.appendChild(el("blockquote", null, s.quote));\n    return box;\n  }\n  function showCard(index) {\n    var c = data.cells[index];\n    var card = el("div", "card");\n    card.appendChild(el("strong", "card-label", c.label));\n    card.appendChild(el("div", "card-kind", (c.district ? c.district + " · " : "") + "时期 Period " + c.period +\n      (c.rows.length > 1 ? " · " + c.rows.length + " targets" : "")));\n    c.rows.forEach(function (r) {\n      var s = info[r.status], entry = el("div", "entry");\n      var badge = el("span", "badge s-" + s.slug, s.symbol + " " + s.key + " " + s.zh);\n      entry.appendChild(badge);\n      entry.appendChild(facts([\n        ["目标 Target", r.target.value + (r.target.period !== c.period ? " (" + r.target.period + ")" : "")],\n        ["实际 Outcome", r.outcome ? r.outcome.value + (r.outcome.period !== c.period ? " (" + r.outcome.period + ")" : "") : "—"],\n        ["差额 Margin", r.margin || "—"],\n        ["规则 Rule", r.rule],\n        ["责任部门 Bodies", r.bodies.map(function (b) {\n          return b.label + (b.how === "accountable" ? "" : " (" + b.how + ")");\n        }).join("、") || "—"],\n      ]));\n      entry.appendChild(sentence("目标出处 Target stated in", r.target));\n      entry.appendChild(sentence("实际出处 Outcome reported in", r.outcome));\n      card.appendChild(entry);\n    });\n    while (detailsCard.firstChild) { detailsCard.removeChild(detailsCard.firstChild); }\n    detailsCard.appendChild(card);\n    details.hidden = false;\n    pane.hidden = false;\n    pane.scrollTop = 0;\n    buttons.forEach(function (b) {\n      var mine = Number(b.dataset.cell) === index;\n      b.classList.toggle("selected", mine);\n      if (mine) { b.setAttribute("aria-current", "true"); } else { b.removeAttribute("aria-current"); }\n    });\n    lines.forEach(function (tr) { tr.classList.toggle("current", !!tr.querySelector("button.cell.selected")); });\n  }\n  buttons.forEach(function (b) {\n    b.addEventListener("click", function () { showCard(Number(b.dataset.cell)); });\n  });\n  function closeCard() {\n    pane.hidden = true;\n    details.hidden = true;\n    var open = buttons.filter(function (b) { return b.classList.contains("selected"); })[0];\n    buttons.forEach(function (b) { b.classList.remove("selected"); b.removeAttribute("aria-current"); });\n    lines.forEach(function (tr) { tr.classList.remove("current"); });\n    if (open && !open.hidden) { open.focus(); }\n  }\n  document.getElementById("card-close").addEventListener("click", closeCard);\n\n  // Keys: the arrows move between the cells shown, Escape closes the card.\n  function shownButton(tr, col) {\n    if (!tr) { return null; }\n    var td = tr.children[col + 1], b = td && td.querySelector("button.cell");\n    return b && !b.hidden ? b : null;\n  }\n  document.getElementById("ledger").addEventListener("keydown", function (ev) {\n    var b = ev.target;\n    if (!b.classList || !b.classList.contains("cell")) { return; }\n    var td = b.parentNode, tr = td.parentNode, col = Array.prototype.indexOf.call(tr.children, td) - 1;\n    var next = null, i;\n    var shownLines = lines.filter(function (l) { return !l.hidden; }), at = shownLines.indexOf(tr);\n    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {\n      var step = ev.key === "ArrowRight" ? 1 : -1;\n      for (i = col + step; i >= 0 && i < tr.children.length - 1 && !next; i += step) { next = shownButton(tr, i); }\n    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {\n      var dir = ev.key === "ArrowDown" ? 1 : -1;\n      for (i = at + dir; i >= 0 && i < shownLines.length && !next; i += dir) { next = shownButton(shownLines[i], col); }\n    } else if (ev.key === "Escape" && !pane.hidden) {\n      closeCard();\n      ev.preventDefault();\n      return;\n    } else {\n      return;\n    }\n    ev.preventDefault();\n    if (next) { next.focus(); }\n  });\n  document.addEventListener("keydown", function (ev) {\n    if (ev.key === "Escape" && !pane.hidden && !(ev.target.classList && ev.target.classList.contains("cell"))) { closeCard(); }\n  });\n\n  apply();\n  document.body.dataset.ready = "1";\n}());\n</script>\n</body>\n</html>\n')
    return ''.join(out)


def p_notice(c):
    out = []
    w = out.append
    w('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>')
    w(escape(c.get('title', '')))
    w('</title>\n<style>\nhtml, body { margin: 0; height: 100%; }\nbody { font-family: ')
    w(escape(c.get('font_stack', '')))
    w('; color: #222; display: flex; flex-direction: column; }\nheader { position: relative; padding: 8px 16px; border-bottom: 1px solid #ddd; }\nheader h1 { margin: 0; font-size: 20px; }\nheader .subtitle { margin: 4px 0 0; color: #555; font-size: 14px; }\n#layout { flex: 1; display: flex; min-height: 0; }\n#panel { width: 290px; flex: none; padding: 12px 16px; border-right: 1px solid #ddd; overflow-y: auto; font-size: 14px; }\n#panel h2 { font-size: 15px; margin: 16px 0 8px; }\n#search { width: 100%; box-sizing: border-box; padding: 4px 6px; font: inherit; }\n#search-status { min-height: 1.2em; margin: 4px 0; color: #b00; }\n#panel ul { list-style: none; margin: 0; padding: 0; }\n#panel li { margin: 4px 0; }\n#panel label { display: flex; align-items: center; gap: 6px; cursor: pointer; }\n#panel .count { color: #777; margin-left: auto; }\n.swatch { flex: none; }\n#status { position: absolute; top: 10px; right: 16px; margin: 0; color: #555; font-size: 13px; }\n.card { font-size: 13px; line-height: 1.45; }\n.card-label { display: block; font-size: 15px; }\n.card-en, .card-kind, .card-source { color: #555; }\n.card-facts { border-collapse: collapse; margin: 6px 0; }\n.card-facts th { text-align: left; padding: 1px 8px 1px 0; vertical-align: top; white-space: nowrap; font-weight: 600; }\n.card-facts td { padding: 1px 0; overflow-wrap: anywhere; }\n.card blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #ccc; color: #333; white-space: pre-wrap; overflow-wrap: anywhere; }\n#details-card { max-height: 45vh; overflow-y: auto; }\n</style>\n</head>\n<body data-view="')
    w(escape(c.get('view', '')))
    w('">\n<header>\n<h1>')
    w(escape(c.get('title', '')))
    w('</h1>')
    if c.get('subtitle', ''):
        w('\n<p class="subtitle">')
        w(escape(c.get('subtitle', '')))
        w('</p>')
    w('\n<p id="status" aria-live="polite"></p>\n</header>\n<div id="layout">\n<main id="notice" style="padding: 16px 24px; font-size: 16px;">\n<p>')
    w(escape(c.get('message', '')))
    w('</p>\n</main>\n</div>\n<script>document.body.dataset.ready = "1";</script>\n</body>\n</html>\n')
    return ''.join(out)


PAGES = {
    'graph.html': p_graph,
    'targets.html': p_targets,
    'ledger.html': p_ledger,
    'notice.html': p_notice,
}
