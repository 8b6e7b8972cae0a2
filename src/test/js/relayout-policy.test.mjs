import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LAZY, LEAD_MS, MAX_LEAD_FRACTION, MIN_LEAD_PX, NONE, REFRESH_MS, URGENT, URGENT_AFTER_MS,
  AUTORANGE_PAD, RANGE, REACT, SHRINK_FRACTION, axisWant, copyRefreshMs, edgeVelocity, followRange, heldRange,
  layoutMode, layoutWant
} from '../../main/resources/web/app/relayout-policy.js';

function axis(kind, lo, hi, min, max, px = 400) {
  return { kind, lo, hi, min, max, pxPerUnit: px / (hi - lo) };
}

test('data beyond an edge plotly would have moved needs a layout now', () => {
  assert.equal(axisWant(axis('follow', 0, 110, 0, 100)), NONE, 'inside the lead');
  assert.equal(axisWant(axis('follow', 0, 110, 0, 111)), URGENT, 'past the lead');
  assert.equal(axisWant(axis('auto', -1, 1, -0.5, 1.2)), URGENT, 'a new high on an autoranged y');
  assert.equal(axisWant(axis('auto', -1, 1, -1.3, 0.5)), URGENT, 'a new low');
  assert.equal(axisWant(axis('fixed', 0, 10, -50, 50)), NONE, 'the user\'s range: cut off on purpose');
});

test('half a pixel beyond an edge is still on the edge pixel', () => {
  // 400 px over 100 units: 0.5 px = 0.125 units
  assert.equal(axisWant(axis('auto', 0, 100, 0, 100.1)), NONE);
  assert.equal(axisWant(axis('auto', 0, 100, 0, 100.2)), URGENT);
});

test('a time range slides when the clock has used up its lead', () => {
  const a = axis('clock', 1000, 2000, 1500, 1900);
  assert.equal(axisWant(a, 1990), NONE);
  assert.equal(axisWant(a, 2001), URGENT);
  assert.equal(axisWant(axis('clock', 1000, 2000, 1500, 2100), 1990), URGENT, 'a point from a clock ahead of ours');
});

test('structure changes are urgent; changed data is refreshed lazily, then urgently', () => {
  const base = { structure: false, now: 10000, lastLayoutAt: 10000, changedSinceLayout: true, axes: [], clockNow: 0 };
  assert.equal(layoutWant(Object.assign({}, base, { structure: true })), URGENT);
  assert.equal(layoutWant(base), NONE, 'just laid out');
  assert.equal(layoutWant(Object.assign({}, base, { now: 10000 + REFRESH_MS })), LAZY);
  assert.equal(layoutWant(Object.assign({}, base, { now: 10000 + URGENT_AFTER_MS })), URGENT);
  assert.equal(layoutWant(Object.assign({}, base, { now: 10000 + URGENT_AFTER_MS, changedSinceLayout: false })), NONE,
    'nothing new: plotly\'s copy is current');
  assert.equal(layoutWant(Object.assign({}, base, { axes: [axis('auto', 0, 1, 0, 2)] })), URGENT);
});

test('following the live edge, the range leads the data by what it travels in LEAD_MS, within bounds', () => {
  // 30 s of data over 400 px, the edge moving 1 unit per ms: lead LEAD_MS units, under 10 % of the span
  const r = followRange(0, 30000, 400, 1);
  assert.deepEqual(r, [0, 30000 + LEAD_MS]);
  // a fast edge: at most MAX_LEAD_FRACTION of the span
  assert.deepEqual(followRange(0, 1000, 400, 10), [0, 1000 + MAX_LEAD_FRACTION * 1000]);
  // a still edge: MIN_LEAD_PX pixels of the laid-out axis
  const still = followRange(0, 1000, 400, 0);
  const px = (still[1] - 1000) * 400 / (still[1] - still[0]);
  assert.ok(Math.abs(px - MIN_LEAD_PX) < 1e-9, 'lead in px: ' + px);
  assert.equal(followRange(5, 5, 400, 1), null, 'one x: plotly autoranges');
});

