// The index: dashboards (/dashboards.json) as cards and plots (/plots.json) as a table, polled; every
// plot row has a small live preview, a compact Panel. All previews share ONE multiplexed
// LiveSocket for the whole page; previews out of view draw nothing (IntersectionObserver) and catch
// up with a resync when scrolled back. Titles come from streams: textContent only.

import { Panel } from './panel.js';
import { LiveSocket } from './live-socket.js';
import { theme } from './runtime.js';
import { el } from './dom.js';

var REFRESH_MS = 3000;
var MAX_PREVIEWS = 64;   // the multiplexed socket's bound on plot ids
var NEVER_WEBGL = 1e9;

var body = document.body;
var staleAfterMs = Number(body.dataset.staleAfterMs || 60000);
var plotList = document.getElementById('plot-rows');
var dashboardList = document.getElementById('dashboards');
var dashboardSection = document.getElementById('dashboards-section');
var empty = document.getElementById('empty');
var statusEl = document.getElementById('status');
var live = !!window.Plotly;

var cards = new Map();   // plot id -> row { id, el, title, traces, points, updated, preview, panel, visible, behind, pendingSnapshot, awaitingSnapshot }
var conn = null;
var connIds = '';
var socketState = 'connecting';
var observer = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
  entries.forEach(function (entry) {
    var card = cards.get(entry.target.dataset.plotId);
    if (card) {
      setVisible(card, entry.isIntersecting);
    }
  });
}, { rootMargin: '100px 0px' }) : null;

// What tests read.
var api = window.plotstreamIndex = {
  frames: 0,
  sockets: 0,
  previews: function () {
    var out = [];
    cards.forEach(function (card) {
      var s = (card.panel && card.panel.stats) || {};
      out.push({ plot: card.id, visible: card.visible, state: card.state || '', draws: s.draws || 0,
        snapshots: s.snapshots || 0, extends: s.extends || 0 });
    });
    return out;
  }
};

function setStatus(state, text) {
  statusEl.dataset.state = state;
  statusEl.textContent = text;
}

function link(href, text, className) {
  var a = el('a', className, text);
  a.href = href;
  return a;
}

function age(ms) {
  if (!ms) {
    return 'never';
  }
  var seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 60) {
    return seconds + ' s ago';
  }
  if (seconds < 3600) {
    return Math.floor(seconds / 60) + ' min ago';
  }
  return new Date(ms).toLocaleString();
}

// ------------------------------------------------------------ dashboards

function renderDashboards(dashboards) {
  var fresh = document.createDocumentFragment();
  dashboards.forEach(function (d) {
    var item = el('li', 'card dashboard-card');
    item.dataset.dashboardId = d.id;
    item.appendChild(link('/dashboards/' + encodeURIComponent(d.id), d.title || d.id, 'card-title'));
    var meta = el('div', 'card-meta');
    var count = typeof d.panels === 'number' ? d.panels : (Array.isArray(d.panels) ? d.panels.length : d.panelCount);
    if (typeof count === 'number') {
      meta.appendChild(el('span', '', count + (count === 1 ? ' panel' : ' panels')));
    }
    meta.appendChild(link('/embed/dashboards/' + encodeURIComponent(d.id), 'embed'));
    item.appendChild(meta);
    fresh.appendChild(item);
  });
  dashboardList.replaceChildren(fresh);
  dashboardSection.hidden = dashboards.length === 0;
}

// ------------------------------------------------------------ plots

function cell(row, className) {
  var td = el('td', className);
  row.appendChild(td);
  return td;
}

// One table row per plot (kept across refreshes, so its preview keeps its graph):
// name, traces, points, last update, embed link, live preview.
function makeCard(plot, withPreview) {
  var row = el('tr', 'plot-row');
  row.dataset.plotId = plot.id;
  var title = link('/plots/' + encodeURIComponent(plot.id), '');
  cell(row).appendChild(title);
  var traces = cell(row, 'num');
  var points = cell(row, 'num');
  var updated = cell(row);
  cell(row).appendChild(link('/embed/' + encodeURIComponent(plot.id), 'embed'));
  var preview = el('div', 'preview');
  cell(row, 'preview-cell').appendChild(preview);
  var card = { id: plot.id, el: row, title: title, traces: traces, points: points, updated: updated, preview: preview,
    panel: null, visible: false, behind: false, pendingSnapshot: null, awaitingSnapshot: false, state: '' };
  if (withPreview) {
    card.panel = new Panel(preview, {
      // SVG always: a page keeps only ~16 WebGL contexts, and a preview is a few hundred pixels wide.
      plotId: plot.id, scatterglThreshold: NEVER_WEBGL, staleAfterMs: staleAfterMs, compact: true,
      onResync: function () { resync(card); },
    onWidth: function (px) { if (conn) { conn.setWidth(card.id, px); } },
      onState: function (state) { card.state = state; row.dataset.state = state; }
    });
  } else if (live) {
    preview.appendChild(el('span', 'preview-note', 'no preview beyond ' + MAX_PREVIEWS + ' plots'));
  }
  if (observer) {
    observer.observe(row);
  } else {
    card.visible = true;
  }
  return card;
}

