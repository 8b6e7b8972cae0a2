import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceStore, reducibleTrace } from '../../main/resources/web/app/trace-store.js';
import { formatDate } from '../../main/resources/web/app/time.js';

function line(n, offset = 0) {
  const x = [];
  const y = [];
  const text = [];
  for (let i = 0; i < n; i++) {
    x.push(i + offset);
    y.push(Math.sin((i + offset) / 10));
    text.push('t' + (i + offset));
  }
  return { type: 'scatter', mode: 'lines', name: 'a', x, y, text };
}

test('a window whose points fit the pixels is drawn exactly, as it arrived', () => {
  const store = new TraceStore(line(100), 100, 500, null);
  assert.equal(store.plan(400, null), null);
  const trace = store.trace(null);
  assert.deepEqual(trace.x, line(100).x);
  assert.equal(trace.text[42], 't42');
  assert.equal(trace.name, 'a');
});

test('a long window is drawn as its M4 points, every attribute picked with the same points', () => {
  const store = new TraceStore(line(10000), 10000, 10000, null);
  const plan = store.plan(100, null);
  assert.ok(plan.length <= 4 * 101 && plan.length > 100, 'kept ' + plan.length);
  const trace = store.trace(plan);
  for (let i = 0; i < trace.x.length; i++) {
    assert.equal(trace.text[i], 't' + trace.x[i]);
    assert.equal(trace.y[i], Math.sin(trace.x[i] / 10));
  }
});

test('extends slide the window: old points age out, the reduction follows', () => {
  const store = new TraceStore(line(1000), 1000, 1000, null);
  store.plan(50, null);
  for (let k = 0; k < 20; k++) {
    const next = line(100, 1000 + k * 100);
    assert.ok(store.extend({ x: [next.x], y: [next.y], text: [next.text] }, 0, 1000));
  }
  assert.equal(store.length, 1000);
  assert.equal(store.firstX(), 2000);
  const plan = store.plan(50, null);
  const trace = store.trace(plan);
  assert.equal(trace.x[0], 2000);
  assert.equal(trace.x[trace.x.length - 1], 2999);
  assert.ok(trace.x.length <= 4 * 51);
});

test('a spike arriving by extend is drawn', () => {
  const store = new TraceStore(line(5000), 5000, 5000, null);
  store.plan(100, null);
  store.extend({ x: [[5000, 5001, 5002]], y: [[0, 99, 0]], text: [['a', 'b', 'c']] }, 0, 5000);
  const trace = store.trace(store.plan(100, null));
  assert.ok(trace.y.includes(99));
});

test('zoomed in until the raw points fit, the points in view are drawn exactly', () => {
  const store = new TraceStore(line(10000), 10000, 10000, null);
  const trace = store.trace(store.plan(100, [5000, 5200]));
  assert.deepEqual(trace.x, line(203, 4999).x);
});

test('date x is parsed once and reduced like numbers; the strings drawn are the ones sent', () => {
  const base = Date.UTC(2026, 11, 1);
  const x = [];
  const y = [];
  for (let i = 0; i < 4000; i++) {
    x.push(formatDate(base + i * 10));
    y.push(i % 50);
  }
  const store = new TraceStore({ x, y }, 4000, 4000, null);
  assert.equal(store.firstX(), base);
  const trace = store.trace(store.plan(200, null));
  assert.equal(typeof trace.x[0], 'string');
  assert.equal(trace.x[0], x[0]);
  assert.equal(trace.mode, 'lines');
  assert.ok(trace.x.length < 1000);
});

test('a snapshot the server reduced keeps each point at its place in the window', () => {
  // window of 10 points (ever 25 appended), the server sent positions 0, 4, 9
  const store = new TraceStore({ x: [15, 19, 24], y: [1, 2, 3] }, 25, 10, { width: 1, index: [0, 4, 9] });
  store.extend({ x: [[25, 26, 27, 28, 29]], y: [[0, 0, 0, 0, 0]] }, 0, 10);
  // the window is now 20..29: 15 and 19 aged out
  assert.equal(store.firstX(), 24);
  assert.equal(store.length, 6);
});

test('a reduced snapshot of a time-limited window shorter than its capacity places its points by the last index', () => {
  // capacity 10, but maxage left 6 points (ever 25 appended: positions 19..24); the server sent 0, 2, 5
  const store = new TraceStore({ x: [19, 21, 24], y: [1, 2, 3] }, 25, 10, { width: 1, index: [0, 2, 5] });
  store.extend({ x: [[25, 26]], y: [[0, 0]] }, 0, 8); // the window now holds 8 points: 19..26, nothing aged
  assert.equal(store.firstX(), 19);
  assert.equal(store.length, 5);
});

test('bars, markers and category x take plotly\'s own path (drawn exactly)', () => {
  assert.equal(reducibleTrace({ type: 'bar', x: [], y: [] }), false);
  assert.equal(reducibleTrace({ mode: 'markers', x: [], y: [] }), false);
  assert.equal(reducibleTrace({ mode: 'lines', x: [], y: [] }), true);
  const cats = [];
  const ys = [];
  for (let i = 0; i < 1000; i++) {
    cats.push('c' + i);
    ys.push(i);
  }
  const store = new TraceStore({ mode: 'lines', x: cats, y: ys }, 1000, 1000, null);
  assert.equal(store.plan(10, null), null);
});

test('an attribute first seen in an extend is added; one that is not per point asks for a snapshot', () => {
  const store = new TraceStore({ x: [1], y: [1] }, 1, 10, null);
  assert.ok(store.extend({ x: [[2]], y: [[2]], text: [['b']] }, 0, 10));
  const trace = store.trace(null);
  assert.deepEqual(trace.text, [undefined, 'b']);
  assert.equal(store.extend({ 'line.width': [[2]] }, 0, 10), false);
});

test('the store keeps its memory bounded by the window while millions of points pass', () => {
  const store = new TraceStore({ x: [0], y: [0] }, 1, 100, null);
  for (let k = 1; k < 2000; k++) {
    const xs = [];
    for (let i = 0; i < 50; i++) {
      xs.push(k * 50 + i);
    }
    store.extend({ x: [xs], y: [xs] }, 0, 100);
  }
  assert.equal(store.length, 100);
  assert.ok(store.cap <= 512, 'capacity ' + store.cap);
  assert.ok(store.columns.x.length <= 512);
});

test('a window that starts empty learns from its first points that x is a date', () => {
  const store = new TraceStore({ type: 'scatter', mode: 'lines', x: [], y: [] }, 0, 10000, null);
  const base = Date.UTC(2026, 11, 1);
  const x = [];
  const y = [];
  for (let i = 0; i < 5000; i++) {
    x.push(formatDate(base + i));
    y.push(i % 17);
  }
  store.extend({ x: [x], y: [y] }, 0, 10000);
  assert.equal(store.dates, true);
  const plan = store.plan(100, null);
  assert.ok(plan !== null && plan.length <= 4 * 101, 'reduced to ' + (plan && plan.length));
});

test('x that goes back a little now and then (a late chunk) is still reduced', () => {
  const x = [];
  const y = [];
  for (let chunk = 0; chunk < 250; chunk++) {
    for (let i = 0; i < 40; i++) {
      x.push(chunk * 20 - 19 + i * 0.5); // each chunk starts 19 ms before the last one ended
      y.push(Math.sin(x.length));
    }
  }
  const store = new TraceStore({ mode: 'lines', x, y }, x.length, x.length, null);
  const plan = store.plan(100, null);
  assert.ok(plan !== null && plan.length <= 4 * 101, 'reduced to ' + (plan && plan.length));
});
