// The live plot on /plots/{id} and /embed/{id}: a snapshot first, then pushed extends, over one WebSocket.
// Stream text is data, never markup: the DOM is built with textContent, and every string handed to
// plotly.js is entity-escaped first, because plotly renders a subset of HTML in text, names and titles.
(function () {
  'use strict';

  var MAX_BUFFERED_FRAMES = 1000;   // while paused; beyond this a fresh snapshot is cheaper
  var FIRST_RETRY_MS = 500;
  var MAX_RETRY_MS = 15000;
  var BUSY_RETRY_MS = 5000;         // the server said "viewer limit reached"
  var KEEPALIVE_MS = 30000;         // under the server's idle timeout
  var TRY_AGAIN_LATER = 1013;

  var body = document.body;
  var graph = document.getElementById('graph');
  var statusEl = document.getElementById('status');
  var titleEl = document.getElementById('title');
  var pauseButton = document.getElementById('pause');
  var pngButton = document.getElementById('png');
  var plotId = body.dataset.plotId;
  var scatterglThreshold = Number(body.dataset.scatterglThreshold || 2000);

  // Counters for people (and tests) curious about what arrived.
  var stats = window.plotstream = { snapshots: 0, extends: 0, resyncs: 0, state: 'connecting', buffered: 0 };

  var socket = null;
  var retryMs = FIRST_RETRY_MS;
  var paused = false;
  var buffered = [];
  var snapshotOnResume = false;
  var gone = false;
  var drawing = Promise.resolve();

  function escapeText(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function escapeStrings(value) {
    if (typeof value === 'string') {
      return escapeText(value);
    }
    if (Array.isArray(value)) {
      return value.map(escapeStrings);
    }
    if (value !== null && typeof value === 'object') {
      var copy = {};
      Object.keys(value).forEach(function (key) {
        if (key !== '__proto__') {
          copy[key] = escapeStrings(value[key]);
        }
      });
      return copy;
    }
    return value;
  }

  function setStatus(state, text) {
    stats.state = state;
    if (statusEl) {
      statusEl.dataset.state = state;
      statusEl.textContent = text;
    }
  }

  function titleOf(layout) {
    var title = layout && layout.title;
    if (typeof title === 'string') {
      return title;
    }
    return title && typeof title.text === 'string' ? title.text : '';
  }

  function socketUrl() {
    var key = new URLSearchParams(window.location.search).get('key');
    // An embed inside another site's page may not get our cookie, so the key travels with the socket.
    return (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host
      + '/ws/plots/' + encodeURIComponent(plotId) + (key ? '?key=' + encodeURIComponent(key) : '');
  }

  function largeWindowsAsWebGl(traces, maxPoints) {
    return traces.map(function (trace, i) {
      var size = Math.max(maxPoints[i] || 0, (trace.x && trace.x.length) || 0, (trace.y && trace.y.length) || 0);
      if ((trace.type === undefined || trace.type === 'scatter') && size > scatterglThreshold) {
        trace.type = 'scattergl';
      }
      return trace;
    });
  }

  function drawSnapshot(frame) {
    var figure = escapeStrings(frame.figure || {});
    var layout = figure.layout || {};
    if (layout.uirevision === undefined) {
      layout.uirevision = 'live'; // the same value on every redraw: zoom and pan survive updates
    }
    var data = largeWindowsAsWebGl(figure.data || [], frame.maxPoints || []);
    var title = titleOf(frame.figure && frame.figure.layout) || plotId;
    if (titleEl) {
      titleEl.textContent = title;
    }
    document.title = title + ' · live plot';
    stats.snapshots++;
    return Plotly.react(graph, data, layout, { responsive: true, displaylogo: false });
  }

  function drawExtend(frame) {
    try {
      stats.extends++;
      return Plotly.extendTraces(graph, escapeStrings(frame.update), frame.traceIndices, frame.maxPoints);
    } catch (e) {
      // e.g. a trace without the attribute being extended: start over from a whole figure
      requestSnapshot();
      return undefined;
    }
  }

  function draw(frame) {
    drawing = drawing.then(function () {
      return frame.type === 'snapshot' ? drawSnapshot(frame) : drawExtend(frame);
    }).catch(function () {
      requestSnapshot();
    });
  }

  function requestSnapshot() {
    stats.resyncs++;
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send('resync');
    }
  }

  function receive(frame) {
    if (frame.type === 'gone') {
      gone = true;
      setStatus('gone', 'plot deleted');
      return;
    }
    if (frame.type !== 'snapshot' && frame.type !== 'extend') {
      return;
    }
    if (!paused) {
      draw(frame);
      return;
    }
    // Paused: keep buffering; a snapshot makes everything before it moot.
    if (frame.type === 'snapshot') {
      buffered = [frame];
      snapshotOnResume = false;
    } else if (buffered.length >= MAX_BUFFERED_FRAMES) {
      buffered = [];
      snapshotOnResume = true;
    } else {
      buffered.push(frame);
    }
    stats.buffered = buffered.length;
    setStatus('paused', 'paused · ' + (snapshotOnResume ? 'many' : buffered.length) + ' updates waiting');
  }

  function connect() {
    setStatus(stats.snapshots ? 'reconnecting' : 'connecting', 'connecting…');
    var ws = new WebSocket(socketUrl());
    socket = ws;
    ws.onopen = function () {
      retryMs = FIRST_RETRY_MS;
      setStatus(paused ? 'paused' : 'live', paused ? 'paused' : 'live');
    };
    ws.onmessage = function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      receive(frame);
    };
    ws.onclose = function (event) {
      socket = null;
      if (gone) {
        return;
      }
      var delay = event.code === TRY_AGAIN_LATER ? Math.max(retryMs, BUSY_RETRY_MS) : retryMs;
      delay = Math.round(delay * (0.75 + Math.random() * 0.5)); // many pages must not reconnect in lockstep
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      setStatus('reconnecting', (event.code === TRY_AGAIN_LATER ? 'server busy' : 'disconnected')
        + ' · retrying in ' + Math.ceil(delay / 1000) + ' s');
      window.setTimeout(connect, delay);
    };
  }

  function togglePause() {
    paused = !paused;
    pauseButton.setAttribute('aria-pressed', String(paused));
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    if (paused) {
      setStatus('paused', 'paused');
      return;
    }
    var waiting = buffered;
    buffered = [];
    stats.buffered = 0;
    setStatus(socket ? 'live' : 'reconnecting', socket ? 'live' : 'reconnecting…');
    if (snapshotOnResume) {
      snapshotOnResume = false;
      requestSnapshot();
    } else {
      waiting.forEach(draw);
    }
  }

  if (pauseButton) {
    pauseButton.addEventListener('click', togglePause);
  }
  if (pngButton) {
    pngButton.addEventListener('click', function () {
      Plotly.downloadImage(graph, { format: 'png', filename: plotId, width: graph.clientWidth, height: graph.clientHeight });
    });
  }
  window.setInterval(function () {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send('ping');
    }
  }, KEEPALIVE_MS);

  connect();
}());
