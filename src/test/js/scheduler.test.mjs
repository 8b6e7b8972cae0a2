import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenderLoop, pickPanels, nextCost, BUSY_LIMIT_MS } from '../../main/resources/web/app/scheduler.js';

function fakeLoop(budgetMs) {
  let t = 0;
  const frames = [];
  const loop = new RenderLoop({
    requestFrame: (fn) => frames.push(fn), now: () => t, setTimer: () => 1, clearTimer: () => {}, budgetMs
  });
  return {
    loop, advance: (ms) => { t += ms; },
    runFrame: () => { const fn = frames.shift(); if (fn) fn(); return !!fn; },
    pending: () => frames.length
  };
}

function panel(fake, costMs, log, name) {
  return { render: () => { fake.advance(costMs); log.push(name); } };
}

test('only dirty panels in view are drawn, each at most once per frame', () => {
  const fake = fakeLoop(24);
  const log = [];
  const a = fake.loop.add(panel(fake, 1, log, 'a'));
  const b = fake.loop.add(panel(fake, 1, log, 'b'));
  const c = fake.loop.add(panel(fake, 1, log, 'c'));
  fake.loop.setInView(c, false);
  fake.loop.markDirty(a);
  fake.loop.markDirty(a);
  fake.loop.markDirty(c);
  assert.equal(fake.pending(), 1, 'one animation frame asked for, however many marks');
  fake.runFrame();
  assert.deepEqual(log, ['a']);
  assert.equal(b.dirty, false);
  assert.equal(c.dirty, true, 'out of view: still waiting');
  fake.loop.setInView(c, true);
  fake.runFrame();
  assert.deepEqual(log, ['a', 'c']);
});

test('when draws overrun the budget, the rest wait and are first next frame: nobody starves', () => {
  const fake = fakeLoop(20);
  const log = [];
  const entries = [];
  for (let i = 0; i < 12; i++) {
    entries.push(fake.loop.add(panel(fake, 15, log, i)));
  }
  for (let round = 0; round < 30; round++) {
    entries.forEach((e) => fake.loop.markDirty(e));
    fake.runFrame();
  }
  const counts = new Array(12).fill(0);
  log.forEach((i) => counts[i]++);
  assert.ok(Math.min(...counts) >= 1, 'every panel drew: ' + counts);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, 'fair: ' + counts);
});

test('a frame never draws more than its budget beyond its first panel', () => {
  const entries = [];
  for (let i = 0; i < 5; i++) {
    entries.push({ dirty: true, inView: true, busy: false, lastDrawnAt: i, costMs: 10, order: i });
  }
  assert.equal(pickPanels(entries, 24).length, 2);
  assert.equal(pickPanels([Object.assign({}, entries[0], { costMs: 100 })], 24).length, 1);
});

test('a panel busy with an asynchronous draw is not drawn again until it is done', async () => {
  const fake = fakeLoop(24);
  let finish;
  let draws = 0;
  const e = fake.loop.add({ render: () => { draws++; return new Promise((r) => { finish = r; }); } });
  fake.loop.markDirty(e);
  fake.runFrame();
  fake.loop.markDirty(e);
  fake.runFrame();
  assert.equal(draws, 1);
  finish();
  await Promise.resolve();
  await Promise.resolve();
  fake.runFrame();
  assert.equal(draws, 2);
});

test('the cost estimate follows measured draws without jumping', () => {
  assert.equal(nextCost(10, 10), 10);
  assert.ok(nextCost(4, 100) < 40);
  assert.ok(nextCost(4, 0) >= 0.1);
});

test('a draw whose promise never settles holds its panel back for at most BUSY_LIMIT_MS', () => {
  const fake = fakeLoop(24);
  let draws = 0;
  const e = fake.loop.add({ render: () => { draws++; return new Promise(() => {}); } });
  fake.loop.markDirty(e);
  fake.runFrame();
  fake.loop.markDirty(e);
  fake.runFrame();
  assert.equal(draws, 1);
  fake.advance(BUSY_LIMIT_MS + 1);
  fake.loop.markDirty(e);
  fake.runFrame();
  assert.equal(draws, 2);
  assert.equal(fake.loop.stats.unsettled, 1);
});
