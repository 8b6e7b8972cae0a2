// Plotstream.Panel: one live plot in one graph div, fed the frames of its plot (snapshot, extend,
// gone, missing) by whoever owns the socket. It draws at most once per animation frame (extends
// queued in between are merged into one Plotly.extendTraces call), buffers while paused, keeps the
// user's zoom and legend clicks, applies the theme, shows a "stale" badge when the plot had no
// update for staleAfterMs, and fetches history when the user zooms or pans the x axis past the
// start of the live window ("Back to live" returns).
//
// Stream text is data, never markup: every string handed to plotly.js is entity-escaped first
// (plotly renders a subset of HTML in text, names and titles), and the DOM is built with textContent.
//
//   var panel = new Plotstream.Panel(graphDiv, { plotId: 'a', scatterglThreshold: 2000, staleAfterMs: 60000,
//     compact: false, onResync: function () {}, onState: function (state, text) {},
//     onTitle: function (text) {} /* the plot's title as text, for textContent */,
//     onViewChange: function (range) {} /* {from, to} while the user holds an x range, else null */,
//     badges: true /* stale/gone/missing badge and Back to live button over the graph */ });
//   panel.frame(frame); panel.setTimeRange(ms|null); panel.setPaused(bool); panel.resize(); panel.destroy();
//   panel.backToLive(); panel.viewRange(); panel.stats  // { snapshots, extends, draws, resyncs, state, buffered, historyFetches }
(function (global) {
  'use strict';

  var Plotstream = global.Plotstream = global.Plotstream || {};
  if (typeof Plotstream.clock !== 'function') {
    Plotstream.clock = function () {
      return Date.now();
    };
  }

  var MAX_BUFFERED_FRAMES = 1000;   // while paused (or queued); beyond this a fresh snapshot is cheaper
  var FALLBACK_DRAW_MS = 250;       // hidden tabs get no animation frames: still draw, seldom
  var STALE_CHECK_MS = 1000;
  var HISTORY_DEBOUNCE_MS = 300;
  var MAX_HISTORY_POINTS = 20000;
  var LEGEND_KEY_PREFIX = 'plotstream.legend.';

  function now() {
    return Plotstream.clock();
  }

  // ---- escaping -------------------------------------------------------------------------------

  function escapeText(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function escapeStrings(value) {
    if (typeof value === 'string') {
      return escapeText(value);
    }
    if (Array.isArray(value)) {
      var out = new Array(value.length);
      for (var i = 0; i < value.length; i++) {
        out[i] = escapeStrings(value[i]);
      }
      return out;
    }
    if (value !== null && typeof value === 'object') {
      var copy = {};
      Object.keys(value).forEach(function (key) {
        if (key !== '__proto__' && key !== 'constructor' && key !== 'prototype') {
          copy[key] = escapeStrings(value[key]);
        }
      });
      return copy;
    }
    return value;
  }

  // ---- small helpers --------------------------------------------------------------------------

  function titleOf(layout) {
    var title = layout && layout.title;
    if (typeof title === 'string') {
      return title;
    }
    return title && typeof title.text === 'string' ? title.text : '';
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) {
      s = '0' + s;
    }
    return s;
  }

  /** Plotly date string ('2026-12-01 10:00:00.000', no zone: plotly treats it as UTC) to ms. */
  function parseDate(value) {
    if (typeof value === 'number') {
      return value;
    }
    if (typeof value !== 'string') {
      return NaN;
    }
    var m = /^(-?\d{4,})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(\.\d+)?)?)?)?$/.exec(value.trim());
    if (!m) {
      return Date.parse(value);
    }
    var ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1,
      m[4] ? Number(m[4]) : 0, m[5] ? Number(m[5]) : 0, m[6] ? Number(m[6]) : 0, ms);
  }

  function formatDate(ms) {
    var d = new Date(Math.round(ms));
    return pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2) + ' '
      + pad(d.getUTCHours(), 2) + ':' + pad(d.getUTCMinutes(), 2) + ':' + pad(d.getUTCSeconds(), 2) + '.'
      + pad(d.getUTCMilliseconds(), 3);
  }

  /** "45 s", "1 min 12 s", "3 h 5 min", "2 d 4 h". */
  function formatDuration(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) {
      return s + ' s';
    }
    var min = Math.floor(s / 60);
    if (min < 60) {
      return min + ' min ' + (s % 60) + ' s';
    }
    var h = Math.floor(min / 60);
    if (h < 24) {
      return h + ' h ' + (min % 60) + ' min';
    }
    return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
  }

  function storageGet(key) {
    try {
      var text = global.localStorage.getItem(key);
      return text ? JSON.parse(text) : null;
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      global.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // storage blocked or full: the state lasts for this page only
    }
  }

  function viewKeyFromUrl() {
    return new URLSearchParams(global.location.search).get('key');
  }

  /**
   * Merges `next` into `into` (an extendCopy): the same attributes, traces united, arrays
   * concatenated (escaped on the way), the later window sizes. Applying the merged extend gives what
   * applying both in turn gives, because a window after `next` holds at most its size after `into`
   * plus the points `next` brings. False (nothing changed) when the attributes differ.
   */
  function mergeExtends(into, next) {
    if (!Array.isArray(into.maxPoints) || !Array.isArray(next.maxPoints)) {
      return false;
    }
    var keys = Object.keys(into.update);
    var nextKeys = Object.keys(next.update);
    if (keys.length !== nextKeys.length || !nextKeys.every(function (k) {
      return Object.prototype.hasOwnProperty.call(into.update, k);
    })) {
      return false;
    }
    for (var j = 0; j < next.traceIndices.length; j++) {
      var index = next.traceIndices[j];
      var at = into.traceIndices.indexOf(index);
      if (at < 0) {
        at = into.traceIndices.length;
        into.traceIndices.push(index);
        into.maxPoints.push(next.maxPoints[j]);
        for (var k = 0; k < keys.length; k++) {
          into.update[keys[k]].push([]);
        }
      } else {
        into.maxPoints[at] = next.maxPoints[j];
      }
      for (var n = 0; n < keys.length; n++) {
        var target = into.update[keys[n]][at];
        var source = next.update[keys[n]][j] || [];
        for (var p = 0; p < source.length; p++) {
          var value = source[p];
          target.push(typeof value === 'string' ? escapeText(value) : (value !== null && typeof value === 'object' ? escapeStrings(value) : value));
        }
      }
    }
    into.merged = (into.merged || 1) + 1;
    return true;
  }

  /** A private, escaped copy of an extend, safe to merge others into. */
  function extendCopy(frame) {
    var update = {};
    Object.keys(frame.update).forEach(function (key) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
        return;
      }
      update[key] = frame.update[key].map(function (array) {
        return Array.isArray(array) ? escapeStrings(array) : [];
      });
    });
    return {
      type: 'extend', update: update, traceIndices: frame.traceIndices.slice(),
      maxPoints: Array.isArray(frame.maxPoints) ? frame.maxPoints.slice() : frame.maxPoints
    };
  }

  /**
   * Plotly.extendTraces takes one number for all traces, or per attribute one number per trace
   * ({x: [m0, m1], y: [m0, m1]}); the frame's maxPoints is per trace. Without it: no trimming.
   */
  function maxPointsByKey(frame) {
    if (!Array.isArray(frame.maxPoints) || frame.maxPoints.length !== frame.traceIndices.length) {
      return undefined;
    }
    var byKey = {};
    Object.keys(frame.update).forEach(function (key) {
      byKey[key] = frame.maxPoints.map(function (max) {
        return typeof max === 'number' && max >= 0 ? max : -1;
      });
    });
    return byKey;
  }

  function hasPoints(update) {
    return Object.keys(update).some(function (key) {
      return update[key].some(function (array) {
        return Array.isArray(array) && array.length > 0;
      });
    });
  }

  function axisKeys(layout, data) {
    var keys = { xaxis: true, yaxis: true };
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis[0-9]*$/.test(key)) {
        keys[key] = true;
      }
    });
    data.forEach(function (trace) {
      if (typeof trace.xaxis === 'string' && /^x[0-9]*$/.test(trace.xaxis)) {
        keys['xaxis' + trace.xaxis.slice(1)] = true;
      }
      if (typeof trace.yaxis === 'string' && /^y[0-9]*$/.test(trace.yaxis)) {
        keys['yaxis' + trace.yaxis.slice(1)] = true;
      }
    });
    return Object.keys(keys);
  }

  function getPath(object, path) {
    var value = object;
    for (var i = 0; i < path.length; i++) {
      if (value === null || typeof value !== 'object') {
        return undefined;
      }
      value = value[path[i]];
    }
    return value;
  }

  function setPath(object, path, value) {
    var target = object;
    for (var i = 0; i < path.length - 1; i++) {
      if (target[path[i]] === null || typeof target[path[i]] !== 'object') {
        target[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
      }
      target = target[path[i]];
    }
    target[path[path.length - 1]] = value;
  }

  function flatPath(path) {
    var out = '';
    path.forEach(function (part) {
      out += typeof part === 'number' ? '[' + part + ']' : (out ? '.' : '') + part;
    });
    return out;
  }

  /**
   * The theme's colours for what the figure's own layout leaves unset (a figure's explicit colour
   * wins; a template it carries does not: the viewer's theme does). [path, value] pairs.
   */
  function themeEntries(layout, data, colors) {
    var entries = [];
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
    axisKeys(layout, data).forEach(function (axis) {
      unlessSet([axis, 'gridcolor'], colors.grid);
      unlessSet([axis, 'zerolinecolor'], colors.zeroline);
      unlessSet([axis, 'linecolor'], colors.axisLine);
    });
    // Threshold lines and bands (layout.shapes, from the definition's "thresholds"): readable on both.
    (Array.isArray(layout.shapes) ? layout.shapes : []).forEach(function (shape, i) {
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

  function Panel(graphDiv, options) {
    options = options || {};
    this.gd = graphDiv;
    this.plotId = String(options.plotId);
    this.scatterglThreshold = Number(options.scatterglThreshold) > 0 ? Number(options.scatterglThreshold) : 2000;
    this.staleAfterMs = Number(options.staleAfterMs) > 0 ? Number(options.staleAfterMs) : 60000;
    this.compact = !!options.compact;
    this.onResync = options.onResync || function () {};
    this.onState = options.onState || function () {};
    this.onViewChange = options.onViewChange || function () {};
    this.onTitle = options.onTitle || function () {};
    this.stats = {
      snapshots: 0, extends: 0, draws: 0, resyncs: 0, state: 'connecting', buffered: 0, merged: 0,
      historyFetches: 0, historyDraws: 0
    };
    this.queue = [];
    this.buffered = [];
    this.paused = false;
    this.snapshotOnResume = false;
    this.ended = null;            // 'gone' or 'missing'
    this.destroyed = false;
    this.drawing = false;
    this.scheduled = false;
    this.figureLayout = null;     // the last snapshot's layout, escaped, before theme and our additions
    this.streamedCount = 0;
    this.history = [];            // history traces, drawn after the streamed ones
    this.historySeq = 0;
    this.historyTimer = null;
    this.userRange = null;        // the x range the user holds (zoom or pan), null while following live
    this.liveGeneration = 0;
    this.timeRangeMs = null;
    this.lastUpdateAt = null;
    this.stale = false;
    this.legendKey = LEGEND_KEY_PREFIX + this.plotId;
    this.listening = false;

    var self = this;
    if (options.badges !== false) {
      this.buildOverlay();
    }
    this.staleTimer = global.setInterval(function () {
      self.checkStale();
      self.tickTimeRange();
    }, STALE_CHECK_MS);
    if (Plotstream.theme) {
      this.unsubscribeTheme = Plotstream.theme.onChange(function () {
        self.enqueue({ type: 'theme' });
      });
    }
  }

  Panel.escapeText = escapeText;
  Panel.escapeStrings = escapeStrings;
  Panel.formatDuration = formatDuration;
  Panel.formatDate = formatDate;
  Panel.parseDate = parseDate;
  Panel.mergeExtends = mergeExtends;

  Panel.prototype.buildOverlay = function () {
    var host = this.gd.parentNode;
    if (!host) {
      return;
    }
    host.classList.add('ps-host');
    var overlay = document.createElement('div');
    overlay.className = 'ps-overlay';
    var badge = document.createElement('span');
    badge.className = 'ps-badge';
    badge.setAttribute('role', 'status');
    badge.hidden = true;
    var back = document.createElement('button');
    back.type = 'button';
    back.className = 'ps-back-live';
    back.textContent = 'Back to live';
    back.hidden = true;
    var self = this;
    back.addEventListener('click', function () {
      self.backToLive();
    });
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
  };

  Panel.prototype.setState = function (state, text) {
    var changed = this.stats.state !== state || this.stateText !== text;
    this.stats.state = state;
    this.stateText = text;
    if (this.badge) {
      var shown = state === 'stale' || state === 'gone' || state === 'missing';
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
  };

  Panel.prototype.refreshState = function () {
    if (this.ended === 'gone') {
      this.setState('gone', 'plot deleted');
    } else if (this.ended === 'missing') {
      this.setState('missing', 'no such plot: ' + this.plotId);
    } else if (this.paused) {
      this.setState('paused', this.snapshotOnResume ? 'paused · many updates waiting'
        : 'paused · ' + this.buffered.length + ' updates waiting');
    } else if (this.stale) {
      this.setState('stale', 'stale · no update for ' + formatDuration(now() - this.lastUpdateAt));
    } else if (this.stats.snapshots > 0) {
      this.setState('live', 'live');
    }
  };

  Panel.prototype.checkStale = function () {
    var stale = this.lastUpdateAt !== null && !this.ended && now() - this.lastUpdateAt >= this.staleAfterMs;
    if (stale || this.stale) {
      this.stale = stale;
      this.refreshState();
    }
  };

  /** One frame of this panel's plot, from the socket. */
  Panel.prototype.frame = function (frame) {
    if (this.destroyed || !frame || (typeof frame.plot === 'string' && frame.plot !== this.plotId)) {
      return;
    }
    if (frame.type === 'gone' || frame.type === 'missing') {
      this.ended = frame.type;
      this.queue = [];
      this.buffered = [];
      this.refreshState();
      return;
    }
    if (frame.type !== 'snapshot' && frame.type !== 'extend') {
      return;
    }
    if (frame.type === 'extend' && (frame.update === null || typeof frame.update !== 'object'
        || !Array.isArray(frame.traceIndices) || !Object.keys(frame.update).every(function (key) {
          return Array.isArray(frame.update[key]) && frame.update[key].length === frame.traceIndices.length;
        }))) {
      this.requestResync(); // not something extendTraces can apply: start over from a whole figure
      return;
    }
    this.ended = null;
    if (frame.type === 'snapshot') {
      this.stats.snapshots++;
      var age = Number(frame.ageMs);
      this.lastUpdateAt = frame.ageMs === undefined || isNaN(age) ? now() : (age < 0 ? null : now() - age);
    } else {
      this.stats.extends++;
      if (frame.update && hasPoints(frame.update)) {
        this.lastUpdateAt = now();
      }
    }
    this.checkStale();
    if (!this.paused) {
      this.enqueue(frame);
      this.refreshState();
      return;
    }
    // Paused: keep buffering; a snapshot makes everything before it moot.
    if (frame.type === 'snapshot') {
      this.buffered = [frame];
      this.snapshotOnResume = false;
    } else if (this.buffered.length >= MAX_BUFFERED_FRAMES) {
      this.buffered = [];
      this.snapshotOnResume = true;
    } else {
      this.buffered.push(frame);
    }
    this.stats.buffered = this.buffered.length;
    this.refreshState();
  };

  Panel.prototype.setPaused = function (paused) {
    paused = !!paused;
    if (paused === this.paused) {
      return;
    }
    this.paused = paused;
    if (!paused) {
      var waiting = this.buffered;
      this.buffered = [];
      this.stats.buffered = 0;
      if (this.snapshotOnResume) {
        this.snapshotOnResume = false;
        this.requestResync();
      } else {
        for (var i = 0; i < waiting.length; i++) {
          this.enqueue(waiting[i]);
        }
      }
    }
    this.refreshState();
  };

  Panel.prototype.requestResync = function () {
    this.stats.resyncs++;
    try {
      this.onResync();
    } catch (e) {
      // nothing more to do: the next snapshot (e.g. after a reconnect) repairs the panel
    }
  };

  // ---- the draw queue: at most one plotly call per animation frame --------------------------

  Panel.prototype.enqueue = function (item) {
    if (this.destroyed) {
      return;
    }
    if (item.type === 'snapshot') {
      // Everything queued before a snapshot is moot, except work that is not about data.
      this.queue = this.queue.filter(function (queued) {
        return queued.type !== 'snapshot' && queued.type !== 'extend';
      });
    } else if (this.queue.length >= MAX_BUFFERED_FRAMES) {
      this.queue = [];
      this.requestResync();
      return;
    }
    this.queue.push(item);
    this.schedule();
  };

  Panel.prototype.schedule = function () {
    if (this.scheduled || this.drawing || this.destroyed || !this.queue.length) {
      return;
    }
    this.scheduled = true;
    var self = this;
    var done = false;
    var timer = null;
    var raf = null;
    function run() {
      if (done) {
        return;
      }
      done = true;
      if (raf !== null && global.cancelAnimationFrame) {
        global.cancelAnimationFrame(raf);
      }
      if (timer !== null) {
        global.clearTimeout(timer);
      }
      self.scheduled = false;
      self.flush();
    }
    if (global.requestAnimationFrame) {
      raf = global.requestAnimationFrame(run);
    }
    timer = global.setTimeout(run, FALLBACK_DRAW_MS);
  };

  /** Takes what one draw does: a snapshot, a theme/history/live change, or all mergeable extends. */
  Panel.prototype.takeBatch = function () {
    var first = this.queue.shift();
    if (first.type !== 'extend') {
      return first;
    }
    var merged = extendCopy(first);
    while (this.queue.length && this.queue[0].type === 'extend' && mergeExtends(merged, this.queue[0])) {
      this.queue.shift();
      this.stats.merged++;
    }
    return merged;
  };

  Panel.prototype.flush = function () {
    if (this.destroyed || this.drawing || !this.queue.length) {
      return;
    }
    var batch = this.takeBatch();
    var self = this;
    var result;
    this.drawing = true;
    try {
      result = this.draw(batch);
    } catch (e) {
      result = Promise.reject(e);
    }
    Promise.resolve(result).catch(function (e) {
      if (global.console) {
        global.console.warn('plotstream: redrawing from a snapshot after', e && e.message ? e.message : e);
      }
      self.requestResync();
    }).then(function () {
      self.drawing = false;
      self.schedule();
    });
  };

  Panel.prototype.draw = function (batch) {
    if (batch.type === 'snapshot') {
      return this.drawSnapshot(batch);
    }
    if (batch.type === 'extend') {
      return this.drawExtend(batch);
    }
    if (!this.figureLayout) {
      return undefined; // nothing drawn yet: the first snapshot includes the change
    }
    if (batch.type === 'theme') {
      return this.drawTheme();
    }
    if (batch.type === 'history') {
      return this.redraw(batch.traces, false);
    }
    if (batch.type === 'live') {
      return this.redraw([], true);
    }
    if (batch.type === 'tick') {
      return this.timeRangeMs === null || this.userRange !== null ? undefined : this.drawTick();
    }
    return undefined;
  };

  Panel.prototype.config = function () {
    var config = { responsive: true, displaylogo: false };
    if (this.compact) {
      config.displayModeBar = false;
      config.scrollZoom = false;
      config.doubleClick = false;
    }
    return config;
  };

  /** The layout to draw: the snapshot's, themed, with our ui revisions and the time range. */
  Panel.prototype.layoutToDraw = function (data) {
    var layout = JSON.parse(JSON.stringify(this.figureLayout));
    if (layout.uirevision === undefined) {
      layout.uirevision = 'live'; // the same value on every redraw: zoom, pan and legend clicks survive updates
    }
    layout.xaxis = layout.xaxis && typeof layout.xaxis === 'object' ? layout.xaxis : {};
    // Its own revision, bumped by "Back to live", so the user's x range can be dropped on purpose.
    layout.xaxis.uirevision = 'live-' + this.liveGeneration;
    if (Plotstream.theme) {
      themeEntries(this.figureLayout, data, Plotstream.theme.colors()).forEach(function (entry) {
        setPath(layout, entry[0], entry[1]);
      });
    }
    if (this.compact) {
      layout.showlegend = false;
      layout.title = { text: '' };
      layout.margin = { l: 36, r: 8, t: 8, b: 24 };
      layout.xaxis.fixedrange = true;
      layout.yaxis = layout.yaxis && typeof layout.yaxis === 'object' ? layout.yaxis : {};
      layout.yaxis.fixedrange = true;
    }
    this.applyTimeRange(layout);
    return layout;
  };

  Panel.prototype.isDateAxis = function () {
    var full = this.gd._fullLayout;
    return !!(full && full.xaxis && full.xaxis.type === 'date');
  };

  /** The dashboard's shared range on date x axes, unless the user holds a range of their own. */
  Panel.prototype.applyTimeRange = function (layout) {
    if (this.timeRangeMs === null || this.userRange !== null) {
      return false;
    }
    var axisType = layout.xaxis && layout.xaxis.type;
    if (axisType !== 'date' && !(axisType === undefined && this.isDateAxis())) {
      return false;
    }
    var end = now();
    layout.xaxis.range = [formatDate(end - this.timeRangeMs), formatDate(end)];
    layout.xaxis.autorange = false;
    this.rangeMovedAt = end;
    return true;
  };

  /** A shared time range slides with the clock also when no point arrives (once a second at most). */
  Panel.prototype.tickTimeRange = function () {
    if (this.timeRangeMs === null || this.userRange !== null || this.paused || !this.figureLayout
        || this.queue.length || now() - (this.rangeMovedAt || 0) < 1000 || !this.isDateAxis()) {
      return;
    }
    this.enqueue({ type: 'tick' });
  };

  Panel.prototype.drawTick = function () {
    var end = now();
    var range = [formatDate(end - this.timeRangeMs), formatDate(end)];
    this.rangeMovedAt = end;
    this.stats.draws++;
    // plotly emits plotly_relayout before its promise resolves: while this flag is up, it is ours
    var self = this;
    this.ticking = true;
    return Plotly.relayout(this.gd, { 'xaxis.range': range, 'xaxis.autorange': false }).then(function () {
      self.ticking = false;
    }, function (e) {
      self.ticking = false;
      throw e;
    });
  };

  Panel.prototype.largeWindowsAsWebGl = function (traces, maxPoints) {
    var threshold = this.scatterglThreshold;
    return traces.map(function (trace, i) {
      var size = Math.max(maxPoints[i] || 0, (trace.x && trace.x.length) || 0, (trace.y && trace.y.length) || 0);
      if ((trace.type === undefined || trace.type === 'scatter') && size > threshold) {
        trace.type = 'scattergl';
      }
      return trace;
    });
  };

  Panel.prototype.drawSnapshot = function (frame) {
    var figure = escapeStrings(frame.figure || {});
    var layout = figure.layout && typeof figure.layout === 'object' ? figure.layout : {};
    var data = this.largeWindowsAsWebGl(Array.isArray(figure.data) ? figure.data : [], frame.maxPoints || []);
    var legend = storageGet(this.legendKey) || {};
    data.forEach(function (trace, i) {
      if (trace.legendgroup === undefined) {
        trace.legendgroup = 'ps-trace-' + i; // history traces join it: one legend click hides both
      }
      var remembered = legend[i + ':' + (trace.name || '')];
      if (remembered === true || remembered === false || remembered === 'legendonly') {
        trace.visible = remembered;
      }
    });
    if (this.history.length && this.history.length !== data.length) {
      this.history = []; // the traces changed: the history drawn no longer matches them
    }
    this.figureLayout = layout;
    this.streamedCount = data.length;
    var title = titleOf(frame.figure && frame.figure.layout) || this.plotId; // unescaped: for textContent only
    if (title !== this.title) {
      this.title = title;
      try {
        this.onTitle(title);
      } catch (e) {
        // a listener's bug must not stop the panel
      }
    }
    this.stats.draws++;
    var self = this;
    return Plotly.react(this.gd, data.concat(this.historyFor(data)), this.layoutToDraw(data), this.config())
      .then(function () {
        self.listen();
      });
  };

  Panel.prototype.drawExtend = function (frame) {
    if (!this.figureLayout) {
      return undefined; // no snapshot yet: nothing to extend (the snapshot that comes includes it)
    }
    this.stats.draws++;
    var layout = this.gd.layout;
    if (layout && layout.xaxis && this.applyTimeRange(layout)) {
      // extendTraces redraws from gd.layout: the shared time range moves with the same draw
    }
    return Plotly.extendTraces(this.gd, frame.update, frame.traceIndices, maxPointsByKey(frame));
  };

  Panel.prototype.drawTheme = function () {
    var update = {};
    themeEntries(this.figureLayout, this.gd.data || [], Plotstream.theme.colors()).forEach(function (entry) {
      update[flatPath(entry[0])] = entry[1];
    });
    this.stats.draws++;
    return Plotly.relayout(this.gd, update);
  };

  /** Streamed traces as they are now, plus the given history traces; resetX drops the user's x range. */
  Panel.prototype.redraw = function (history, resetX) {
    var data = (this.gd.data || []).slice(0, this.streamedCount);
    this.history = history;
    if (resetX) {
      this.liveGeneration++;
    }
    this.stats.draws++;
    if (history.length) {
      this.stats.historyDraws++;
    }
    return Plotly.react(this.gd, data.concat(this.historyFor(data)), this.layoutToDraw(data), this.config());
  };

  /** History traces look like their streamed trace (colour, type, axes, visibility) but have no legend entry. */
  Panel.prototype.historyFor = function (data) {
    var full = this.gd._fullData || [];
    return this.history.map(function (answer) {
      var base = data[answer.index] || {};
      var fullTrace = full[answer.index] || {};
      var color = (fullTrace.line && fullTrace.line.color) || (fullTrace.marker && fullTrace.marker.color);
      var trace = {
        type: base.type === 'scattergl' ? 'scattergl' : 'scatter',
        mode: base.mode || fullTrace.mode || 'lines',
        x: answer.x,
        y: answer.y,
        name: base.name,
        legendgroup: base.legendgroup,
        showlegend: false,
        visible: base.visible,
        hoverinfo: 'x+y+name',
        meta: 'history'
      };
      if (typeof color === 'string') {
        trace.line = { color: color };
        trace.marker = { color: color };
      }
      if (base.xaxis) {
        trace.xaxis = base.xaxis;
      }
      if (base.yaxis) {
        trace.yaxis = base.yaxis;
      }
      return trace;
    });
  };

  // ---- user interaction: legend clicks, zoom and pan into history ------------------------------

  Panel.prototype.listen = function () {
    if (this.listening || typeof this.gd.on !== 'function') {
      return;
    }
    this.listening = true;
    var self = this;
    this.gd.on('plotly_restyle', function () {
      self.rememberLegend();
    });
    this.gd.on('plotly_relayout', function (event) {
      self.relayouted(event || {});
    });
  };

  Panel.prototype.rememberLegend = function () {
    var data = this.gd.data || [];
    var legend = {};
    for (var i = 0; i < this.streamedCount && i < data.length; i++) {
      var visible = data[i].visible;
      legend[i + ':' + (data[i].name || '')] = visible === undefined ? true : visible;
    }
    storageSet(this.legendKey, legend);
  };

  Panel.prototype.relayouted = function (event) {
    if (this.ticking) {
      return; // the shared time range sliding, not a user's zoom
    }
    if (event['xaxis.autorange'] === true || event['xaxis.autorange'] === 'true') {
      this.userRange = null;
      this.showBack(false);
      this.onViewChange(null);
      if (this.history.length) {
        this.historySeq++;
        this.enqueue({ type: 'live' });
      }
      return;
    }
    var range = event['xaxis.range'];
    if (!Array.isArray(range)) {
      if (event['xaxis.range[0]'] === undefined && event['xaxis.range[1]'] === undefined) {
        return; // not about the x axis
      }
      range = [event['xaxis.range[0]'], event['xaxis.range[1]']];
      var current = this.gd.layout && this.gd.layout.xaxis && this.gd.layout.xaxis.range;
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
    if (this.toNumber(range[0]) < this.windowStart()) {
      this.scheduleHistory();
    }
  };

  Panel.prototype.toNumber = function (value) {
    return this.isDateAxis() ? parseDate(value) : Number(value);
  };

  /** The first x of the live window over all streamed traces (Infinity when empty). */
  Panel.prototype.windowStart = function () {
    var data = this.gd.data || [];
    var start = Infinity;
    for (var i = 0; i < this.streamedCount && i < data.length; i++) {
      var x = data[i].x;
      if (x && x.length) {
        var first = this.toNumber(x[0]);
        if (first < start) {
          start = first;
        }
      }
    }
    return start;
  };

  /** The x range the user holds, as the API wants it ({from, to}), or null while following live. */
  Panel.prototype.viewRange = function () {
    if (this.userRange === null) {
      return null;
    }
    var date = this.isDateAxis();
    var from = this.toNumber(this.userRange[0]);
    var to = this.toNumber(this.userRange[1]);
    if (isNaN(from) || isNaN(to)) {
      return null;
    }
    if (from > to) {
      var swap = from;
      from = to;
      to = swap;
    }
    return date ? { from: formatDate(from), to: formatDate(to) } : { from: String(from), to: String(to) };
  };

  Panel.prototype.scheduleHistory = function () {
    var self = this;
    if (this.historyTimer !== null) {
      global.clearTimeout(this.historyTimer);
    }
    var seq = ++this.historySeq; // answers to requests before this one are ignored from now on
    this.historyTimer = global.setTimeout(function () {
      self.historyTimer = null;
      self.fetchHistory(seq);
    }, HISTORY_DEBOUNCE_MS);
  };

  Panel.prototype.fetchHistory = function (seq) {
    var range = this.viewRange();
    if (range === null || seq !== this.historySeq || this.destroyed) {
      return;
    }
    var width = (this.gd._fullLayout && this.gd._fullLayout.width) || this.gd.clientWidth || 500;
    var points = Math.max(1, Math.min(MAX_HISTORY_POINTS, Math.round(width * 2)));
    var url = '/api/plots/' + encodeURIComponent(this.plotId) + '/history?from=' + encodeURIComponent(range.from)
      + '&to=' + encodeURIComponent(range.to) + '&points=' + points;
    var key = viewKeyFromUrl();
    if (key) {
      url += '&key=' + encodeURIComponent(key);
    }
    var self = this;
    this.stats.historyFetches++;
    global.fetch(url, { cache: 'no-store', credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) {
          throw new Error('history ' + response.status + ': ' + text);
        });
      }
      return response.json();
    }).then(function (answer) {
      if (seq !== self.historySeq || self.destroyed || self.userRange === null) {
        return; // a newer request (or Back to live) made this answer moot
      }
      var traces = (answer && Array.isArray(answer.traces) ? answer.traces : []).filter(function (trace) {
        return trace && Number.isInteger(trace.index) && trace.index >= 0 && trace.index < self.streamedCount
          && Array.isArray(trace.x) && Array.isArray(trace.y);
      }).map(function (trace) {
        return { index: trace.index, x: escapeStrings(trace.x), y: escapeStrings(trace.y) };
      });
      self.enqueue({ type: 'history', traces: traces });
    }).catch(function (e) {
      if (global.console) {
        global.console.info('plotstream: no history for this range:', e && e.message ? e.message : e);
      }
    });
  };

  Panel.prototype.showBack = function (shown) {
    if (this.backButton && !this.compact) {
      this.backButton.hidden = !shown;
    }
  };

  /** Drops history traces and the user's x range: follow the live edge again. */
  Panel.prototype.backToLive = function () {
    this.userRange = null;
    this.historySeq++;
    if (this.historyTimer !== null) {
      global.clearTimeout(this.historyTimer);
      this.historyTimer = null;
    }
    this.showBack(false);
    this.onViewChange(null);
    this.enqueue({ type: 'live' });
  };

  /** The dashboard's shared time range in ms (date x axes show [now - ms, now]), or null for autorange. */
  Panel.prototype.setTimeRange = function (ms) {
    var value = ms === null || ms === undefined || !(Number(ms) > 0) ? null : Number(ms);
    if (value === this.timeRangeMs) {
      return;
    }
    this.timeRangeMs = value;
    this.userRange = null; // the new shared range replaces the user's own
    this.historySeq++;
    this.showBack(false);
    if (this.figureLayout) {
      // a fresh x revision so the new range (or autorange) applies over what plotly remembers
      this.enqueue({ type: 'live' });
    }
  };

  Panel.prototype.resize = function () {
    if (this.figureLayout && this.gd.offsetParent !== null && Plotly.Plots && Plotly.Plots.resize) {
      Plotly.Plots.resize(this.gd);
    }
  };

  Panel.prototype.destroy = function () {
    this.destroyed = true;
    this.queue = [];
    this.buffered = [];
    global.clearInterval(this.staleTimer);
    if (this.historyTimer !== null) {
      global.clearTimeout(this.historyTimer);
    }
    if (this.unsubscribeTheme) {
      this.unsubscribeTheme();
    }
    if (this.overlay && this.overlay.parentNode) {
      this.overlay.parentNode.removeChild(this.overlay);
    }
    if (global.Plotly) {
      Plotly.purge(this.gd);
    }
  };

  Plotstream.Panel = Panel;
}(window));