test('the edge velocity is smoothed and never negative', () => {
  assert.equal(edgeVelocity(0, 0, 100, 100), 1);
  assert.equal(edgeVelocity(1, 100, 400, 100), 2);
  assert.equal(edgeVelocity(2, 100, 50, 100), 2, 'an edge that went back keeps the last speed');
  assert.equal(edgeVelocity(0, 0, 100, 0), 0);
});

test('a followed or clock edge that ran out of lead moves with a range-only relayout', () => {
  const base = { structure: false, now: 10000, lastLayoutAt: 9500, changedSinceLayout: true, clockNow: 0 };
  const followPassed = axis('follow', 0, 110, 0, 111);
  const yInside = axis('auto', -1, 1, -0.5, 0.5);
  assert.equal(layoutWant(Object.assign({}, base, { axes: [followPassed, yInside] })), URGENT);
  assert.equal(layoutMode(Object.assign({}, base, { axes: [followPassed, yInside] })), RANGE);
  const clock = axis('clock', 1000, 2000, 1500, 1900);
  assert.equal(layoutMode(Object.assign({}, base, { axes: [clock, yInside], clockNow: 2001 })), RANGE,
    'a time range the clock slid past');
});

test('anything but a stated x range moving takes a full react', () => {
  const base = { structure: false, now: 10000, lastLayoutAt: 9500, changedSinceLayout: true, clockNow: 0 };
  const followPassed = axis('follow', 0, 110, 0, 111);
  assert.equal(layoutMode(Object.assign({}, base, { structure: true, axes: [followPassed] })), REACT,
    'a snapshot, theme, zoom, size or history');
  assert.equal(layoutMode(Object.assign({}, base, { axes: [followPassed, axis('auto', -1, 1, -0.5, 1.5)] })), REACT,
    'a new high on an autoranged y: plotly must autorange from the data');
  assert.equal(layoutMode(Object.assign({}, base, { axes: [axis('auto', 0, 100, 0, 120)] })), REACT,
    'an autoranged x that must grow');
  assert.equal(layoutMode(Object.assign({}, base, { now: 9500 + REFRESH_MS, axes: [axis('follow', 0, 110, 0, 100)] })), REACT,
    'no edge passed: the want is the copy\'s lazy refresh');
  assert.equal(layoutMode(Object.assign({}, base, { now: 9500 + URGENT_AFTER_MS, axes: [followPassed] })), REACT,
    'the edge passed and the copy is due: one react does both');
  assert.equal(layoutMode(Object.assign({}, base, { now: 9500 + URGENT_AFTER_MS, changedSinceLayout: false, axes: [followPassed] })), RANGE,
    'an old copy with nothing new since is still current');
});

test('the copy is refreshed less often than the edge moves at 2,000 points/s', () => {
  // 5 s windows (10,000 points at 2,000/s): the lead is capped at a tenth of the span, 500 ms of
  // travel, so the edge moves ~2 times a second; the copy only every REFRESH_MS..URGENT_AFTER_MS
  const r = followRange(0, 5000, 400, 1);
  assert.equal(r[1] - 5000, 500);
  assert.ok(REFRESH_MS >= 2 * (r[1] - 5000), 'at most one react per two edge moves');
  assert.ok(URGENT_AFTER_MS > REFRESH_MS);
});

test('plotly\'s copy is refreshed often only while the pointer is over the panel', () => {
  assert.equal(copyRefreshMs(true), REFRESH_MS);
  assert.ok(copyRefreshMs(false) > REFRESH_MS, 'data streaming, nobody hovering');
  assert.equal(copyRefreshMs(false, REFRESH_MS), REFRESH_MS, 'the data settled: one refresh is cheap, do it soon');
  assert.equal(copyRefreshMs(false, Infinity), REFRESH_MS);
  const base = { structure: false, now: 10000, lastLayoutAt: 10000 - REFRESH_MS, changedSinceLayout: true, axes: [], clockNow: 0 };
  assert.equal(layoutWant(Object.assign({}, base, { refreshMs: copyRefreshMs(true) })), LAZY, 'hovered: due');
  assert.equal(layoutWant(Object.assign({}, base, { refreshMs: copyRefreshMs(false) })), NONE, 'nobody hovers: not yet');
  const idle = copyRefreshMs(false);
  assert.equal(layoutWant(Object.assign({}, base, { lastLayoutAt: 10000 - idle, refreshMs: idle })), LAZY);
  assert.equal(layoutWant(Object.assign({}, base, { lastLayoutAt: 10000 - 2 * idle, refreshMs: idle })), URGENT);
  // an edge that ran out of lead moves range-only until the idle copy is urgently due
  const edge = [axis('follow', 0, 110, 0, 111)];
  assert.equal(layoutMode(Object.assign({}, base, { lastLayoutAt: 10000 - URGENT_AFTER_MS, refreshMs: idle, axes: edge })), RANGE);
  assert.equal(layoutMode(Object.assign({}, base, { lastLayoutAt: 10000 - 2 * idle, refreshMs: idle, axes: edge })), REACT);
});

