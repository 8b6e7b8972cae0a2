import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  axisInterval, axisKey, axisScale, canvasTrace, columnRuns, dashPattern, pixelPath, toPixel, traceStyle
} from '../../main/resources/web/app/canvas-plan.js';

/** A laid-out axis as plotly's setScale leaves it: x from its range over [offset, offset + length]. */
function xAxis(r0, r1, offset, length, type = 'linear') {
  const l0 = type === 'log' ? Math.log10(r0) : r0;
  const l1 = type === 'log' ? Math.log10(r1) : r1;
  const m = length / (l1 - l0);
  return { type, _offset: offset, _length: length, _m: m, _b: -m * l0 };
}

/** y: pixels grow downwards, so the range's top is at the offset. */
function yAxis(r0, r1, offset, length) {
  const m = length / (r0 - r1);
  return { type: 'linear', _offset: offset, _length: length, _m: m, _b: -m * r1 };
}

test('a value maps to the pixel plotly puts it on: offset plus l2p', () => {
  const x = axisScale(xAxis(0, 100, 80, 400));
  assert.equal(toPixel(x, 0), 80);
  assert.equal(toPixel(x, 100), 480);
  assert.equal(toPixel(x, 25), 180);
  const y = axisScale(yAxis(-1, 1, 50, 200));
  assert.equal(toPixel(y, 1), 50, 'the top of the range is the top of the plot area');
  assert.equal(toPixel(y, -1), 250);
  assert.equal(toPixel(y, 0), 150);
});

test('dates are epoch ms on the axis and log axes map log10 of the value', () => {
  const t0 = Date.UTC(2026, 11, 6, 12, 0, 0);
  const d = axisScale(xAxis(t0, t0 + 60000, 0, 600, 'date'));
  assert.equal(toPixel(d, t0 + 30000), 300);
  const log = axisScale(xAxis(1, 1000, 0, 300, 'log'));
  assert.ok(Math.abs(toPixel(log, 10) - 100) < 1e-9);
  assert.ok(Number.isNaN(toPixel(log, 0)), 'no pixel for a value a log axis cannot show');
});

test('the interval an axis shows is its range, ascending, also for y', () => {
  assert.deepEqual(axisInterval(axisScale(xAxis(10, 20, 5, 100))), [10, 20]);
  const [lo, hi] = axisInterval(axisScale(yAxis(-3, 7, 0, 50)));
  assert.ok(Math.abs(lo + 3) < 1e-9 && Math.abs(hi - 7) < 1e-9);
});

test('axes the canvas cannot map are refused: categories, range breaks, not laid out', () => {
  assert.equal(axisScale(Object.assign(xAxis(0, 1, 0, 10), { type: 'category' })), null);
  assert.equal(axisScale(Object.assign(xAxis(0, 1, 0, 10), { rangebreaks: [{ enabled: true, bounds: ['sat', 'mon'] }] })), null);
  assert.equal(axisScale({ type: 'linear' }), null);
  assert.equal(axisScale(null), null);
});

test('the draw list is the planned points in pixels, a gap breaks the line once', () => {
  const xs = new Float64Array([0, 1, 2, 3, 4, 5]);
  const ys = new Float64Array([0, 1, NaN, NaN, 4, 5]);
  const x = axisScale(xAxis(0, 5, 0, 50));
  const y = axisScale(yAxis(0, 5, 0, 50));
  const whole = pixelPath(xs, ys, 0, null, 0, 6, x, y, false);
  assert.deepEqual(Array.from(whole.points), [0, 50, 10, 40, NaN, NaN, 40, 10, 50, 0]);
  assert.equal(whole.yMin, 0);
  assert.equal(whole.yMax, 5);
  const joined = pixelPath(xs, ys, 0, null, 0, 6, x, y, true);
  assert.deepEqual(Array.from(joined.points), [0, 50, 10, 40, 40, 10, 50, 0], 'connectgaps joins across the gap');
  // planned positions are absolute: the store's slot is position - offset
  const planned = pixelPath(xs, ys, 10, [10, 15], 0, 0, x, y, false);
  assert.deepEqual(Array.from(planned.points), [0, 50, 50, 0]);
  // no leading or trailing break
  const edges = pixelPath(new Float64Array([0, 1, 2]), new Float64Array([NaN, 1, NaN]), 0, null, 0, 3, x, y, false);
  assert.deepEqual(Array.from(edges.points), [10, 40]);
});

test('a spike between two pixels is in the draw list at its full height', () => {
  const n = 10000;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i;
    ys[i] = i === 5437 ? 1000 : 0;
  }
  const x = axisScale(xAxis(0, n - 1, 0, 400));
  const y = axisScale(yAxis(0, 1000, 0, 300));
  // M4 of column width 25 keeps the spike: here as the plan would give it (first, max, last of its column)
  const plan = [0, 5425, 5437, 5449, 9999];
  const path = pixelPath(xs, ys, 0, plan, 0, 0, x, y, false).points;
  const at = plan.indexOf(5437) * 2;
  assert.equal(path[at + 1], 0, 'the top of the plot area');
  assert.ok(path[at] > 217 && path[at] < 218, 'between two pixels: ' + path[at]);
});

