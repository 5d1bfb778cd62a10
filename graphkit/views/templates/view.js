// graphkit network view. Every text from the data reaches the page through textContent or
// the canvas, never through innerHTML, so a name like "<img onerror=…>" stays a name.
(function () {
  "use strict";

  var timings = { start: performance.now() };
  var payload = JSON.parse(document.getElementById("graphkit-data").textContent);
  timings.parsed = performance.now();
  var DIM = "#e3e6ea";
  var DIM_FONT = "rgba(90, 98, 110, 0.25)";
  var FONT = "#1f2933";

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function edgeWidth(count) {
    return 1 + Math.min(7, 1.6 * Math.log2(1 + Math.max(0, count)));
  }

  // ---- data -------------------------------------------------------------------------------
  var meetings = payload.meetings;  // [[date "YYYY-MM-DD", title], ...]
  var nodeList = payload.nodes;
  var edgeList = payload.edges;
  var byId = new Map();
  var neighbours = new Map();
  var edgesOf = new Map();
  nodeList.forEach(function (n) {
    n.baseColor = n.color;
    n.hidden = false;
    n.dim = false;
    n.searchKey = fold(n.name) + "\u0000" + fold(n.acronym);
    byId.set(n.id, n);
    neighbours.set(n.id, new Set());
    edgesOf.set(n.id, []);
  });
  edgeList.forEach(function (e) {
    e.hidden = false;
    e.shownWidth = e.m && e.m.length ? e.m.length : e.w;
    e.drawWidth = Math.round(edgeWidth(e.shownWidth) * 2) / 2;
    neighbours.get(e.from).add(e.to);
    neighbours.get(e.to).add(e.from);
    edgesOf.get(e.from).push(e);
    edgesOf.get(e.to).push(e);
  });

  var state = {
    kinds: new Set(payload.kinds.map(function (k) { return k.key; })),
    minMeetings: 0,
    from: payload.dateRange ? payload.dateRange[0] : null,
    to: payload.dateRange ? payload.dateRange[1] : null,
    query: "",
    selected: null,
    visibleNodes: nodeList.length,
    visibleEdges: edgeList.length,
    matches: 0
  };

  function inRange(index) {
    var date = meetings[index][0];
    return (!state.from || date >= state.from) && (!state.to || date <= state.to);
  }

  function edgeCount(e) {
    // Meetings behind the edge inside the date range, or the edge's own count when the view
    // has no meeting list for it.
    if (e.m && e.m.length) {
      var count = 0;
      for (var i = 0; i < e.m.length; i++) { if (inRange(e.m[i])) { count++; } }
      return count;
    }
    return e.w;
  }

  function nodeInRange(n) {
    if (!n.m || !n.m.length) { return true; }
    for (var i = 0; i < n.m.length; i++) { if (inRange(n.m[i])) { return true; } }
    return false;
  }

  // ---- vis network --------------------------------------------------------------------------
  // vis-network draws the nodes (labels, hover, click, drag, zoom). The links are drawn by
  // this script on vis's canvas, one path per width and emphasis: vis builds an object per
  // edge and strokes each one apart, which at 25,000 links costs seconds to open and every
  // redraw, while a handful of paths cost milliseconds.
  // Large views label only their biggest nodes at first and the rest as they come into view
  // when zoomed in: vis measures every label it holds before it draws, which for thousands of
  // nodes costs more than drawing them.
  var LABELLED_AT_START = 150;
  var labelled = new Set();
  if (payload.large) {
    nodeList.slice().sort(function (a, b) { return b.value - a.value; }).slice(0, LABELLED_AT_START)
      .forEach(function (n) { labelled.add(n.id); });
  } else {
    nodeList.forEach(function (n) { labelled.add(n.id); });
  }
  var nodes = new vis.DataSet(nodeList.map(function (n) {
    var item = { id: n.id, x: n.x, y: n.y, value: n.value, color: n.color };
    if (labelled.has(n.id)) { item.label = n.label; }
    return item;
  }));
  var edges = new vis.DataSet([]);
  timings.datasets = performance.now();
  var container = $("graphkit-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
  timings.network = performance.now();
  var body = network.body;
  var dragging = false;
  network.on("dragStart", function () { dragging = true; });
  network.on("dragEnd", function () { dragging = false; network.redraw(); });

  function edgeState(e) {
    // 2: highlighted, 1: normal, 0: faded.
    if (state.selected !== null) { return e.from === state.selected || e.to === state.selected ? 2 : 0; }
    if (state.query) { return byId.get(e.from).dim || byId.get(e.to).dim ? 0 : 1; }
    return 1;
  }

  var EDGE_STYLES = [
    "rgba(154, 165, 177, 0.12)",
    "rgba(154, 165, 177, 0.55)",
    "rgba(62, 76, 89, 0.9)"
  ];

  network.on("beforeDrawing", function (ctx) {
    if (dragging && payload.large) { return; }
    var paths = {};
    var arrows = payload.directed ? [] : null;
    for (var i = 0; i < edgeList.length; i++) {
      var e = edgeList[i];
      if (e.hidden) { continue; }
      var a = body.nodes[e.from], b = body.nodes[e.to];
      if (!a || !b) { continue; }
      var level = edgeState(e);
      var key = level + ":" + e.drawWidth;
      var path = paths[key] || (paths[key] = { level: level, width: e.drawWidth, points: [] });
      path.points.push(a.x, a.y, b.x, b.y);
      if (arrows && level > 0) { arrows.push(e, a, b); }
    }
    var keys = Object.keys(paths).sort(function (x, y) {
      return paths[x].level - paths[y].level || paths[x].width - paths[y].width;
    });
    ctx.save();
    ctx.lineCap = "round";
    keys.forEach(function (key) {
      var path = paths[key];
      ctx.beginPath();
      for (var j = 0; j < path.points.length; j += 4) {
        ctx.moveTo(path.points[j], path.points[j + 1]);
        ctx.lineTo(path.points[j + 2], path.points[j + 3]);
      }
      ctx.strokeStyle = EDGE_STYLES[path.level];
      ctx.lineWidth = path.width;
      ctx.stroke();
    });
    if (arrows) {
      ctx.fillStyle = EDGE_STYLES[2];
      for (var k = 0; k < arrows.length; k += 3) { drawArrow(ctx, arrows[k], arrows[k + 1], arrows[k + 2]); }
    }
    ctx.restore();
  });

  function drawArrow(ctx, e, a, b) {
    var dx = b.x - a.x, dy = b.y - a.y;
    var length = Math.sqrt(dx * dx + dy * dy);
    if (length < 1) { return; }
    var radius = (b.shape && b.shape.radius) || b.options.size || 10;
    var ux = dx / length, uy = dy / length;
    var tipX = b.x - ux * radius, tipY = b.y - uy * radius;
    var size = 5 + e.drawWidth * 1.5;
    ctx.beginPath();
    ctx.moveTo(tipX, tipY);
    ctx.lineTo(tipX - ux * size - uy * size * 0.5, tipY - uy * size + ux * size * 0.5);
    ctx.lineTo(tipX - ux * size + uy * size * 0.5, tipY - uy * size - ux * size * 0.5);
    ctx.closePath();
    ctx.fill();
  }

  // Node changes go straight to vis's node objects, then one refresh: DataSet.update parses
  // every changed node's options again (about 1.5 s for 5,000 nodes).
  var fast = Boolean(body && body.nodes && body.emitter);
  var original = new Map();
  var DIM_COLOR = {
    background: DIM, border: "#d3d8de",
    highlight: { background: DIM, border: "#9aa5b1" }, hover: { background: DIM, border: "#9aa5b1" }
  };
  function changeNodes(changes, visibility) {
    if (!changes.length) { return; }
    if (!fast) {
      nodes.update(changes.map(function (c) {
        var update = { id: c.id };
        if (c.hidden !== undefined) { update.hidden = c.hidden; }
        if (c.color !== undefined) { update.color = c.color; update.font = { color: c.font }; }
        return update;
      }));
      return;
    }
    changes.forEach(function (c) {
      var node = body.nodes[c.id];
      if (c.hidden !== undefined) { node.options.hidden = c.hidden; }
      if (c.color !== undefined) {
        var saved = original.get(c.id);
        if (!saved) {
          saved = { color: node.options.color, font: node.labelModule && node.labelModule.fontOptions };
          original.set(c.id, saved);
        }
        var dim = c.color === DIM;
        node.options.color = dim ? DIM_COLOR : saved.color;
        if (saved.font) {
          node.labelModule.fontOptions = dim ? Object.assign({}, saved.font, { color: DIM_FONT }) : saved.font;
        }
      }
    });
    if (visibility) { body.emitter.emit("_dataChanged"); } else { network.redraw(); }
  }

  var LABEL_SCALE = 0.3;  // below this zoom the labels are too small to draw anyway
  var labelTimer = null;
  function labelInView() {
    if (labelled.size === nodeList.length || network.getScale() < LABEL_SCALE) { return; }
    var box = container.getBoundingClientRect();
    var low = network.DOMtoCanvas({ x: 0, y: 0 });
    var high = network.DOMtoCanvas({ x: box.width, y: box.height });
    var add = [];
    nodeList.forEach(function (n) {
      if (labelled.has(n.id)) { return; }
      var node = body.nodes[n.id];
      if (node.x >= low.x && node.x <= high.x && node.y >= low.y && node.y <= high.y) {
        labelled.add(n.id);
        add.push(n);
      }
    });
    if (!add.length) { return; }
    nodes.update(add.map(function (n) { return { id: n.id, label: n.label }; }));
    // A faded node keeps a faded label: remember its new label's font, then fade that.
    add.forEach(function (n) {
      var saved = original.get(n.id);
      var node = body.nodes[n.id];
      if (saved && node.labelModule) {
        saved.font = node.labelModule.fontOptions;
        if (n.dim) { node.labelModule.fontOptions = Object.assign({}, saved.font, { color: DIM_FONT }); }
      }
    });
    network.redraw();
  }
  function labelSoon() {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(labelInView, 120);
  }
  network.on("zoom", labelSoon);
  network.on("dragEnd", labelSoon);
  network.on("animationFinished", labelSoon);

  // ---- visibility: kind filter, minimum meetings, date range -----------------------------
  function applyFilters() {
    var hasEdge = new Set();
    var visibleEdges = 0;
    edgeList.forEach(function (e) {
      var a = byId.get(e.from), b = byId.get(e.to);
      var count = edgeCount(e);
      var show = state.kinds.has(a.kind) && state.kinds.has(b.kind) && count > 0 &&
        count >= state.minMeetings;
      if (show) { hasEdge.add(e.from); hasEdge.add(e.to); visibleEdges++; }
      e.hidden = !show;
      e.shownWidth = count;
      e.drawWidth = Math.round(edgeWidth(count) * 2) / 2;
    });
    var changes = [];
    var visibleNodes = 0;
    nodeList.forEach(function (n) {
      var isolated = edgesOf.get(n.id).length === 0;
      var show = state.kinds.has(n.kind) && nodeInRange(n) && (isolated ? state.minMeetings <= 0 : hasEdge.has(n.id));
      if (n.id === payload.focus && state.kinds.has(n.kind)) { show = true; }
      if (show) { visibleNodes++; }
      if (n.hidden !== !show) {
        n.hidden = !show;
        changes.push({ id: n.id, hidden: !show });
      }
    });
    state.visibleNodes = visibleNodes;
    state.visibleEdges = visibleEdges;
    if (changes.length) { changeNodes(changes, true); } else { network.redraw(); }
    if (state.selected !== null && byId.get(state.selected).hidden) { select(null); }
    showStatus();
  }

  // ---- emphasis: search matches or the selected node's neighbourhood ---------------------
  function applyEmphasis() {
    var keep = null;
    if (state.selected !== null) {
      keep = new Set(neighbours.get(state.selected));
      keep.add(state.selected);
    } else if (state.query) {
      keep = new Set();
      nodeList.forEach(function (n) { if (n.searchKey.indexOf(state.query) !== -1) { keep.add(n.id); } });
    }
    state.matches = keep ? keep.size : 0;
    var changes = [];
    nodeList.forEach(function (n) {
      var dim = keep !== null && !keep.has(n.id);
      if (n.dim !== dim) {
        n.dim = dim;
        changes.push({ id: n.id, color: dim ? DIM : n.baseColor, font: dim ? DIM_FONT : FONT });
      }
    });
    if (changes.length) { changeNodes(changes, false); } else { network.redraw(); }
    showStatus();
  }

  // ---- status line ---------------------------------------------------------------------------
  function showStatus() {
    var parts = ["Showing " + state.visibleNodes.toLocaleString("en") + " of " +
      nodeList.length.toLocaleString("en") + " nodes and " + state.visibleEdges.toLocaleString("en") + " links"];
    if (state.query && state.selected === null) {
      parts.push(state.matches + (state.matches === 1 ? " match" : " matches") + " for the search");
    }
    $("graphkit-status").textContent = parts.join(" · ");
    container.setAttribute("data-visible-nodes", String(state.visibleNodes));
    container.setAttribute("data-visible-edges", String(state.visibleEdges));
    container.setAttribute("data-matches", String(state.matches));
  }

  // ---- side panel ----------------------------------------------------------------------------
  function addField(list, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    list.appendChild(el("dt", null, label));
    list.appendChild(el("dd", null, value));
  }

  function formatScore(value) {
    if (typeof value !== "number") { return value; }
    return Math.abs(value) >= 1000 || value === Math.round(value) ? value.toLocaleString("en") : value.toPrecision(3);
  }

  function describe(n, target, meetingLimit) {
    target.appendChild(el("h2", "gk-name", n.name));
    var fields = el("dl", "gk-fields");
    addField(fields, "Kind", n.kindLabel);
    addField(fields, "Acronym", n.acronym);
    addField(fields, "Category", n.category);
    addField(fields, "Country", n.country);
    addField(fields, "Group", n.group);
    if (payload.communities) { addField(fields, "Community", n.community); }
    if (payload.measure && n.score !== null && n.score !== undefined) {
      addField(fields, payload.measure, formatScore(n.score));
    }
    addField(fields, "Rank", n.rank);
    addField(fields, "Links", neighbours.get(n.id).size);
    addField(fields, "Id", n.key);
    target.appendChild(fields);
    var shown = (n.m || []).filter(inRange);
    if (shown.length) {
      target.appendChild(el("h3", null, "Latest meetings" + (shown.length > meetingLimit ? " (" + meetingLimit + " of " + shown.length + ")" : "")));
      var list = el("ul", "gk-meetings");
      shown.slice(0, meetingLimit).forEach(function (index) {
        var item = el("li");
        item.appendChild(el("span", "gk-date", meetings[index][0]));
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("span", null, meetings[index][1] || "(no title)"));
        list.appendChild(item);
      });
      target.appendChild(list);
    }
  }

  function showPanel(id) {
    var panel = $("graphkit-details");
    panel.replaceChildren();
    if (id === null) {
      panel.appendChild(el("p", "gk-hint", "Click a node to see who it met."));
      return;
    }
    var n = byId.get(id);
    describe(n, panel, 12);
    var links = edgesOf.get(id).filter(function (e) { return !e.hidden; }).map(function (e) {
      return { other: byId.get(e.from === id ? e.to : e.from), count: edgeCount(e) };
    }).sort(function (a, b) { return b.count - a.count || a.other.name.localeCompare(b.other.name); });
    if (links.length) {
      panel.appendChild(el("h3", null, "Connections (" + links.length + ")"));
      var list = el("ul", "gk-links");
      links.slice(0, 40).forEach(function (link) {
        var item = el("li");
        var button = el("button", "gk-link", link.other.name);
        button.type = "button";
        button.addEventListener("click", function () { select(link.other.id, true); });
        item.appendChild(button);
        item.appendChild(el("span", "gk-count", link.count + (link.count === 1 ? " meeting" : " meetings")));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
  }

  function select(id, move) {
    state.selected = id;
    if (id === null) { network.unselectAll(); } else {
      network.selectNodes([id]);
      if (move) {
        network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false });
        labelSoon();
      }
    }
    showPanel(id);
    applyEmphasis();
  }

  network.on("click", function (params) {
    select(params.nodes.length ? params.nodes[0] : null, false);
  });

  // ---- tooltip ---------------------------------------------------------------------------------
  var tooltip = $("graphkit-tooltip");
  network.on("hoverNode", function (params) {
    tooltip.replaceChildren();
    describe(byId.get(params.node), tooltip, 5);
    var box = container.getBoundingClientRect();
    var x = Math.min(params.pointer.DOM.x + 16, box.width - 340);
    tooltip.style.left = Math.max(8, x) + "px";
    tooltip.style.top = Math.max(8, params.pointer.DOM.y + 16) + "px";
    tooltip.hidden = false;
  });
  network.on("blurNode", function () { tooltip.hidden = true; });
  network.on("dragStart", function () { tooltip.hidden = true; });
  network.on("zoom", function () { tooltip.hidden = true; });

  // ---- controls -------------------------------------------------------------------------------
  var search = $("graphkit-search");
  var results = $("graphkit-results");
  var searchTimer = null;
  function runSearch() {
    state.query = fold(search.value.trim());
    results.replaceChildren();
    if (state.selected !== null) { select(null); } else { applyEmphasis(); }
    if (!state.query) { return; }
    var found = nodeList.filter(function (n) { return !n.hidden && n.searchKey.indexOf(state.query) !== -1; })
      .sort(function (a, b) { return b.value - a.value; });
    found.slice(0, 12).forEach(function (n) {
      var button = el("button", "gk-result", n.name);
      button.type = "button";
      if (n.acronym && n.acronym !== n.name) { button.appendChild(el("span", "gk-acronym", n.acronym)); }
      button.addEventListener("click", function () { select(n.id, true); });
      results.appendChild(el("li")).appendChild(button);
    });
  }
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, nodeList.length > 2000 ? 150 : 60);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(searchTimer);
      runSearch();
      var first = results.querySelector("button");
      if (first) { first.click(); }
    }
  });

  var kindBox = $("graphkit-kinds");
  payload.kinds.forEach(function (kind) {
    var label = el("label", "gk-kind");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = kind.key;
    box.addEventListener("change", function () {
      if (box.checked) { state.kinds.add(kind.key); } else { state.kinds.delete(kind.key); }
      applyFilters();
    });
    label.appendChild(box);
    var swatch = el("span", "gk-swatch");
    if (payload.colourBy === "kind") { swatch.style.background = kind.color; } else { swatch.className += " gk-swatch-none"; }
    label.appendChild(swatch);
    label.appendChild(el("span", null, kind.label));
    label.appendChild(el("span", "gk-count", kind.count));
    kindBox.appendChild(label);
  });

  var legend = $("graphkit-legend");
  if (payload.colourBy !== "kind") {
    legend.appendChild(el("h3", null, payload.legendTitle));
    payload.legend.forEach(function (entry) {
      var row = el("div", "gk-legend-row");
      var swatch = el("span", "gk-swatch");
      swatch.style.background = entry.color;
      row.appendChild(swatch);
      row.appendChild(el("span", null, entry.label));
      row.appendChild(el("span", "gk-count", entry.count));
      legend.appendChild(row);
    });
  }

  var minInput = $("graphkit-min-meetings");
  minInput.max = String(Math.max(1, payload.maxMeetings));
  minInput.addEventListener("input", function () {
    state.minMeetings = Math.max(0, parseInt(minInput.value, 10) || 0);
    $("graphkit-min-value").textContent = String(state.minMeetings);
    applyFilters();
  });

  var fromInput = $("graphkit-from");
  var toInput = $("graphkit-to");
  if (payload.dateRange) {
    [fromInput, toInput].forEach(function (input) {
      input.min = payload.dateRange[0];
      input.max = payload.dateRange[1];
    });
    fromInput.value = payload.dateRange[0];
    toInput.value = payload.dateRange[1];
    var onDate = function () {
      state.from = fromInput.value || null;
      state.to = toInput.value || null;
      applyFilters();
      if (state.selected !== null) { showPanel(state.selected); }
    };
    fromInput.addEventListener("change", onDate);
    toInput.addEventListener("change", onDate);
  } else {
    $("graphkit-dates").hidden = true;
  }

  $("graphkit-fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // ---- start ------------------------------------------------------------------------------------
  applyFilters();
  showPanel(null);
  window.graphkitView = {
    network: network, nodes: nodes, links: edgeList, state: state, select: select, ready: false, timings: timings,
    labelled: labelled
  };
  network.once("afterDrawing", function () {
    timings.drawn = performance.now();
    window.graphkitView.ready = true;
    container.setAttribute("data-ready", "true");
  });
  if (payload.focus !== null && payload.focus !== undefined) { select(payload.focus, false); }
})();
