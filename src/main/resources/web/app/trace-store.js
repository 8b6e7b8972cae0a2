// One streamed trace's window as the browser keeps it: every per-point attribute the server streams
// (x, y, text, marker.color, ...) as it arrived (escaped), plus x and y as numbers in typed arrays
// (date strings parsed once, on arrival) and each point's absolute index (to trim the window as the
// server does, also after a snapshot the server reduced). It answers what to draw for a pixel width:
// the window itself when its points fit (4 per pixel column), else its M4 points, kept
// incrementally. What is drawn is always real points with all their attributes, so hover is exact.
// Pure: no DOM.

import { M4Columns, columnWidth, gridStale, m4Range } from './m4.js';
import { isDateString, xNumber } from './time.js';

const MAX_WINDOW = 1000000; // without a maxPoints from the server the window is bounded here
const POINT_KEYS = ['x', 'y', 'text', 'hovertext', 'customdata', 'ids', 'marker.color', 'marker.size',
  'marker.symbol', 'marker.opacity', 'error_y.array', 'error_x.array', 'width'];

function getKey(trace, key) {
  const dot = key.indexOf('.');
  if (dot < 0) {
    return trace[key];
  }
  const outer = trace[key.slice(0, dot)];
  return outer && typeof outer === 'object' ? outer[key.slice(dot + 1)] : undefined;
}

function setKey(trace, key, value) {
  const dot = key.indexOf('.');
  if (dot < 0) {
    trace[key] = value;
    return;
  }
  const name = key.slice(0, dot);
  const outer = trace[name] && typeof trace[name] === 'object' ? Object.assign({}, trace[name]) : {};
  outer[key.slice(dot + 1)] = value;
  trace[name] = outer;
}

/**
 * The fast path (reduce before drawing) is for lines from x/y arrays with numeric or date x.
 * Everything else (bars, markers, areas stacked on each other, categories...) is drawn exactly.
 */
export function reducibleTrace(trace) {
  const type = trace.type === undefined ? 'scatter' : trace.type;
  if (type !== 'scatter' && type !== 'scattergl') {
    return false;
  }
  if (typeof trace.mode === 'string' && trace.mode.indexOf('markers') >= 0) {
    return false;
  }
  if (trace.stackgroup !== undefined || (typeof trace.fill === 'string' && trace.fill.indexOf('next') >= 0)) {
    return false;
  }
  return Array.isArray(trace.x) && Array.isArray(trace.y);
}

export class TraceStore {
  /**
   * trace: the snapshot's trace (escaped). count: points ever appended (traceCounts[k]); maxPoints:
   * the window length; kept: the window positions the server sent when it reduced the snapshot
   * ({index:[...]}, 0 = the window's oldest point), else null.
   */
  constructor(trace, count, maxPoints, kept) {
    this.keys = POINT_KEYS.filter((key) => Array.isArray(getKey(trace, key)));
    const n = this.keys.reduce((max, key) => Math.max(max, getKey(trace, key).length), 0);
    this.base = {};
    for (const key of Object.keys(trace)) {
      this.base[key] = trace[key];
    }
    for (const key of this.keys) {
      setKey(this.base, key, undefined);
    }
    this.reducible = reducibleTrace(trace);
    this.columns = {};
    for (const key of this.keys) {
      this.columns[key] = [];
    }
    this.cap = 16;
    this.xs = new Float64Array(this.cap);
    this.ys = new Float64Array(this.cap);
    this.ids = new Float64Array(this.cap);
    this.offset = 0;     // position of array slot 0
    this.start = 0;      // first position in the window
    this.end = 0;        // one past the last position
    this.maxPoints = maxPoints >= 0 ? Math.min(maxPoints, MAX_WINDOW) : MAX_WINDOW;
    this.total = Number(count) >= n ? Number(count) : n;
    const xs = getKey(trace, 'x');
    // date axis or not: decided by the first x there is (a window may start empty); x that is
    // neither a number nor a date (categories) reads as NaN, and M4 then leaves the trace exact
    this.dates = null;
    if (Array.isArray(xs)) {
      for (const v of xs) {
        if (v !== null && v !== undefined) {
          this.dates = typeof v === 'string' && isDateString(v);
          break;
        }
      }
    }
    const self = this;
    this.m4 = new M4Columns({ x: (p) => self.xs[p - self.offset], y: (p) => self.ys[p - self.offset] });
    this.m4Live = false; // kept up to date point by point once the window needs reducing
    const index = kept && Array.isArray(kept.index) && kept.index.length === n ? kept.index : null;
    // maxPoints is the window's capacity; a time-limited window may hold fewer points. A reduced
    // snapshot always keeps the window's newest point, so its last index tells the window's length.
    const windowLength = index && n > 0 ? Number(index[n - 1]) + 1 : Math.min(this.total, this.maxPoints);
    const values = this.keys.map((key) => getKey(trace, key));
    for (let i = 0; i < n; i++) {
      const id = index ? this.total - windowLength + Number(index[i]) : this.total - n + i;
      this.push(values, i, id);
    }
    this.reducedFromServer = !!index;
  }

  get length() {
    return this.end - this.start;
  }

  grow() {
    const used = this.end - this.offset;
    if (used < this.cap) {
      return;
    }
    const live = this.end - this.start;
    const from = this.start - this.offset;
    if (live * 2 <= this.cap) {
      // compact in place: slots before the window are free
      this.xs.copyWithin(0, from, used);
      this.ys.copyWithin(0, from, used);
      this.ids.copyWithin(0, from, used);
    } else {
      this.cap *= 2;
      for (const name of ['xs', 'ys', 'ids']) {
        const next = new Float64Array(this.cap);
        next.set(this[name].subarray(from, used));
        this[name] = next;
      }
    }
    for (const key of this.keys) {
      this.columns[key] = this.columns[key].slice(from);
    }
    this.offset = this.start;
  }

