// A dashboard on /dashboards/{id} and /embed/dashboards/{id}: a CSS grid of panels, every panel a
// Panel, all of them fed by ONE multiplexed LiveSocket for the whole page (a browser allows only a
// few connections per host). Frames go straight into the panels' stores; the page's one render loop
// draws the panels in view that have something new, a few per animation frame within a budget, so
// a dozen panels never add up to one long task. Edit mode moves panels by dragging and resizes them
// by a corner handle, snapped to the grid; Save sends the layout with PUT /api/dashboards/{id} and the admin key (asked once, kept in
// sessionStorage, never in a URL). Stream and definition text is data, never markup: textContent only.

import { Panel } from './panel.js';
import { LiveSocket } from './live-socket.js';
import { loop, theme } from './runtime.js';
import { parseDuration } from './time.js';
import { el } from './dom.js';

var MAX_ROWS = 100;                  // the server's bound: y + h <= 100
var DEFAULT_COLUMNS = 12;
var DEFAULT_ROW_HEIGHT = 120;
var KEY_STORAGE = 'plotstream.adminKey';
var WEBGL_PANELS = 6;
var NEVER_WEBGL = 1e9;
var MESSAGE_MS = 4000;

var body = document.body;
var dashboardId = body.dataset.dashboardId || '';
var embedded = body.dataset.embed === 'true';
var scatterglThreshold = Number(body.dataset.scatterglThreshold || 2000);
var staleAfterMs = Number(body.dataset.staleAfterMs || 60000);
var viewKey = new URLSearchParams(window.location.search).get('key');

var grid = byId('grid');
var statusEl = byId('status');
var titleEl = byId('title');
var messageEl = byId('message');
var rangeSelect = byId('range');
var editButton = byId('edit');
var saveButton = byId('save');
var cancelButton = byId('cancel');
var keyForm = byId('key-form');
var keyInput = byId('admin-key');
var keyCancel = byId('key-cancel');

var definition = null;   // the definition as last loaded or saved
var columns = DEFAULT_COLUMNS;
var rowHeight = DEFAULT_ROW_HEIGHT;
var tiles = [];          // { index, spec, el, graph, message, stateEl, panel, visible, state }
var byPlot = Object.create(null);
var conn = null;
var editing = false;
var before = null;       // layout and range when edit mode began, for Cancel
var messageTimer = 0;
var resizeQueued = false;
var resizeWanted = [];

// What tests and the browser benchmark read.
var api = window.plotstreamDashboard = {
  state: 'loading',
  frames: 0,
  saves: 0,
  definition: function () { return definition; },
  layout: function () { return tiles.map(function (t) { return copySpec(t.spec); }); },
  panelStats: function () {
    return tiles.map(function (t) {
      var s = (t.panel && t.panel.stats) || {};
      var paints = (t.panel && t.panel.layer && t.panel.layer.paints) || {};
      return { plot: t.spec.plot, state: t.state, visible: t.visible, draws: s.draws || 0,
        snapshots: s.snapshots || 0, extends: s.extends || 0, resyncs: s.resyncs || 0,
        points: s.points || 0, window: s.window || 0, reduced: s.reduced || 0,
        layouts: s.layouts || 0, rangeLayouts: s.rangeLayouts || 0, canvasTraces: s.canvasTraces || 0,
        reactMs: s.reactMs || 0, rangeMs: s.rangeMs || 0, slowReacts: s.slowReacts || 0, slowRanges: s.slowRanges || 0,
        wholePaints: paints.whole || 0, bandPaints: paints.bands || 0, keptPaints: paints.kept || 0 };
    });
  },
  // the render loop's counters and, per panel, what it knows (for the benchmark's report)
  loop: function () {
    return Object.assign({}, loop.stats, { entries: loop.entries.map(function (e) {
      return { dirty: e.dirty, inView: e.inView, busy: e.busy, queued: e.layoutQueued, costMs: Math.round(e.costMs * 10) / 10,
          layoutCostMs: Math.round(e.layoutCostMs * 10) / 10 };
    }) });
  },
  timeRangeMs: function () { return parseDuration(rangeSelect ? rangeSelect.value : (definition && definition.timeRange)); }
};

function byId(id) {
  return document.getElementById(id);
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, v));
}