test('scatter lines (with plain markers) go on the canvas; other traces keep plotly', () => {
  assert.equal(canvasTrace({ x: [], y: [] }), true);
  assert.equal(canvasTrace({ type: 'scattergl', mode: 'lines', x: [1], y: [2], line: { color: 'red', dash: 'dot', width: 1 } }), true);
  assert.equal(canvasTrace({ type: 'scatter', mode: 'lines+markers', x: [1], y: [2], marker: { size: 4 } }), true);
  assert.equal(canvasTrace({ type: 'bar', x: [1], y: [2] }), false);
  assert.equal(canvasTrace({ mode: 'markers', x: [1], y: [2] }), false);
  assert.equal(canvasTrace({ mode: 'lines+text', x: [1], y: [2] }), false);
  assert.equal(canvasTrace({ x: [1], y: [2], fill: 'tozeroy' }), false);
  assert.equal(canvasTrace({ x: [1], y: [2], stackgroup: 'a' }), false);
  assert.equal(canvasTrace({ x: [1], y: [2], line: { shape: 'spline' } }), false);
  assert.equal(canvasTrace({ x: [1], y: [2], marker: { color: ['red'] } }), false);
  assert.equal(canvasTrace({ x: [1], y: [2], marker: { symbol: 'square' } }), false);
  assert.equal(canvasTrace({ x: [1], y: [2], error_y: { array: [1] } }), false);
  assert.equal(canvasTrace({ y: [2] }), false);
});

test('the style comes from plotly\'s full trace: colour, width, dash, opacity, markers; hidden draws nothing', () => {
  const s = traceStyle({ visible: true, mode: 'lines+markers', opacity: 0.5, line: { color: '#ff0000', width: 3, dash: 'dash' },
    marker: { size: 8, color: '#00ff00', opacity: 1 } });
  assert.equal(s.color, '#ff0000');
  assert.equal(s.width, 3);
  assert.deepEqual(s.dash, [9, 9]);
  assert.equal(s.opacity, 0.5);
  assert.deepEqual(s.markers, { size: 8, color: '#00ff00', opacity: 1 });
  assert.equal(traceStyle({ visible: 'legendonly', mode: 'lines', line: { color: 'red', width: 2 } }), null);
  assert.equal(traceStyle({ visible: true, mode: 'lines', line: { color: 'red', width: 2 } }).markers, null);
});

test('dashes are plotly\'s: named ones scale with the width, a written list is kept', () => {
  assert.deepEqual(dashPattern('solid', 2), []);
  assert.deepEqual(dashPattern('dot', 1), [3, 3]);
  assert.deepEqual(dashPattern('dashdot', 4), [12, 4, 4, 4]);
  assert.deepEqual(dashPattern('longdashdot', 2), [15, 6, 3, 6]);
  assert.deepEqual(dashPattern('5px,10px,2px', 2), [5, 10, 2]);
});

test('axis ids name layout keys', () => {
  assert.equal(axisKey('x', 'x'), 'xaxis');
  assert.equal(axisKey('y2', 'y'), 'yaxis2');
  assert.equal(axisKey(undefined, 'y'), 'yaxis');
});

test('points in one pixel column become one bar over their extent and the line only enters and leaves it', () => {
  // column 10: four M4 points going down and up; column 11: one point; then a break; column 20: two
  const points = [10.1, 50, 10.3, 90, 10.6, 5, 10.9, 60, 11.5, 40, NaN, NaN, 20.2, 10, 20.7, 30];
  const { path, bars } = columnRuns(points);
  assert.deepEqual(Array.from(path), [10.1, 50, 10.9, 60, 11.5, 40, NaN, NaN, 20.2, 10, 20.7, 30]);
  assert.deepEqual(Array.from(bars), [10.1, 10.9, 5, 90, 20.2, 20.7, 10, 30]);
});

test('a spike inside a column keeps its full height as a bar', () => {
  const { bars } = columnRuns([100.2, 200, 100.4, 3, 100.6, 200]);
  assert.deepEqual(Array.from(bars), [100.2, 100.6, 3, 200]);
});

test('sparse points (one per column) are the line itself, no bars, no leading break', () => {
  const { path, bars } = columnRuns([NaN, NaN, 0, 0, 5, 5, 10, 0]);
  assert.deepEqual(Array.from(path), [0, 0, 5, 5, 10, 0]);
  assert.deepEqual(Array.from(bars), []);
});

test('with a scratch, paint after paint reuses one buffer and gives the same points', () => {
  const xs = new Float64Array([0, 1, 2, 3, 4, 5]);
  const ys = new Float64Array([0, 10, 5, NaN, 2, 8]);
  const x = xAxis(0, 5, 0, 500);
  const y = yAxis(0, 10, 0, 100);
  const scratch = {};
  const first = pixelPath(xs, ys, 0, null, 0, 6, x, y, false, scratch);
  const buffer = scratch.buffer;
  const fresh = pixelPath(xs, ys, 0, null, 0, 6, x, y, false);
  assert.deepEqual(Array.from(first.points), Array.from(fresh.points));
  const again = pixelPath(xs, ys, 0, [1, 2, 4], 0, 0, x, y, false, scratch);
  assert.equal(scratch.buffer, buffer, 'no new buffer for a draw list that fits');
  assert.equal(again.points.buffer, buffer.buffer);
  assert.deepEqual(Array.from(again.points), Array.from(pixelPath(xs, ys, 0, [1, 2, 4], 0, 0, x, y, false).points));
  const big = new Float64Array(200).map((v, i) => i);
  pixelPath(big, big, 0, null, 0, 200, x, y, false, scratch);
  assert.ok(scratch.buffer.length >= 400, 'grown for a longer list');

  const runsScratch = {};
  const points = [10.1, 50, 10.3, 90, 10.6, 5, 10.9, 60, 11.5, 40, NaN, NaN, 20.2, 10, 20.7, 30];
  const a = columnRuns(points, runsScratch);
  assert.deepEqual(Array.from(a.path), Array.from(columnRuns(points).path));
  const paths = runsScratch.path;
  const b = columnRuns(points.slice(0, 8), runsScratch);
  assert.equal(runsScratch.path, paths, 'reused');
  assert.deepEqual(Array.from(b.bars), [10.1, 10.9, 5, 90]);
});