  push(values, i, id) {
    this.grow();
    const slot = this.end - this.offset;
    for (let k = 0; k < this.keys.length; k++) {
      const array = values[k];
      this.columns[this.keys[k]].push(array && i < array.length ? array[i] : undefined);
    }
    const xAt = this.keys.indexOf('x');
    const yAt = this.keys.indexOf('y');
    const x = xAt >= 0 && values[xAt] ? values[xAt][i] : undefined;
    const y = yAt >= 0 && values[yAt] ? values[yAt][i] : undefined;
    if (this.dates === null && x !== null && x !== undefined) {
      this.dates = typeof x === 'string' && isDateString(x);
    }
    this.xs[slot] = x === null || x === undefined ? NaN : xNumber(x, this.dates);
    this.ys[slot] = typeof y === 'number' ? y : (y === null || y === undefined ? NaN : Number(y));
    this.ids[slot] = id;
    this.end++;
    if (this.m4Live) {
      this.m4.append(this.end - 1);
    }
  }

  /**
   * Appends trace `j` of an extend frame (update: {attribute: [array per trace]}) and trims the
   * window to maxPoints. False when the frame brings attributes this trace does not have (the
   * caller asks for a snapshot then).
   */
  extend(update, j, maxPoints) {
    const keys = Object.keys(update);
    for (const key of keys) {
      if (this.keys.indexOf(key) < 0) {
        if (POINT_KEYS.indexOf(key) < 0) {
          return false;
        }
        // an attribute the snapshot's window did not have yet: earlier points have none
        this.keys.push(key);
        const column = new Array(this.end - this.offset).fill(undefined);
        this.columns[key] = column;
      }
    }
    const values = this.keys.map((key) => (update[key] ? update[key][j] : undefined));
    let n = 0;
    for (const array of values) {
      if (Array.isArray(array) && array.length > n) {
        n = array.length;
      }
    }
    for (let i = 0; i < n; i++) {
      this.push(values, i, this.total + i);
    }
    this.total += n;
    if (maxPoints >= 0) {
      this.maxPoints = Math.min(maxPoints, MAX_WINDOW); // 0: every point aged out (maxage)
    }
    this.trim();
    return true;
  }

  trim() {
    const oldest = this.total - this.maxPoints;
    let start = this.start;
    while (start < this.end && this.ids[start - this.offset] < oldest) {
      start++;
    }
    if (start !== this.start) {
      this.start = start;
      if (this.m4Live) {
        this.m4.evict(start);
      }
    }
  }

  x(p) {
    return this.xs[p - this.offset];
  }

  /** The first window position with x >= value (x > value when after), by bisection (x ascending). */
  lowerBound(value, after) {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.xs[mid - this.offset];
      if (x < value || (after && x === value)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The positions to draw for `width` pixels, or null for the whole window (its points fit, or the
   * trace is not one the reduction applies to). range: the x interval in view ([x0, x1] numbers),
   * or null for the whole window.
   */
  plan(width, range) {
    const w = Math.max(1, Math.floor(width));
    const n = this.length;
    if (!this.reducible || n <= 4 * w) {
      return null;
    }
    const first = this.xs[this.start - this.offset];
    const last = this.xs[this.end - 1 - this.offset];
    if (range && (range[0] > first || range[1] < last)) {
      // zoomed in: the points in view (and one either side, so the line reaches the edges)
      const from = Math.max(this.start, this.lowerBound(range[0]) - 1);
      const to = Math.min(this.end, this.lowerBound(range[1], true) + 1);
      if (to - from <= 4 * w) {
        return rangeOf(from, to);
      }
      return m4Range(this.m4.source, from, to, range[0], range[1], w);
    }
    const span = last - first;
    if (!this.m4Live || gridStale(this.m4.q, span, w)) {
      this.m4.rebuild(this.start, this.end, columnWidth(span, w));
      this.m4Live = true;
    }
    if (!this.m4.ordered) {
      return null; // x not ascending: drawn exactly
    }
    return this.m4.positions();
  }

  /** The trace for plotly: the snapshot's trace with the per-point arrays of the planned positions. */
  trace(plan) {
    const out = Object.assign({}, this.base);
    for (const key of this.keys) {
      const column = this.columns[key];
      let values;
      if (plan === null) {
        values = column.slice(this.start - this.offset, this.end - this.offset);
      } else {
        values = new Array(plan.length);
        for (let i = 0; i < plan.length; i++) {
          values[i] = column[plan[i] - this.offset];
        }
      }
      setKey(out, key, values);
    }
    if (plan !== null && out.mode === undefined) {
      out.mode = 'lines'; // plotly's default for a long trace; a reduced one may look short to it
    }
    return out;
  }

  /** The window's first x as a number (Infinity when empty). */
  firstX() {
    return this.length ? this.xs[this.start - this.offset] : Infinity;
  }

  /** The window's last x as a number (-Infinity when empty). */
  lastX() {
    return this.length ? this.xs[this.end - 1 - this.offset] : -Infinity;
  }

  /** The window's first point (x, y as sent), to join a history line to the live edge. */
  firstPoint() {
    if (!this.length) {
      return null;
    }
    const at = this.start - this.offset;
    return { x: this.columns.x ? this.columns.x[at] : undefined, y: this.columns.y ? this.columns.y[at] : undefined };
  }
}

function rangeOf(from, to) {
  const out = new Array(Math.max(0, to - from));
  for (let p = from; p < to; p++) {
    out[p - from] = p;
  }
  return out;
}