function copySpec(p) {
  var c = { plot: p.plot, x: p.x, y: p.y, w: p.w, h: p.h };
  if (typeof p.title === 'string' && p.title !== '') {
    c.title = p.title;
  }
  return c;
}

function setStatus(state, text) {
  api.state = state;
  if (statusEl) {
    statusEl.dataset.state = state;
    statusEl.textContent = text;
  }
}

// kind: info, ok, error. Errors stay until replaced; the others fade.
function showMessage(kind, text) {
  window.clearTimeout(messageTimer);
  if (!messageEl) {
    return;
  }
  messageEl.dataset.kind = kind;
  messageEl.textContent = text;
  messageEl.hidden = false;
  if (kind !== 'error') {
    messageTimer = window.setTimeout(function () { messageEl.hidden = true; }, MESSAGE_MS);
  }
}

function hideMessage() {
  window.clearTimeout(messageTimer);
  if (messageEl) {
    messageEl.hidden = true;
  }
}

function serverMessage(status, text) {
  var message = '';
  try {
    var parsed = JSON.parse(text);
    message = parsed && (parsed.error || parsed.message) || '';
  } catch (e) {
    message = (text || '').trim();
  }
  return typeof message === 'string' && message ? message : 'HTTP ' + status;
}

function viewHeaders() {
  var headers = { Accept: 'application/json' };
  if (viewKey) {
    headers['X-View-Key'] = viewKey; // a header, not the URL: keys stay out of logs
  }
  return headers;
}

// ---------------------------------------------------------------- loading

function load() {
  setStatus('connecting', 'loading…');
  fetch('/api/dashboards/' + encodeURIComponent(dashboardId),
    { credentials: 'same-origin', cache: 'no-store', headers: viewHeaders() })
    .then(function (response) {
      return response.text().then(function (text) { return { status: response.status, text: text }; });
    })
    .then(function (answer) {
      if (answer.status === 200) {
        var parsed = JSON.parse(answer.text);
        build(parsed && parsed.panels === undefined && parsed.dashboard ? parsed.dashboard : parsed);
      } else if (answer.status === 404) {
        failed('No dashboard “' + dashboardId + '” on this server.');
      } else if (answer.status === 401 || answer.status === 403) {
        failed('This dashboard needs a view key: open the page with ?key=<view key> ('
          + serverMessage(answer.status, answer.text) + ').');
      } else {
        failed('Cannot load the dashboard: ' + serverMessage(answer.status, answer.text));
      }
    })
    .catch(function (e) {
      failed('Cannot load the dashboard (' + e.message + ').');
    });
}

function failed(text) {
  setStatus('error', 'not loaded');
  showMessage('error', text);
  if (editButton) {
    editButton.disabled = true;
  }
}

function build(def) {
  definition = def;
  columns = clamp(Math.floor(Number(def.columns) || DEFAULT_COLUMNS), 1, 24);
  rowHeight = clamp(Math.floor(Number(def.rowHeight) || DEFAULT_ROW_HEIGHT), 40, 1000);
  var title = typeof def.title === 'string' && def.title ? def.title : dashboardId;
  if (titleEl) {
    titleEl.textContent = title;
  }
  document.title = title + ' · dashboard';
  grid.style.gridTemplateColumns = 'repeat(' + columns + ', minmax(0, 1fr))';
  grid.style.gridAutoRows = rowHeight + 'px';
  grid.style.setProperty('--row-height', rowHeight + 'px');

  var panels = Array.isArray(def.panels) ? def.panels : [];
  panels.forEach(function (spec, i) {
    addTile(copySpec(spec), i);
  });
  if (panels.length === 0) {
    showMessage('info', 'This dashboard has no panels yet.');
  }
  setRangeSelect(def.timeRange);
  applyTimeRange();
  observeVisibility();

  var ids = Object.keys(byPlot);
  if (ids.length === 0) {
    setStatus('live', 'no panels');
    return;
  }
  window.setInterval(checkWebgl, 1000);
  conn = new LiveSocket({
    plots: ids,
    width: widest(), // per panel its own width follows (onWidth) once drawn
    onFrame: receive,
    onState: function (state, text) { setStatus(state, text || state); }
  });
}

