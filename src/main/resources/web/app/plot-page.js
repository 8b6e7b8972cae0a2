// The page of one live plot: /plots/{id} (with a toolbar) and /embed/{id} (the plot alone). One
// LiveSocket feeds one Panel; the toolbar pauses, exports PNG and CSV (the range shown while the
// user holds a zoom), links the embed view and switches the theme. Messages for a deleted or
// unknown plot, a wrong view key and a busy server are built with textContent only.

import { Panel } from './panel.js';
import { LiveSocket } from './live-socket.js';
import { Plotstream, theme } from './runtime.js';
var body = document.body;
var plotId = body.dataset.plotId;
var graph = document.getElementById('graph');
var statusEl = document.getElementById('status');
var titleEl = document.getElementById('title');
var pauseButton = document.getElementById('pause');
var pngButton = document.getElementById('png');
var csvLink = document.getElementById('csv');
var themeButton = document.getElementById('theme');
var embed = body.classList.contains('embed-page');
var csvBase = csvLink ? csvLink.getAttribute('href') : null;

function numberAttribute(name, fallback) {
  var value = Number(body.dataset[name]);
  return value > 0 ? value : fallback;
}

var socketState = 'connecting';
var socketText = 'connecting…';
var panelState = 'connecting';
var panelText = 'connecting…';

// ---- messages -------------------------------------------------------------------------------

var messageEl = document.createElement('div');
messageEl.id = 'message';
messageEl.className = 'message';
messageEl.setAttribute('role', 'alert');
messageEl.hidden = true;
(embed ? body : document.querySelector('main') || body).appendChild(messageEl);

function showMessage(kind, heading, lines, link) {
  messageEl.textContent = '';
  messageEl.dataset.kind = kind;
  var h = document.createElement('h2');
  h.textContent = heading;
  messageEl.appendChild(h);
  lines.forEach(function (line) {
    var p = document.createElement('p');
    p.textContent = line;
    messageEl.appendChild(p);
  });
  if (link && !embed) {
    var a = document.createElement('a');
    a.href = link.href;
    a.textContent = link.text;
    messageEl.appendChild(a);
  }
  messageEl.hidden = false;
  body.dataset.message = kind;
}

function hideMessage() {
  if (!messageEl.hidden) {
    messageEl.hidden = true;
    messageEl.textContent = '';
    delete body.dataset.message;
  }
}

function messages() {
  if (socketState === 'denied') {
    showMessage('denied', 'Wrong or missing view key', [
      'This server shows plots only with its view key, and the key this page has is wrong or missing (it may have changed).',
      'Open the page again with ?key=<view key> at the end of its address; ask whoever runs the server for the key. '
        + 'The browser then remembers it.'
    ]);
  } else if (panelState === 'missing' || socketState === 'missing') {
    showMessage('missing', 'No such plot', [
      'There is no plot "' + plotId + '" on this server: it was deleted or never created, or the address has a typo.'
    ], { href: '/', text: 'All plots' });
  } else if (panelState === 'gone' || socketState === 'gone') {
    showMessage('gone', 'Plot deleted', [
      'The plot "' + plotId + '" was deleted on the server while this page showed it. What is drawn is the last data received.'
    ], { href: '/', text: 'All plots' });
  } else if (socketState === 'busy') {
    showMessage('busy', 'Server busy', [
      'The server has as many live viewers as it allows. This page keeps trying and goes live by itself as soon as there is room.'
    ]);
  } else {
    hideMessage();
  }
}

function showStatus() {
  var state = socketState === 'live' ? panelState : socketState;
  var text = socketState === 'live' ? panelText : socketText;
  if (state === 'connecting' && socketState === 'live') {
    state = 'live';
    text = 'live';
  }
  if (statusEl) {
    statusEl.dataset.state = state;
    statusEl.textContent = text;
  }
  messages();
}

// ---- the panel and its socket -------------------------------------------------------------

var conn = null;
var panel = new Panel(graph, {
  plotId: plotId,
  scatterglThreshold: numberAttribute('scatterglThreshold', 2000),
  staleAfterMs: numberAttribute('staleAfterMs', 60000),
  onResync: function () {
    if (conn) {
      conn.resync(plotId);
    }
  },
  onState: function (state, text) {
    panelState = state;
    panelText = text;
    showStatus();
  },
  onTitle: function (title) {
    if (titleEl) {
      titleEl.textContent = title;
    }
    document.title = title + ' · live plot';
  },
  onWidth: function (px) {
    if (conn) {
      conn.setWidth(plotId, px);
    }
  },
  onViewChange: function (range) {
    if (csvLink && csvBase) {
      csvLink.setAttribute('href', range === null ? csvBase
        : csvBase + '?from=' + encodeURIComponent(range.from) + '&to=' + encodeURIComponent(range.to));
    }
  }
});

// Counters for people (and tests) curious about what arrived.
window.plotstream = panel.stats;
Plotstream.page = { panel: panel };

conn = new LiveSocket({
  plot: plotId,
  width: panel.width(), // an estimate before the first draw; the panel tells the exact one after it
  onFrame: function (frame) {
    panel.frame(frame);
  },
  onState: function (state, text) {
    socketState = state;
    socketText = text;
    showStatus();
  }
});
Plotstream.page.socket = conn;

// ---- the toolbar ----------------------------------------------------------------------------

if (pauseButton) {
  pauseButton.addEventListener('click', function () {
    var paused = !panel.paused;
    panel.setPaused(paused);
    pauseButton.setAttribute('aria-pressed', String(paused));
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
  });
}
if (pngButton) {
  pngButton.addEventListener('click', function () {
    // the export renders plotly's traces: their copy of the canvas lines brought up to date first
    panel.layoutNow().then(function () {
      Plotly.downloadImage(graph, { format: 'png', filename: plotId, width: graph.clientWidth, height: graph.clientHeight });
    });
  });
}
if (themeButton && theme()) {
  theme().bindToggle(themeButton);
}
