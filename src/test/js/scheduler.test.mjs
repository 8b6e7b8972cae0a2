import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenderLoop, pickPanels, nextCost, grantLayouts, BUSY_LIMIT_MS, LAZY, URGENT } from '../../main/resources/web/app/scheduler.js';

function fakeLoop(budgetMs, layoutShare) {
  let t = 0;
  const frames = [];
  const loop = new RenderLoop({
    requestFrame: (fn) => frames.push(fn), now: () => t, setTimer: () => 1, clearTimer: () => {}, budgetMs, layoutShare
  });
  return {
    loop, advance: (ms) => { t += ms; }, time: () => t,
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

/** A canvas panel: a cheap draw every frame, a costly layout when granted and wanted. */
function canvasPanel(fake, log, name, wants, drawMs = 1, layoutMs = 15) {
  const p = {
    want: wants, laidOut: false,
    layoutWant: () => p.want,
    render: (granted) => {
      p.laidOut = granted && p.want > 0;
      fake.advance(p.laidOut ? layoutMs : drawMs);
      log.push(name + (p.laidOut ? ':layout' : ':draw'));
      if (p.laidOut) {
        p.want = 0;
      }
    }
  };
  return p;
}

test('layouts are granted urgent first, least recently laid out first; lazy ones only into spare time', () => {
  const e = (want, lastLayoutAt, order, layoutCostMs = 10) => ({ want, lastLayoutAt, order, layoutCostMs });
  const a = e(LAZY, 0, 0);
  const b = e(URGENT, 50, 1);
  const c = e(URGENT, 10, 2);
  const d = e(0, 0, 3);
  assert.deepEqual(grantLayouts([a, b, c, d], 24).granted, [c, b], 'two urgent fit; the lazy one does not');
  assert.deepEqual(grantLayouts([a, d], 24).granted, [a], 'a lazy one alone fits');
  assert.deepEqual(grantLayouts([e(LAZY, 0, 0, 30)], 24).granted, [], 'a lazy one that does not fit waits');
  assert.deepEqual(grantLayouts([e(URGENT, 0, 0, 100)], 24).granted.length, 1, 'the first urgent one always');
});

test('every canvas panel draws every frame while one slow layout a frame goes round: nobody starves', () => {
  const fake = fakeLoop(24, 1); // layouts may take all the time here: the per-frame rule alone
  const log = [];
  const panels = [];
  const entries = [];
  for (let i = 0; i < 12; i++) {
    const p = canvasPanel(fake, log, i, URGENT, 1, 30);
    panels.push(p);
    entries.push(fake.loop.add(p));
  }
  // the first frames learn what a draw costs (the estimate starts at 4 ms); then count 12 frames
  for (let round = 0; round < 48; round++) {
    if (round === 36) {
      log.length = 0;
      panels.forEach((p) => { p.want = URGENT; });
      fake.loop.stats.layouts = 0;
    }
    entries.forEach((e) => fake.loop.markDirty(e));
    fake.runFrame();
  }
  const layouts = new Array(12).fill(0);
  const draws = new Array(12).fill(0);
  log.forEach((entry) => {
    const [name, kind] = String(entry).split(':');
    (kind === 'layout' ? layouts : draws)[Number(name)]++;
  });
  assert.deepEqual(layouts, new Array(12).fill(1), 'one layout a frame, each panel in turn');
  // the cheap draws keep half the budget: 11 panels at 1 ms fit beside a 30 ms layout
  assert.ok(draws.every((d) => d >= 10), 'draws per panel: ' + draws);
  assert.equal(fake.loop.stats.layouts, 12);
});

test('a panel without layoutWant draws as one kind of work, told it may lay out', () => {
  const fake = fakeLoop(24);
  const seen = [];
  const e = fake.loop.add({ render: (granted) => { seen.push(granted); } });
  fake.loop.markDirty(e);
  fake.runFrame();
  assert.deepEqual(seen, [true]);
});

test('layouts take at most their share of the time; the cheap draws go on every frame', () => {
  const fake = fakeLoop(24, 0.25);
  const log = [];
  const panels = [];
  const entries = [];
  for (let i = 0; i < 4; i++) {
    const p = canvasPanel(fake, log, i, URGENT, 1, 20);
    panels.push(p);
    entries.push(fake.loop.add(p));
  }
  for (let round = 0; round < 200; round++) {
    panels.forEach((p) => { p.want = URGENT; }); // layouts wanted all the time
    entries.forEach((e) => fake.loop.markDirty(e));
    fake.runFrame();
    fake.advance(16); // the rest of the frame: layout and paint
  }
  const layoutMs = log.filter((x) => String(x).endsWith(':layout')).length * 20;
  const total = fake.time();
  assert.ok(layoutMs / total <= 0.25 + 0.05, 'layout share ' + (layoutMs / total));
  assert.ok(layoutMs / total >= 0.15, 'but layouts still happen: ' + (layoutMs / total));
  const draws = [0, 1, 2, 3].map((i) => log.filter((x) => x === i + ':draw' || x === i + ':layout').length);
  assert.ok(draws.every((d) => d >= 195), 'every panel painted (nearly) every frame: ' + draws);
});