// ---------------------------------------------------------------- panels

function addTile(spec, index) {
  var tile = { index: index, spec: spec, visible: true, state: 'connecting' };
  var node = el('section', 'tile');
  node.dataset.plot = spec.plot;
  node.dataset.index = String(index);
  node.setAttribute('aria-label', spec.title || spec.plot);
  var head = el('header', 'tile-head');
  var name;
  if (embedded) {
    name = el('span', 'tile-title', spec.title || spec.plot);
  } else {
    name = el('a', 'tile-title', spec.title || spec.plot);
    name.href = '/plots/' + encodeURIComponent(spec.plot);
  }
  var stateEl = el('span', 'tile-state');
  head.appendChild(name);
  head.appendChild(stateEl);
  var graph = el('div', 'tile-graph');
  var message = el('p', 'tile-message');
  message.hidden = true;
  var cover = el('div', 'tile-cover');      // takes the pointer in edit mode, above plotly's drag layers
  var handle = el('div', 'tile-resize');
  handle.title = 'drag to resize';
  node.appendChild(head);
  node.appendChild(graph);
  node.appendChild(message);
  node.appendChild(cover);
  node.appendChild(handle);
  grid.appendChild(node);

  tile.el = node;
  tile.name = name;
  tile.graph = graph;
  tile.message = message;
  tile.stateEl = stateEl;
  place(tile);
  makePanel(tile, index < WEBGL_PANELS && webglWorks() ? scatterglThreshold : NEVER_WEBGL);

  cover.addEventListener('pointerdown', function (e) { gesture(tile, 'move', e); });
  handle.addEventListener('pointerdown', function (e) { gesture(tile, 'resize', e); });
  node.addEventListener('keydown', function (e) { keyboard(tile, e); });
  if (window.ResizeObserver) {
    new ResizeObserver(function () { queueResize(tile); }).observe(graph);
  }
  tiles.push(tile);
  (byPlot[spec.plot] = byPlot[spec.plot] || []).push(tile);
  return tile;
}

// Without WebGL (disabled, blocklisted GPU, headless without a GPU) plotly's scattergl draws only
// "WebGL is not supported": such browsers get SVG panels. Asked once; the probe context is released.
var webgl = null;
function webglWorks() {
  if (webgl === null) {
    var gl = null;
    try {
      gl = document.createElement('canvas').getContext('webgl', { preserveDrawingBuffer: true });
    } catch (e) {
      gl = null;
    }
    // scattergl needs these two (regl's instanced drawing and 32-bit indices)
    webgl = !!(gl && gl.getExtension('ANGLE_instanced_arrays') && gl.getExtension('OES_element_index_uint'));
    var lose = gl && gl.getExtension('WEBGL_lose_context');
    if (lose) {
      lose.loseContext();
    }
  }
  return webgl;
}

// A browser keeps only ~16 WebGL contexts per page (plotly's scattergl takes two per graph; the
// oldest are lost beyond that): the first WEBGL_PANELS panels may switch to WebGL, the rest stay SVG.
function makePanel(tile, threshold) {
  tile.threshold = threshold;
  tile.panel = new Panel(tile.graph, {
    plotId: tile.spec.plot,
    scatterglThreshold: threshold,
    staleAfterMs: staleAfterMs,
    compact: false,
    onResync: function () { resync(tile); },
    onWidth: function (px) { if (conn) { conn.setWidth(tile.spec.plot, px); } },
    onState: function (state) { tileState(tile, state); }
  });
  tile.panel.setTimeRange(parseDuration(currentRangeText()));
  tile.panel.setInView(tile.visible);
}

// The widest panel's plot area (an estimate before the first draw): the socket's starting width.
function widest() {
  return tiles.reduce(function (max, t) { return Math.max(max, t.panel.width()); }, 1);
}

// plotly could not start WebGL after all (e.g. headless, or a context limit): SVG from now on, and
// the panels that show plotly's "WebGL is not supported" start over from a fresh snapshot.
function checkWebgl() {
  tiles.forEach(function (tile) {
    if (tile.threshold !== NEVER_WEBGL && tile.graph.querySelector('.no-webgl')) {
      webgl = false;
      tile.panel.destroy();
      tile.graph.replaceChildren();
      makePanel(tile, NEVER_WEBGL);
      resync(tile);
    }
  });
}

