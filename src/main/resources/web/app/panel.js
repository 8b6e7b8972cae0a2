// Panel: one live plot in one graph div, fed the frames of its plot (snapshot, extend, gone,
// missing) by whoever owns the socket. Frames go into per-trace stores as they arrive (cheap: no
// drawing); the page's one render loop (runtime.js) calls render() at most once per animation
// frame while the panel is in view and has something new. A render hands plotly only what the
// pixels can show: per streamed line trace its M4 points for the plot's pixel width (real points
// with all their attributes, so hover is exact), the raw points when they fit. Other trace types
// are drawn exactly, by plotly's own path. It buffers while paused, keeps the user's zoom and legend
// clicks (uirevision), applies the theme, shows a "stale" badge when the plot had no update for
// staleAfterMs, draws history for the part of a time range (or of a zoom) the live window does not
// hold, joined to the live edge, and "Back to live" returns.
//
// Stream text is data, never markup: every string handed to plotly.js is entity-escaped first
// (plotly renders a subset of HTML in text, names and titles), and the DOM is built with textContent.
//
//   const panel = new Panel(graphDiv, { plotId: 'a', scatterglThreshold: 2000, staleAfterMs: 60000,
//     compact: false, onResync() {}, onState(state, text) {}, onTitle(text) {},
//     onViewChange(range) {} /* {from, to} while the user holds an x range, else null */,
//     onWidth(px) {} /* the plot area's width changed: tell the server (reduced snapshots) */,
//     badges: true /* stale/gone/missing badge and Back to live button over the graph */ });
//   panel.frame(frame); panel.setTimeRange(ms|null); panel.setPaused(bool); panel.setInView(bool);
//   panel.resize(); panel.destroy(); panel.backToLive(); panel.viewRange(); panel.width();
//   panel.stats  // { snapshots, extends, draws, resyncs, state, buffered, historyFetches, points }

import { escapeStrings } from './escape.js';
import { formatDate, formatDuration, parseDate, xNumber } from './time.js';
import { extendCopy, hasPoints, isValidExtend, mergeExtends } from './frames.js';
import { TraceStore } from './trace-store.js';
import { Plotstream, loop, now, theme, viewKeyFromUrl } from './runtime.js';
import { axisInterval, axisKey, axisScale, canvasTrace, pixelPath, traceStyle } from './canvas-plan.js';
import { CanvasLayer } from './canvas-layer.js';
import { paintKey } from './canvas-damage.js';
import { NONE, URGENT, RANGE, REFRESH_MS, LEAD_MS, MAX_LEAD_FRACTION, copyRefreshMs, edgeVelocity, followRange, heldRange, layoutMode, layoutWant } from './relayout-policy.js';

const MAX_BUFFERED_FRAMES = 1000;   // while paused; beyond this a fresh snapshot is cheaper
const STALE_CHECK_MS = 1000;
const HISTORY_DEBOUNCE_MS = 300;
const MAX_HISTORY_POINTS = 20000;
const RANGE_HISTORY_MIN_GAP_MS = 2000; // a time range's history is fetched again when the live edge moved this far
const LEGEND_KEY_PREFIX = 'plotstream.legend.';
const CANVAS_UID = 'ps-canvas-'; // plotly's copy of a canvas trace: class "traceps-canvas-<k>", hidden by style.css

// ---- small helpers --------------------------------------------------------------------------

function titleOf(layout) {
  const title = layout && layout.title;
  if (typeof title === 'string') {
    return title;
  }
  return title && typeof title.text === 'string' ? title.text : '';
}

/** Widens extent ({min, max}) to the y values a store's plan draws (its whole window when plan is null). */
function yExtent(store, plan, extent) {
  const from = plan === null ? store.start : 0;
  const to = plan === null ? store.end : plan.length;
  for (let i = from; i < to; i++) {
    const y = store.ys[(plan === null ? i : plan[i]) - store.offset];
    if (y < extent.min) {
      extent.min = y;
    }
    if (y > extent.max) {
      extent.max = y;
    }
  }
}

/** Puts a range we state (not plotly's autorange) on the layout's axis `key`. */
function statedRange(layout, key, range) {
  layout[key] = layout[key] && typeof layout[key] === 'object' ? layout[key] : {};
  layout[key].range = range;
  layout[key].autorange = false;
}

