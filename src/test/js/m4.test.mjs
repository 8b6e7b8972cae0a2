import { test } from 'node:test';
import assert from 'node:assert/strict';
import { M4Columns, columnWidth, gridStale, m4Range } from '../../main/resources/web/app/m4.js';

function source(xs, ys) {
  return { x: (p) => xs[p], y: (p) => ys[p] };
}

/** The reference: per column floor(x / q), first, lowest, highest, last. */
function bruteForce(xs, ys, from, to, q) {
  const out = new Set();
  let p = from;
  while (p < to) {
    const key = Math.floor(xs[p] / q);
    let lo = p;
    let hi = p;
    let last = p;
    const first = p;
    while (p < to && Math.floor(xs[p] / q) === key) {
      if (ys[p] < ys[lo]) lo = p;
      if (ys[p] > ys[hi]) hi = p;
      last = p;
      p++;
    }
    [first, lo, hi, last].forEach((i) => out.add(i));
  }
  return [...out].sort((a, b) => a - b);
}

function randomWalk(n, seed) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const xs = [];
  const ys = [];
  let y = 0;
  for (let i = 0; i < n; i++) {
    xs.push(i * 10 + Math.floor(rnd() * 5));
    y += rnd() - 0.5;
    ys.push(y);
  }
  return { xs, ys };
}

test('per column the first, lowest, highest and last point are kept, in order, each once', () => {
  const xs = [0, 1, 2, 3, 10, 11, 12];
  const ys = [5, 1, 9, 4, 2, 2, 2];
  const m4 = new M4Columns(source(xs, ys));
  m4.rebuild(0, xs.length, 10);
  assert.deepEqual(m4.positions(), [0, 1, 2, 3, 4, 6]);
});

test('a spike between two pixels is kept', () => {
  const xs = [];
  const ys = [];
  for (let i = 0; i < 1000; i++) {
    xs.push(i);
    ys.push(i === 537 ? 1000 : 0);
  }
  const m4 = new M4Columns(source(xs, ys));
  m4.rebuild(0, 1000, columnWidth(999, 50));
  assert.ok(m4.positions().includes(537));
  assert.ok(m4Range(source(xs, ys), 0, 1000, 0, 999, 50).includes(537));
});

test('appending point by point gives what a rebuild gives', () => {
  const { xs, ys } = randomWalk(5000, 7);
  const q = 160;
  const inc = new M4Columns(source(xs, ys));
  inc.reset(q);
  for (let p = 0; p < xs.length; p++) {
    inc.append(p);
  }
  assert.deepEqual(inc.positions(), bruteForce(xs, ys, 0, xs.length, q));
});

test('points ageing out drop whole columns and redo only the cut one', () => {
  const { xs, ys } = randomWalk(6000, 11);
  const q = 160;
  const inc = new M4Columns(source(xs, ys));
  inc.reset(q);
  let start = 0;
  for (let p = 0; p < xs.length; p++) {
    inc.append(p);
    if (p - start >= 2000) {
      start = p - 2000 + 1;
      inc.evict(start);
    }
    if (p % 997 === 0) {
      assert.deepEqual(inc.positions(), bruteForce(xs, ys, start, p + 1, q), 'at ' + p);
    }
  }
});

test('finished columns are not recomputed when points arrive', () => {
  const xs = [];
  const ys = [];
  let reads = 0;
  const src = { x: (p) => xs[p], y: (p) => { reads++; return ys[p]; } };
  for (let i = 0; i < 2000; i++) {
    xs.push(i);
    ys.push(Math.sin(i));
  }
  const m4 = new M4Columns(src);
  m4.rebuild(0, 1000, 10);
  reads = 0;
  for (let p = 1000; p < 2000; p++) {
    m4.append(p);
  }
  assert.ok(reads <= 1000 * 4, 'reads per point are constant, got ' + reads);
});

test('a point whose x goes back joins the newest column; x that is no number stops the reduction', () => {
  const m4 = new M4Columns(source([0, 1, 5, 3, 6, 20], [1, 2, 3, 9, 4, 0]));
  m4.rebuild(0, 6, 5);
  assert.equal(m4.ordered, true);
  assert.deepEqual(m4.positions(), [0, 1, 2, 3, 4, 5]); // columns [0,1] [5,3,6] [20]: 3 is the highest of its column
  const cats = new M4Columns(source([NaN, NaN], [1, 2]));
  cats.rebuild(0, 2, 1);
  assert.equal(cats.ordered, false);
});

test('the column grid stays while the span drifts a little and is rebuilt beyond', () => {
  const q = columnWidth(5000, 400);
  assert.ok(q >= 5000 / 400 && q <= 5000 / 400 * Math.pow(2, 0.25) + 1e-9);
  assert.equal(gridStale(q, 5100, 400), false);
  assert.equal(gridStale(q, 9000, 400), true);
  assert.equal(gridStale(q, 1000, 400), true);
});

test('a zoomed range is cut into its own columns', () => {
  const xs = [];
  const ys = [];
  for (let i = 0; i < 100; i++) {
    xs.push(i);
    ys.push(i % 7);
  }
  const kept = m4Range(source(xs, ys), 0, 100, 0, 100, 10);
  assert.deepEqual(kept, bruteForce(xs, ys, 0, 100, 10));
});