function place(tile) {
  var s = tile.spec;
  tile.el.style.gridColumn = (s.x + 1) + ' / span ' + s.w;
  tile.el.style.gridRow = (s.y + 1) + ' / span ' + s.h;
  tile.el.style.setProperty('--h', String(s.h));
}

var STATE_TEXT = { live: '', stale: 'stale', paused: 'paused', gone: 'deleted', missing: 'missing', connecting: '' };

function tileState(tile, state) {
  tile.state = state;
  tile.el.dataset.state = state;
  tile.stateEl.textContent = STATE_TEXT[state] !== undefined ? STATE_TEXT[state] : state;
  if (state === 'missing') {
    tile.message.textContent = 'No plot “' + tile.spec.plot + '” on this server: it was never defined or has been deleted.';
  } else if (state === 'gone') {
    tile.message.textContent = 'The plot “' + tile.spec.plot + '” was deleted.';
  }
  tile.message.hidden = state !== 'missing' && state !== 'gone';
}

function resync(tile) {
  if (conn) {
    conn.resync(tile.spec.plot);
  }
}

// One frame of the shared socket: to every panel showing that plot (out of view too: it is only
// not drawn).
function receive(frame) {
  api.frames++;
  if (frame && frame.type === 'engine') { // the node lost (or got back) its engine: every panel hears it
    Object.keys(byPlot).forEach(function (plot) {
      byPlot[plot].forEach(function (tile) {
        deliver(tile, frame);
      });
    });
    return;
  }
  var list = frame && byPlot[frame.plot];
  if (!list) {
    return;
  }
  for (var i = 0; i < list.length; i++) {
    deliver(list[i], frame);
  }
}

function titleOf(figure) {
  var title = figure && figure.layout && figure.layout.title;
  if (typeof title === 'string') {
    return title;
  }
  return title && typeof title.text === 'string' ? title.text : '';
}

// A panel is small: its title goes into the panel's header (as text), the graph gets tight margins
// and a legend above it, unless the figure sets them itself. The frame may feed several panels, so
// it is copied, never changed.
function forPanel(tile, frame) {
  var figure = frame.figure || {};
  var title = titleOf(figure);
  if (!tile.spec.title) {
    tile.name.textContent = title || tile.spec.plot;
  }
  var layout = Object.assign({}, figure.layout || {});
  var traces = Array.isArray(figure.data) ? figure.data.length : 0;
  delete layout.title;
  if (layout.margin === undefined) {
    layout.margin = { l: 44, r: 12, t: traces > 1 ? 26 : 8, b: 38 };
  }
  if (layout.legend === undefined && traces > 1) {
    layout.legend = { orientation: 'h', x: 0, xanchor: 'left', y: 1, yanchor: 'bottom' };
  }
  var copy = Object.assign({}, frame);
  copy.figure = Object.assign({}, figure, { layout: layout });
  return copy;
}

function deliver(tile, frame) {
  tile.panel.frame(frame.type === 'snapshot' ? forPanel(tile, frame) : frame);
}

// Out of view a panel still follows its stream (cheap: points into its stores) but is not drawn;
// back in view, it draws what it has in the next animation frame.
function setVisible(tile, visible) {
  if (tile.visible === visible) {
    return;
  }
  tile.visible = visible;
  tile.panel.setInView(visible);
}

function observeVisibility() {
  if (!window.IntersectionObserver) {
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var tile = tiles[Number(entry.target.dataset.index)];
      if (tile) {
        setVisible(tile, entry.isIntersecting);
      }
    });
  }, { rootMargin: '200px 0px' });
  tiles.forEach(function (tile) { observer.observe(tile.el); });
}

// Plotly relayouts are costly: at most one round per animation frame, only for boxes that changed.
function queueResize(tile) {
  if (resizeWanted.indexOf(tile) < 0) {
    resizeWanted.push(tile);
  }
  if (resizeQueued) {
    return;
  }
  resizeQueued = true;
  window.requestAnimationFrame(function () {
    resizeQueued = false;
    var now = resizeWanted;
    resizeWanted = [];
    now.forEach(function (t) {
      if (t.visible) {
        t.panel.resize();
      }
    });
  });
}