function storageGet(key) {
  try {
    const text = window.localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

function storageSet(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch (e) {
    // storage blocked or full: the state lasts for this page only
  }
}

function axisKeys(layout, data) {
  const keys = { xaxis: true, yaxis: true };
  for (const key of Object.keys(layout)) {
    if (/^[xy]axis[0-9]*$/.test(key)) {
      keys[key] = true;
    }
  }
  for (const trace of data) {
    if (typeof trace.xaxis === 'string' && /^x[0-9]*$/.test(trace.xaxis)) {
      keys['xaxis' + trace.xaxis.slice(1)] = true;
    }
    if (typeof trace.yaxis === 'string' && /^y[0-9]*$/.test(trace.yaxis)) {
      keys['yaxis' + trace.yaxis.slice(1)] = true;
    }
  }
  return Object.keys(keys);
}

function getPath(object, path) {
  let value = object;
  for (const part of path) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = value[part];
  }
  return value;
}

function setPath(object, path, value) {
  let target = object;
  for (let i = 0; i < path.length - 1; i++) {
    if (target[path[i]] === null || typeof target[path[i]] !== 'object') {
      target[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
    }
    target = target[path[i]];
  }
  target[path[path.length - 1]] = value;
}

/**
 * The theme's colours for what the figure's own layout leaves unset (a figure's explicit colour
 * wins; a template it carries does not: the viewer's theme does). [path, value] pairs.
 */
export function themeEntries(layout, data, colors) {
  const entries = [];
  function unlessSet(path, value) {
    if (getPath(layout, path) === undefined) {
      entries.push([path, value]);
    }
  }
  unlessSet(['paper_bgcolor'], colors.paper);
  unlessSet(['plot_bgcolor'], colors.plot);
  unlessSet(['font', 'color'], colors.font);
  unlessSet(['legend', 'bgcolor'], colors.legendBg);
  unlessSet(['modebar', 'bgcolor'], 'rgba(0,0,0,0)');
  unlessSet(['modebar', 'color'], colors.modebar);
  unlessSet(['modebar', 'activecolor'], colors.modebarActive);
  for (const axis of axisKeys(layout, data)) {
    unlessSet([axis, 'gridcolor'], colors.grid);
    unlessSet([axis, 'zerolinecolor'], colors.zeroline);
    unlessSet([axis, 'linecolor'], colors.axisLine);
  }
  // Threshold lines and bands (layout.shapes, from the definition's "thresholds"): readable on both.
  (Array.isArray(layout.shapes) ? layout.shapes : []).forEach((shape, i) => {
    if (!shape || typeof shape !== 'object') {
      return;
    }
    unlessSet(['shapes', i, 'line', 'color'], colors.shapeLine);
    if (shape.type === 'rect') {
      unlessSet(['shapes', i, 'fillcolor'], colors.bandFill);
    }
  });
  return entries;
}

// ---- the panel ------------------------------------------------------------------------------

export class Panel {
  constructor(graphDiv, options = {}) {
    this.gd = graphDiv;
    this.plotId = String(options.plotId);
    this.scatterglThreshold = Number(options.scatterglThreshold) > 0 ? Number(options.scatterglThreshold) : 2000;
    this.staleAfterMs = Number(options.staleAfterMs) > 0 ? Number(options.staleAfterMs) : 60000;
    this.compact = !!options.compact;
    this.onResync = options.onResync || (() => {});
    this.onState = options.onState || (() => {});
    this.onViewChange = options.onViewChange || (() => {});
    this.onTitle = options.onTitle || (() => {});
    this.onWidth = options.onWidth || (() => {});
    this.stats = {
      snapshots: 0, extends: 0, draws: 0, resyncs: 0, state: 'connecting', buffered: 0, merged: 0,
      historyFetches: 0, historyDraws: 0, points: 0, window: 0, reduced: 0, layouts: 0, rangeLayouts: 0, canvasTraces: 0,
      reactMs: 0, rangeMs: 0, slowReacts: 0, slowRanges: 0 // script time of each kind of layout; how many took > 50 ms
    };
    this.buffered = [];
    this.paused = false;
    this.snapshotOnResume = false;
    this.ended = null;            // 'gone' or 'missing'
    this.destroyed = false;
    this.figureLayout = null;     // the last snapshot's layout, escaped, before theme and our additions
    this.layoutTemplate = null;   // figureLayout themed, with our ui revisions (null: to be made again)
    this.traces = [];             // the snapshot's traces (escaped), one per store
    this.stores = [];             // TraceStore per streamed trace
    this.history = null;          // { kind: 'zoom'|'range', from, to, traces: [{index, x, y, xs}] }
    this.historySeq = 0;
    this.historyTimer = null;
    this.historyInFlight = false;
    this.userRange = null;        // the x range the user holds (zoom or pan), null while following live
    this.liveGeneration = 0;
    this.timeRangeMs = null;
    this.lastUpdateAt = null;
    this.stale = false;
    this.engineDown = null;       // why the node has no engine now (cluster), else null
    this.revision = 0;
    this.reportedWidth = 0;
    this.legendKey = LEGEND_KEY_PREFIX + this.plotId;
    this.listening = false;
    this.rendering = false;
    // The canvas layer (issue 16 item 3): streamed lines painted every frame, plotly laid out when needed
    this.layer = new CanvasLayer(graphDiv);
    this.onCanvas = [];           // per store: painted on the canvas (plotly holds a hidden copy)
    this.needsLayout = true;      // something only a plotly layout shows (snapshot, zoom, size, history...)
    this.dataVersion = 0;         // bumped per applied frame
    this.layoutDataVersion = -1;  // the data version plotly's copies were made from
    this.layoutAt = -Infinity;    // performance.now() of the last full layout (react: plotly's copies made)
    this.mode = null;             // how the wanted layout is done (relayout-policy.js layoutMode: REACT, RANGE)
    this.pathScratch = [];        // per store, pixelPath's buffer, reused paint after paint (no garbage per frame)
    this.ownRanges = [];          // our range-only relayouts ({'xaxis.range': [..], ...}) whose plotly_relayout event is still to come
    this.heldAxes = {};           // y axis keys whose range we state as plotly's autorange would (heldRange)
    this.userY = {};              // per y axis key, the range the user zoomed it to (then not held)
    this.prepared = null;
    this.timeRangeShown = null;   // the time range's interval as last laid out (ms), or null
    this.following = false;       // the x range is ours: the live edge plus a lead
    this.edge = null;
    this.velocity = 0;
    this.laidOut = false;
    this.repaint = true;
    this.refreshTimer = null;
    this.entry = loop.add(this);
    // Hover reads plotly's copy: it is refreshed often only while the pointer is over the panel
    // (relayout-policy.js copyRefreshMs); entering asks for the refresh now if it is due.
    this.pointerOver = false;
    this.dataChangedAt = -Infinity;
    this.onPointer = (event) => {
      this.pointerOver = event.type === 'pointerenter';
      if (this.pointerOver && !this.destroyed) {
        loop.markDirty(this.entry);
      }
    };
    graphDiv.addEventListener('pointerenter', this.onPointer);
    graphDiv.addEventListener('pointerleave', this.onPointer);

    if (options.badges !== false) {
      this.buildOverlay();
    }
    this.staleTimer = window.setInterval(() => {
      this.checkStale();
      this.tickTimeRange();
    }, STALE_CHECK_MS);
    const themes = theme();
    if (themes) {
      this.unsubscribeTheme = themes.onChange(() => {
        this.layoutTemplate = null;
        this.changed();
      });
    }
  }

  buildOverlay() {
    const host = this.gd.parentNode;
    if (!host) {
      return;
    }
    host.classList.add('ps-host');
    const overlay = document.createElement('div');
    overlay.className = 'ps-overlay';
    const badge = document.createElement('span');
    badge.className = 'ps-badge';
    badge.setAttribute('role', 'status');
    badge.hidden = true;
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'ps-back-live';
    back.textContent = 'Back to live';
    back.hidden = true;
    back.addEventListener('click', () => this.backToLive());
    overlay.appendChild(badge);
    overlay.appendChild(back);
    if (this.gd.nextSibling) {
      host.insertBefore(overlay, this.gd.nextSibling);
    } else {
      host.appendChild(overlay);
    }
    this.overlay = overlay;
    this.badge = badge;
    this.backButton = back;
  }

  setState(state, text) {
    const changed = this.stats.state !== state || this.stateText !== text;
    this.stats.state = state;
    this.stateText = text;
    // called for every frame: touch the DOM only when the state changed (each write costs the page
    // a style recalculation, 360 a second on a 12-panel dashboard)
    if (this.badge && (changed || this.badge.dataset.state !== state)) {
      const shown = state === 'stale' || state === 'gone' || state === 'missing';
      this.badge.hidden = !shown;
      this.badge.dataset.state = state;
      this.badge.textContent = shown ? text : '';
    }
    if (changed) {
      try {
        this.onState(state, text);
      } catch (e) {
        // a listener's bug must not stop the panel
      }
    }
  }

  refreshState() {
    if (this.ended === 'gone') {
      this.setState('gone', 'plot deleted');
    } else if (this.ended === 'missing') {
      this.setState('missing', 'no such plot: ' + this.plotId);
    } else if (this.paused) {
      this.setState('paused', this.snapshotOnResume ? 'paused · many updates waiting'
        : 'paused · ' + this.buffered.length + ' updates waiting');
    } else if (this.engineDown) {
      // the node lost its cluster's engine: what is drawn stays, nothing new comes until it is back
      this.setState('stale', 'stale · ' + this.engineDown);
    } else if (this.stale) {
      this.setState('stale', 'stale · no update for ' + formatDuration(now() - this.lastUpdateAt));
    } else if (this.stats.snapshots > 0) {
      this.setState('live', 'live');
    }
  }

  checkStale() {
    const stale = this.lastUpdateAt !== null && !this.ended && now() - this.lastUpdateAt >= this.staleAfterMs;
    if (stale || this.stale) {
      this.stale = stale;
      this.refreshState();
    }
  }

  /** One frame of this panel's plot, from the socket. */
  frame(frame) {
    if (this.destroyed || !frame) {
      return;
    }
    if (frame.type === 'engine') { // for every plot of the socket (docs: server/web/Frames)
      this.engineDown = frame.live ? null : String(frame.reason || 'the server lost its engine');
      this.refreshState();
      return;
    }
    if (typeof frame.plot === 'string' && frame.plot !== this.plotId) {
      return;
    }
    if (frame.type === 'gone' || frame.type === 'missing') {
      this.ended = frame.type;
      this.buffered = [];
      this.refreshState();
      return;
    }
    if (frame.type !== 'snapshot' && frame.type !== 'extend') {
      return;
    }
    if (frame.type === 'extend' && !isValidExtend(frame)) {
      this.requestResync(); // not something extendTraces can apply: start over from a whole figure
      return;
    }
    this.ended = null;
    if (frame.type === 'snapshot') {
      this.stats.snapshots++;
      const age = Number(frame.ageMs);
      this.lastUpdateAt = frame.ageMs === undefined || isNaN(age) ? now() : (age < 0 ? null : now() - age);
    } else {
      this.stats.extends++;
      if (hasPoints(frame.update)) {
        this.lastUpdateAt = now();
      }
    }
    this.checkStale();
    if (!this.paused) {
      this.apply(frame);
      this.refreshState();
      return;
    }
    // Paused: keep buffering (consecutive extends merged); a snapshot makes everything before it moot.
    if (frame.type === 'snapshot') {
      this.buffered = [frame];
      this.snapshotOnResume = false;
    } else {
      const last = this.buffered[this.buffered.length - 1];
      if (last && last.type === 'extend' && last.private && mergeExtends(last, frame)) {
        this.stats.merged++;
      } else if (this.buffered.length >= MAX_BUFFERED_FRAMES) {
        this.buffered = [];
        this.snapshotOnResume = true;
      } else {
        const copy = extendCopy(frame);
        copy.private = true;
        this.buffered.push(copy);
      }
    }
    this.stats.buffered = this.buffered.length;
    this.refreshState();
  }

  apply(frame) {
    if (frame.type === 'snapshot') {
      this.applySnapshot(frame);
    } else {
      this.applyExtend(frame.private ? frame : extendCopy(frame));
    }
    this.dataVersion++;
    this.dataChangedAt = performance.now();
    this.changed();
  }

  applySnapshot(frame) {
    const figure = escapeStrings(frame.figure || {});
    const layout = figure.layout && typeof figure.layout === 'object' ? figure.layout : {};
    const maxPoints = Array.isArray(frame.maxPoints) ? frame.maxPoints : [];
    const counts = Array.isArray(frame.traceCounts) ? frame.traceCounts : [];
    const reduced = Array.isArray(frame.reduced) ? frame.reduced : [];
    const data = this.largeWindowsAsWebGl(Array.isArray(figure.data) ? figure.data : [], maxPoints);
    const legend = storageGet(this.legendKey) || {};
    data.forEach((trace, i) => {
      if (trace.legendgroup === undefined) {
        trace.legendgroup = 'ps-trace-' + i; // history traces join it: one legend click hides both
      }
      const remembered = legend[i + ':' + (trace.name || '')];
      if (remembered === true || remembered === false || remembered === 'legendonly') {
        trace.visible = remembered;
      }
    });
    if (this.history && this.history.traces.some((t) => t.index >= data.length)) {
      this.history = null; // the traces changed: the history drawn no longer matches them
    }
    this.figureLayout = layout;
    this.layoutTemplate = null;
    this.traces = data;
    this.stores = data.map((trace, k) => new TraceStore(trace, counts[k], maxPoints[k], reduced[k] || null));
    // a line of numbers or dates goes on the canvas; categories (x that is no number) take plotly's path
    this.onCanvas = data.map((trace, k) => canvasTrace(trace) && !(this.stores[k].length > 0 && !isFinite(this.stores[k].firstX())));
    this.needsLayout = true;
    this.edge = null;
    const title = titleOf(frame.figure && frame.figure.layout) || this.plotId; // unescaped: for textContent only
    if (title !== this.title) {
      this.title = title;
      try {
        this.onTitle(title);
      } catch (e) {
        // a listener's bug must not stop the panel
      }
    }
  }

  applyExtend(frame) {
    if (!this.figureLayout) {
      return; // no snapshot yet: nothing to extend (the snapshot that comes includes it)
    }
    for (let j = 0; j < frame.traceIndices.length; j++) {
      const store = this.stores[frame.traceIndices[j]];
      const max = Array.isArray(frame.maxPoints) ? Number(frame.maxPoints[j]) : -1;
      if (!store || !store.extend(frame.update, j, max)) {
        this.requestResync();
        return;
      }
      if (!this.onCanvas[frame.traceIndices[j]]) {
        this.needsLayout = true; // a trace plotly draws: only a layout shows its new points
      }
    }
  }

  setPaused(paused) {
    paused = !!paused;
    if (paused === this.paused) {
      return;
    }
    this.paused = paused;
    if (!paused) {
      const waiting = this.buffered;
      this.buffered = [];
      this.stats.buffered = 0;
      if (this.snapshotOnResume) {
        this.snapshotOnResume = false;
        this.requestResync();
      } else {
        for (const frame of waiting) {
          this.apply(frame);
        }
      }
    }
    this.refreshState();
  }

  requestResync() {
    this.stats.resyncs++;
    try {
      this.onResync();
    } catch (e) {
      // nothing more to do: the next snapshot (e.g. after a reconnect) repairs the panel
    }
  }

  /** Something new to draw: the render loop calls render() in a coming animation frame. */
  changed() {
    if (!this.destroyed) {
      this.repaint = true;
      loop.markDirty(this.entry);
    }
  }

  /** Plotly owes a layout (its hover copy is behind the data, or one was not granted): come back for it. */
  owed(want) {
    if (this.destroyed) {
      return;
    }
    if (want === URGENT) {
      loop.markDirty(this.entry); // next frame that grants one (nothing to repaint meanwhile)
    } else if (this.refreshTimer === null) {
      // lazily: once the refresh is due (the loop grants lazy layouts only into spare time)
      this.refreshTimer = window.setTimeout(() => {
        this.refreshTimer = null;
        if (!this.destroyed) {
          loop.markDirty(this.entry);
        }
      }, REFRESH_MS); // then the policy says whether the copy is due (copyRefreshMs)
    }
  }

  /** Panels out of view are not drawn (their stores still follow the stream). */
  setInView(inView) {
    loop.setInView(this.entry, !!inView);
  }

  config() {
    const config = { responsive: true, displaylogo: false };
    if (this.compact) {
      config.displayModeBar = false;
      config.scrollZoom = false;
      config.doubleClick = false;
    }
    return config;
  }

  /** The layout to draw: the snapshot's, themed, with our ui revisions. */
  makeLayoutTemplate() {
    const layout = JSON.parse(JSON.stringify(this.figureLayout));
    if (layout.uirevision === undefined) {
      layout.uirevision = 'live'; // the same value on every redraw: zoom, pan and legend clicks survive updates
    }
    layout.xaxis = layout.xaxis && typeof layout.xaxis === 'object' ? layout.xaxis : {};
    // Its own revision, bumped by "Back to live", so the user's x range can be dropped on purpose.
    layout.xaxis.uirevision = 'live-' + this.liveGeneration;
    const themes = theme();
    if (themes) {
      for (const entry of themeEntries(this.figureLayout, this.traces, themes.colors())) {
        setPath(layout, entry[0], entry[1]);
      }
    }
    if (this.compact) {
      layout.showlegend = false;
      layout.title = { text: '' };
      layout.margin = { l: 36, r: 8, t: 8, b: 24 };
      layout.xaxis.fixedrange = true;
      layout.yaxis = layout.yaxis && typeof layout.yaxis === 'object' ? layout.yaxis : {};
      layout.yaxis.fixedrange = true;
    }
    return layout;
  }

  isDateAxis() {
    const type = this.figureLayout && this.figureLayout.xaxis && this.figureLayout.xaxis.type;
    if (type) {
      return type === 'date';
    }
    const full = this.gd._fullLayout;
    if (full && full.xaxis && full.xaxis.type) {
      return full.xaxis.type === 'date';
    }
    return this.stores.some((s) => s.dates);
  }

  /** The dashboard's shared range on date x axes, unless the user holds a range of their own. */
  applyTimeRange(layout) {
    if (this.timeRangeMs === null || this.userRange !== null || !this.isDateAxis()) {
      return null;
    }
    // ends a little ahead of the clock, so the canvas shows new points for a while before plotly
    // must slide the axis again (relayout-policy.js, kind 'clock')
    // (LEAD_MS, or two pixels of a long range, at most a tenth of it)
    const lead = this.canvasActive()
      ? Math.min(Math.max(LEAD_MS, 2 * this.timeRangeMs / this.width()), MAX_LEAD_FRACTION * this.timeRangeMs) : 0;
    const end = now() + lead;
    layout.xaxis.range = [formatDate(end - this.timeRangeMs), formatDate(end)];
    layout.xaxis.autorange = false;
    this.rangeMovedAt = end;
    return [end - this.timeRangeMs, end];
  }

  /** A shared time range slides with the clock also when no point arrives (once a second at most). */
  tickTimeRange() {
    if (this.timeRangeMs === null || this.userRange !== null || this.paused || !this.figureLayout
        || now() - (this.rangeMovedAt || 0) < 1000 || !this.isDateAxis()) {
      return;
    }
    this.changed();
  }

  largeWindowsAsWebGl(traces, maxPoints) {
    const threshold = this.scatterglThreshold;
    return traces.map((trace, i) => {
      const size = Math.max(maxPoints[i] || 0, (trace.x && trace.x.length) || 0, (trace.y && trace.y.length) || 0);
      if ((trace.type === undefined || trace.type === 'scatter') && size > threshold) {
        trace.type = 'scattergl';
      }
      return trace;
    });
  }

  /** The plot area's width in CSS pixels (what one trace can show), 1..8192. */
  width() {
    const size = this.gd._fullLayout && this.gd._fullLayout._size;
    const w = size && size.w > 0 ? size.w : (this.gd.clientWidth || 400) - 80;
    return Math.max(1, Math.min(8192, Math.round(w)));
  }

  /** The x interval the user holds, as numbers on the axis, or null. */
  userRangeNumbers() {
    if (this.userRange === null) {
      return null;
    }
    const date = this.isDateAxis();
    let a = xNumber(this.userRange[0], date);
    let b = xNumber(this.userRange[1], date);
    if (isNaN(a) || isNaN(b)) {
      return null;
    }
    return a <= b ? [a, b] : [b, a];
  }

  /**
   * What to draw now, computed once per data change, width and view: per store its plan (M4
   * positions, or null for the whole window); the canvas paints it and plotly's copies hold it.
   */
  prepare() {
    const width = this.width();
    const view = this.userRangeNumbers() || this.timeRangeShown;
    const key = this.dataVersion + '|' + width + '|' + (view ? view[0] + ',' + view[1] : '-');
    if (this.prepared && this.prepared.key === key) {
      return this.prepared;
    }
    let points = 0;
    let reduced = 0;
    const plans = this.stores.map((store) => {
      const plan = store.plan(width, view);
      if (plan !== null) {
        reduced++;
      }
      points += plan === null ? store.length : plan.length;
      return plan;
    });
    this.stats.points = points;
    this.stats.window = this.stores.reduce((sum, store) => sum + store.length, 0);
    this.stats.reduced = reduced;
    this.prepared = { key, width, plans };
    return this.prepared;
  }

  /** True while some streamed trace is painted on the canvas rather than by plotly. */
  canvasActive() {
    return this.onCanvas.some((on) => on);
  }

  /**
   * Whether plotly must lay the figure out before the canvas can show what is new (render loop:
   * NONE, LAZY, URGENT; relayout-policy.js). A panel without canvas traces needs it for every change.
   */
  layoutWant() {
    if (this.destroyed || !this.figureLayout) {
      return NONE;
    }
    const full = this.gd._fullLayout;
    this.mode = null; // a full layout unless the policy says a range-only one does
    if (this.needsLayout || this.layoutTemplate === null || !full || !full._size || !this.canvasActive()) {
      return URGENT;
    }
    const prepared = this.prepare();
    const axes = {};
    const fullData = this.gd._fullData || [];
    this.stores.forEach((store, k) => {
      const ft = fullData[k];
      if (!this.onCanvas[k] || !ft || ft.visible !== true || store.length === 0) {
        return;
      }
      const xKey = axisKey(ft.xaxis, 'x');
      const yKey = axisKey(ft.yaxis, 'y');
      const xa = axes[xKey] || (axes[xKey] = this.policyAxis(full[xKey], this.xKind(full[xKey], xKey)));
      const ya = axes[yKey] || (axes[yKey] = this.policyAxis(full[yKey], this.yKind(full[yKey], yKey)));
      if (!xa || !ya) {
        return;
      }
      xa.min = Math.min(xa.min, store.firstX());
      xa.max = Math.max(xa.max, store.lastX());
      yExtent(store, prepared.plans[k], ya);
    });
    const evaluatedAt = performance.now();
    const policyAxes = Object.keys(axes).map((k) => axes[k]).filter((a) => a !== null);
    const state = {
      structure: false,
      now: evaluatedAt,
      lastLayoutAt: this.layoutAt,
      changedSinceLayout: this.dataVersion !== this.layoutDataVersion,
      axes: policyAxes,
      clockNow: now(),
      refreshMs: copyRefreshMs(this.pointerOver, evaluatedAt - this.dataChangedAt, policyAxes.some((a) => a.kind === 'auto'))
    };
    const want = layoutWant(state);
    this.mode = want === NONE ? null : layoutMode(state);
    return want;
  }

  xKind(ax, key) {
    if (!ax) {
      return 'fixed';
    }
    if (key === 'xaxis' && this.userRange !== null) {
      return 'fixed';
    }
    if (key === 'xaxis' && this.timeRangeShown) {
      return 'clock';
    }
    if (key === 'xaxis' && this.following) {
      return 'follow';
    }
    return ax.autorange === true ? 'auto' : 'fixed';
  }

  yKind(ax, key) {
    if (!ax) {
      return 'fixed';
    }
    if (this.heldAxes[key]) {
      return 'held';
    }
    return ax.autorange === true ? 'auto' : 'fixed';
  }

  policyAxis(ax, kind) {
    const scale = axisScale(ax);
    if (!scale) {
      return null;
    }
    const interval = axisInterval(scale);
    return { kind, lo: interval[0], hi: interval[1], pxPerUnit: scale.log ? 0 : Math.abs(scale.m), min: Infinity, max: -Infinity };
  }

  /**
   * Called by the render loop, at most once per animation frame: paints the streamed lines on the
   * canvas with the axes plotly last laid out, after asking plotly for a new layout first when the
   * loop granted one (layout) and this panel wants one. Returns plotly's promise when it laid out.
   */
  render(layout = true) {
    this.laidOut = false;
    if (this.destroyed || !this.figureLayout) {
      return undefined;
    }
    let result;
    const want = this.layoutWant();
    if (want !== NONE && layout) {
      const t0 = performance.now();
      const ranges = this.stats.rangeLayouts;
      result = (this.mode === RANGE && this.relayoutRange()) || this.layoutPlotly();
      this.laidOut = true;
      const ms = performance.now() - t0;
      const range = this.stats.rangeLayouts !== ranges;
      this.stats[range ? 'rangeMs' : 'reactMs'] += ms;
      if (ms > 50) {
        this.stats[range ? 'slowRanges' : 'slowReacts']++;
      }
    }
    // paint when something changed (new points, legend, theme...) or plotly laid out new axes
    if (this.repaint || this.laidOut) {
      this.repaint = false;
      if (this.paintCanvas() || this.laidOut) {
        this.stats.draws++;
      }
    }
    if (!this.laidOut && want !== NONE) {
      this.owed(want);
    } else if (this.dataVersion !== this.layoutDataVersion) {
      this.owed(NONE); // nothing urgent, but plotly's copy is behind: refresh it lazily
    }
    return result;
  }

  /** Paints every visible canvas trace against plotly's current axes; false when there was nothing to paint on. */
  paintCanvas() {
    const full = this.gd._fullLayout;
    if (!this.canvasActive()) {
      this.stats.canvasTraces = 0;
      if (this.layer.canvas) {
        this.layer.destroy();
      }
      return false;
    }
    if (!full || !this.layer.sync(full)) {
      return false;
    }
    const prepared = this.prepare();
    const fullData = this.gd._fullData || [];
    const traces = [];
    this.stores.forEach((store, k) => {
      if (!this.onCanvas[k]) {
        return;
      }
      const ft = fullData[k];
      const style = traceStyle(ft);
      if (!style) {
        return; // hidden (legend) or drawing nothing
      }
      const xs = axisScale(full[axisKey(ft.xaxis, 'x')]);
      const ys = axisScale(full[axisKey(ft.yaxis, 'y')]);
      if (!xs || !ys) {
        // an axis the canvas cannot map (categories, range breaks): plotly draws this trace itself
        this.onCanvas[k] = false;
        this.needsLayout = true;
        this.changed();
        return;
      }
      const scratch = this.pathScratch[k] || (this.pathScratch[k] = {});
      const path = pixelPath(store.xs, store.ys, store.offset, prepared.plans[k], store.start, store.end, xs, ys,
        ft.connectgaps === true, scratch);
      const clip = { x: xs.offset, y: ys.offset, w: xs.length, h: ys.length };
      traces.push({ key: paintKey(k, style, clip), style, points: path.points, clip });
    });
    this.layer.paint(traces);
    this.stats.canvasTraces = traces.length;
    return true;
  }

  /** One plotly draw of the figure: layout, axes, legend, other trace types, hidden copies of the canvas traces. */
  layoutPlotly() {
    if (this.layoutTemplate === null) {
      this.layoutTemplate = this.makeLayoutTemplate();
    }
    this.needsLayout = false;
    const layout = JSON.parse(JSON.stringify(this.layoutTemplate));
    const timeRange = this.applyTimeRange(layout);
    this.timeRangeShown = timeRange;
    if (this.userRange !== null) {
      // plotly keeps a user's range only while our layout's value stays the same: say it ourselves
      layout.xaxis.range = this.userRange.slice();
      layout.xaxis.autorange = false;
    }
    const stamp = performance.now();
    this.following = this.applyFollowRange(layout, stamp);
    layout.datarevision = ++this.revision;
    const prepared = this.prepare();
    this.applyYRanges(layout, prepared);
    const width = prepared.width;
    const current = this.gd.data || [];
    const data = this.stores.map((store, k) => {
      const trace = store.trace(prepared.plans[k]);
      if (this.onCanvas[k]) {
        // plotly's copy: the planned real points (hover and autorange read them), drawn hidden
        // (style.css) under the canvas, which paints the line every frame
        trace.type = 'scatter';
        trace.uid = CANVAS_UID + k;
      }
      // a legend click the user made since the snapshot wins (uirevision keeps it for plotly too)
      if (current[k] && current[k].visible !== undefined && current[k].meta !== 'history') {
        trace.visible = current[k].visible;
      }
      return trace;
    });
    this.gd.classList.toggle('ps-canvas-on', this.canvasActive());
    this.stats.layouts++;
    if (this.history) {
      this.stats.historyDraws++;
    }
    this.layoutAt = stamp;
    this.layoutDataVersion = this.dataVersion;
    this.rendering = true;
    let result;
    try {
      result = Plotly.react(this.gd, data.concat(this.historyFor(data)), layout, this.config());
    } finally {
      this.rendering = false;
    }
    return Promise.resolve(result).then(() => {
      this.listen();
      this.paintCanvas(); // plotly may have finished after the frame's paint
      if (timeRange) {
        this.wantRangeHistory(timeRange); // after the draw: the plot area's width is known
      }
      const w = this.width();
      if (w !== this.reportedWidth) {
        this.reportedWidth = w;
        try {
          this.onWidth(w);
        } catch (e) {
          // the server keeps sending full snapshots: nothing breaks
        }
        if (w !== width) {
          this.needsLayout = true;
          this.changed(); // reduced for a width that was not the final one
        }
      }
    }, (e) => {
      if (window.console) {
        window.console.warn('plotstream: redrawing from a snapshot after', e && e.message ? e.message : e);
      }
      this.requestResync();
    });
  }

  /**
   * Lays plotly out now, outside the render loop, when its copy is behind the data: for a user's
   * action that reads the copy (the PNG export renders plotly's traces, not the canvas). Returns a
   * promise that settles when the copy is current.
   */
  layoutNow() {
    if (this.destroyed || !this.figureLayout || (this.dataVersion === this.layoutDataVersion && !this.needsLayout)) {
      return Promise.resolve();
    }
    return Promise.resolve(this.layoutPlotly());
  }

  /**
   * The x edge we state (followed live edge, or a time range's clock) ran out of lead and nothing
   * else changed that plotly must show: move the x axis alone with a range-only Plotly.relayout
   * (ticks, grid, shapes redrawn; no defaults, calc or autorange), and paint the canvas on it.
   * Plotly's hidden copies keep their data: the lazy refresh (a react) renews them. Returns
   * plotly's promise, or null when the range is no longer ours (then the caller reacts).
   */
  relayoutRange() {
    const stamp = performance.now();
    const scratch = { xaxis: {} };
    const timeRange = this.timeRangeShown ? this.applyTimeRange(scratch) : null;
    const update = {};
    if (timeRange !== null || (this.following && this.applyFollowRange(scratch, stamp))) {
      update['xaxis.range'] = scratch.xaxis.range;
    }
    const held = Object.keys(this.heldAxes);
    if (held.length > 0) {
      const ranges = this.heldRanges(this.prepare(), held);
      if (ranges === null) {
        return null; // a held axis has no span any more: plotly autoranges it again
      }
      held.forEach((key) => {
        update[key + '.range'] = ranges[key];
      });
    }
    if (Object.keys(update).length === 0) {
      return null;
    }
    if (timeRange) {
      this.timeRangeShown = timeRange;
    }
    this.stats.layouts++;
    this.stats.rangeLayouts++;
    if (this.ownRanges.length >= 8) {
      this.ownRanges.shift(); // bounded: an event that never came no longer counts
    }
    this.ownRanges.push(update);
    let result;
    this.rendering = true;
    try {
      result = Plotly.relayout(this.gd, update);
    } catch (e) {
      result = Promise.reject(e);
    } finally {
      this.rendering = false;
    }
    // plotly emits plotly_relayout after its promise settles: by then relayouted() knows it is ours
    const settled = () => {
      const at = this.ownRanges.indexOf(update);
      if (at >= 0) {
        this.ownRanges.splice(at, 1);
      }
    };
    return Promise.resolve(result).then(() => {
      settled();
      this.paintCanvas(); // on the axis just laid out
      if (timeRange) {
        this.wantRangeHistory(timeRange);
      }
    }, () => {
      settled();
      this.needsLayout = true; // a full layout repairs what the relayout could not do
      this.changed();
    });
  }

  /** True when a plotly_relayout event is one of our own range-only relayouts, not the user's. */
  ownRelayout(event) {
    return this.ownRanges.some((own) => Object.keys(own).every((key) => {
      const range = event[key];
      return Array.isArray(range) && range[0] === own[key][0] && range[1] === own[key][1];
    }));
  }

  /**
   * The y axes we hold, and the user's y zooms: a y axis plotly would autorange over the canvas's
   * lines alone gets the range plotly's autorange gives (heldRange), stated in the layout, so that
   * moving it later is a range-only relayout rather than a react; a y range the user zoomed to is
   * stated too, since plotly keeps a user's value only while ours stays the same.
   */
  applyYRanges(layout, prepared) {
    Object.keys(this.userY).forEach((key) => statedRange(layout, key, this.userY[key].slice()));
    const keys = this.holdableAxes();
    const ranges = keys.length > 0 ? this.heldRanges(prepared, keys) : null;
    this.heldAxes = {};
    if (ranges === null) {
      return;
    }
    keys.forEach((key) => {
      statedRange(layout, key, ranges[key]);
      this.heldAxes[key] = true;
    });
  }

  /**
   * The y axis keys whose autorange we can state exactly as plotly would: linear, autoranged with
   * no range options, every trace on it a visible-or-hidden canvas line without markers, and
   * nothing else (shapes, annotations, history, inside tick labels) that plotly's autorange counts.
   */
  holdableAxes() {
    const tpl = this.layoutTemplate || {};
    const full = this.gd._fullLayout;
    const nonEmpty = (a) => Array.isArray(a) && a.length > 0;
    if (!full || !this.canvasActive() || this.history || nonEmpty(tpl.shapes) || nonEmpty(tpl.annotations)
        || nonEmpty(tpl.images) || /inside/.test((tpl.xaxis && tpl.xaxis.ticklabelposition) || '')) {
      return [];
    }
    const verdict = {};
    this.traces.forEach((trace, k) => {
      const key = axisKey(trace.yaxis, 'y');
      const mode = typeof trace.mode === 'string' ? trace.mode : 'lines';
      const ok = this.onCanvas[k] && mode.indexOf('markers') < 0 && mode.indexOf('text') < 0
        && !(trace.error_y && trace.error_y.visible);
      verdict[key] = verdict[key] !== false && ok;
    });
    return Object.keys(verdict).filter((key) => {
      const ax = tpl[key] || {};
      const fullAx = full[key];
      return verdict[key] && !this.userY[key] && fullAx && fullAx.type === 'linear' && !fullAx.rangebreaks
        && (ax.autorange === undefined || ax.autorange === true)
        && !(Array.isArray(ax.range) && ax.autorange !== true)
        && (ax.rangemode === undefined || ax.rangemode === 'normal')
        && ax.autorangeoptions === undefined && ax.scaleanchor === undefined && ax.matches === undefined
        && ax.constrain === undefined && !/inside/.test(ax.ticklabelposition || '');
    });
  }

  /** Per held key, plotly's autorange of what the canvas draws against it now; null when one has no span. */
  heldRanges(prepared, keys) {
    const fullData = this.gd._fullData || [];
    const extents = {};
    keys.forEach((key) => {
      extents[key] = { min: Infinity, max: -Infinity };
    });
    this.stores.forEach((store, k) => {
      const extent = extents[axisKey(this.traces[k].yaxis, 'y')];
      const ft = fullData[k];
      if (extent && ft && ft.visible === true && store.length > 0) {
        yExtent(store, prepared.plans[k], extent);
      }
    });
    const ranges = {};
    for (const key of keys) {
      const range = heldRange(extents[key].min, extents[key].max);
      if (range === null) {
        return null;
      }
      ranges[key] = range;
    }
    return ranges;
  }

  /**
   * While the panel follows the live edge on an x axis only canvas traces use, the range is ours:
   * the data's extent with a lead ahead of the newest point, so the canvas shows new points for a
   * while before plotly must lay out again. True when it set one.
   */
  applyFollowRange(layout, stamp) {
    const fixed = this.figureLayout.xaxis && (Array.isArray(this.figureLayout.xaxis.range)
      && this.figureLayout.xaxis.autorange !== true);
    if (this.userRange !== null || this.timeRangeShown || this.history || fixed || !this.canvasActive()
        || this.traces.some((t, k) => !this.onCanvas[k] || (t.xaxis !== undefined && t.xaxis !== 'x'))) {
      this.edge = null;
      return false;
    }
    let min = Infinity;
    let max = -Infinity;
    for (const store of this.stores) {
      if (store.length > 0) {
        min = Math.min(min, store.firstX());
        max = Math.max(max, store.lastX());
      }
    }
    const full = this.gd._fullLayout;
    const lengthPx = full && full.xaxis && full.xaxis._length > 0 ? full.xaxis._length : this.width();
    if (this.edge) {
      this.velocity = edgeVelocity(this.velocity, this.edge.x, max, stamp - this.edge.at);
    }
    this.edge = { x: max, at: stamp };
    const range = followRange(min, max, lengthPx, this.velocity);
    if (range === null) {
      return false;
    }
    const date = this.isDateAxis();
    layout.xaxis.range = date ? [formatDate(range[0]), formatDate(range[1])] : range;
    layout.xaxis.autorange = false;
    return true;
  }

  /**
   * A user's zoom or reset of a y axis: a zoomed one is the user's until reset (double click), not
   * held; the layouts state the user's range so that our changing ranges do not take it back.
   */
  userZoomedY(event) {
    const keys = {};
    Object.keys(event).forEach((name) => {
      const m = /^(yaxis[0-9]*)\.(range|range\[[01]\]|autorange)$/.exec(name);
      if (m) {
        const reset = m[2] === 'autorange' && (event[name] === true || event[name] === 'true');
        if (keys[m[1]] !== 'reset') {
          keys[m[1]] = reset ? 'reset' : 'zoom';
        }
      }
    });
    Object.keys(keys).forEach((key) => {
      if (keys[key] === 'reset') {
        delete this.userY[key];
      } else {
        const range = this.gd.layout && this.gd.layout[key] && this.gd.layout[key].range;
        if (Array.isArray(range)) {
          this.userY[key] = [range[0], range[1]];
          delete this.heldAxes[key];
        }
      }
      this.needsLayout = true;
      this.changed();
    });
  }

  /** History traces look like their streamed trace but have no legend entry, and stop where the live window starts. */
  historyFor(data) {
    if (!this.history) {
      return [];
    }
    const full = this.gd._fullData || [];
    const out = [];
    for (const answer of this.history.traces) {
      const base = data[answer.index];
      const store = this.stores[answer.index];
      if (!base || !store) {
        continue;
      }
      const fullTrace = full[answer.index] || {};
      const color = (fullTrace.line && fullTrace.line.color) || (fullTrace.marker && fullTrace.marker.color);
      // the live window's points are drawn by the live trace: history only before it, joined to its first point
      const liveFrom = store.firstX();
      let n = 0;
      while (n < answer.xs.length && answer.xs[n] < liveFrom) {
        n++;
      }
      const x = answer.x.slice(0, n);
      const y = answer.y.slice(0, n);
      const join = store.firstPoint();
      if (join && n > 0 && n < answer.xs.length + 1 && this.history.kind === 'range') {
        x.push(join.x);
        y.push(join.y);
      }
      const trace = {
        type: base.type === 'scattergl' ? 'scattergl' : 'scatter',
        mode: base.mode || fullTrace.mode || 'lines',
        x, y,
        name: base.name,
        legendgroup: base.legendgroup,
        showlegend: false,
        visible: base.visible,
        hoverinfo: 'x+y+name',
        meta: 'history'
      };
      if (typeof color === 'string') {
        trace.line = { color };
        trace.marker = { color };
      }
      if (base.xaxis) {
        trace.xaxis = base.xaxis;
      }
      if (base.yaxis) {
        trace.yaxis = base.yaxis;
      }
      out.push(trace);
    }
    return out;
  }

  // ---- user interaction: legend clicks, zoom and pan into history ------------------------------

  listen() {
    if (this.listening || typeof this.gd.on !== 'function') {
      return;
    }
    this.listening = true;
    this.gd.on('plotly_restyle', () => {
      this.rememberLegend();
      this.changed(); // plotly redrew what it draws; the canvas follows the legend
    });
    this.gd.on('plotly_relayout', (event) => this.relayouted(event || {}));
  }

  rememberLegend() {
    const data = this.gd.data || [];
    const legend = {};
    for (let i = 0; i < this.stores.length && i < data.length; i++) {
      const visible = data[i].visible;
      legend[i + ':' + (data[i].name || '')] = visible === undefined ? true : visible;
    }
    storageSet(this.legendKey, legend);
  }

  relayouted(event) {
    if (this.rendering || this.ownRelayout(event)) {
      return; // our own draw, not a user's zoom
    }
    this.userZoomedY(event);
    if (event['xaxis.autorange'] === true || event['xaxis.autorange'] === 'true') {
      this.userRange = null;
      this.showBack(false);
      this.onViewChange(null);
      if (this.history && this.history.kind === 'zoom') {
        this.historySeq++;
        this.history = null;
      }
      this.needsLayout = true;
      this.changed();
      return;
    }
    let range = event['xaxis.range'];
    if (!Array.isArray(range)) {
      if (event['xaxis.range[0]'] === undefined && event['xaxis.range[1]'] === undefined) {
        if (event.autosize || event.width || event.height) {
          this.needsLayout = true;
          this.changed(); // a new size: reduce for the new width
        }
        return; // not about the x axis
      }
      range = [event['xaxis.range[0]'], event['xaxis.range[1]']];
      const current = this.gd.layout && this.gd.layout.xaxis && this.gd.layout.xaxis.range;
      if (Array.isArray(current)) {
        range = [range[0] === undefined ? current[0] : range[0], range[1] === undefined ? current[1] : range[1]];
      }
    }
    if (range[0] === undefined || range[1] === undefined) {
      return;
    }
    this.userRange = [range[0], range[1]];
    this.showBack(true);
    this.onViewChange(this.viewRange());
    this.needsLayout = true;
    this.changed(); // the points in view, exact when they fit
    if (this.toNumber(range[0]) < this.windowStart() || (this.toNumber(range[1]) < this.windowStart())) {
      this.scheduleHistory();
    }
  }

  toNumber(value) {
    return this.isDateAxis() ? parseDate(value) : Number(value);
  }

  /** The first x of the live window over all streamed traces (Infinity when empty). */
  windowStart() {
    let start = Infinity;
    for (const store of this.stores) {
      const first = store.firstX();
      if (first < start) {
        start = first;
      }
    }
    return start;
  }

  /** The x range the user holds, as the API wants it ({from, to}), or null while following live. */
  viewRange() {
    const range = this.userRangeNumbers();
    if (range === null) {
      return null;
    }
    return this.isDateAxis() ? { from: formatDate(range[0]), to: formatDate(range[1]) }
      : { from: String(range[0]), to: String(range[1]) };
  }

  scheduleHistory() {
    if (this.historyTimer !== null) {
      window.clearTimeout(this.historyTimer);
    }
    const seq = ++this.historySeq; // answers to requests before this one are ignored from now on
    this.historyTimer = window.setTimeout(() => {
      this.historyTimer = null;
      const range = this.viewRange();
      if (range !== null && seq === this.historySeq && !this.destroyed) {
        this.fetchHistory(seq, 'zoom', range.from, range.to);
      }
    }, HISTORY_DEBOUNCE_MS);
  }

  /**
   * A time range longer than the live window: the part before the window comes from the history,
   * fetched again when the live edge has moved on by more than a couple of pixels (or 2 s).
   */
  wantRangeHistory(range) {
    if (this.historyInFlight || this.destroyed) {
      return;
    }
    const liveFrom = this.windowStart();
    if (!(liveFrom > range[0]) || !isFinite(liveFrom)) {
      return; // the live window holds the whole range
    }
    const slack = Math.max(RANGE_HISTORY_MIN_GAP_MS, 2 * (range[1] - range[0]) / this.width());
    const have = this.history && this.history.kind === 'range' ? this.history : null;
    if (have && have.from <= range[0] + slack && liveFrom - have.to <= slack) {
      return;
    }
    const seq = ++this.historySeq;
    this.fetchHistory(seq, 'range', formatDate(range[0]), formatDate(liveFrom), range[0], liveFrom);
  }

  fetchHistory(seq, kind, from, to, fromMs, toMs) {
    const points = Math.max(1, Math.min(MAX_HISTORY_POINTS, 4 * this.width()));
    let url = '/api/plots/' + encodeURIComponent(this.plotId) + '/history?from=' + encodeURIComponent(from)
      + '&to=' + encodeURIComponent(to) + '&points=' + points;
    const key = viewKeyFromUrl();
    if (key) {
      url += '&key=' + encodeURIComponent(key);
    }
    this.stats.historyFetches++;
    this.historyInFlight = true;
    const dates = this.isDateAxis();
    window.fetch(url, { cache: 'no-store', credentials: 'same-origin' }).then((response) => {
      if (!response.ok) {
        return response.text().then((text) => {
          throw new Error('history ' + response.status + ': ' + text);
        });
      }
      return response.json();
    }).then((answer) => {
      if (seq !== this.historySeq || this.destroyed || (kind === 'zoom' && this.userRange === null)
          || (kind === 'range' && (this.userRange !== null || this.timeRangeMs === null))) {
        return; // a newer request (or Back to live) made this answer moot
      }
      const traces = (answer && Array.isArray(answer.traces) ? answer.traces : []).filter((trace) => trace
        && Number.isInteger(trace.index) && trace.index >= 0 && trace.index < this.stores.length
        && Array.isArray(trace.x) && Array.isArray(trace.y)).map((trace) => {
        const x = escapeStrings(trace.x);
        return { index: trace.index, x, y: escapeStrings(trace.y), xs: Float64Array.from(x, (v) => xNumber(v, dates)) };
      });
      this.history = { kind, from: fromMs !== undefined ? fromMs : this.toNumber(from), to: toMs !== undefined ? toMs : this.toNumber(to), traces };
      this.needsLayout = true;
      this.changed();
    }).catch((e) => {
      if (window.console) {
        window.console.info('plotstream: no history for this range:', e && e.message ? e.message : e);
      }
    }).finally(() => {
      this.historyInFlight = false;
    });
  }

  showBack(shown) {
    if (this.backButton && !this.compact) {
      this.backButton.hidden = !shown;
    }
  }

  /** Drops history traces and the user's x range: follow the live edge again. */
  backToLive() {
    this.userRange = null;
    this.historySeq++;
    this.history = null;
    if (this.historyTimer !== null) {
      window.clearTimeout(this.historyTimer);
      this.historyTimer = null;
    }
    this.showBack(false);
    this.onViewChange(null);
    this.liveGeneration++;
    this.layoutTemplate = null;
    this.changed();
  }

  /** The dashboard's shared time range in ms (date x axes show [now - ms, now]), or null for autorange. */
  setTimeRange(ms) {
    const value = ms === null || ms === undefined || !(Number(ms) > 0) ? null : Number(ms);
    if (value === this.timeRangeMs) {
      return;
    }
    this.timeRangeMs = value;
    this.userRange = null; // the new shared range replaces the user's own
    this.historySeq++;
    this.history = null;
    this.showBack(false);
    // a fresh x revision so the new range (or autorange) applies over what plotly remembers
    this.liveGeneration++;
    this.layoutTemplate = null;
    if (this.figureLayout) {
      this.changed();
    }
  }

  resize() {
    if (this.figureLayout && this.gd.offsetParent !== null && Plotly.Plots && Plotly.Plots.resize) {
      // plotly resizes after a short timer: reduce for (and tell the server) the new width once it has
      Promise.resolve(Plotly.Plots.resize(this.gd)).then(() => {
        this.needsLayout = true;
        this.changed();
      }, () => {});
    }
  }

  destroy() {
    this.destroyed = true;
    this.buffered = [];
    loop.remove(this.entry);
    this.gd.removeEventListener('pointerenter', this.onPointer);
    this.gd.removeEventListener('pointerleave', this.onPointer);
    this.layer.destroy();
    if (this.refreshTimer !== null) {
      window.clearTimeout(this.refreshTimer);
    }
    window.clearInterval(this.staleTimer);
    if (this.historyTimer !== null) {
      window.clearTimeout(this.historyTimer);
    }
    if (this.unsubscribeTheme) {
      this.unsubscribeTheme();
    }
    if (this.overlay && this.overlay.parentNode) {
      this.overlay.parentNode.removeChild(this.overlay);
    }
    if (window.Plotly) {
      Plotly.purge(this.gd);
    }
  }
}

// What tests and the console used before modules: Plotstream.Panel and its helpers.
Panel.formatDuration = formatDuration;
Panel.formatDate = formatDate;
Panel.parseDate = parseDate;
Panel.mergeExtends = mergeExtends;
Plotstream.Panel = Panel;
