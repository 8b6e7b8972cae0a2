// M4 (Jugel et al., VLDB 2014): per pixel column keep the first, the lowest, the highest and the
// last point. A line drawn through them lights the same pixels as the line through every point, so
// a spike between two pixels is still drawn (LTTB would drop it). Pure: no DOM.
//
// M4Columns keeps the columns of a sliding window incrementally: the column grid is anchored on
// absolute x (column = floor(x / q)), so a point arriving touches only the newest column and a point
// ageing out only the oldest; finished columns are never recomputed. Points are named by positions
// (increasing integers) and read through source.x(p) / source.y(p). x is expected to rise; a point
// whose x goes back a little is kept in the newest column (still a real point, drawn in order).

/**
 * The column width for `width` pixels over an x span: a power of 2^(1/4) at least span / width, so
 * the grid stays put while a window of steady rate slides (it is rebuilt only when the span drifts
 * out of [q / 1.25, q * 1.5]).
 */
export function columnWidth(span, width) {
  const ideal = span / Math.max(1, width);
  if (!(ideal > 0) || !isFinite(ideal)) {
    return 0;
  }
  return Math.pow(2, Math.ceil(Math.log2(ideal) * 4) / 4);
}

/** True when a grid of column width q no longer fits `width` pixels over `span` (too fine or too coarse). */
export function gridStale(q, span, width) {
  const ideal = span / Math.max(1, width);
  return !(q > 0) || q < ideal / 1.25 || q > ideal * 1.5;
}

export class M4Columns {
  constructor(source) {
    this.source = source;
    this.reset(0);
  }

  reset(q) {
    this.q = q;
    this.keys = [];
    this.first = [];
    this.min = [];
    this.max = [];
    this.last = [];
    this.minY = [];
    this.maxY = [];
    this.head = 0;
    this.ordered = q > 0; // false once an x is not a number: the reduction no longer applies
  }

  /** Columns from scratch over positions [from, to) with column width q. */
  rebuild(from, to, q) {
    this.reset(q);
    for (let p = from; p < to && this.ordered; p++) {
      this.append(p);
    }
  }

  get columns() {
    return this.keys.length - this.head;
  }

  append(p) {
    if (!this.ordered) {
      return;
    }
    const x = this.source.x(p);
    if (!isFinite(x)) {
      this.ordered = false; // not a number on the axis (categories): the trace is drawn exactly
      return;
    }
    const key = Math.floor(x / this.q);
    const n = this.keys.length;
    const y = this.source.y(p);
    // A point whose x went back (clocks of several writers, a late chunk) joins the newest column:
    // columns stay in window order, so ageing out still drops them from the front.
    if (n > this.head && this.keys[n - 1] >= key) {
      // NaN (a gap) never wins; a column that began with one takes the first number
      if (y < this.minY[n - 1] || (this.minY[n - 1] !== this.minY[n - 1] && y === y)) {
        this.min[n - 1] = p;
        this.minY[n - 1] = y;
      }
      if (y > this.maxY[n - 1] || (this.maxY[n - 1] !== this.maxY[n - 1] && y === y)) {
        this.max[n - 1] = p;
        this.maxY[n - 1] = y;
      }
      this.last[n - 1] = p;
    } else {
      this.keys.push(key);
      this.first.push(p);
      this.min.push(p);
      this.max.push(p);
      this.last.push(p);
      this.minY.push(y);
      this.maxY.push(y);
    }
  }

  /** Points before position `from` have left the window: drop their columns, redo only a cut one. */
  evict(from) {
    while (this.head < this.keys.length && this.last[this.head] < from) {
      this.head++;
    }
    if (this.head < this.keys.length && this.first[this.head] < from) {
      const c = this.head;
      const end = this.last[c];
      const src = this.source;
      let lo = from;
      let hi = from;
      let loY = src.y(from);
      let hiY = loY;
      for (let p = from + 1; p <= end; p++) {
        const y = src.y(p);
        if (y < loY || (loY !== loY && y === y)) {
          lo = p;
          loY = y;
        }
        if (y > hiY || (hiY !== hiY && y === y)) {
          hi = p;
          hiY = y;
        }
      }
      this.first[c] = from;
      this.min[c] = lo;
      this.max[c] = hi;
      this.minY[c] = loY;
      this.maxY[c] = hiY;
    }
    if (this.head > 1024 && this.head * 2 > this.keys.length) {
      for (const name of ['keys', 'first', 'min', 'max', 'last', 'minY', 'maxY']) {
        this[name] = this[name].slice(this.head);
      }
      this.head = 0;
    }
  }

  /** The kept positions, ascending, each once. */
  positions() {
    const out = [];
    for (let c = this.head; c < this.keys.length; c++) {
      pushColumn(out, this.first[c], this.min[c], this.max[c], this.last[c]);
    }
    return out;
  }
}

function pushColumn(out, a, b, c, d) {
  // the four in position order, duplicates once (first <= min, max <= last)
  const lo = b < c ? b : c;
  const hi = b < c ? c : b;
  out.push(a);
  if (lo !== a) {
    out.push(lo);
  }
  if (hi !== lo && hi !== a) {
    out.push(hi);
  }
  if (d !== hi && d !== lo && d !== a) {
    out.push(d);
  }
}

/**
 * M4 of positions [from, to) of an x-ordered source over the x interval [x0, x1] cut into `width`
 * columns (the zoomed-in view; not incremental). Positions ascending.
 */
export function m4Range(source, from, to, x0, x1, width) {
  const out = [];
  const span = x1 - x0;
  if (!(span > 0) || to <= from) {
    for (let p = from; p < to; p++) {
      out.push(p);
    }
    return out;
  }
  const scale = width / span;
  let key = NaN;
  let a = -1;
  let lo = -1;
  let hi = -1;
  let d = -1;
  let loY = NaN;
  let hiY = NaN;
  for (let p = from; p < to; p++) {
    const k = Math.floor((source.x(p) - x0) * scale);
    const y = source.y(p);
    if (k !== key) {
      if (a >= 0) {
        pushColumn(out, a, lo, hi, d);
      }
      key = k;
      a = lo = hi = d = p;
      loY = hiY = y;
      continue;
    }
    if (y < loY || (loY !== loY && y === y)) {
      lo = p;
      loY = y;
    }
    if (y > hiY || (hiY !== hiY && y === y)) {
      hi = p;
      hiY = y;
    }
    d = p;
  }
  if (a >= 0) {
    pushColumn(out, a, lo, hi, d);
  }
  return out;
}
