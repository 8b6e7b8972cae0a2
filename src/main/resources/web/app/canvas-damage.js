// Which part of the canvas a paint must redo (issue 16, the long-task target). Without a GPU a 2D
// canvas is rasterized in software in the browser's commit after the animation frame, the whole
// area that was drawn (docs/BENCHMARKS.md 4f/4g: ~38 ms for twelve panels, the last long tasks).
// But between two layouts the axes stand still, and a sliding window only changes at its ends: new
// points on the right, aged-out ones on the left. So a paint compares what it would draw with what
// the canvas shows: where both draw lists agree, the pixels are already right and are kept; only
// the bands around the changed ends are cleared and drawn again, clipped to the band. Everything
// else (an axis moved, a style changed, a dash pattern whose phase runs along the whole line)
// paints the whole canvas, as before. Pure: draw lists in, bands out.

/** Canvas lines are joined as plotly's SVG lines are: miter, at SVG's default limit of 4. */
export const MITER_LIMIT = 4;

/**
 * How far (CSS px) the pixels drawn for one point can reach from it along x: a miter join at
 * MITER_LIMIT (half the limit times the width; a column bar's half width is less), a marker's
 * radius, then the pixel column a point shares with its neighbours (columnRuns draws a column from
 * its first to its last point) and a pixel of antialiasing. A band repainted this far beyond its
 * changes holds every pixel they touch.
 */
export function paintMargin(style) {
  let reach = 0;
  if (style.lines) {
    reach = Math.max(reach, (MITER_LIMIT * style.width) / 2);
  }
  if (style.markers) {
    reach = Math.max(reach, style.markers.size / 2);
  }
  return Math.ceil(reach) + 3;
}

/** What besides its points decides a painted trace's pixels: its place, style and subplot. */
export function paintKey(index, style, clip) {
  const m = style.markers;
  return index + '|' + style.color + '|' + style.width + '|' + style.dash.join(',') + '|' + style.opacity + '|'
    + style.lines + '|' + (m ? m.size + ',' + m.color + ',' + m.opacity : '-') + '|' + clip.x + ',' + clip.y + ',' + clip.w + ',' + clip.h;
}

/**
 * Whether a trace can be repainted in bands: its line has no dash pattern (a pattern's phase is
 * measured from the line's first point, which moves when points age out).
 */
export function bandable(style) {
  return !style.lines || style.dash.length === 0;
}

/**
 * The x interval (CSS px) where the canvas already shows what `next` would draw, or null when no
 * part of it can be kept. prev and next: [{ key, points, margin }] per painted trace, in paint
 * order; key stands for everything besides the points that changes pixels (style, clip); points
 * are [x0, y0, x1, y1, ...] pixel pairs with NaN pairs for breaks. Returns { from, to } with
 * from < to, or { from: -Infinity, to: Infinity } when nothing changed at all.
 */
export function keptInterval(prev, next) {
  if (!prev || prev.length !== next.length) {
    return null;
  }
  let from = -Infinity;
  let to = Infinity;
  for (let t = 0; t < next.length; t++) {
    const p = prev[t];
    const n = next[t];
    if (p.key !== n.key || !bandable(n.style)) {
      return null;
    }
    const kept = keptOfTrace(p.points, n.points, n.margin);
    if (kept === null) {
      return null;
    }
    from = Math.max(from, kept.from);
    to = Math.min(to, kept.to);
    if (!(from < to)) {
      return null;
    }
  }
  return { from, to };
}

/**
 * keptInterval for one trace's draw lists: a point of next clear of its left end (where points age
 * out and M4's first column changes) is found in prev, both are walked while they agree, and what
 * is kept lies between every point outside that run (in either list) and the run's own ends, a
 * margin in from each. x need not rise (a late point may go back a little): the points outside the
 * run bound the interval wherever they are.
 */
function keptOfTrace(p, n, margin) {
  if (sameValues(p, 0, n, 0, Math.max(p.length, n.length))) {
    return { from: -Infinity, to: Infinity };
  }
  let k = 0;
  while (k < n.length && !(n[k] >= n[0] + margin)) {
    k += 2;
  }
  let s = 0;
  while (s < p.length && !(p[s] === n[k] && p[s + 1] === n[k + 1])) {
    s += 2;
  }
  if (k >= n.length || s >= p.length) {
    return null;
  }
  let run = 0;
  while (k + run < n.length && s + run < p.length && same(p[s + run], n[k + run])) {
    run++;
  }
  run -= run % 2; // whole pairs
  let last = k + run - 2;
  while (last > k && n[last] !== n[last]) {
    last -= 2; // a break is no position
  }
  const from = Math.max(n[k], maxX(n, 0, k), maxX(p, 0, s)) + margin;
  const to = Math.min(n[last], minX(n, k + run, n.length), minX(p, s + run, p.length)) - margin;
  return from < to ? { from, to } : null;
}

/** The greatest x of the pairs in [from, to), breaks skipped; -Infinity when none. */
function maxX(points, from, to) {
  let x = -Infinity;
  for (let i = from; i < to; i += 2) {
    if (points[i] > x) {
      x = points[i];
    }
  }
  return x;
}

/** The least x of the pairs in [from, to), breaks skipped; Infinity when none. */
function minX(points, from, to) {
  let x = Infinity;
  for (let i = from; i < to; i += 2) {
    if (points[i] < x) {
      x = points[i];
    }
  }
  return x;
}

function same(a, b) {
  return a === b || (a !== a && b !== b);
}

function sameValues(a, ai, b, bi, n) {
  if (a.length - ai < n || b.length - bi < n) {
    return false;
  }
  for (let i = 0; i < n; i++) {
    if (!same(a[ai + i], b[bi + i])) {
      return false;
    }
  }
  return true;
}

/**
 * The part of a draw list that paints the band [from, to) of x: from the first to the last point
 * that lies within margin of the band or ends a segment crossing it (so a segment crossing the band
 * is drawn although both its ends are outside). Its end points are then outside the band by more
 * than the margin, or the list's own ends. A view of points, no copy; empty when nothing touches.
 */
export function sliceForBand(points, from, to, margin) {
  const lo = from - margin;
  const hi = to + margin;
  let first = -1;
  let last = -1;
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i];
    if (x !== x) {
      continue;
    }
    if (x >= lo && x <= hi) {
      first = first < 0 ? i : first;
      last = i;
    }
    const next = i + 2 < points.length ? points[i + 2] : NaN;
    if (next === next && Math.min(x, next) <= hi && Math.max(x, next) >= lo) {
      first = first < 0 ? i : first;
      last = i + 2;
    }
  }
  return first < 0 ? points.subarray(0, 0) : points.subarray(first, last + 2);
}