test('a held y axis gets the range plotly\'s autorange gives lines: the data, then 5 % of the axis at each end', () => {
  const [lo, hi] = heldRange(-3, 15);
  const length = hi - lo;
  assert.ok(Math.abs((-3 - lo) / length - AUTORANGE_PAD) < 1e-12, 'the low point 5 % above the bottom');
  assert.ok(Math.abs((hi - 15) / length - AUTORANGE_PAD) < 1e-12, 'the high point 5 % below the top');
  assert.deepEqual(heldRange(0, 9), [-0.5, 9.5]);
  assert.equal(heldRange(2, 2), null, 'no span: plotly shows +-1, left to plotly');
  assert.equal(heldRange(Infinity, -Infinity), null, 'no data');
  assert.equal(heldRange(0, NaN), null);
});

test('a held y axis moves at once for a new extreme and lazily to tighten', () => {
  const [lo, hi] = heldRange(0, 10);
  assert.equal(axisWant(axis('held', lo, hi, 0, 10)), NONE, 'as plotly would show it');
  assert.equal(axisWant(axis('held', lo, hi, 0, 10.6)), URGENT, 'a new high past the pad: the canvas would cut it off');
  assert.equal(axisWant(axis('held', lo, hi, 0, 10.4)), NONE, 'within the pad: still on the axis');
  assert.equal(axisWant(axis('held', lo, hi, 0, 9.5)), NONE, 'a little narrower: not worth a layout');
  assert.equal(axisWant(axis('held', lo, hi, 0, 10 * SHRINK_FRACTION - 0.5)), LAZY, 'the spike aged out: tighten when there is time');
  assert.equal(axisWant(axis('auto', lo, hi, 0, 5)), NONE, 'plotly\'s own autorange tightens with its copy\'s refresh');
});

test('a held y axis moves range-only, like a followed x edge, and the copy is then wanted only for hover', () => {
  const base = { structure: false, now: 10000, lastLayoutAt: 9500, changedSinceLayout: true, clockNow: 0 };
  const [lo, hi] = heldRange(0, 10);
  const grown = axis('held', lo, hi, 0, 12);
  assert.equal(layoutWant(Object.assign({}, base, { axes: [grown] })), URGENT);
  assert.equal(layoutMode(Object.assign({}, base, { axes: [grown] })), RANGE);
  assert.equal(layoutMode(Object.assign({}, base, { axes: [axis('follow', 0, 110, 0, 111), grown] })), RANGE, 'both at once');
  const shrunk = axis('held', lo, hi, 0, 5);
  assert.equal(layoutWant(Object.assign({}, base, { axes: [shrunk] })), LAZY);
  assert.equal(layoutMode(Object.assign({}, base, { axes: [shrunk] })), RANGE);
  // nothing autoranges from the copy: while data streams and nobody hovers it is never due
  const never = copyRefreshMs(false, 0, false);
  assert.equal(never, Infinity);
  assert.equal(layoutWant(Object.assign({}, base, { lastLayoutAt: -1e9, refreshMs: never, axes: [] })), NONE);
  assert.equal(copyRefreshMs(true, 0, false), REFRESH_MS, 'hovered: the copy is kept fresh for hover');
  assert.equal(copyRefreshMs(false, REFRESH_MS, false), REFRESH_MS, 'settled: one refresh');
});
