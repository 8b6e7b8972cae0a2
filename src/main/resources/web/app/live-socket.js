// LiveSocket: the one WebSocket of a page. Either one plot (/ws/plots/{id}) or many over one
// multiplexed socket (/ws/live?plots=a,b,c). It reconnects with jittered backoff, backs off longer
// when the server is busy (close code 1013 or 503), keeps the connection alive with pings, and hands
// every frame to onFrame with frame.plot set (the single socket's frames name no plot). When a
// socket closes without ever opening, one plain GET of the socket's URL tells why (403: wrong or
// missing view key, 404: no such plot, 503: busy), because browsers hide the status of a failed
// WebSocket upgrade. It tells the server how wide the page draws (docs/VIEWER-WIDTH.md): `width` on the URL
// for every subscription, and {"view": id, "width": px} when a panel's width changes, so the server
// can send snapshots reduced to the pixels (a server that does not know them ignores both).
//
//   const conn = new LiveSocket({ plot: 'a' } or { plots: ['a', 'b'] }, width: 400,
//       onFrame(frame) {}, onState(state, text) {} });
//   states: connecting, live, reconnecting, busy, denied (wrong or missing view key, no retry),
//   missing (single plot: no such plot, no retry), gone (single plot deleted, no retry), closed
//   conn.resync(plotId); conn.setWidth(plotId, px); conn.close(); conn.state

import { Plotstream, viewKeyFromUrl } from './runtime.js';
import { validWidth, widthWorthTelling } from './panel-width.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15000;
const BUSY_RETRY_MS = 5000;         // the server said "viewer limit reached"
const KEEPALIVE_MS = 30000;         // under the server's idle timeout
const TRY_AGAIN_LATER = 1013;

export function LiveSocket(options) {
  this.multiplexed = Array.isArray(options.plots);
  this.plots = this.multiplexed ? options.plots.slice() : [options.plot];
  this.onFrame = options.onFrame || function () {};
  this.onState = options.onState || function () {};
  this.keyOption = options.key;
  this.width = validWidth(options.width);
  this.widths = Object.create(null); // plot -> the width the page draws it at (told the server when it differs from the URL's)
  this.state = 'connecting';
  this.socket = null;
  this.retryMs = FIRST_RETRY_MS;
  this.everOpened = false;
  this.stopped = false;
  this.retryTimer = null;
  var self = this;
  this.keepAlive = window.setInterval(function () {
    self.send('ping');
  }, KEEPALIVE_MS);
  this.connect();
}

LiveSocket.prototype.key = function () {
  return this.keyOption !== undefined ? this.keyOption : viewKeyFromUrl();
};

/** Path and query of the socket, without scheme and host (also used for the plain GET probe). */
LiveSocket.prototype.path = function () {
  var key = this.key();
  var path;
  var query = [];
  if (this.multiplexed) {
    path = '/ws/live';
    query.push('plots=' + this.plots.map(encodeURIComponent).join(','));
  } else {
    path = '/ws/plots/' + encodeURIComponent(this.plots[0]);
  }
  if (this.width) {
    query.push('width=' + this.width);
  }
  if (key) {
    query.push('key=' + encodeURIComponent(key));
  }
  return path + (query.length ? '?' + query.join('&') : '');
};

LiveSocket.prototype.setState = function (state, text) {
  this.state = state;
  try {
    this.onState(state, text);
  } catch (e) {
    // a listener's bug must not stop the socket
  }
};

