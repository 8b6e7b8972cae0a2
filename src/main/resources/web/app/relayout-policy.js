// When plotly must lay the figure out again (issue 16 item 3). The canvas paints the streamed lines
// every frame with the axes plotly last laid out; plotly's own redraw (axes, ticks, legend, the
// hidden copy of each streamed trace that hover reads) costs milliseconds whatever the points, so it
// runs only when the canvas cannot show what arrived with the axes it has, or at a low rate to keep
// hover and the autorange fresh. Pure: time is passed in.
//
// An axis, as the policy sees it: { lo, hi } its data interval (ascending), pxPerUnit, min/max of
// the data drawn against it (NaN/Infinity when none), and kind:
//   'fixed'  the user's or the figure's range: data outside is meant to be cut off;
//   'auto'   plotly autoranges it: data outside means plotly would have grown it;
//   'follow' we state the range ourselves, the live edge plus a lead (followRange);
//   'clock'  a time range ending at the clock plus a lead; clockNow past hi means it must slide;
//   'held'   a y axis plotly would autorange, whose range we state as plotly would (heldRange).

export const NONE = 0;
export const LAZY = 1;    // only into spare time in a frame
export const URGENT = 2;  // the canvas cannot show what arrived: next frame, before lazy ones

// Plotly's copy (hover, autorange) is wanted this fresh; the render loop's share of time for
// layouts (scheduler.js) decides how fresh it gets on a busy machine: layouts go round the panels.
// Measured (docs/BENCHMARKS.md 4e): a full refresh (Plotly.react) is what makes the long tasks left,
// so it runs half as often as before (was 500/1000 ms); a moved x edge is a cheap range-only relayout.
export const REFRESH_MS = 1000;       // lazily (only into a frame's spare time) this long after data changed
export const URGENT_AFTER_MS = 2000;  // urgently (in turn, within the layouts' share) after this
// With no pointer over the panel nobody hovers it: while data keeps coming, the copy then only
// serves the autorange's tightening (a new extreme is URGENT at once, axisWant), so it is
// refreshed this seldom; once the data has settled (nothing new for REFRESH_MS) it costs one
// layout, so it is refreshed as soon as if hovered.
export const IDLE_REFRESH_MS = 4000;
export const LEAD_MS = 2000;          // a followed edge is laid out this far ahead of the data (was 800 ms)
export const MAX_LEAD_FRACTION = 0.1; // but never more than this part of the span
export const MIN_LEAD_PX = 3;
const TOLERANCE_PX = 0.5;             // beyond an edge by less than this is still on its pixel

/**
 * What one axis needs: URGENT when data is beyond an edge the axis should have moved, or a clock
 * range ran out of lead; LAZY when a held axis is wider than plotly's autorange would now be; else NONE.
 */
export function axisWant(axis, clockNow) {
  if (!axis || axis.kind === 'fixed') {
    return NONE;
  }
  const tol = axis.pxPerUnit > 0 ? TOLERANCE_PX / axis.pxPerUnit : 0;
  if (axis.kind === 'clock') {
    return clockNow > axis.hi - tol || axis.max > axis.hi + tol ? URGENT : NONE;
  }
  if (axis.max > axis.hi + tol || axis.min < axis.lo - tol) {
    return URGENT;
  }
  if (axis.kind === 'held') {
    // plotly's autorange would have tightened by now: move in lazily, not on every new extreme
    const tight = heldRange(axis.min, axis.max);
    if (tight !== null && tight[1] - tight[0] < SHRINK_FRACTION * (axis.hi - axis.lo)) {
      return LAZY;
    }
  }
  return NONE;
}

// A y axis that plotly would autorange over streamed lines alone is held by us instead (kind
// 'held'): its range is the one plotly's autorange gives, stated in the layout, so moving it is a
// range-only relayout and plotly's copy is not needed for it. Plotly pads a padded autorange by 5 %
// of the axis length at each end (autorange.js makePadFn); lines without markers have no other pad.
export const AUTORANGE_PAD = 0.05;
export const SHRINK_FRACTION = 0.9;   // a held axis tightens once the data would fill under this part of it

/**
 * The range plotly's autorange gives data in [min, max] on a linear axis of lines alone: the data
 * fills the axis but AUTORANGE_PAD of its length at each end. null when the data has no span (plotly
 * then shows +-1 around the value: left to plotly).
 */
export function heldRange(min, max) {
  const span = max - min;
  if (!(span > 0) || !isFinite(span)) {
    return null;
  }
  const pad = span * AUTORANGE_PAD / (1 - 2 * AUTORANGE_PAD);
  return [min - pad, max + pad];
}

/**
 * How often plotly's copy is refreshed: REFRESH_MS while the pointer is over the panel or when the
 * data has been quiet for REFRESH_MS (sinceChangeMs, Infinity when never), else IDLE_REFRESH_MS
 * while some axis autoranges from it (autoranged), else never while data streams.
 */