// ---------------------------------------------------------------- time range

function setRangeSelect(text) {
  if (!rangeSelect) {
    return;
  }
  var value = typeof text === 'string' ? text : '';
  var known = Array.prototype.some.call(rangeSelect.options, function (o) { return o.value === value; });
  if (!known && parseDuration(value) !== null) {
    var option = el('option', '', 'last ' + value);
    option.value = value;
    rangeSelect.appendChild(option);
  }
  rangeSelect.value = known || parseDuration(value) !== null ? value : '';
}

function currentRangeText() {
  if (rangeSelect) {
    return rangeSelect.value || null;
  }
  return definition && typeof definition.timeRange === 'string' ? definition.timeRange : null;
}

function applyTimeRange() {
  var ms = parseDuration(currentRangeText());
  tiles.forEach(function (t) { t.panel.setTimeRange(ms); });
}

// ---------------------------------------------------------------- editing

function setEditing(on) {
  editing = on;
  body.classList.toggle('editing', on);
  if (editButton) {
    editButton.hidden = on;
    editButton.setAttribute('aria-pressed', String(on));
  }
  if (saveButton) {
    saveButton.hidden = !on;
  }
  if (cancelButton) {
    cancelButton.hidden = !on;
  }
  if (on) {
    before = { layout: api.layout(), range: rangeSelect ? rangeSelect.value : '' };
  } else if (keyForm) {
    keyForm.hidden = true;
  }
  tiles.forEach(function (t) {
    if (on) {
      t.el.tabIndex = 0;
    } else {
      t.el.removeAttribute('tabindex');
    }
  });
}