LiveSocket.prototype.connect = function () {
  if (this.stopped) {
    return;
  }
  var self = this;
  this.setState(this.everOpened ? 'reconnecting' : 'connecting', 'connecting…');
  var opened = false;
  var ws;
  try {
    ws = new WebSocket((window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + this.path());
  } catch (e) {
    this.retry(false);
    return;
  }
  this.socket = ws;
  ws.onopen = function () {
    opened = true;
    // a new connection's subscriptions start from the URL's width: tell the ones that differ
    Object.keys(self.widths).forEach(function (plot) {
      if (self.widths[plot] !== self.width) {
        self.send(JSON.stringify({ view: plot, width: self.widths[plot] }));
      }
    });
    self.everOpened = true;
    self.retryMs = FIRST_RETRY_MS;
    self.setState('live', 'live');
  };
  ws.onmessage = function (event) {
    var frame;
    try {
      frame = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (frame === null || typeof frame !== 'object') {
      return;
    }
    if (!self.multiplexed) {
      if (typeof frame.plot !== 'string') {
        frame.plot = self.plots[0];
      }
      if (frame.type === 'gone') {
        self.stop('gone', 'plot deleted');
      }
    }
    try {
      self.onFrame(frame);
    } catch (e) {
      // one bad frame (or a listener's bug) must not take the page down
      if (window.console) {
        window.console.error(e);
      }
    }
  };
  ws.onclose = function (event) {
    if (self.socket === ws) {
      self.socket = null;
    }
    if (self.stopped) {
      return;
    }
    if (event.code === TRY_AGAIN_LATER) {
      self.retry(true);
    } else if (!opened) {
      self.probe();
    } else {
      self.retry(false);
    }
  };
};

/** Why did the upgrade fail? A plain GET of the same URL answers with the status the upgrade got. */
LiveSocket.prototype.probe = function () {
  var self = this;
  if (typeof window.fetch !== 'function') {
    this.retry(false);
    return;
  }
  window.fetch(this.path(), { cache: 'no-store', credentials: 'same-origin' }).then(function (response) {
    if (self.stopped) {
      return;
    }
    if (response.status === 403 || response.status === 401) {
      self.stop('denied', 'wrong or missing view key');
    } else if (response.status === 404 && !self.multiplexed) {
      self.stop('missing', 'no such plot');
      self.onFrame({ type: 'missing', plot: self.plots[0] });
    } else {
      self.retry(response.status === 503);
    }
  }, function () {
    self.retry(false); // the server is unreachable
  });
};

LiveSocket.prototype.retry = function (busy) {
  if (this.stopped) {
    return;
  }
  var self = this;
  var delay = busy ? Math.max(this.retryMs, BUSY_RETRY_MS) : this.retryMs;
  delay = Math.round(delay * (0.75 + Math.random() * 0.5)); // many pages must not reconnect in lockstep
  this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  var seconds = Math.ceil(delay / 1000);
  if (busy) {
    this.setState('busy', 'server busy · retrying in ' + seconds + ' s');
  } else {
    this.setState('reconnecting', 'disconnected · retrying in ' + seconds + ' s');
  }
  this.retryTimer = window.setTimeout(function () {
    self.retryTimer = null;
    self.connect();
  }, delay);
};

LiveSocket.prototype.stop = function (state, text) {
  this.stopped = true;
  window.clearInterval(this.keepAlive);
  if (this.retryTimer !== null) {
    window.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
  this.setState(state, text);
};

LiveSocket.prototype.send = function (text) {
  var ws = this.socket;
  if (ws && ws.readyState === WebSocket.OPEN) {
    ws.send(text);
    return true;
  }
  return false;
};

/** Asks for a fresh snapshot of one plot (after an update could not be applied). */
LiveSocket.prototype.resync = function (plotId) {
  if (this.multiplexed) {
    return this.send(JSON.stringify({ resync: String(plotId) }));
  }
  return this.send('resync');
};

/** A plot's drawing width changed (CSS px): the server reduces that plot's snapshots to it. */
LiveSocket.prototype.setWidth = function (plotId, px) {
  const width = validWidth(px);
  const plot = String(plotId);
  const told = this.widths[plot] !== undefined ? this.widths[plot] : this.width;
  if (!widthWorthTelling(told, width)) {
    return false;
  }
  this.widths[plot] = width;
  // not connected: the next connection tells it (see onopen)
  return this.send(JSON.stringify({ view: plot, width: width }));
};


LiveSocket.prototype.close = function () {
  var ws = this.socket;
  this.stop('closed', 'closed');
  this.socket = null;
  if (ws) {
    ws.close(1000, 'page closed');
  }
};

Plotstream.LiveSocket = LiveSocket; // what tests and the console used before modules