export function copyRefreshMs(pointerOver, sinceChangeMs = 0, autoranged = true) {
  if (pointerOver || sinceChangeMs >= REFRESH_MS) {
    return REFRESH_MS;
  }
  // no axis autoranges from the copy (all held or stated): only hover and exports read it
  return autoranged ? IDLE_REFRESH_MS : Infinity;
}

/** The copy's urgent refresh comes at twice its lazy one (URGENT_AFTER_MS for REFRESH_MS). */
function urgentAfter(state) {
  return (state.refreshMs > 0 ? state.refreshMs : REFRESH_MS) * (URGENT_AFTER_MS / REFRESH_MS);
}

/**
 * The figure's want: URGENT when the structure changed (a snapshot, theme, legend, range, size),
 * or an axis wants it; LAZY when data changed since the last layout REFRESH_MS ago (URGENT after
 * URGENT_AFTER_MS); else NONE.
 *   state: { structure, now, lastLayoutAt, changedSinceLayout, axes: [axis...], clockNow,
 *            refreshMs (the copy's lazy refresh, copyRefreshMs; REFRESH_MS when not given) }
 * lastLayoutAt and changedSinceLayout are about the last full layout (REACT), which made plotly's
 * copy: a range-only relayout moves the axis but leaves the copy as it was.
 */
export function layoutWant(state) {
  if (state.structure) {
    return URGENT;
  }
  let want = NONE;
  for (const axis of state.axes || []) {
    const axisWants = axisWant(axis, state.clockNow);
    if (axisWants === URGENT) {
      return URGENT;
    }
    want = Math.max(want, axisWants);
  }
  if (state.changedSinceLayout) {
    const age = state.now - state.lastLayoutAt;
    if (age >= urgentAfter(state)) {
      want = URGENT;
    } else if (age >= (state.refreshMs > 0 ? state.refreshMs : REFRESH_MS)) {
      want = LAZY;
    }
  }
  return want;
}

// How a granted layout is done (panel.js):
export const REACT = 'react'; // Plotly.react: everything, the hidden copies (hover, autorange) made anew
export const RANGE = 'range'; // Plotly.relayout of the x range alone: axis, ticks, grid, shapes redrawn

/**
 * How to lay out, given the state layoutWant() judged: RANGE when the only thing plotly must show
 * anew is an x range we state ourselves (the followed live edge or a time range's clock) that has
 * run out of lead, and the hidden copy is not yet due for its urgent refresh; else REACT (a
 * structure change, an autoranged axis that must grow, or the copy's refresh). A range-only
 * relayout skips plotly's defaults, calc and autorange (measured 19-32 ms against 34-82 ms for a
 * react under load, BENCHMARKS 4c); the copy's data is refreshed by the lazy path (REFRESH_MS).
 */
export function layoutMode(state) {
  if (state.structure) {
    return REACT;
  }
  let moved = false;
  for (const axis of state.axes || []) {
    if (axisWant(axis, state.clockNow) !== NONE) {
      if (axis.kind !== 'follow' && axis.kind !== 'clock' && axis.kind !== 'held') {
        return REACT; // plotly must autorange: only a react recomputes from the data
      }
      moved = true;
    }
  }
  if (!moved) {
    return REACT; // wanted for the copy's refresh
  }
  const copyDue = state.changedSinceLayout && state.now - state.lastLayoutAt >= urgentAfter(state);
  return copyDue ? REACT : RANGE;
}

/**
 * The x interval to lay out while following the live edge: the data's [min, max], the right edge
 * ahead of the data by what it travels in LEAD_MS at `velocity` (x units per ms), at least
 * MIN_LEAD_PX and at most MAX_LEAD_FRACTION of the span. null when the data has no span (plotly
 * autoranges a single point).
 */
export function followRange(min, max, lengthPx, velocity) {
  const span = max - min;
  if (!(span > 0) || !isFinite(span) || !(lengthPx > 0)) {
    return null;
  }
  // The lead is a part of the axis: solve lead = velocity * LEAD_MS on the interval it makes.
  const minLead = MIN_LEAD_PX * span / Math.max(1, lengthPx - MIN_LEAD_PX);
  const wanted = velocity > 0 && isFinite(velocity) ? velocity * LEAD_MS : 0;
  const lead = Math.min(MAX_LEAD_FRACTION * span, Math.max(minLead, wanted));
  return [min, max + lead];
}

/** The speed of the live edge (x units per ms), smoothed over layouts; the previous one when no time passed. */
export function edgeVelocity(previous, fromX, toX, ms) {
  if (!(ms > 0) || !isFinite(fromX) || !isFinite(toX) || toX < fromX) {
    return previous > 0 ? previous : 0;
  }
  const measured = (toX - fromX) / ms;
  return previous > 0 ? previous * 0.5 + measured * 0.5 : measured;
}
