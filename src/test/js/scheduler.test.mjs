import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenderLoop, pickPanels, nextCost, nextDrawCap, grantLayouts, BUSY_LIMIT_MS, LAZY, URGENT, RECENT_FRAMES }
  from '../../main/resources/web/app/scheduler.js';

/**
 * A page as the loop sees it: animation frames, and tasks posted to run after the current one.
 * runFrame runs one frame, then (like Chromium) its rendering, renderMs(drawsInFrame) long, then
 * the tasks posted meanwhile, in order (and those they post).
 */
function fakeLoop(budgetMs, layoutShare, renderMs = () => 0, frameTargetMs = 40) {
  let t = 0;
  const frames = [];
  const tasks = [];
  const loop = new RenderLoop({
    requestFrame: (fn) => frames.push(fn), now: () => t, setTimer: () => 1, clearTimer: () => {},
    postTask: (fn) => tasks.push(fn), budgetMs, layoutShare, frameTargetMs
  });
  return {
    loop, advance: (ms) => { t += ms; }, time: () => t, tasks,
    runFrame: () => {
      const fn = frames.shift();
      if (fn) {
        const drawsBefore = loop.stats.draws;
        fn();
        t += renderMs(loop.stats.draws - drawsBefore);
        while (tasks.length > 0) {
          tasks.shift()();
        }
      }
      return !!fn;
    },
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
  // the layout runs in its own task: the other 11 panels draw in the frame
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

test('a granted layout runs in a task of its own after the frame, never in the frame with the canvas draws', () => {
  const fake = fakeLoop(24, 1);
  const log = [];
  const frameMarks = [];
  const a = canvasPanel(fake, log, 'a', URGENT);
  const b = canvasPanel(fake, log, 'b', 0);
  const c = canvasPanel(fake, log, 'c', URGENT);
  const entries = [a, b, c].map((p) => fake.loop.add(p));
  entries.forEach((e) => fake.loop.markDirty(e));
  // run the frame alone, then each posted task, marking where each began
  const loop = fake.loop;
  const origPost = loop.postTask;
  loop.postTask = (fn) => origPost(() => { frameMarks.push(log.length); fn(); });
  fake.runFrame();
  const inFrame = log.slice(0, frameMarks[0]);
  assert.ok(inFrame.every((x) => x.endsWith(':draw')), 'the frame only draws: ' + inFrame);
  assert.ok(log.includes('a:layout'), 'the urgent layout ran: ' + log);
  assert.ok(!log.includes('a:draw'), 'a panel waiting for its layout is drawn by it, not also in the frame: ' + log);
  // every task runs at most one layout
  const perTask = [];
  for (let i = 0; i < frameMarks.length; i++) {
    const slice = log.slice(frameMarks[i], i + 1 < frameMarks.length ? frameMarks[i + 1] : log.length);
    perTask.push(slice.filter((x) => x.endsWith(':layout')).length);
  }
  assert.ok(perTask.every((n) => n <= 1), 'one layout per task: ' + perTask);
  assert.equal(loop.layoutQueue.length, 0);
});

test('no new layouts are granted while granted ones wait for their task', () => {
  const fake = fakeLoop(24, 1);
  const log = [];
  const p = canvasPanel(fake, log, 'a', URGENT);
  const q = canvasPanel(fake, log, 'b', URGENT);
  const e = fake.loop.add(p);
  const f = fake.loop.add(q);
  fake.loop.markDirty(e);
  fake.loop.markDirty(f);
  // the frame alone, its tasks held back
  fake.loop.postTask = () => {};
  fake.loop.scheduled = true;
  fake.loop.frame();
  const queued = fake.loop.layoutQueue.length;
  assert.equal(queued, 1, 'one urgent layout granted (the second does not fit beside it)');
  q.want = URGENT;
  fake.loop.markDirty(f);
  fake.loop.scheduled = true;
  fake.loop.frame();
  assert.equal(fake.loop.layoutQueue.length, queued, 'nothing more granted until the queue ran');
  assert.ok(log.every((x) => x.endsWith(':draw')), 'only draws in frames: ' + log);
});

test('a queued panel marked dirty does not wake a frame for itself: its layout task draws it', () => {
  const fake = fakeLoop(24, 1);
  const log = [];
  const e = fake.loop.add(canvasPanel(fake, log, 'a', URGENT));
  fake.loop.markDirty(e);
  fake.loop.postTask = () => {};
  fake.runFrame();
  assert.equal(e.layoutQueued, true);
  fake.loop.markDirty(e);
  assert.equal(fake.pending(), 0, 'no frame asked for');
  fake.loop.runLayout();
  assert.deepEqual(log, ['a:layout']);
  assert.equal(e.layoutQueued, false);
});

test('when a frame, Chromium\'s rendering included, takes too long, fewer panels draw per frame, round the panels', () => {
  // 12 panels whose own draw costs 0.5 ms, and 3 ms of Chromium's rendering per panel drawn:
  // 12 a frame would take 42 ms; the target is 30
  const fake = fakeLoop(24, 0.35, (draws) => 3 * draws, 30);
  const log = [];
  const entries = [];
  for (let i = 0; i < 12; i++) {
    entries.push(fake.loop.add(canvasPanel(fake, log, i, 0, 0.5)));
  }
  for (let round = 0; round < 60; round++) {
    entries.forEach((e) => fake.loop.markDirty(e));
    fake.runFrame();
  }
  log.length = 0;
  const frames0 = fake.loop.stats.frames;
  const draws0 = fake.loop.stats.draws;
  for (let round = 0; round < 48; round++) {
    entries.forEach((e) => fake.loop.markDirty(e));
    fake.runFrame();
  }
  const perFrame = (fake.loop.stats.draws - draws0) / (fake.loop.stats.frames - frames0);
  // at most 8 panels fit in 30 ms (3.5 ms each); the cap probes up to that and backs off
  assert.ok(perFrame >= 5 && perFrame <= 8.6, 'panels per frame: ' + perFrame);
  const counts = new Array(12).fill(0);
  log.forEach((x) => counts[Number(String(x).split(':')[0])]++);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, 'round the panels: ' + counts);
});

test('the draw cap falls only when the shortest of the last frames is over the target, and grows back by one', () => {
  const recent = [];
  assert.equal(nextDrawCap(12, 0, 500, 40, recent), 12, 'no draws: nothing learned');
  assert.equal(nextDrawCap(12, 12, 200, 40, recent), 12, 'one stalled frame does not cut');
  assert.equal(nextDrawCap(12, 12, 35, 40, recent), 12, 'under the target but not well under: stays');
  const lasting = [];
  let cap = 12;
  for (let i = 0; i < RECENT_FRAMES - 1; i++) {
    cap = nextDrawCap(cap, 12, 60, 40, lasting);
    assert.equal(cap, 12, 'not yet');
  }
  cap = nextDrawCap(cap, 12, 60, 40, lasting);
  assert.equal(cap, 8, 'cut to 70 % when the cost lasts');
  assert.equal(lasting.length, 0, 'judged again on frames drawn with the new cap');
  assert.equal(nextDrawCap(8, 8, 20, 40, lasting), 9, 'grows by one when well under the target and the cap was used');
  assert.equal(nextDrawCap(8, 3, 20, 40, lasting), 8, 'not when fewer were drawn than allowed');
  let low = 1;
  const slow = [];
  for (let i = 0; i < 20; i++) {
    low = nextDrawCap(low, 1, 500, 40, slow);
  }
  assert.equal(low, 1, 'never below one');
  assert.deepEqual(pickPanels([{ dirty: true, inView: true, lastDrawnAt: 0, order: 0, costMs: 1 },
    { dirty: true, inView: true, lastDrawnAt: 1, order: 1, costMs: 1 }], 10, 0, 1).length, 1, 'the cap limits a frame');
});

test('a layout task that runs after a frame\'s rendering measures it, not the probe queued behind it', () => {
  const fake = fakeLoop(24, 1, () => 0, 40);
  const log = [];
  const e = fake.loop.add(canvasPanel(fake, log, 'a', 0, 1));
  const tasks = [];
  fake.loop.postTask = (fn) => tasks.push(fn);
  const layoutFirst = () => fake.loop.runLayout(); // as if posted by an earlier frame
  fake.loop.markDirty(e);
  fake.runFrame();
  tasks.unshift(layoutFirst);
  fake.advance(12); // Chromium's rendering of the frame
  tasks.shift()(); // the earlier layout task runs first: it takes the measure
  fake.advance(30); // ...and whatever it did is not the frame's
  tasks.forEach((fn) => fn());
  assert.equal(fake.loop.stats.renderMs, 12);
});