function updateCard(card, plot) {
  card.title.textContent = plot.title || plot.id;
  card.traces.textContent = String(plot.traces);
  card.points.textContent = String(plot.points);
  card.updated.textContent = age(plot.lastUpdateMs);
  if (plot.lastUpdateMs) {
    card.updated.title = new Date(plot.lastUpdateMs).toISOString();
  }
}

function renderPlots(plots) {
  var seen = new Set();
  var order = document.createDocumentFragment();
  plots.forEach(function (plot, i) {
    seen.add(plot.id);
    var card = cards.get(plot.id);
    var withPreview = live && i < MAX_PREVIEWS;
    if (card && !!card.panel !== withPreview) {
      drop(card);
      card = null;
    }
    if (!card) {
      card = makeCard(plot, withPreview);
      cards.set(plot.id, card);
    }
    updateCard(card, plot);
    order.appendChild(card.el);
  });
  cards.forEach(function (card, id) {
    if (!seen.has(id)) {
      drop(card);
    }
  });
  plotList.replaceChildren(order); // moves the kept cards (and their graphs) without redrawing them
  empty.hidden = plots.length > 0;
  connectPreviews();
}

function drop(card) {
  if (observer) {
    observer.unobserve(card.el);
  }
  if (card.panel) {
    card.panel.destroy();
  }
  card.el.remove();
  cards.delete(card.id);
}

// One socket for every preview; opened again only when the set of plots changes.
function connectPreviews() {
  var ids = [];
  cards.forEach(function (card) {
    if (card.panel) {
      ids.push(card.id);
    }
  });
  var key = ids.slice().sort().join(',');
  if (key === connIds) {
    return;
  }
  connIds = key;
  if (conn) {
    conn.close();
    conn = null;
  }
  if (ids.length === 0) {
    return;
  }
  cards.forEach(function (card) {
    card.behind = false;
    card.awaitingSnapshot = false; // the new socket starts with a snapshot of each plot
  });
  api.sockets++;
  conn = new LiveSocket({
    plots: ids,
    onFrame: receive,
    onState: function (state) { socketState = state; }
  });
}

function resync(card) {
  if (conn) {
    conn.resync(card.id);
  }
}

// A preview is a sparkline: no tick labels or axis titles (they would fill its few pixels). The
// frame is copied, never changed.
function asPreview(frame) {
  var figure = frame.figure || {};
  var layout = Object.assign({}, figure.layout || {});
  layout.xaxis = layout.xaxis || {};
  layout.yaxis = layout.yaxis || {};
  Object.keys(layout).forEach(function (key) {
    if (/^[xy]axis\d*$/.test(key) && layout[key] && typeof layout[key] === 'object') {
      layout[key] = Object.assign({}, layout[key], { showticklabels: false, title: { text: '' } });
    }
  });
  var copy = Object.assign({}, frame);
  copy.figure = Object.assign({}, figure, { layout: layout });
  return copy;
}

function receive(frame) {
  api.frames++;
  if (frame && frame.type === 'engine') { // the node lost (or got back) its engine: every preview hears it
    cards.forEach(function (each) {
      if (each.panel) {
        each.panel.frame(frame);
      }
    });
    return;
  }
  var card = frame && cards.get(frame.plot);
  if (!card || !card.panel) {
    return;
  }
  if (frame.type === 'snapshot') {
    frame = asPreview(frame);
    card.awaitingSnapshot = false;
    card.behind = false;
    if (!card.visible) {
      card.pendingSnapshot = frame;
      return;
    }
    card.pendingSnapshot = null;
  } else if (frame.type === 'extend') {
    if (card.awaitingSnapshot) {
      return;
    }
    if (!card.visible) {
      card.behind = true;
      card.pendingSnapshot = null;
      return;
    }
  }
  card.panel.frame(frame);
}

function setVisible(card, visible) {
  if (card.visible === visible) {
    return;
  }
  card.visible = visible;
  if (!visible || !card.panel) {
    return;
  }
  if (card.pendingSnapshot) {
    var snapshot = card.pendingSnapshot;
    card.pendingSnapshot = null;
    card.panel.frame(snapshot);
  } else if (card.behind) {
    card.behind = false;
    card.awaitingSnapshot = true;
    resync(card);
  }
}

// ------------------------------------------------------------ polling

function getJson(path) {
  return fetch(path, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
    if (response.status === 404) {
      return null; // a server without dashboards
    }
    if (!response.ok) {
      throw new Error(path + ': HTTP ' + response.status);
    }
    return response.json();
  });
}

function refresh() {
  Promise.all([getJson('/plots.json'), getJson('/dashboards.json')])
    .then(function (answers) {
      renderPlots(answers[0] || []);
      renderDashboards(answers[1] || []);
      var previews = socketState === 'live' || cards.size === 0 ? '' : ' · previews ' + socketState;
      setStatus('live', 'updated ' + new Date().toLocaleTimeString() + previews);
    })
    .catch(function (e) {
      setStatus('error', 'cannot load the lists (' + e.message + '), retrying');
    })
    .finally(function () {
      window.setTimeout(refresh, REFRESH_MS);
    });
}

var themeButton = document.getElementById('theme');
if (themeButton) {
  if (theme()) {
    theme().bindToggle(themeButton);
  } else {
    themeButton.hidden = true;
  }
}
refresh();