function cancelEditing() {
  if (before) {
    tiles.forEach(function (t, i) {
      t.spec = before.layout[i];
      place(t);
    });
    if (rangeSelect) {
      rangeSelect.value = before.range;
      applyTimeRange();
    }
  }
  hideMessage();
  setEditing(false);
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// Puts the active panel at `next` and pushes whatever it would cover further down, starting again
// from the layout at the gesture's start (so panels move back when the dragged one moves on).
function arrange(active, next, base) {
  var placed = [next];
  var result = [];
  result[active.index] = next;
  var others = tiles.filter(function (t) { return t !== active; }).sort(function (a, b) {
    var pa = base[a.index];
    var pb = base[b.index];
    return pa.y - pb.y || pa.x - pb.x;
  });
  others.forEach(function (t) {
    var p = copySpec(base[t.index]);
    while (placed.some(function (q) { return overlaps(p, q); }) && p.y + p.h < MAX_ROWS) {
      p.y++;
    }
    placed.push(p);
    result[t.index] = p;
  });
  tiles.forEach(function (t) {
    var p = result[t.index];
    if (p.x !== t.spec.x || p.y !== t.spec.y || p.w !== t.spec.w || p.h !== t.spec.h) {
      t.spec = p;
      place(t);
    }
  });
}

function moved(spec, mode, dc, dr) {
  var next = copySpec(spec);
  if (mode === 'move') {
    next.x = clamp(spec.x + dc, 0, columns - spec.w);
    next.y = clamp(spec.y + dr, 0, MAX_ROWS - spec.h);
  } else {
    next.w = clamp(spec.w + dc, 1, columns - spec.x);
    next.h = clamp(spec.h + dr, 1, MAX_ROWS - spec.y);
  }
  return next;
}

function pitch() {
  var style = window.getComputedStyle(grid);
  var colGap = parseFloat(style.columnGap) || 0;
  var rowGap = parseFloat(style.rowGap) || 0;
  var width = grid.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
  return { col: (width - colGap * (columns - 1)) / columns + colGap, row: rowHeight + rowGap };
}

function gesture(tile, mode, start) {
  if (!editing || start.button !== 0) {
    return;
  }
  start.preventDefault();
  var target = start.currentTarget;
  target.setPointerCapture(start.pointerId);
  var cell = pitch();
  var base = api.layout();
  var origin = base[tile.index];
  tile.el.classList.add(mode === 'move' ? 'moving' : 'resizing');
  function move(e) {
    var dc = Math.round((e.clientX - start.clientX) / cell.col);
    var dr = Math.round((e.clientY - start.clientY) / cell.row);
    arrange(tile, moved(origin, mode, dc, dr), base);
  }
  function end() {
    target.removeEventListener('pointermove', move);
    target.removeEventListener('pointerup', end);
    target.removeEventListener('pointercancel', end);
    tile.el.classList.remove('moving', 'resizing');
  }
  target.addEventListener('pointermove', move);
  target.addEventListener('pointerup', end);
  target.addEventListener('pointercancel', end);
}

// Edit mode without a mouse: arrows move the focused panel one cell, Shift+arrows resize it.
function keyboard(tile, e) {
  if (!editing) {
    return;
  }
  var d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
  if (!d) {
    return;
  }
  e.preventDefault();
  arrange(tile, moved(tile.spec, e.shiftKey ? 'resize' : 'move', d[0], d[1]), api.layout());
}

function definitionToSave() {
  var def = { id: definition.id || dashboardId };
  if (typeof definition.title === 'string') {
    def.title = definition.title;
  }
  def.columns = columns;
  def.rowHeight = rowHeight;
  var range = currentRangeText();
  if (range) {
    def.timeRange = range;
  }
  def.panels = api.layout();
  return def;
}

function storedKey() {
  try {
    return window.sessionStorage.getItem(KEY_STORAGE);
  } catch (e) {
    return null;
  }
}

function storeKey(key) {
  try {
    if (key) {
      window.sessionStorage.setItem(KEY_STORAGE, key);
    } else {
      window.sessionStorage.removeItem(KEY_STORAGE);
    }
  } catch (e) {
    // storage disabled: the key lasts for this attempt only
  }
}

function askKey() {
  keyForm.hidden = false;
  keyInput.value = '';
  keyInput.focus();
}

function save(key) {
  var def = definitionToSave();
  var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (key) {
    headers.Authorization = 'Bearer ' + key;
  }
  saveButton.disabled = true;
  showMessage('info', 'saving…');
  fetch('/api/dashboards/' + encodeURIComponent(dashboardId), {
    method: 'PUT', headers: headers, body: JSON.stringify(def), credentials: 'same-origin', cache: 'no-store'
  })
    .then(function (response) {
      return response.text().then(function (text) { return { status: response.status, text: text }; });
    })
    .then(function (answer) {
      if (answer.status >= 200 && answer.status < 300) {
        definition = def;
        api.saves++;
        setEditing(false);
        showMessage('ok', 'Layout saved.');
      } else if ((answer.status === 401 || answer.status === 403) && !key) {
        showMessage('info', 'Saving needs the admin key.');
        askKey();
      } else if (answer.status === 401 || answer.status === 403) {
        storeKey(null);
        showMessage('error', 'Not saved (' + answer.status + '): ' + serverMessage(answer.status, answer.text));
        askKey();
      } else {
        showMessage('error', 'Not saved (' + answer.status + '): ' + serverMessage(answer.status, answer.text));
      }
    })
    .catch(function (e) {
      showMessage('error', 'Not saved: ' + e.message);
    })
    .finally(function () {
      saveButton.disabled = false;
    });
}

// ---------------------------------------------------------------- wiring

if (rangeSelect) {
  rangeSelect.addEventListener('change', applyTimeRange);
}
if (editButton) {
  editButton.addEventListener('click', function () { setEditing(true); });
}
if (cancelButton) {
  cancelButton.addEventListener('click', cancelEditing);
}
if (saveButton) {
  saveButton.addEventListener('click', function () { save(storedKey()); });
}
if (keyForm) {
  keyForm.addEventListener('submit', function (e) {
    e.preventDefault(); // the key never goes into a URL or a form submission
    var key = keyInput.value;
    keyInput.value = '';
    if (!key) {
      return;
    }
    storeKey(key);
    keyForm.hidden = true;
    save(key);
  });
}
if (keyCancel) {
  keyCancel.addEventListener('click', function () { keyForm.hidden = true; hideMessage(); });
}

var themeButton = byId('theme');
if (themeButton) {
  if (theme()) {
    theme().bindToggle(themeButton);
  } else {
    themeButton.hidden = true;
  }
}

if (!window.Plotly) {
  failed('plotly.js did not load.');
} else {
  load();
}
