import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keptInterval, paintKey, paintMargin, sliceForBand } from '../../main/resources/web/app/canvas-damage.js';

const LINE = { color: '#1f77b4', width: 2, dash: [], opacity: 1, lines: true, markers: null };
const CLIP = { x: 80, y: 100, w: 440, h: 200 };

/** Draw list pairs for pixel x from..to-1 (one point per pixel), y from f. */
function points(from, to, f = (x) => 150 + 40 * Math.sin(x / 7)) {
  const out = [];
  for (let x = from; x < to; x++) {
    out.push(x, f(x));
  }
  return Float64Array.from(out);
}

function trace(pts, style = LINE, index = 0) {
  return { key: paintKey(index, style, CLIP), style, points: pts, margin: paintMargin(style) };
}

test('the margin covers a miter join at plotly limit, a marker radius, the shared pixel column and antialiasing', () => {
  assert.equal(paintMargin(LINE), 4 + 3); // 4 x width 2 / 2
  assert.equal(paintMargin({ ...LINE, width: 5 }), 10 + 3);
  assert.equal(paintMargin({ ...LINE, lines: false, markers: { size: 12, color: 'red', opacity: 1 } }), 6 + 3);
});

test('a window that slid keeps everything between its changed ends', () => {
  const prev = [trace(points(100, 400))];
  const next = [trace(points(103, 405))]; // 3 aged out on the left, 5 new on the right
  const m = paintMargin(LINE);
  // first kept point: the first of next clear of its left end by a margin; kept from there plus a margin
  assert.deepEqual(keptInterval(prev, next), { from: 103 + m + m, to: 399 - m });
});

test('nothing changed: everything is kept', () => {
  const pts = points(100, 400);
  assert.deepEqual(keptInterval([trace(pts)], [trace(Float64Array.from(pts))]), { from: -Infinity, to: Infinity });
});

test('an axis that moved, a new style or subplot, another set of traces, or nothing painted yet: a whole repaint', () => {
  const prev = [trace(points(100, 400))];
  assert.equal(keptInterval(prev, [trace(points(100, 400).map((v, i) => (i % 2 === 0 ? v + 0.5 : v)))]), null);
  assert.equal(keptInterval(prev, [trace(points(100, 400), { ...LINE, color: 'red' })]), null);
  assert.equal(keptInterval(prev, [{ ...trace(points(100, 400)), key: paintKey(0, LINE, { ...CLIP, h: 190 }) }]), null);
  assert.equal(keptInterval(prev, [trace(points(100, 400)), trace(points(100, 400), LINE, 1)]), null);
  assert.equal(keptInterval(null, prev), null);
});

test('a dashed line repaints whole: its pattern starts at its first point, which moves as points age out', () => {
  const dashed = { ...LINE, dash: [6, 6] };
  assert.equal(keptInterval([trace(points(100, 400), dashed)], [trace(points(103, 405), dashed)]), null);
});

test('a point whose x went back keeps the interval clear of it', () => {
  const prev = [trace(points(100, 400))];
  const next = [trace(Float64Array.from([...points(103, 400), 395, 160, ...points(400, 405)]))];
  const m = paintMargin(LINE);
  assert.deepEqual(keptInterval(prev, next), { from: 110 + m, to: 395 - m });
});

test('a change in the middle keeps only what lies before it', () => {
  const prev = points(100, 400);
  const next = points(100, 400);
  next[2 * 200 + 1] += 10; // x = 300 moved
  const kept = keptInterval([trace(prev)], [trace(next)]);
  const m = paintMargin(LINE);
  assert.deepEqual(kept, { from: 100 + m + m, to: 299 - m });
});

test('a break (NaN pair) inside the kept part is the same on both sides', () => {
  const withGap = (from, to) => Float64Array.from([...points(from, 250), NaN, NaN, ...points(260, to)]);
  const kept = keptInterval([trace(withGap(100, 400))], [trace(withGap(102, 402))]);
  const m = paintMargin(LINE);
  assert.deepEqual(kept, { from: 102 + m + m, to: 399 - m });
});

test('the kept part is where every trace agrees', () => {
  const prev = [trace(points(100, 400)), trace(points(100, 300, () => 120), LINE, 1)];
  const next = [trace(points(103, 405)), trace(points(100, 300, () => 120), LINE, 1)];
  const m = paintMargin(LINE);
  assert.deepEqual(keptInterval(prev, next), { from: 103 + m + m, to: 404 - 5 - m });
  const shorter = [trace(points(103, 405)), trace(points(100, 250, () => 120), LINE, 1)];
  assert.deepEqual(keptInterval(prev, shorter), { from: 103 + m + m, to: 249 - m });
});

test('too little kept to matter: a whole repaint', () => {
  assert.equal(keptInterval([trace(points(100, 120))], [trace(points(110, 130))]), null);
});

test('a band is painted from the points within a margin of it and one more on each side', () => {
  const pts = points(100, 200);
  const slice = sliceForBand(pts, 150, 160, 5);
  assert.equal(slice[0], 144);
  assert.equal(slice[slice.length - 2], 166);
  // a segment that crosses the band with both ends outside it is still drawn
  const sparse = Float64Array.from([100, 10, 300, 20, 500, 30]);
  assert.deepEqual(Array.from(sliceForBand(sparse, 350, 360, 5)), [300, 20, 500, 30]);
  assert.deepEqual(Array.from(sliceForBand(sparse, 0, 10, 5)), []);
  assert.deepEqual(Array.from(sliceForBand(sparse, 600, 700, 5)), []);
  // x that goes back: everything from the first to the last point that touches the band
  const back = Float64Array.from([100, 1, 200, 2, 150, 3, 300, 4, 400, 5]);
  assert.deepEqual(Array.from(sliceForBand(back, 140, 160, 5)), [100, 1, 200, 2, 150, 3, 300, 4]);
});
