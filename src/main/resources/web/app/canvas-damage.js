// Which part of the canvas a paint must redo (issue 16, the long-task target). Without a GPU a 2D
// canvas is rasterized in software in the browser's commit after the animation frame, the whole
// area that was drawn (docs/BENCHMARKS.md 4f/4g: ~38 ms for twelve panels, the last long tasks).
// But between two layouts the axes stand still, and a sliding window only changes at its ends: new
// points on the right, aged-out ones on the left. So a paint compares what it would draw with what
// the canvas shows: where both draw lists agree, the pixels are already right and are kept; only
// the bands around the changed ends are cleared and drawn again, clipped to the band. Everything
// else (an axis moved, a style changed, x that is not in order, a dash pattern whose phase runs
// along the whole line) paints the whole canvas, as before. Pure: draw lists in, bands out.

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

/** keptInterval for one trace's draw lists. */
function keptOfTrace(p, n, margin) {
  if (sameValues(p, 0, n, 0, Math.max(p.length, n.length))) {
    return { from: -Infinity, to: Infinity };
  }
  if (!ascending(p) || !ascending(n)) {
    return null;
  }
  // the first point of next clear of its left end, where points age out and M4's first column changes
  let k = 0;
  while (k < n.length && !(n[k] >= n[0] + margin)) {
    k += 2;
  }
  if (k >= n.length) {
    return null;
  }
  // the same point in what is painted
  let s = 0;
  while (s < p.length && !(p[s] >= n[k])) {
    s += 2;
  }
  while (s < p.length && p[s] === n[k] && p[s + 1] !== n[k + 1]) {
    s += 2;
  }
  if (s >= p.length || p[s] !== n[k] || p[s + 1] !== n[k + 1]) {
    return null;
  }
  // both agree from there on, up to where new points begin (or old ones went on)
  let end = 0;
  while (k + end < n.length && s + end < p.length && same(p[s + end], n[k + end])) {
    end++;
  }
  end -= end % 2; // whole pairs
  let last = k + end - 2;
  while (last > k && n[last] !== n[last]) {
    last -= 2; // a break is no position
  }
  const from = n[k] + margin;
  const to = n[last] - margin;
  return from < to ? { from, to } : null;
}

/** True when x (every even value, breaks skipped) never goes down. */
function ascending(points) {
  let x = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    const v = points[i];
    if (v === v) {
      if (v < x) {
        return false;
      }
      x = v;
    }
  }
  return true;
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
 * The part of a draw list (x ascending) that paints the band [from, to) of x: the points within
 * margin of it and one more on each side, so a segment crossing the band is drawn although both
 * its ends are outside. A view of points, no copy.
 */
export function sliceForBand(points, from, to, margin) {
  let first = 0;
  while (first < points.length && !(points[first] >= from - margin)) {
    first += 2;
  }
  first = Math.max(0, first - 2);
  let end = first;
  while (end < points.length && !(points[end] > to + margin)) {
    end += 2;
  }
  end = Math.min(points.length, end + 2);
  return points.subarray(first, end);
}
