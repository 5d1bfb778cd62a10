// graphkit network view, drawn by sigma.js (WebGL) over a graphology graph.
// Every text from the data reaches the page through textContent, an SVG text node or the
// canvas, never through innerHTML, so a name like "<img onerror=…>" stays a name.
// The page's state (search, filters, dates, selection, camera) lives in one object; sigma's
// reducers read it, so a change redraws without rebuilding the graph, and the URL hash carries it.
(function () {
  "use strict";

  var timings = { start: performance.now() };
  var counts = { matchings: 0 };  // how often the page did costly work (the browser tests read it)
  var R = window.graphkitRenderer;
  var payload = JSON.parse(document.getElementById("graphkit-data").textContent);
  timings.parsed = performance.now();
  var DIM_NODE = "#dfe3e8";
  // Solid colours: sigma reads hex colours exactly, and links drawn opaque stay legible in a PNG.
  var DIM_EDGE = "#eef0f3";
  var EDGE = "#c5ccd4";
  var EDGE_STRONG = "#3e4c59";
  var EDGE_HOVER = "#d9480f";
  var RING = "#1f2933";
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
  var LABEL_SIZE = 13;
  var FORCED_LABELS = 40;  // search matches labelled at most; the rest are highlighted only
  // Up to this many visible nodes, every node is offered a label (the no-overlap rule decides
  // which fit); past it, the best of each grid cell only, so a frame stays cheap.
  var EVERY_LABEL_NODES = 1000;
  // Up to this many links, sigma draws them (WebGL rectangles as thick as their meetings) and
  // picks them under the mouse. Past it, the page draws them itself as 1-pixel lines on a 2D
  // canvas under the nodes, and only when the camera, the canvas or the filters changed; their
  // meetings are one click away in the node panel. Measured in headless Chromium, whose WebGL is
  // SwiftShader (software): 25,000 links cost 1.25 s a frame as sigma's instanced rectangles
  // with picking, 0.09-0.2 s as WebGL lines, and Skia's 2D hairlines are about 4 times cheaper
  // per pixel than SwiftShader's lines. Without links in sigma's graph, sigma neither indexes
  // nor processes them on each change either.
  var RICH_LINKS = 2000;
  // Past this many nodes, nodes are drawn as WebGL points (one vertex each) rather than sigma's
  // instanced triangles: SwiftShader draws instanced geometry about 8 times slower (50,000
  // nodes: 1.1 s against 0.15 s a pass, and sigma draws nodes twice, once for picking).
  var POINT_NODES = 2000;
  // Past LAYER_NODES, a selection or a search that keeps at most LAYER_EMPHASIS nodes (and an
  // eighth of them) in colour is drawn on a layer of its own: sigma's node canvas is faded (CSS,
  // the compositor does it) and the emphasised nodes are drawn over it on a 2D canvas, so sigma
  // neither reduces nor indexes its 50,000 nodes again for it (a full refresh costs about 0.1 s
  // there); only the nodes whose forced label changed are updated in place. A larger emphasis,
  // or a smaller graph, where the layer's discs would cost more than sigma's refresh, fades the
  // nodes in sigma itself.
  var LAYER_NODES = 10000;
  var LAYER_EMPHASIS = 5000;
  var FADED_NODES = { opacity: "0.22", filter: "grayscale(1)" };

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

  function plural(count, word) { return count.toLocaleString("en") + " " + word + (count === 1 ? "" : "s"); }

  // ---- data -------------------------------------------------------------------------------
  var meetings = payload.meetings;  // [[date "YYYY-MM-DD", title, source], ...] newest first
  var nodeList = payload.nodes;
  var edgeList = payload.edges;
  var byKey = new Map();
  var nodeKeys = nodeList.map(function (n, i) { return String(i); });  // sigma's keys
  var maxDegree = 0;
  nodeList.forEach(function (n) {
    n.searchKey = fold(n.name) + "\u0000" + fold(n.acronym);
    n.edges = [];
    byKey.set(n.key, n.id);
  });
  edgeList.forEach(function (e, i) {
    e.id = i;
    nodeList[e.from].edges.push(i);
    if (e.to !== e.from) { nodeList[e.to].edges.push(i); }
  });
  nodeList.forEach(function (n) { maxDegree = Math.max(maxDegree, n.edges.length); });
  // What the filters count, in typed arrays read in tight loops: each meeting's day (YYYYMMDD),
  // the nodes' and links' meeting lists end to end (CSR: the list of node i is
  // nodeMeet[nodeMeetStart[i]] up to nodeMeetStart[i + 1]), each link's ends and plain count.
  function dayNumber(text) { return text ? +text.slice(0, 4) * 10000 + +text.slice(5, 7) * 100 + +text.slice(8, 10) : 0; }
  var meetingDay = new Int32Array(meetings.length);
  meetings.forEach(function (row, m) { meetingDay[m] = dayNumber(row[0]); });
  function packed(items) {
    var start = new Uint32Array(items.length + 1), total = 0;
    items.forEach(function (item, i) { start[i] = total; total += item.m ? item.m.length : 0; });
    start[items.length] = total;
    var flat = new Uint32Array(total);
    items.forEach(function (item, i) { if (item.m) { flat.set(item.m, start[i]); } });
    return { start: start, flat: flat };
  }
  var nodeMeet = packed(nodeList), edgeMeet = packed(edgeList);
  var edgeFrom = new Int32Array(edgeList.length), edgeTo = new Int32Array(edgeList.length);
  var edgeWeight = new Float64Array(edgeList.length);
  edgeList.forEach(function (e, i) { edgeFrom[i] = e.from; edgeTo[i] = e.to; edgeWeight[i] = e.w; });
  var legendKeys = new Set(payload.legend.filter(function (c) { return c.key !== null; }).map(function (c) { return c.key; }));
  // Components too small to tell a story (graphkit.views.html.APART_NODES) share one entry.
  var APART = "__apart__";
  function communityGroup(n) { return n.apart ? APART : legendKeys.has(n.community) ? n.community : "__other__"; }
  // The legend entries hidden when the page opens (the small groups apart), unless the URL says.
  var hiddenAtFirst = payload.legend.filter(function (c) { return c.hidden; }).map(function (c) { return c.key === null ? "__other__" : c.key; });

  var state = {
    hiddenKinds: new Set(),
    hiddenCommunities: new Set(hiddenAtFirst),
    minMeetings: 0,
    minDegree: 0,
    from: payload.dateRange ? payload.dateRange[0] : null,
    to: payload.dateRange ? payload.dateRange[1] : null,
    query: "",
    selected: null,
    hoveredEdge: null,
    visibleNodes: nodeList.length,
    visibleEdges: edgeList.length,
    matches: 0
  };
  // What the reducers read: one entry per node or edge, recomputed by applyFilters/applyEmphasis.
  var nodeHidden = new Uint8Array(nodeList.length);
  var edgeHidden = new Uint8Array(edgeList.length);
  var edgeCount = new Float64Array(edgeList.length);
  var nodeSize = new Float64Array(nodeList.length);
  var emphasis = null;  // Set of node ids kept in colour, or null
  var forced = new Set();  // node ids always labelled and ringed
  var emphasisInLayer = false;  // the emphasis is drawn on the emphasis layer, not by the reducer
  var sigmaDimmed = false;  // sigma's node data holds the reducer's faded colours
  var sigmaForced = new Set();  // the nodes sigma's node data labels by force
  var meetingInRange = new Uint8Array(meetings.length);

  function baseSize(value) { return 2 + 13 * value; }

  // ---- the renderer -----------------------------------------------------------------------
  var container = $("graphkit-network");
  var graph = new R.Graph({ type: payload.directed ? "directed" : "undirected", allowSelfLoops: true });
  nodeList.forEach(function (n, i) {
    nodeSize[i] = baseSize(n.value || 0);
    graph.addNode(String(i), { x: n.x, y: -n.y, size: nodeSize[i], color: n.color, label: n.label });
  });
  var richLinks = edgeList.length <= RICH_LINKS;
  if (richLinks) {
    edgeList.forEach(function (e, i) {
      if (!graph.hasEdge(String(e.from), String(e.to))) {
        graph.addEdgeWithKey(String(i), String(e.from), String(e.to), { size: 1 });
      }
    });
  }
  timings.graph = performance.now();

  // Labels: sigma's grid offers the first node of each screen cell in label order (labelRank),
  // or every node up to EVERY_LABEL_NODES, sorted here across the screen; drawLabel keeps only
  // those whose box is free, so no two labels overlap. The selected node and the first search
  // matches are placed first.
  var placed = [];
  var reserved = new Set();
  function overlaps(box) {
    for (var i = 0; i < placed.length; i++) {
      var other = placed[i];
      if (box.x1 < other.x2 && box.x2 > other.x1 && box.y1 < other.y2 && box.y2 > other.y1) { return true; }
    }
    return false;
  }
  var measure = document.createElement("canvas").getContext("2d");
  // A label's box on one side of its node: right (where it is read first), left, above, below.
  var LABEL_SIDES = ["right", "left", "above", "below"];
  var labelWidths = new Map();  // measured once: a frame tries up to four sides of each label
  function labelBox(label, x, y, size, side) {
    var width = labelWidths.get(label);
    if (width === undefined) {
      measure.font = "500 " + LABEL_SIZE + "px " + FONT;
      width = measure.measureText(label).width;
      labelWidths.set(label, width);
    }
    var left = x + size + 3, base = y + LABEL_SIZE / 3;
    if (side === "left") { left = x - size - 3 - width; }
    else if (side === "above") { left = x - width / 2; base = y - size - 3 - LABEL_SIZE * 0.12; }
    else if (side === "below") { left = x - width / 2; base = y + size + 3 + LABEL_SIZE * 1.13; }
    return { x1: left - 2, y1: base - LABEL_SIZE * 1.13, x2: left + width + 2, y2: base + LABEL_SIZE * 0.12, left: left, base: base };
  }
  // The first side whose box overlaps no label placed before it and lies inside the canvas, else
  // the free side that shows most of the label, else null: a crowded node is named on its free
  // side rather than not at all.
  function freeLabelBox(label, x, y, size) {
    var width = container.clientWidth, height = container.clientHeight, best = null, shown = -1;
    for (var s = 0; s < LABEL_SIDES.length; s++) {
      var box = labelBox(label, x, y, size, LABEL_SIDES[s]);
      if (overlaps(box)) { continue; }
      var inside = (Math.min(box.x2, width) - Math.max(box.x1, 0)) * (Math.min(box.y2, height) - Math.max(box.y1, 0));
      var share = Math.max(0, inside) / ((box.x2 - box.x1) * (box.y2 - box.y1));
      if (share >= 1) { return box; }
      if (share > shown) { best = box; shown = share; }
    }
    return best;
  }
  function drawLabel(context, data) {
    if (!data.label) { return; }
    var box;
    if (reserved.has(data.key)) {
      box = placed.find(function (b) { return b.key === data.key; });
    } else {
      box = freeLabelBox(data.label, data.x, data.y, data.size);
      if (box === null) { return; }
      box.key = data.key;
      box.label = data.label;
      placed.push(box);
    }
    if (!box) { return; }
    context.font = "500 " + LABEL_SIZE + "px " + FONT;
    context.lineJoin = "round";
    context.lineWidth = 3;
    context.strokeStyle = "rgba(255, 255, 255, 0.92)";
    context.strokeText(data.label, box.left, box.base);
    context.fillStyle = "#1f2933";
    context.fillText(data.label, box.left, box.base);
  }
  function drawHover(context, data) {
    context.beginPath();
    context.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
    context.lineWidth = 2;
    context.strokeStyle = RING;
    context.stroke();
  }

  // The constructor would index and draw the graph before the filters, the URL state and the
  // camera are known; the page does it once, at the start, below.
  var sigmaRefresh = R.Sigma.prototype.refresh;
  R.Sigma.prototype.refresh = function () { return this; };
  var renderer;
  try {
    renderer = new R.Sigma(graph, container, {
    renderEdgeLabels: false,
    enableEdgeEvents: richLinks,
    nodeProgramClasses: nodeList.length > POINT_NODES ? { circle: R.NodePointProgram } : {},
    // Past 50,000 links a software-drawn frame of every link is too slow to follow the mouse.
    hideEdgesOnMove: edgeList.length > 50000,
    defaultEdgeType: payload.directed ? "arrow" : "line",
    labelFont: FONT,
    labelSize: LABEL_SIZE,
    labelWeight: "500",
    labelDensity: 0.9,
    labelGridCellSize: 110,
    labelRenderedSizeThreshold: 0,  // a small node is named too when its label fits
    defaultDrawNodeLabel: drawLabel,
    defaultDrawNodeHover: drawHover,
    zIndex: true,
    minCameraRatio: 0.01,
    maxCameraRatio: 4,
    nodeReducer: nodeReducer,
    edgeReducer: edgeReducer
  });
  } finally {
    R.Sigma.prototype.refresh = sigmaRefresh;
  }
  timings.renderer = performance.now();

  // The order labels are offered in (payload `p`, graphkit.views.labels.label_priority): the most
  // central of each kind taking turns, so organisations are named beside MEPs; a view's focus and
  // its strongest ties first.
  var labelRank = new Float64Array(nodeList.length);
  nodeList.forEach(function (n, i) { labelRank[i] = typeof n.p === "number" ? n.p : i; });
  var labelOrder = new Uint32Array(nodeList.length);
  nodeList.forEach(function (n, i) { labelOrder[i] = i; });
  labelOrder.sort(function (a, b) { return labelRank[a] - labelRank[b] || a - b; });
  function byImportance(a, b) { return labelRank[+a.key] - labelRank[+b.key] || +a.key - +b.key; }
  (function labelsByImportance() {
    var grid = Object.getPrototypeOf(renderer.labelGrid);
    grid.getLabelsToDisplay = function (ratio, density) {
      var perCell = state.visibleNodes <= EVERY_LABEL_NODES ? Infinity : Math.ceil(density / ratio / ratio);
      var picked = [];
      // An emphasis on the layer: only its nodes are labelled (the reducer would have taken the
      // labels of the others away), the first of them in each cell.
      var only = emphasisInLayer ? emphasis : null;
      for (var k in this.cells) {
        var cell = this.cells[k];
        for (var i = 0, taken = 0; i < cell.length && taken < perCell; i++) {
          if (only !== null && !only.has(+cell[i].key)) { continue; }
          picked.push(cell[i]);
          taken++;
        }
      }
      picked.sort(byImportance);
      return picked.map(function (c) { return c.key; });
    };
    // Each cell's candidates in label order, equal ones by node number (here and in the grid the
    // page rebuilds itself after a filter, rebuildLabelGrid).
    grid.organize = function () {
      for (var k in this.cells) { this.cells[k].sort(byImportance); }
    };
  })();

  // Reducers get a copy of the node's or edge's attributes: they change it and give it back.
  function nodeReducer(key, data) {
    var i = +key;
    if (nodeHidden[i]) { data.hidden = true; return data; }
    data.size = nodeSize[i];
    data.zIndex = 1;
    if (forced.has(i)) { data.forceLabel = true; }
    // On the emphasis layer, sigma keeps every colour and order: the layer draws the emphasis.
    if (emphasis === null || emphasisInLayer) { return data; }
    if (!emphasis.has(i)) {
      data.color = DIM_NODE;
      data.label = null;
      data.zIndex = 0;
    } else {
      data.zIndex = 2;
    }
    if (forced.has(i)) { data.zIndex = 3; }
    return data;
  }

  function edgeReducer(key, data) {
    var i = +key;
    if (edgeHidden[i]) { data.hidden = true; return data; }
    data.color = EDGE;
    data.zIndex = 1;
    // Lines: one pixel, one colour; the selection and search are drawn over them (emphasisLinks).
    if (!richLinks) { return data; }
    var e = edgeList[i];
    var size = Math.min(6, 1 + Math.log2(1 + edgeCount[i]));
    data.size = size;
    if (i === state.hoveredEdge) {
      data.size = size + 2; data.color = EDGE_HOVER; data.zIndex = 3;
    } else if (state.selected !== null) {
      var near = e.from === state.selected || e.to === state.selected;
      data.color = near ? EDGE_STRONG : DIM_EDGE;
      data.zIndex = near ? 2 : 0;
    } else if (emphasis !== null && !(emphasis.has(e.from) && emphasis.has(e.to))) {
      data.color = DIM_EDGE;
      data.zIndex = 0;
    }
    return data;
  }

  // Past RICH_LINKS: the link layer, a 2D canvas right above sigma's (empty) WebGL link canvas.
  // It is drawn again only when what it shows changed (camera, size, filters: linkVersion; the
  // search's matches, drawn in it in full colour over the other links, faded). A selection fades
  // it with CSS and draws the node's links over it, on sigma's otherwise unused 2D canvas for
  // link labels, which lies between links and nodes.
  // Drawing is progressive, as map renderers do: Skia's cost is the lines' length on screen, and
  // zoomed in (a search zooms onto its top match) the links are several times longer. When the
  // links on screen are longer than SHARP_LENGTH pixels in all, the frame that answers a change
  // draws them at 1/COARSE to 1/MAX_COARSE of the resolution (the same links, softer; a camera
  // change alone shows the last sharp drawing, moved and scaled), and the sharp lines follow
  // SHARP_DELAY ms after that frame, once nothing moves (a new change in between starts over).
  var COARSE = 3;
  var MAX_COARSE = 8;
  var SHARP_LENGTH = 2.5e6;
  var SHARP_DELAY = 120;
  var linkVersion = 0;
  var searchVersion = 0;  // the search's matches, which the layer draws in colour
  var drawnLinks = null;
  var linkCanvas = null;
  var linksTimer = null;
  var sharpTimer = null;
  var linksStarted = false;  // the first frame is drawn sharp: nothing is on screen before it
  var linkLayer = { drawn: 0, sharp: true, length: 0 };  // the last drawing (the browser tests read it)
  var segments = new Float32Array(edgeList.length * 4);  // the links on screen, clipped to it
  var strong = new Uint8Array(edgeList.length);  // 1: both ends matched by the search
  var segmentsKey = null;  // the camera and content `segments` were clipped for
  function searchShown() { return emphasis !== null && state.selected === null; }
  var layerSearch = 0;  // the search the layer shows; kept under a selection, which fades it all
  function contentKey() {
    if (state.selected === null) { layerSearch = searchShown() ? searchVersion : 0; }
    return [container.clientWidth, container.clientHeight, linkVersion, layerSearch].join(",");
  }
  function linkLayerKey() {
    var c = renderer.getCamera().getState();
    return [c.x, c.y, c.ratio, c.angle, contentKey()].join(",");
  }
  // The last sharp drawing, with its camera: a camera change alone answers with it, moved and
  // scaled (soft when zoomed in), until the sharp lines are drawn.
  var snapshot = { canvas: document.createElement("canvas"), content: null, camera: null };
  function keepSnapshot() {
    snapshot.canvas.width = linkCanvas.width;
    snapshot.canvas.height = linkCanvas.height;
    var context = snapshot.canvas.getContext("2d");
    context.clearRect(0, 0, snapshot.canvas.width, snapshot.canvas.height);
    context.drawImage(linkCanvas, 0, 0);
    snapshot.content = contentKey();
    snapshot.camera = renderer.getCamera().getState();
  }
  function paintSnapshot() {
    var now = renderer.getCamera().getState();
    if (snapshot.content !== contentKey() || now.angle !== snapshot.camera.angle) { return false; }
    var width = container.clientWidth, height = container.clientHeight, ratio = window.devicePixelRatio || 1;
    var at = function (point, camera) { return renderer.framedGraphToViewport(point, { cameraState: camera }); };
    var a0 = at({ x: 0, y: 0 }, snapshot.camera), a1 = at({ x: 1, y: 1 }, snapshot.camera);
    var b0 = at({ x: 0, y: 0 }, now), b1 = at({ x: 1, y: 1 }, now);
    var sx = (b1.x - b0.x) / (a1.x - a0.x), sy = (b1.y - b0.y) / (a1.y - a0.y);
    var context = linkCanvas.getContext("2d");
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, linkCanvas.width, linkCanvas.height);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.drawImage(snapshot.canvas, b0.x - a0.x * sx, b0.y - a0.y * sy, width * sx, height * sy);
    linkLayer.sharp = false;
    linkCanvas.setAttribute("data-sharp", "false");
    return true;
  }
  if (!richLinks) {
    linkCanvas = document.createElement("canvas");
    linkCanvas.className = "gk-overlay gk-link-layer";
    var webglLinks = renderer.getCanvases().edges;
    webglLinks.parentNode.insertBefore(linkCanvas, webglLinks.nextSibling);
    // Sigma's link canvas stays empty: not shown, the browser does not read it back from the
    // software GL each frame to compose it (SwiftShader: 20-50 ms a frame at 1400x900).
    webglLinks.style.display = "none";
  }
  function moving() {
    var mouse = renderer.mouseCaptor;
    return renderer.getCamera().isAnimated() || mouse.isMoving || mouse.draggedEvents || mouse.currentWheelDirection;
  }
  // Adds the part of the line from (ax, ay) to (bx, by) that lies on a width x height screen to
  // `out` at `at` (x1, y1, x2, y2) and gives its length, or 0 when none lies there. Zoomed in,
  // most of a long link lies off the screen; a link shorter than a pixel lies under its nodes.
  function clipLine(ax, ay, bx, by, width, height, out, at) {
    if ((ax < 0 && bx < 0) || (ax > width && bx > width) || (ay < 0 && by < 0) || (ay > height && by > height)) { return 0; }
    var dx = bx - ax, dy = by - ay;
    if (dx * dx + dy * dy < 1) { return 0; }
    var t0 = 0, t1 = 1;
    if (ax < 0 || ax > width || ay < 0 || ay > height || bx < 0 || bx > width || by < 0 || by > height) {
      // Liang-Barsky: the line's parameter range inside the screen (one pixel of margin).
      var ps = [-dx, dx, -dy, dy], qs = [ax + 1, width + 1 - ax, ay + 1, height + 1 - ay];
      for (var k = 0; k < 4; k++) {
        var p = ps[k], q = qs[k];
        if (p === 0) { if (q < 0) { return 0; } continue; }
        var t = q / p;
        if (p < 0) { if (t > t1) { return 0; } if (t > t0) { t0 = t; } } else { if (t < t0) { return 0; } if (t < t1) { t1 = t; } }
      }
    }
    out[at] = ax + t0 * dx; out[at + 1] = ay + t0 * dy;
    out[at + 2] = ax + t1 * dx; out[at + 3] = ay + t1 * dy;
    return (t1 - t0) * Math.sqrt(dx * dx + dy * dy);
  }
  // The visible links on screen, clipped, into `segments` (the search's matches marked strong).
  function linksOnScreen() {
    var width = container.clientWidth, height = container.clientHeight;
    var xs = new Float64Array(nodeList.length), ys = new Float64Array(nodeList.length);
    var framed = framedPositions(), t = viewportTransform();
    for (var n = 0; n < nodeList.length; n++) {
      if (nodeHidden[n]) { continue; }
      var fx = framed.x[n], fy = framed.y[n];
      xs[n] = t[0] + t[2] * fx + t[4] * fy; ys[n] = t[1] + t[3] * fx + t[5] * fy;
    }
    var matches = searchShown() ? emphasis : null;
    var count = 0, length = 0;
    for (var i = 0; i < edgeList.length; i++) {
      if (edgeHidden[i]) { continue; }
      var e = edgeList[i], a = e.from, b = e.to;
      if (a === b) { continue; }
      var drawn = clipLine(xs[a], ys[a], xs[b], ys[b], width, height, segments, count * 4);
      if (drawn === 0) { continue; }
      strong[count] = matches === null || (matches.has(a) && matches.has(b)) ? 1 : 0;
      count++;
      length += drawn;
    }
    linkLayer = { drawn: count, sharp: true, length: length };
    segmentsKey = linkLayerKey();
  }
  // The nodes' framed graph coordinates (sigma's normalised positions), read once per indexation:
  // filters and emphasis never move a node.
  var framedCache = { normalization: null, x: null, y: null };
  function framedPositions() {
    if (framedCache.normalization !== renderer.normalizationFunction) {
      var x = new Float64Array(nodeList.length), y = new Float64Array(nodeList.length);
      for (var n = 0; n < nodeList.length; n++) {
        var data = renderer.getNodeDisplayData(nodeKeys[n]);
        x[n] = data.x; y[n] = data.y;
      }
      framedCache = { normalization: renderer.normalizationFunction, x: x, y: y };
    }
    return framedCache;
  }
  // Sigma's framed-graph-to-viewport map for a camera (the last frame's by default) as an affine
  // transform [x0, y0, xx, xy, yx, yy]: a point (x, y) lands at (x0 + xx x + yx y, y0 + xy x + yy y).
  function viewportTransform(override) {
    var o = renderer.framedGraphToViewport({ x: 0, y: 0 }, override || {});
    var ex = renderer.framedGraphToViewport({ x: 1, y: 0 }, override || {});
    var ey = renderer.framedGraphToViewport({ x: 0, y: 1 }, override || {});
    return [o.x, o.y, ex.x - o.x, ex.y - o.y, ey.x - o.x, ey.y - o.y];
  }

  // A page canvas sized to the view at `ratio` pixels a CSS pixel, cleared, its 2D context
  // drawing in CSS pixels (the link layer, the emphasis layer and the ring overlay).
  function clearedContext(canvas, ratio) {
    var width = container.clientWidth, height = container.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    var context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    return context;
  }

  // Strokes the links of `segments` on the layer, at 1/coarse of the screen's resolution.
  function paintLinks(coarse) {
    var ratio = (window.devicePixelRatio || 1) / coarse;
    var context = clearedContext(linkCanvas, ratio);
    context.lineWidth = coarse === 1 ? 1 : 1 / ratio;
    var count = linkLayer.drawn;
    [0, 1].forEach(function (kind) {  // the search's other links faded, then its matches over them
      context.strokeStyle = kind === 1 ? EDGE : DIM_EDGE;
      context.beginPath();
      for (var j = 0; j < count; j++) {
        if (strong[j] !== kind) { continue; }
        context.moveTo(segments[j * 4], segments[j * 4 + 1]);
        context.lineTo(segments[j * 4 + 2], segments[j * 4 + 3]);
      }
      context.stroke();
    });
    linkLayer.sharp = coarse === 1;
    linkCanvas.setAttribute("data-sharp", String(linkLayer.sharp));
    if (linkLayer.sharp) { keepSnapshot(); }
  }
  function sharpenLinks() {
    clearTimeout(sharpTimer);
    if (linkLayer.sharp) { return; }
    if (segmentsKey !== linkLayerKey()) { linksOnScreen(); }  // the layer shows a moved snapshot
    paintLinks(1);
    timings.sharp = performance.now();
  }
  function drawLinks() {
    if (richLinks) { return; }
    var key = linkLayerKey();
    var skip = renderer.getSetting("hideEdgesOnMove") && moving();
    if (key === drawnLinks && !skip) { return; }
    drawnLinks = null;
    clearTimeout(sharpTimer);
    if (skip) {  // hidden while the camera moves; drawn once it stops
      linkCanvas.getContext("2d").clearRect(0, 0, linkCanvas.width, linkCanvas.height);
      clearTimeout(linksTimer);
      linksTimer = setTimeout(function again() {
        if (moving()) { linksTimer = setTimeout(again, 150); } else { renderer.scheduleRender(); }
      }, 150);
      return;
    }
    var coarse = false;
    if (linksStarted && linkLayer.length > SHARP_LENGTH && paintSnapshot()) {
      coarse = true;  // the camera alone moved: the last sharp drawing, moved
    } else {
      linksOnScreen();
      // Past the budget, a coarser layer, the more so the longer the links (at most MAX_COARSE).
      coarse = linksStarted && linkLayer.length > SHARP_LENGTH;
      paintLinks(coarse ? Math.min(MAX_COARSE, Math.max(COARSE, Math.ceil(linkLayer.length / SHARP_LENGTH / 4))) : 1);
    }
    drawnLinks = key;
    if (coarse) {
      // Counted from the frame that shows the coarse links, not from a long change's start.
      requestAnimationFrame(function () {
        if (drawnLinks !== key) { return; }
        clearTimeout(sharpTimer);
        sharpTimer = setTimeout(function later() {
          if (drawnLinks !== key) { return; }
          if (moving()) { sharpTimer = setTimeout(later, SHARP_DELAY); return; }
          sharpenLinks();
        }, SHARP_DELAY);
      });
    }
  }
  function emphasisLinks() {
    if (richLinks) { return; }
    // The search's matches are drawn in the layer itself; a selection fades it and is drawn over.
    linkCanvas.style.opacity = state.selected === null ? "" : "0.3";
    if (state.selected === null) { return; }
    var context = renderer.canvasContexts.edgeLabels;
    var width = container.clientWidth, height = container.clientHeight;
    var line = new Float32Array(4);
    context.save();
    context.lineWidth = 1.5;
    context.strokeStyle = EDGE_STRONG;
    // Each line stroked on its own: one path of hundreds of 1.5-pixel lines meeting at the node
    // costs Skia 3-8 times more to fill (0.1 s at a hub of 450 links), for the same pixels.
    nodeList[state.selected].edges.forEach(function (i) {
      if (edgeHidden[i]) { return; }
      var e = edgeList[i];
      if (e.from === e.to) { return; }
      var a = renderer.framedGraphToViewport(renderer.getNodeDisplayData(String(e.from)));
      var b = renderer.framedGraphToViewport(renderer.getNodeDisplayData(String(e.to)));
      if (clipLine(a.x, a.y, b.x, b.y, width, height, line, 0) > 0) {
        context.beginPath();
        context.moveTo(line[0], line[1]);
        context.lineTo(line[2], line[3]);
        context.stroke();
      }
    });
    context.restore();
  }

  // The emphasis layer (past POINT_NODES): right above sigma's node canvas, under its labels.
  var nodeCanvas = renderer.getCanvases().nodes;
  var emphasisCanvas = null;
  if (nodeList.length > POINT_NODES) {
    emphasisCanvas = document.createElement("canvas");
    emphasisCanvas.className = "gk-overlay gk-emphasis-layer";
    nodeCanvas.parentNode.insertBefore(emphasisCanvas, nodeCanvas.nextSibling);
  }
  var emphasisDrawn = false;
  function drawEmphasisLayer() {
    if (emphasisCanvas === null) { return; }
    nodeCanvas.style.opacity = emphasisInLayer ? FADED_NODES.opacity : "";
    nodeCanvas.style.filter = emphasisInLayer ? FADED_NODES.filter : "";
    if (!emphasisInLayer && !emphasisDrawn) { return; }
    var width = container.clientWidth, height = container.clientHeight;
    var context = clearedContext(emphasisCanvas, window.devicePixelRatio || 1);
    emphasisDrawn = emphasisInLayer;
    if (!emphasisInLayer) { return; }
    // Drawn as sigma draws its points: a disc of the node's colour, its radius the node's size on
    // screen; the biggest first, so that small ones stay in sight, and the selected node and
    // the ringed matches last, on top (the reducer gives them the highest zIndex).
    var drawn = 0;
    emphasisOrder().forEach(function (i) {
      if (nodeHidden[i]) { return; }
      var at = viewportOf(i);
      if (!at || at.x + at.size < 0 || at.y + at.size < 0 || at.x - at.size > width || at.y - at.size > height) { return; }
      context.beginPath();
      context.arc(at.x, at.y, Math.max(0.5, at.size), 0, Math.PI * 2);
      context.fillStyle = nodeList[i].color;
      context.fill();
      drawn++;
    });
    emphasisCanvas.setAttribute("data-drawn", String(drawn));
  }
  var emphasisSorted = null;  // the emphasis in drawing order; kept until the emphasis changes
  function emphasisOrder() {
    if (emphasisSorted === null) {
      emphasisSorted = Array.from(emphasis);
      emphasisSorted.sort(function (a, b) {
        return (forced.has(a) ? 1 : 0) - (forced.has(b) ? 1 : 0) || nodeSize[b] - nodeSize[a] || a - b;
      });
    }
    return emphasisSorted;
  }

  // Rings and the label reservations are drawn on an overlay canvas of the page's own.
  var overlay = document.createElement("canvas");
  overlay.className = "gk-overlay";
  container.appendChild(overlay);
  function viewportOf(i, current) {
    var data = renderer.getNodeDisplayData(String(i));
    if (!data || data.hidden) { return null; }
    // Before a frame, sigma's matrix is the last frame's: `current` asks for the camera's own.
    // Within a full refresh, sigma's node data still holds unframed positions when it emits
    // beforeRender: the node's place is framed here from the graph's own.
    var framed = renderer.normalizationFunction(graph.getNodeAttributes(String(i)));
    var point = renderer.framedGraphToViewport(framed, current ? { cameraState: renderer.getCamera().getState() } : {});
    return { x: point.x, y: point.y, size: renderer.scaleSize(nodeSize[i]), label: data.label };
  }
  renderer.on("beforeRender", function () {
    placed = [];
    reserved = new Set();
    var order = Array.from(forced);
    order.sort(function (a, b) { return (a === state.selected ? -1 : 0) - (b === state.selected ? -1 : 0) || nodeList[b].value - nodeList[a].value; });
    order.forEach(function (i) {
      var at = viewportOf(i, true);
      if (!at || !at.label) { return; }
      var box = freeLabelBox(at.label, at.x, at.y, at.size);
      if (box === null && i === state.selected) { box = labelBox(at.label, at.x, at.y, at.size, "right"); }
      if (box === null) { return; }  // ringed, labelled when zoomed in
      box.key = String(i);
      box.label = at.label;
      placed.push(box);
      reserved.add(String(i));
    });
    reserveCommunityLabels();
  });
  renderer.on("afterRender", function () {
    var t0 = performance.now();
    drawLinks();
    emphasisLinks();
    drawEmphasisLayer();
    var t1 = performance.now();
    timings.linkLayer = t1 - t0;
    var context = clearedContext(overlay, window.devicePixelRatio || 1);
    forced.forEach(function (i) {
      var at = viewportOf(i);
      if (!at) { return; }
      context.beginPath();
      context.arc(at.x, at.y, at.size + 3, 0, Math.PI * 2);
      context.lineWidth = i === state.selected ? 3 : 2;
      context.strokeStyle = i === state.selected ? "#d9480f" : RING;
      context.stroke();
    });
    drawCommunityLabels(context);
  });

  // ---- community names, drawn on the canvas at the centre of each named community's visible
  // nodes, before the node labels (which keep clear of them); not under a selection or search.
  var COMMUNITY_SIZE = 15;
  var COMMUNITY_WIDTH = 340;  // pixels: a longer name is cut with an ellipsis
  var COMMUNITY_SHIFTS = [0, -1, 1, -2, 2, -3, 3];  // lines of text up or down from the centre
  var communityCentres = [];  // {key, label, color, x, y} in graph coordinates
  var communityIndex = new Map();
  payload.legend.forEach(function (entry) {
    if (entry.key !== null && entry.key !== APART) { communityIndex.set(entry.key, communityIndex.size); }
  });
  function placeCommunities() {
    communityCentres = [];
    if (!payload.communities || !communityIndex.size) { return; }
    var sx = new Float64Array(communityIndex.size), sy = new Float64Array(communityIndex.size);
    var count = new Uint32Array(communityIndex.size);
    for (var i = 0; i < nodeList.length; i++) {
      var n = nodeList[i];
      if (nodeHidden[i] || n.apart) { continue; }
      var c = communityIndex.get(n.community);
      if (c === undefined) { continue; }
      sx[c] += n.x; sy[c] += -n.y; count[c]++;
    }
    payload.legend.forEach(function (entry) {
      var c = communityIndex.get(entry.key);
      if (c === undefined || !count[c]) { return; }
      communityCentres.push({ key: entry.key, label: entry.label, color: entry.color, x: sx[c] / count[c], y: sy[c] / count[c] });
    });
  }
  function darker(colour) {  // the community's colour, dark enough to read as text on white
    var v = parseInt(colour.slice(1), 16);
    var parts = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map(function (c) { return Math.round(c * 0.55); });
    return "rgb(" + parts.join(",") + ")";
  }
  function reserveCommunityLabels() {
    if (emphasis !== null || state.selected !== null) { return; }
    var width = container.clientWidth, height = container.clientHeight;
    measure.font = "700 " + COMMUNITY_SIZE + "px " + FONT;
    communityCentres.forEach(function (centre) {
      var framed = renderer.normalizationFunction({ x: centre.x, y: centre.y });
      var at = renderer.framedGraphToViewport(framed, { cameraState: renderer.getCamera().getState() });
      var label = fitText(centre.label, measure.font, COMMUNITY_WIDTH);
      measure.font = "700 " + COMMUNITY_SIZE + "px " + FONT;
      var textWidth = measure.measureText(label).width;
      if (at.x < 0 || at.x > width || at.y < 0 || at.y > height) { return; }
      var left = Math.max(4, Math.min(width - textWidth - 4, at.x - textWidth / 2));
      // At the centre, else the nearest free line above or below it (communities interleave,
      // so their centres can lie close together).
      for (var k = 0; k < COMMUNITY_SHIFTS.length; k++) {
        var base = at.y + COMMUNITY_SIZE / 3 + COMMUNITY_SHIFTS[k] * COMMUNITY_SIZE * 1.5;
        var box = { x1: left - 3, y1: base - COMMUNITY_SIZE * 1.1, x2: left + textWidth + 3, y2: base + COMMUNITY_SIZE * 0.3,
          left: left, base: base, key: "community:" + centre.key, label: label, community: true, color: darker(centre.color) };
        if (box.y1 < 0 || box.y2 > height || overlaps(box)) { continue; }
        placed.push(box);
        return;
      }
    });
  }
  function drawCommunityLabels(context) {
    context.font = "700 " + COMMUNITY_SIZE + "px " + FONT;
    context.lineJoin = "round";
    placed.forEach(function (box) {
      if (!box.community) { return; }
      context.lineWidth = 4;
      context.strokeStyle = "rgba(255, 255, 255, 0.95)";
      context.strokeText(box.label, box.left, box.base);
      context.fillStyle = box.color;
      context.fillText(box.label, box.left, box.base);
    });
  }

  // ---- visibility: kinds, communities, meetings, degree, dates ----------------------------
  function fullRange() {
    return !payload.dateRange || (state.from <= payload.dateRange[0] && state.to >= payload.dateRange[1]);
  }

  var nodeOk = new Uint8Array(nodeList.length);
  var nodeInRange = new Uint32Array(nodeList.length);  // the node's meetings inside the dates
  var degree = new Uint32Array(nodeList.length);
  function applyFilters(draw) {
    var t0 = performance.now();
    var from = dayNumber(state.from), to = state.to ? dayNumber(state.to) : 99999999;
    for (var m = 0; m < meetings.length; m++) {
      meetingInRange[m] = meetingDay[m] >= from && meetingDay[m] <= to ? 1 : 0;
    }
    var i, k, end, count, top = 0;
    var start = nodeMeet.start, flat = nodeMeet.flat;
    for (i = 0; i < nodeList.length; i++) {
      count = 0;
      for (k = start[i], end = start[i + 1]; k < end; k++) { count += meetingInRange[flat[k]]; }
      nodeInRange[i] = count;
      if (count > top) { top = count; }
      var n = nodeList[i];
      var ok = !state.hiddenKinds.has(n.kind) && !(payload.communities && state.hiddenCommunities.has(communityGroup(n)));
      nodeOk[i] = ok && (end === start[i] || count > 0) ? 1 : 0;
    }
    degree.fill(0);
    start = edgeMeet.start; flat = edgeMeet.flat;
    var minMeetings = state.minMeetings;
    for (i = 0; i < edgeList.length; i++) {
      count = edgeWeight[i];
      if (start[i + 1] > start[i]) {
        count = 0;
        for (k = start[i], end = start[i + 1]; k < end; k++) { count += meetingInRange[flat[k]]; }
      }
      edgeCount[i] = count;
      var a = edgeFrom[i], b = edgeTo[i];
      var show = nodeOk[a] && nodeOk[b] && count > 0 && count >= minMeetings;
      edgeHidden[i] = show ? 0 : 1;
      if (show) { degree[a]++; if (b !== a) { degree[b]++; } }
    }
    var visibleNodes = 0;
    for (i = 0; i < nodeList.length; i++) {
      var isolated = nodeList[i].edges.length === 0;
      var shown = nodeOk[i] && (isolated ? state.minMeetings <= 0 && state.minDegree <= 0 : degree[i] > 0 && degree[i] >= state.minDegree);
      if (i === payload.focus && !state.hiddenKinds.has(nodeList[i].kind)) { shown = true; }
      nodeHidden[i] = shown ? 0 : 1;
      if (shown) { visibleNodes++; }
    }
    var visibleEdges = 0;
    for (i = 0; i < edgeList.length; i++) {
      if (!edgeHidden[i] && (nodeHidden[edgeFrom[i]] || nodeHidden[edgeTo[i]])) { edgeHidden[i] = 1; }
      if (!edgeHidden[i]) { visibleEdges++; }
    }
    // Sizes follow the meetings inside the date range, when it is narrowed.
    var full = fullRange();
    for (i = 0; i < nodeList.length; i++) {
      nodeSize[i] = baseSize(full ? nodeList[i].value || 0 : top > 0 ? Math.sqrt(nodeInRange[i] / top) : 0);
    }
    state.visibleNodes = visibleNodes;
    state.visibleEdges = visibleEdges;
    placeCommunities();
    if (state.selected !== null && nodeHidden[state.selected]) { state.selected = null; showPanel(null); }
    linkVersion++;
    computeEmphasis();
    if (draw !== false) { refreshFiltered(); }
    timings.lastChange = performance.now() - t0;
    showStatus();
    saveState();
  }

  // Filters change which nodes are hidden and their sizes, never where they are. Past
  // POINT_NODES, sigma's node data is then reduced again in place (skipIndexation: no new extent,
  // program order or buffers; 0.05-0.1 s less at 50,000 nodes), and the page rebuilds sigma's
  // label grid itself: each node's cell is kept from the last indexation, the nodes are put in
  // once, in label order (labelOrder), so every cell is in order without sorting it.
  var gridCells = { normalization: null, width: 0, height: 0, cell: null };
  function labelGridCells() {
    var grid = renderer.labelGrid, dimensions = renderer.getDimensions();
    if (gridCells.normalization !== renderer.normalizationFunction || gridCells.width !== dimensions.width ||
        gridCells.height !== dimensions.height) {
      // Where sigma's indexation puts a node: its position seen by the camera at rest, in cells
      // of labelGridCellSize pixels counted as sigma's grid counts them (LabelGrid.getIndex).
      var framed = framedPositions(), t = viewportTransform({ cameraState: { x: 0.5, y: 0.5, ratio: 1, angle: 0 } });
      var size = renderer.getSetting("labelGridCellSize"), columns = Math.ceil(dimensions.width / size);
      var cell = new Int32Array(nodeList.length);
      for (var n = 0; n < nodeList.length; n++) {
        var x = t[0] + t[2] * framed.x[n] + t[4] * framed.y[n], y = t[1] + t[3] * framed.x[n] + t[5] * framed.y[n];
        cell[n] = Math.floor(y / size) * columns + Math.floor(x / size);
      }
      gridCells = { normalization: renderer.normalizationFunction, width: dimensions.width, height: dimensions.height, cell: cell };
    }
    return gridCells.cell;
  }
  function rebuildLabelGrid() {
    var grid = renderer.labelGrid;
    grid.resizeAndClear(renderer.getDimensions(), renderer.getSetting("labelGridCellSize"));
    var cell = labelGridCells(), order = labelOrder, cells = grid.cells;
    var faded = emphasis !== null && !emphasisInLayer;  // the reducer took the others' labels
    for (var j = 0; j < order.length; j++) {
      var id = order[j];
      if (nodeHidden[id] || labelOf(nodeList[id]) === null || (faded && !emphasis.has(id))) { continue; }
      var index = cell[id];
      (cells[index] || (cells[index] = [])).push({ key: nodeKeys[id], size: nodeSize[id] });
    }
  }
  // What a filter changes in sigma's node data is what the reducer gives: `hidden`, `size` and,
  // under an emphasis that the reducer fades (more than LAYER_EMPHASIS nodes), colour and label.
  // Past POINT_NODES they are written into sigma's node data and its program buffer directly, as
  // its refresh({partialGraph, skipIndexation}) would after copying and reducing every node again
  // (0.05-0.1 s at 50,000 nodes). That keeps each node where the last indexation put it in the
  // buffer, which sigma orders by zIndex: it is done only when every visible node keeps the
  // zIndex of its place (slotZ, read after each indexation); forced labels go through sigma.
  var sigmaInPlace = Boolean(renderer.nodeDataCache && renderer.nodeIndices && renderer.nodeProgramIndex &&
    typeof renderer.addNodeToProgram === "function");
  var slotZ = new Int8Array(nodeList.length);
  renderer.on("afterProcess", function () {
    for (var i = 0; i < nodeKeys.length; i++) { slotZ[i] = renderer.getNodeDisplayData(nodeKeys[i]).zIndex; }
  });
  var defaultColour = renderer.getSetting("defaultNodeColor");
  function labelOf(n) { return n.label === undefined || n.label === null ? null : "" + n.label; }  // as sigma reads it
  function zIndexOf(i, dimming) {  // what nodeReducer gives a visible node
    if (!dimming) { return 1; }
    return forced.has(i) ? 3 : emphasis.has(i) ? 2 : 0;
  }
  function filteredInPlace() {
    var dimming = emphasis !== null && !emphasisInLayer, i;
    for (i = 0; i < nodeKeys.length; i++) {
      if (!nodeHidden[i] && zIndexOf(i, dimming) !== slotZ[i]) { return false; }
    }
    var cache = renderer.nodeDataCache, indices = renderer.nodeIndices, positions = renderer.nodeProgramIndex;
    for (i = 0; i < nodeKeys.length; i++) {
      var key = nodeKeys[i], data = cache[key], n = nodeList[i];
      if (nodeHidden[i]) {
        if (!data.hidden) { data.hidden = true; renderer.addNodeToProgram(key, indices[key], positions[key]); }
        continue;
      }
      var faded = dimming && !emphasis.has(i);
      var colour = faded ? DIM_NODE : n.color || defaultColour, label = faded ? null : labelOf(n);
      if (data.label !== label) { data.label = label; }
      if (!data.hidden && data.size === nodeSize[i] && data.color === colour) { continue; }
      data.hidden = false;
      data.size = nodeSize[i];
      data.color = colour;
      renderer.addNodeToProgram(key, indices[key], positions[key]);
    }
    return true;
  }
  counts.filtersInPlace = 0;
  function refreshFiltered() {
    if (emphasisCanvas === null || !sigmaInPlace || renderer.needToProcess) { refreshAll(); return; }
    var dimming = emphasis !== null && !emphasisInLayer;
    if (dimming !== sigmaDimmed || !filteredInPlace()) { refreshAll(); return; }
    counts.filtersInPlace++;
    rebuildLabelGrid();
    // The nodes whose forced label changed, through sigma's reducer, and the frame.
    var changed = [];
    sigmaForced.forEach(function (i) { if (!forced.has(i)) { changed.push(nodeKeys[i]); } });
    forced.forEach(function (i) { if (!sigmaForced.has(i)) { changed.push(nodeKeys[i]); } });
    sigmaForced = new Set(forced);
    renderer.refresh({ partialGraph: { nodes: changed }, skipIndexation: true });
  }

  // ---- emphasis: search matches or the selected node's neighbourhood ---------------------
  function computeEmphasis() {
    forced = new Set();
    emphasis = null;
    if (state.selected !== null && state.selected === payload.focus) {
      // The view's own focus: its whole neighbourhood is what the page is about, none faded.
      forced.add(state.selected);
      state.matches = 0;
    } else if (state.selected !== null) {
      emphasis = new Set([state.selected]);
      nodeList[state.selected].edges.forEach(function (i) {
        if (edgeHidden[i]) { return; }
        emphasis.add(edgeList[i].from);
        emphasis.add(edgeList[i].to);
      });
      forced.add(state.selected);
      state.matches = emphasis.size;
    } else if (state.query) {
      var found = searchMatches();
      emphasis = new Set(found.all);
      searchVersion++;
      found.top.forEach(function (i) { forced.add(i); });
      state.matches = found.all.length;
    } else {
      state.matches = 0;
    }
    emphasisInLayer = emphasis !== null && emphasisCanvas !== null && nodeList.length > LAYER_NODES &&
      emphasis.size <= Math.min(LAYER_EMPHASIS, nodeList.length / 8);
    emphasisSorted = null;
  }

  // The visible nodes the search matches (all), and the FORCED_LABELS most important of them,
  // most important first (top): matched once per search and filter state (the emphasis, the
  // results list and Enter's top match all read this), without sorting every match.
  var matched = { query: null, version: -1, all: [], top: [] };
  function before(a, b) { return nodeList[a].value > nodeList[b].value || (nodeList[a].value === nodeList[b].value && a < b); }
  function searchMatches() {
    if (matched.query === state.query && matched.version === linkVersion) { return matched; }
    counts.matchings++;
    var all = [], top = [], query = state.query;
    for (var i = 0; i < nodeList.length; i++) {
      if (nodeHidden[i] || nodeList[i].searchKey.indexOf(query) === -1) { continue; }
      all.push(i);
      if (top.length === FORCED_LABELS && !before(i, top[FORCED_LABELS - 1])) { continue; }
      var at = top.length === FORCED_LABELS ? FORCED_LABELS - 1 : top.length;
      while (at > 0 && before(i, top[at - 1])) { top[at] = top[at - 1]; at--; }
      top[at] = i;
    }
    matched = { query: query, version: linkVersion, all: all, top: top };
    return matched;
  }

  // Sigma's node data follows the emphasis: reduced again in full, or, when the emphasis is on
  // the layer and sigma's colours are untouched, only for the nodes whose forced label changed
  // (in place: their positions, sizes and order are the same).
  function refreshAll() {
    renderer.refresh();
    sigmaDimmed = emphasis !== null && !emphasisInLayer;
    sigmaForced = new Set(forced);
  }
  function refreshEmphasis() {
    var dimming = emphasis !== null && !emphasisInLayer;
    if (emphasisCanvas === null || dimming || sigmaDimmed || renderer.needToProcess) { refreshAll(); return; }
    var changed = [];
    sigmaForced.forEach(function (i) { if (!forced.has(i)) { changed.push(String(i)); } });
    forced.forEach(function (i) { if (!sigmaForced.has(i)) { changed.push(String(i)); } });
    sigmaForced = new Set(forced);
    renderer.refresh({ partialGraph: { nodes: changed }, skipIndexation: true });
  }

  function applyEmphasis(draw) {
    var t0 = performance.now();
    computeEmphasis();
    if (draw !== false) { refreshEmphasis(); }
    timings.lastChange = performance.now() - t0;
    showStatus();
    saveState();
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
    container.setAttribute("data-matches", String(state.query && state.selected === null ? state.matches : 0));
  }

  // ---- side panel and tooltips -------------------------------------------------------------
  function addField(list, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    list.appendChild(el("dt", null, label));
    list.appendChild(el("dd", null, value));
  }

  function formatScore(value) {
    if (typeof value !== "number") { return value; }
    return Math.abs(value) >= 1000 || value === Math.round(value) ? value.toLocaleString("en") : value.toPrecision(3);
  }

  function meetingItem(index, counterparts) {
    var row = meetings[index];
    var item = el("li");
    item.appendChild(el("span", "gk-date", row[0]));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(el("span", null, row[1] || "(no title)"));
    if (counterparts && counterparts.length) {
      var names = counterparts.slice(0, 3).join(", ") + (counterparts.length > 3 ? " +" + (counterparts.length - 3) : "");
      item.appendChild(el("div", "gk-with", "with " + names));
    }
    if (row[2]) { item.appendChild(el("div", "gk-source", "source: " + row[2])); }
    return item;
  }

  function counterpartsOf(id) {
    // meeting index → names of the visible neighbours who attended it too
    var found = new Map();
    nodeList[id].edges.forEach(function (i) {
      var e = edgeList[i];
      if (edgeHidden[i] || !e.m) { return; }
      var other = nodeList[e.from === id ? e.to : e.from];
      e.m.forEach(function (m) {
        if (!found.has(m)) { found.set(m, []); }
        found.get(m).push(other.name);
      });
    });
    return found;
  }

  function describe(n, target, meetingLimit) {
    target.appendChild(el("h2", "gk-name", n.name));
    var fields = el("dl", "gk-fields");
    addField(fields, "Kind", n.kindLabel);
    addField(fields, "Acronym", n.acronym);
    addField(fields, "Category", n.category);
    addField(fields, "Country", n.country);
    addField(fields, "Group", n.group);
    if (payload.communities) { addField(fields, "Community", n.communityName || n.community); }
    if (payload.measure && n.score !== null && n.score !== undefined) {
      addField(fields, payload.measure, formatScore(n.score));
    }
    addField(fields, "Rank", n.rank);
    addField(fields, "Links", n.edges.length);
    addField(fields, "Id", n.key);
    target.appendChild(fields);
    var shown = (n.m || []).filter(function (m) { return meetingInRange[m]; });
    if (!shown.length) { return; }
    var with_ = counterpartsOf(n.id);
    var focus = payload.focus;
    if (focus !== null && focus !== undefined && focus !== n.id) {
      // In a view around one actor, a node's meetings with that actor come first, named so:
      // its meetings with everyone else are not the focus's and stay behind "All meetings".
      var shared = new Set(meetingsWith(n.id, focus));
      var together = shown.filter(function (m) { return shared.has(m); });
      meetingList(target, "Meetings with " + nodeList[focus].name, together, meetingLimit, with_, "gk-with-focus");
      var rest = el("details", "gk-all-meetings");
      rest.appendChild(el("summary", null, "All meetings (" + shown.length + ")"));
      meetingList(rest, "Latest meetings", shown, meetingLimit, with_, "gk-all");
      target.appendChild(rest);
      return;
    }
    meetingList(target, "Latest meetings", shown, meetingLimit, with_, "gk-all");
  }

  function meetingsWith(id, other) {
    // the meetings on the link between two nodes (both attended), or none when not linked
    var found = [];
    nodeList[id].edges.forEach(function (i) {
      var e = edgeList[i];
      if ((e.from === other || e.to === other) && e.m) { found = found.concat(e.m); }
    });
    return found;
  }

  function meetingList(target, heading, rows, limit, with_, kind) {
    target.appendChild(el("h3", null, heading + (rows.length > limit ? " (" + limit + " of " + rows.length + ")" : " (" + rows.length + ")")));
    var list = el("ul", "gk-meetings " + kind);
    rows.slice(0, limit).forEach(function (m) { list.appendChild(meetingItem(m, with_.get(m))); });
    target.appendChild(list);
  }

  function describeEdge(e, target, limit) {
    var a = nodeList[e.from], b = nodeList[e.to];
    target.appendChild(el("h2", "gk-name", a.name + (payload.directed ? " → " : " — ") + b.name));
    var shown = (e.m || []).filter(function (m) { return meetingInRange[m]; });
    if (!shown.length) {
      target.appendChild(el("p", "gk-hint", plural(edgeCount[e.id], "meeting") + " (no meeting list in this view)"));
      return;
    }
    target.appendChild(el("h3", null, plural(shown.length, "meeting") + (shown.length > limit ? " (latest " + limit + ")" : "")));
    var list = el("ul", "gk-meetings");
    shown.slice(0, limit).forEach(function (m) { list.appendChild(meetingItem(m, null)); });
    target.appendChild(list);
  }

  var panel = $("graphkit-details");
  function showPanel(id) {
    panel.replaceChildren();
    if (id === null) {
      panel.appendChild(el("p", "gk-hint", "Click a node to see who it met, or a link to see its meetings."));
      return;
    }
    var n = nodeList[id];
    describe(n, panel, 12);
    var links = n.edges.filter(function (i) { return !edgeHidden[i]; }).map(function (i) {
      var e = edgeList[i];
      return { other: nodeList[e.from === id ? e.to : e.from], count: edgeCount[i], edge: i };
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
        // The link's own meetings (links are too many to hover here, past RICH_LINKS).
        var meetingsButton = el("button", "gk-link gk-count", plural(link.count, "meeting"));
        meetingsButton.type = "button";
        meetingsButton.title = "Meetings of this link";
        meetingsButton.addEventListener("click", function () { showEdgePanel(link.edge); });
        item.appendChild(meetingsButton);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
  }

  function showEdgePanel(i) {
    panel.replaceChildren();
    describeEdge(edgeList[i], panel, 30);
  }

  function select(id, move) {
    var t0 = performance.now();
    state.selected = id;
    showPanel(id);
    computeEmphasis();
    if (id !== null && move) {
      var data = renderer.getNodeDisplayData(String(id));
      if (data) { renderer.getCamera().setState({ x: data.x, y: data.y, ratio: Math.min(renderer.getCamera().ratio, 0.25) }); }
    }
    refreshEmphasis();
    timings.lastChange = performance.now() - t0;
    showStatus();
    saveState();
  }

  var tooltip = $("graphkit-tooltip");
  function showTooltip(fill, event) {
    tooltip.replaceChildren();
    fill(tooltip);
    var width = container.clientWidth;
    tooltip.style.left = Math.max(8, Math.min(event.x + 16, width - 340)) + "px";
    tooltip.style.top = Math.max(8, event.y + 16) + "px";
    tooltip.hidden = false;
  }

  renderer.on("clickNode", function (event) { select(+event.node, false); });
  renderer.on("clickStage", function () { if (state.selected !== null) { select(null); } else { showPanel(null); } });
  // Sigma's WebGL canvas for the hovered node is shown only while a node is hovered: empty, it
  // would still be read back from the software GL at every frame to be composed (5-10 ms).
  var hoverCanvas = renderer.getCanvases().hoverNodes;
  function showHoverCanvas() { hoverCanvas.style.display = renderer.hoveredNode === null ? "none" : ""; }
  showHoverCanvas();
  renderer.on("afterRender", showHoverCanvas);
  renderer.on("enterNode", function (event) {
    hoverCanvas.style.display = "";
    showTooltip(function (target) { describe(nodeList[+event.node], target, 5); }, event.event);
  });
  renderer.on("leaveNode", function () { tooltip.hidden = true; hoverCanvas.style.display = "none"; });
  renderer.on("enterEdge", function (event) {
    state.hoveredEdge = +event.edge;
    container.style.cursor = "pointer";
    showTooltip(function (target) { describeEdge(edgeList[+event.edge], target, 5); }, event.event);
    renderer.refresh({ partialGraph: { edges: [event.edge] }, skipIndexation: true });
  });
  renderer.on("leaveEdge", function (event) {
    state.hoveredEdge = null;
    container.style.cursor = "";
    tooltip.hidden = true;
    renderer.refresh({ partialGraph: { edges: [event.edge] }, skipIndexation: true });
  });
  renderer.on("clickEdge", function (event) { showEdgePanel(+event.edge); });
  renderer.getCamera().on("updated", function () { tooltip.hidden = true; saveState(); });

  // ---- controls -------------------------------------------------------------------------------
  var search = $("graphkit-search");
  var results = $("graphkit-results");
  var searchTimer = null;
  function showResults() {
    results.replaceChildren();
    if (!state.query) { return; }
    searchMatches().top.slice(0, 12).forEach(function (i) {
      var n = nodeList[i];
      var button = el("button", "gk-result", n.name);
      button.type = "button";
      if (n.acronym && n.acronym !== n.name) { button.appendChild(el("span", "gk-acronym", n.acronym)); }
      button.addEventListener("click", function () { select(n.id, true); });
      results.appendChild(el("li")).appendChild(button);
    });
  }
  function runSearch(draw) {
    state.query = fold(search.value.trim());
    if (state.selected !== null) { state.selected = null; showPanel(null); }
    applyEmphasis(draw);
    showResults();
  }
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, nodeList.length > 2000 ? 150 : 60);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    clearTimeout(searchTimer);
    // One frame for the whole of it, the matching done once: the results, and the top match
    // selected (its neighbourhood shown, as a click on the first result does), or the search's
    // emphasis when nothing matches.
    state.query = fold(search.value.trim());
    showResults();
    var top = state.query ? searchMatches().top[0] : undefined;
    if (top !== undefined) { select(top, true); } else { runSearch(); }
  });

  function checkboxRow(container_, className, value, colour, label, count, checked, onChange) {
    var row = el("label", className);
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.value = value;
    box.addEventListener("change", function () { onChange(box.checked); });
    row.appendChild(box);
    var swatch = el("span", "gk-swatch");
    if (colour) { swatch.style.background = colour; } else { swatch.className += " gk-swatch-none"; }
    row.appendChild(swatch);
    row.appendChild(el("span", "gk-legend-name", label));
    row.appendChild(el("span", "gk-count", count.toLocaleString("en")));
    container_.appendChild(row);
    return box;
  }

  var kindBoxes = new Map();
  payload.kinds.forEach(function (kind) {
    kindBoxes.set(kind.key, checkboxRow($("graphkit-kinds"), "gk-kind", kind.key,
      payload.colourBy === "kind" ? kind.color : null, kind.label, kind.count, true, function (on) {
        if (on) { state.hiddenKinds.delete(kind.key); } else { state.hiddenKinds.add(kind.key); }
        applyFilters();
      }));
  });

  var communityBoxes = new Map();
  var legend = $("graphkit-legend");
  if (payload.communities) {
    legend.appendChild(el("h3", null, payload.legendTitle));
    payload.legend.forEach(function (entry) {
      var key = entry.key === null ? "__other__" : entry.key;
      communityBoxes.set(key, checkboxRow(legend, "gk-legend-row", key, entry.color, entry.label, entry.count, !entry.hidden, function (on) {
        if (on) { state.hiddenCommunities.delete(key); } else { state.hiddenCommunities.add(key); }
        applyFilters();
      }));
    });
  }

  var minInput = $("graphkit-min-meetings");
  minInput.max = String(Math.max(1, payload.maxMeetings));
  minInput.addEventListener("input", function () {
    state.minMeetings = Math.max(0, parseInt(minInput.value, 10) || 0);
    $("graphkit-min-value").textContent = String(state.minMeetings);
    applyFilters();
  });
  var degreeInput = $("graphkit-min-degree");
  degreeInput.max = String(Math.max(1, Math.min(100, maxDegree)));
  degreeInput.addEventListener("input", function () {
    state.minDegree = Math.max(0, parseInt(degreeInput.value, 10) || 0);
    $("graphkit-degree-value").textContent = String(state.minDegree);
    applyFilters();
  });

  // Dates: two date fields, and a month slider with playback that moves the end date.
  var fromInput = $("graphkit-from");
  var toInput = $("graphkit-to");
  var timeInput = $("graphkit-time");
  var playButton = $("graphkit-play");
  var months = [];
  if (payload.dateRange) {
    var first = payload.dateRange[0].slice(0, 7), last = payload.dateRange[1].slice(0, 7);
    var year = +first.slice(0, 4), month = +first.slice(5, 7);
    while (true) {
      var label = year + "-" + (month < 10 ? "0" : "") + month;
      months.push(label);
      if (label >= last || months.length > 600) { break; }
      month++; if (month > 12) { month = 1; year++; }
    }
    [fromInput, toInput].forEach(function (input) { input.min = payload.dateRange[0]; input.max = payload.dateRange[1]; });
    timeInput.max = String(months.length - 1);
    timeInput.value = String(months.length - 1);
  } else {
    $("graphkit-dates").hidden = true;
  }
  function monthEnd(label) {
    var y = +label.slice(0, 4), m = +label.slice(5, 7);
    var day = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return label + "-" + (day < 10 ? "0" : "") + day;
  }
  function showDates() {
    fromInput.value = state.from || "";
    toInput.value = state.to || "";
    $("graphkit-time-value").textContent = state.to ? state.to.slice(0, 7) : "";
    if (state.to && months.length) {
      var at = months.indexOf(state.to.slice(0, 7));
      timeInput.value = String(at === -1 ? months.length - 1 : at);
    }
  }
  function onDate() {
    state.from = fromInput.value || null;
    state.to = toInput.value || null;
    showDates();
    applyFilters();
    if (state.selected !== null) { showPanel(state.selected); }
  }
  fromInput.addEventListener("change", onDate);
  toInput.addEventListener("change", onDate);
  timeInput.addEventListener("input", function () {
    var label = months[+timeInput.value];
    state.to = +timeInput.value === months.length - 1 ? payload.dateRange[1] : monthEnd(label);
    showDates();
    applyFilters();
  });
  var playing = null;
  playButton.addEventListener("click", function () {
    if (playing) { clearInterval(playing); playing = null; playButton.textContent = "Play"; return; }
    var at = +timeInput.value >= months.length - 1 ? 0 : +timeInput.value;
    playButton.textContent = "Pause";
    playing = setInterval(function () {
      timeInput.value = String(at);
      timeInput.dispatchEvent(new Event("input"));
      at++;
      if (at >= months.length) { clearInterval(playing); playing = null; playButton.textContent = "Play"; }
    }, 600);
  });

  // ---- first view, and "Fit": the visible nodes of the largest component ----------------------
  // The box (layout coordinates) of the visible nodes inside the largest component's box, or of
  // every visible node when none of those is: after unticking, "Fit" fits what is left.
  // Past FIT_ALL_NODES, the box holds the middle FIT_SHARE of them each way: a few nodes at the
  // end of long chains would otherwise shrink the rest into the middle of the canvas.
  var FIT_ALL_NODES = 200, FIT_SHARE = 0.98;
  function visibleBox() {
    var box = payload.mainBox, main = { x: [], y: [] }, all = { x: [], y: [] };
    for (var i = 0; i < nodeList.length; i++) {
      if (nodeHidden[i]) { continue; }
      var x = nodeList[i].x, y = nodeList[i].y;
      all.x.push(x); all.y.push(y);
      if (box && x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]) { main.x.push(x); main.y.push(y); }
    }
    var chosen = main.x.length ? main : all;
    if (!chosen.x.length) { return null; }
    var cut = chosen.x.length > FIT_ALL_NODES ? (1 - FIT_SHARE) / 2 : 0;
    var within = function (values) {
      values.sort(function (a, b) { return a - b; });
      var last = values.length - 1;
      return [values[Math.round(cut * last)], values[Math.round((1 - cut) * last)]];
    };
    var xs = within(chosen.x), ys = within(chosen.y);
    return [xs[0], ys[0], xs[1], ys[1]];
  }
  function fitMain() {
    // Measure the box on screen with the whole sheet shown, then zoom onto it.
    // (Computed for that camera, not read from the last frame, which may not be drawn yet.)
    var camera = renderer.getCamera();
    var whole = { cameraState: { x: 0.5, y: 0.5, ratio: 1, angle: 0 } };
    camera.setState(whole.cameraState);
    var box = visibleBox();
    if (!box || nodeList.length < 2) { return; }
    var a = renderer.graphToViewport({ x: box[0], y: -box[1] }, whole);
    var b = renderer.graphToViewport({ x: box[2], y: -box[3] }, whole);
    var width = container.clientWidth || 1, height = container.clientHeight || 1;
    // A margin for the nodes' discs and their labels; one node alone is shown at a readable zoom.
    var ratio = Math.max(Math.abs(b.x - a.x) / width, Math.abs(b.y - a.y) / height, 0.05) * 1.15;
    var centre = renderer.viewportToFramedGraph({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, whole);
    camera.setState({ x: centre.x, y: centre.y, ratio: Math.max(0.01, Math.min(1, ratio)), angle: 0 });
  }
  $("graphkit-fit").addEventListener("click", function () { fitMain(); });
  $("graphkit-fit-all").addEventListener("click", function () {
    renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  });

  // ---- export: a publishable picture. PNG (the drawn canvases, at EXPORT_SCALE pixels a CSS
  // pixel) and SVG (the visible nodes, links and labels), both framed by the same words: the
  // title, what is shown, the dates and filters, a legend of the colours and sizes, the sources
  // and a credit line (exportFrame). A picture that leaves the page carries what it needs.
  var EXPORT_SCALE = 2;
  var INK = "#1f2933", MUTED = "#616e7c";
  function exportWords() {
    var words = { title: payload.title || document.title, subtitle: payload.subtitle || "" };
    if (payload.dateRange) {
      var from = state.from || payload.dateRange[0], to = state.to || payload.dateRange[1];
      words.dates = "Meetings from " + from + " to " + to + (fullRange() ? "" : " (of " + payload.dateRange[0] + " to " + payload.dateRange[1] + ")");
    } else {
      words.dates = "Dates: not recorded in this view";
    }
    var filters = payload.filters ? [payload.filters] : [];
    var hiddenKinds = payload.kinds.filter(function (k) { return state.hiddenKinds.has(k.key); }).map(function (k) { return k.label; });
    if (hiddenKinds.length) { filters.push("hidden: " + hiddenKinds.join(", ")); }
    var hiddenGroups = payload.legend.filter(function (c) { return state.hiddenCommunities.has(c.key === null ? "__other__" : c.key); });
    if (payload.communities && hiddenGroups.length) {
      filters.push("hidden: " + hiddenGroups.map(function (c) { return c.label + " (" + plural(c.count, "node") + ")"; }).join("; "));
    }
    if (state.minMeetings) { filters.push("links of at least " + plural(state.minMeetings, "meeting")); }
    if (state.minDegree) { filters.push("nodes with at least " + plural(state.minDegree, "link")); }
    if (state.selected !== null) { filters.push("highlighted: " + nodeList[state.selected].name); }
    else if (state.query) { filters.push("highlighted: search \u201c" + search.value.trim() + "\u201d"); }
    words.filters = filters.length ? "Filters: " + filters.join(" \u00b7 ") : "Filters: none";
    words.legendTitle = payload.colourBy === "community" ? "Colour: community (named by its most central members)" : "Colour: kind";
    words.legend = (payload.colourBy === "community" ? payload.legend.filter(function (c) {
      return !state.hiddenCommunities.has(c.key === null ? "__other__" : c.key);
    }) : payload.kinds.filter(function (k) { return !state.hiddenKinds.has(k.key); })).map(function (entry) {
      return { color: entry.color, label: entry.label, count: " (" + entry.count.toLocaleString("en") + ")" };
    });
    words.sizes = "Node area: " + (payload.measure || "number of links") + " \u00b7 " +
      (richLinks ? "link width: meetings" : "links: one line per linked pair");
    words.sources = "Source: " + (payload.sources && payload.sources.length ? payload.sources.join("; ") : "not recorded");
    words.credit = "Made with graphkit" + (payload.version ? " " + payload.version : "") + " (sigma.js " +
      "and graphology) \u00b7 drawn " + new Date().toISOString().slice(0, 10);
    return words;
  }
  // Lines no wider than `width` at this font, cut at spaces.
  function wrapText(text, font, width) {
    measure.font = font;
    var lines = [], line = "";
    String(text).split(" ").forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && measure.measureText(next).width > width) { lines.push(line); line = word; } else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  function fitText(text, font, width) {  // one line, cut with an ellipsis when too wide
    measure.font = font;
    if (measure.measureText(text).width <= width) { return text; }
    while (text.length > 1 && measure.measureText(text + "\u2026").width > width) { text = text.slice(0, -1); }
    return text + "\u2026";
  }
  // Where everything goes, in CSS pixels: {width, height, map: {x, y, w, h}, items: [text and
  // swatch items]}; PNG and SVG draw the same items.
  function exportFrame() {
    var words = exportWords();
    var width = container.clientWidth, height = container.clientHeight, margin = 20, inner = width - 2 * margin;
    var items = [], y = margin;
    function font(size, weight) { return weight + " " + size + "px " + FONT; }
    function lines(text, size, weight, colour, role) {
      wrapText(text, font(size, weight), inner).forEach(function (part) {
        y += Math.round(size * 1.3);
        items.push({ type: "text", role: role, x: margin, y: y, text: part, size: size, weight: weight, color: colour });
      });
    }
    lines(words.title, 22, 650, INK, "title");
    y += 2;
    if (words.subtitle) { lines(words.subtitle, 13, 400, MUTED, "subtitle"); }
    lines(words.dates, 13, 500, INK, "dates");
    lines(words.filters, 13, 400, INK, "filters");
    y += 10;
    var map = { x: 0, y: y, w: width, h: height };
    y += height + 8;
    lines(words.legendTitle, 12, 650, MUTED, "legend");
    var columns = Math.max(1, Math.floor(inner / 260)), column = inner / columns, row = 18;
    words.legend.forEach(function (entry, k) {
      var x = margin + (k % columns) * column, base = y + row * (1 + Math.floor(k / columns));
      items.push({ type: "swatch", role: "legend", x: x + 6, y: base - 4, r: 5, color: entry.color });
      // A long name is cut, its count kept.
      measure.font = font(12, 400);
      var text = fitText(entry.label, font(12, 400), column - 22 - measure.measureText(entry.count).width) + entry.count;
      items.push({ type: "text", role: "legend", x: x + 16, y: base, text: text, size: 12, weight: 400, color: INK });
    });
    y += row * Math.ceil(words.legend.length / columns) + 4;
    lines(words.sizes, 12, 400, INK, "sizes");
    y += 6;
    lines(words.sources, 12, 400, INK, "sources");
    lines(words.credit, 12, 400, MUTED, "credit");
    y += margin;
    return { width: width, height: Math.ceil(y), map: map, items: items };
  }
  function paintFrame(context, frame) {
    frame.items.forEach(function (item) {
      context.fillStyle = item.color;
      if (item.type === "swatch") {
        context.beginPath();
        context.arc(item.x, item.y, item.r, 0, Math.PI * 2);
        context.fill();
        return;
      }
      context.font = item.weight + " " + item.size + "px " + FONT;
      context.fillText(item.text, item.x, item.y);
    });
  }
  // Draws the view at `ratio` canvas pixels a CSS pixel for `draw`, then as it was. Sigma and the
  // page's layers read window.devicePixelRatio when they size their canvases, so it is raised
  // for the time of one frame (a screen that has the pixels already draws as it is).
  function drawnAt(ratio, draw) {
    var own = Object.getOwnPropertyDescriptor(window, "devicePixelRatio");
    var raise = (window.devicePixelRatio || 1) < ratio;
    if (raise) {
      Object.defineProperty(window, "devicePixelRatio", { configurable: true, get: function () { return ratio; } });
      renderer.resize(true);
    }
    try {
      linkVersion++;
      refreshAll();  // draws now, so the WebGL canvases still hold the frame below
      if (!richLinks) { sharpenLinks(); }
      return draw();
    } finally {
      if (raise) {
        if (own) { Object.defineProperty(window, "devicePixelRatio", own); } else { delete window.devicePixelRatio; }
        renderer.resize(true);
        linkVersion++;
        refreshAll();
        if (!richLinks) { sharpenLinks(); }  // the page, as the picture, sharp at once
      }
    }
  }
  // `mapOnly`: the drawn network alone, without the words around it.
  function exportPNG(scale, mapOnly) {
    scale = scale || Math.max(EXPORT_SCALE, window.devicePixelRatio || 1);
    var frame = exportFrame();
    if (mapOnly) {
      frame = { width: frame.map.w, height: frame.map.h, map: { x: 0, y: 0, w: frame.map.w, h: frame.map.h }, items: [] };
    }
    return drawnAt(scale, function () {
      var out = document.createElement("canvas");
      out.width = Math.round(frame.width * scale);
      out.height = Math.round(frame.height * scale);
      var context = out.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, out.width, out.height);
      var map = frame.map;
      container.querySelectorAll("canvas").forEach(function (canvas) {
        if (canvas.style.display === "none") { return; }
        context.globalAlpha = canvas.style.opacity === "" ? 1 : +canvas.style.opacity;
        context.filter = canvas.style.filter || "none";  // the faded nodes under the emphasis layer
        context.drawImage(canvas, map.x * scale, map.y * scale, map.w * scale, map.h * scale);
      });
      context.globalAlpha = 1;
      context.filter = "none";
      context.setTransform(scale, 0, 0, scale, 0, 0);
      paintFrame(context, frame);
      return out.toDataURL("image/png");
    });
  }
  var SVG = "http://www.w3.org/2000/svg";
  function svgElement(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
    return node;
  }
  function exportSVG() {
    refreshAll();
    var frame = exportFrame();
    var width = container.clientWidth, height = container.clientHeight;
    var svg = svgElement("svg", { xmlns: SVG, width: frame.width, height: frame.height, viewBox: "0 0 " + frame.width + " " + frame.height,
      "font-family": FONT });
    svg.appendChild(svgElement("rect", { width: frame.width, height: frame.height, fill: "#ffffff" }));
    var title = svgElement("title", {});
    title.textContent = frame.items[0].text;
    svg.appendChild(title);
    var clip = svgElement("clipPath", { id: "graphkit-map" });
    clip.appendChild(svgElement("rect", { width: width, height: height }));
    svg.appendChild(clip);
    var network = svgElement("g", { transform: "translate(" + frame.map.x + " " + frame.map.y + ")", "clip-path": "url(#graphkit-map)" });
    svg.appendChild(network);
    var inView = function (p) { return p && p.x > -20 && p.y > -20 && p.x < width + 20 && p.y < height + 20; };
    var links = svgElement("g", { stroke: "#8c98a6", "stroke-opacity": 0.5, "stroke-linecap": "round" });
    edgeList.forEach(function (e, i) {
      if (edgeHidden[i]) { return; }
      var a = viewportOf(e.from), b = viewportOf(e.to);
      if (!a || !b || !(inView(a) || inView(b))) { return; }
      var data = richLinks ? renderer.getEdgeDisplayData(String(i)) : null;
      var colour = data && data.color ? data.color : "#8c98a6";
      if (!richLinks && state.selected !== null) {
        colour = e.from === state.selected || e.to === state.selected ? EDGE_STRONG : DIM_EDGE;
      } else if (!richLinks && emphasis !== null && !(emphasis.has(e.from) && emphasis.has(e.to))) {
        colour = DIM_EDGE;
      }
      links.appendChild(svgElement("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        "stroke-width": data && data.size ? data.size.toFixed(1) : 1, stroke: colour }));
    });
    network.appendChild(links);
    var dots = svgElement("g", { stroke: "#ffffff", "stroke-width": 0.5 });
    nodeList.forEach(function (n, i) {
      var at = viewportOf(i);
      if (!inView(at)) { return; }
      var data = renderer.getNodeDisplayData(String(i));
      var fill = emphasisInLayer && !emphasis.has(i) ? DIM_NODE : data.color;
      dots.appendChild(svgElement("circle", { cx: at.x.toFixed(1), cy: at.y.toFixed(1), r: at.size.toFixed(1), fill: fill }));
    });
    network.appendChild(dots);
    var texts = svgElement("g", { "font-size": LABEL_SIZE, "font-weight": 500, fill: "#1f2933",
      stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke" });
    placed.forEach(function (box) {
      var text = svgElement("text", box.community
        ? { x: box.left.toFixed(1), y: box.base.toFixed(1), "font-size": COMMUNITY_SIZE, "font-weight": 700, fill: box.color, "stroke-width": 4, "class": "gk-community" }
        : { x: box.left.toFixed(1), y: box.base.toFixed(1) });
      text.textContent = box.label;
      texts.appendChild(text);
    });
    network.appendChild(texts);
    var words = svgElement("g", { "class": "gk-frame" });
    frame.items.forEach(function (item) {
      if (item.type === "swatch") {
        words.appendChild(svgElement("circle", { cx: item.x, cy: item.y, r: item.r, fill: item.color, "class": "gk-swatch" }));
        return;
      }
      var text = svgElement("text", { x: item.x, y: item.y, "font-size": item.size, "font-weight": item.weight, fill: item.color, "class": "gk-" + item.role });
      text.textContent = item.text;
      words.appendChild(text);
    });
    svg.appendChild(words);
    return new XMLSerializer().serializeToString(svg);
  }
  // The picture alone (graphkit view --png/--svg): the network fills the window, no controls.
  function picture() {
    document.body.classList.add("gk-picture");
    renderer.resize(true);
    fitMain();
    refreshAll();
  }
  function download(name, url) {
    var link = el("a");
    link.download = name;
    link.href = url;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  $("graphkit-png").addEventListener("click", function () { download("graphkit-view.png", exportPNG()); });
  $("graphkit-svg").addEventListener("click", function () {
    download("graphkit-view.svg", "data:image/svg+xml;charset=utf-8," + encodeURIComponent(exportSVG()));
  });

  // ---- the view's state in the URL hash ------------------------------------------------------
  var restoring = true;
  var saveTimer = null;
  function saveState() {
    if (restoring) { return; }
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      var params = new URLSearchParams();
      if (search.value.trim()) { params.set("q", search.value.trim()); }
      if (state.selected !== null) { params.set("node", nodeList[state.selected].key); }
      if (state.hiddenKinds.size) { params.set("hide-kinds", Array.from(state.hiddenKinds).join(",")); }
      var hiddenNow = Array.from(state.hiddenCommunities).sort().join(",");
      if (hiddenNow !== hiddenAtFirst.slice().sort().join(",")) { params.set("hide-communities", hiddenNow); }
      if (state.minMeetings) { params.set("min-meetings", String(state.minMeetings)); }
      if (state.minDegree) { params.set("min-links", String(state.minDegree)); }
      if (payload.dateRange && state.from && state.from !== payload.dateRange[0]) { params.set("from", state.from); }
      if (payload.dateRange && state.to && state.to !== payload.dateRange[1]) { params.set("to", state.to); }
      var camera = renderer.getCamera().getState();
      params.set("view", [camera.x, camera.y, camera.ratio].map(function (v) { return v.toFixed(4); }).join(","));
      try { history.replaceState(null, "", "#" + params.toString()); } catch (error) { /* a sandboxed frame */ }
    }, 250);
  }
  function restoreState() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var list = function (name) { return (params.get(name) || "").split(",").filter(Boolean); };
    list("hide-kinds").forEach(function (key) {
      if (kindBoxes.has(key)) { state.hiddenKinds.add(key); kindBoxes.get(key).checked = false; }
    });
    if (params.has("hide-communities")) {  // the URL's choice replaces what is hidden at first
      state.hiddenCommunities.clear();
      communityBoxes.forEach(function (box) { box.checked = true; });
    }
    list("hide-communities").forEach(function (key) {
      if (communityBoxes.has(key)) { state.hiddenCommunities.add(key); communityBoxes.get(key).checked = false; }
    });
    state.minMeetings = Math.max(0, parseInt(params.get("min-meetings"), 10) || 0);
    minInput.value = String(state.minMeetings);
    $("graphkit-min-value").textContent = String(state.minMeetings);
    state.minDegree = Math.max(0, parseInt(params.get("min-links"), 10) || 0);
    degreeInput.value = String(state.minDegree);
    $("graphkit-degree-value").textContent = String(state.minDegree);
    var iso = /^\d{4}-\d{2}-\d{2}$/;
    if (payload.dateRange && iso.test(params.get("from") || "")) { state.from = params.get("from"); }
    if (payload.dateRange && iso.test(params.get("to") || "")) { state.to = params.get("to"); }
    showDates();
    if (params.get("q")) { search.value = params.get("q"); state.query = fold(search.value.trim()); }
    var node = params.get("node");
    if (node !== null && byKey.has(node)) { state.selected = byKey.get(node); }
    else if (payload.focus !== null && payload.focus !== undefined) { state.selected = payload.focus; }
    var view = list("view").map(Number);
    return view.length === 3 && view.every(isFinite) && view[2] > 0 ? view : null;
  }

  // ---- start ------------------------------------------------------------------------------------
  // Indexed once and drawn once: filters, URL state and search first, then the camera.
  var view = restoreState();
  applyFilters(false);
  showPanel(state.selected);
  if (state.query && state.selected === null) { runSearch(false); }
  renderer.refresh({ schedule: true });
  sigmaDimmed = emphasis !== null && !emphasisInLayer;
  sigmaForced = new Set(forced);
  renderer.process();  // the graph's extent, which placing the camera needs
  renderer.needToProcess = false;
  if (view) { renderer.getCamera().setState({ x: view[0], y: view[1], ratio: view[2] }); } else { fitMain(); }
  renderer.render();
  timings.drawn = performance.now();
  linksStarted = true;
  restoring = false;
  window.graphkitView = {
    renderer: renderer, graph: graph, nodes: nodeList, links: edgeList, state: state, select: select,
    applyFilters: applyFilters, exportPNG: exportPNG, exportSVG: exportSVG, fitMain: fitMain,
    labelBoxes: function () { return placed.filter(function (b) { return !b.community; }).map(function (b) { return { key: b.key, label: b.label, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }; }); },
    communityLabels: function () { return placed.filter(function (b) { return b.community; }).map(function (b) { return { key: b.key.slice(10), label: b.label, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }; }); },
    exportFrame: exportFrame, picture: picture,
    hidden: function (i) { return Boolean(nodeHidden[i]); },
    edgeHidden: function (i) { return Boolean(edgeHidden[i]); },
    forced: function () { return Array.from(forced); },
    linkLayer: function () { return Object.assign({}, linkLayer); },
    setSharpLength: function (pixels) { SHARP_LENGTH = pixels; },  // the tests draw coarse frames on small graphs
    // and draw emphases on the layer, or fade them in sigma, on them
    setLayerEmphasis: function (graphNodes, nodes) { LAYER_NODES = graphNodes; LAYER_EMPHASIS = nodes; },
    emphasised: function () { return emphasis === null ? null : Array.from(emphasis); },
    ready: false, timings: timings, counts: counts
  };
  // Ready once the first frame has been composited: the frame's callbacks run before the
  // browser commits it (and, in software WebGL, draws it), the task after it runs once it has.
  requestAnimationFrame(function () {
    timings.frame = performance.now();
    setTimeout(function () {
      timings.painted = performance.now();
      window.graphkitView.ready = true;
      container.setAttribute("data-ready", "true");
    }, 0);
  });
})();
