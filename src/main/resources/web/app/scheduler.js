// One animation-frame loop for every panel of a page. Panels say they have something new
// (markDirty); once per animation frame the loop draws the dirty panels that are in view, each at
// most once, least recently drawn first, as many as fit in the frame's budget at their measured
// cost (always at least one). What does not fit stays dirty and is first in line next frame, so
// under overload every panel still draws, just less often, and no frame builds a long task. A
// panel drawn once shows everything that arrived before it: frames merge in the panel's stores.
//
// A frame's cost is not only our callback: after it, in the same task, Chromium styles, lays out,
// paints and commits, and without a GPU rasterizes every canvas drawn in the frame (measured with
// a Chromium trace: `LayerTreeHost::DoUpdateLayers`, `Canvas2DResourceProvider::ProduceCanvasResource`,
// 13-34 ms in the long tasks; docs/BENCHMARKS.md 4d). So the loop measures it: at the end of the
// callback it posts a task (postTask: a MessageChannel message, which runs only after that
// rendering task; a layout task posted earlier that runs first takes the measure instead); when
// the frame's whole task (our callback and that rendering) keeps taking more than frameTargetMs,
// fewer panels draw per frame (drawCap: additive increase, multiplicative decrease), least
// recently drawn first, so fewer canvases repaint per frame when raster is slow and no panel
// starves.
//
// Two kinds of work (issue 16 item 3): a panel that paints its streamed lines on a canvas draws
// cheaply every frame, and now and then needs plotly to lay the figure out again (axes, legend,
// hover), which costs far more. Such a panel answers layoutWant() (relayout-policy.js: NONE, LAZY
// or URGENT) and is told by render(granted) whether it may lay out. Layouts are granted, urgent
// ones before lazy ones and least recently laid out first, within the budget at their own measured
// cost (one urgent layout at least, lazy ones only into spare time), and each granted layout runs
// in a task of its own after the frame (postTask), never in the animation-frame task with the
// canvas draws and their raster: a long task is then at most one layout, or one frame of draws.
// A panel waiting for its layout task is not drawn in frames meanwhile (its layout draws it), and
// no new layouts are granted until the granted ones have run. Layouts also take at most
// layoutShare of the wall time (a token bucket: time accrues at that rate up to one budget, each
// layout spends what it took), so when layouts are wanted faster than the machine can afford, they
// wait their turn while the cheap draws go on every frame. A panel without layoutWant() draws as
// one kind of work, in the frame. Time, frames and tasks are injected (pure decisions, testable in Node).

export const LAZY = 1;
export const URGENT = 2;

// A draw whose promise has not settled after this long no longer holds its panel back.
export const BUSY_LIMIT_MS = 1000;

/**
 * The panels to draw now: dirty and in view, least recently drawn first, within budgetMs of cost
 * and at most maxCount of them (what Chromium's rendering after us affords: drawCap).
 */
export function pickPanels(entries, budgetMs, nowMs = 0, maxCount = Infinity) {
  const ready = entries.filter((e) => e.dirty && e.inView && !e.layoutQueued && (!e.busy || nowMs - e.busySince > BUSY_LIMIT_MS));
  ready.sort((a, b) => a.lastDrawnAt - b.lastDrawnAt || a.order - b.order);
  const picked = [];
  let spent = 0;
  for (const e of ready) {
    if (picked.length > 0 && (spent + e.costMs > budgetMs || picked.length >= maxCount)) {
      break;
    }
    picked.push(e);
    spent += e.costMs;
  }
  return picked;
}

/**
 * The panels (among those ready to draw) that may lay out this frame: urgent wants first, then
 * lazy ones, each kind least recently laid out first, within budgetMs at their layout cost; the
 * first urgent one always, lazy ones only when they fit.
 */
export function grantLayouts(ready, budgetMs, tokensMs = Infinity) {
  if (!(tokensMs > 0)) {
    return { granted: [], spent: 0 };
  }
  budgetMs = Math.min(budgetMs, tokensMs);
  const wanting = ready.filter((e) => e.want > 0);
  wanting.sort((a, b) => b.want - a.want || a.lastLayoutAt - b.lastLayoutAt || a.order - b.order);
  const granted = [];
  let spent = 0;
  for (const e of wanting) {
    const first = granted.length === 0 && e.want >= URGENT;
    if (!first && spent + e.layoutCostMs > budgetMs) {
      break;
    }
    granted.push(e);
    spent += e.layoutCostMs;
  }
  return { granted, spent };
}

/** Cost estimate after one draw took ms: a moving average, so one slow draw does not stall a panel. */
export function nextCost(previous, ms) {
  return Math.max(0.1, previous * 0.7 + ms * 0.3);
}

export class RenderLoop {
  /**
   * options: requestFrame(fn), now() in ms, setTimer(fn, ms)/clearTimer(id) for when no frames
   * come (a hidden tab), postTask(fn) to run fn in a task of its own after the current one (a
   * MessageChannel message in the page; setTimer(fn, 0) when not given), budgetMs (the time one
   * frame's draws may take in our callback), fallbackMs, layoutShare, frameTargetMs (what a
   * frame's task may take, Chromium's rendering included), drawCap (panels a frame may draw at first).
   */
  constructor(options) {
    this.requestFrame = options.requestFrame;
    this.now = options.now;
    this.setTimer = options.setTimer;
    this.clearTimer = options.clearTimer;
    this.postTask = options.postTask || ((fn) => this.setTimer(fn, 0));
    this.budgetMs = options.budgetMs || 24;
    this.fallbackMs = options.fallbackMs || 250;
    this.layoutShare = options.layoutShare || 0.35;
    this.frameTargetMs = options.frameTargetMs || 40;
    this.drawCap = options.drawCap || 12;
    this.recentFrames = [];
    this.probe = null; // the last frame's, until a task of ours runs after its rendering
    this.layoutTokens = this.budgetMs;
    this.tokensAt = null;
    this.layoutQueue = []; // granted layouts, each to run in a task of its own
    this.layoutPosted = false;
    this.entries = [];
    this.scheduled = false;
    this.timer = null;
    this.order = 0;
    this.stats = { frames: 0, draws: 0, layouts: 0, deferred: 0, overruns: 0, unsettled: 0, renderMs: 0, drawCap: 0, slowLayouts: 0, longestLayoutMs: 0 };
  }

  /** panel.render() draws (returns a promise or nothing); returns the panel's handle. */
  add(panel) {
    const entry = { panel, dirty: false, inView: true, busy: false, busySince: 0, drawn: 0, lastDrawnAt: -Infinity,
      costMs: 4, order: this.order++, want: 0, layoutCostMs: 20, lastLayoutAt: -Infinity, layoutQueued: false };
    this.entries.push(entry);
    return entry;
  }

  remove(entry) {
    const at = this.entries.indexOf(entry);
    if (at >= 0) {
      this.entries.splice(at, 1);
    }
    const queued = this.layoutQueue.indexOf(entry);
    if (queued >= 0) {
      this.layoutQueue.splice(queued, 1);
    }
  }

  markDirty(entry) {
    entry.dirty = true;
    if (entry.inView && !entry.layoutQueued) {
      this.wake();
    }
  }

  setInView(entry, inView) {
    entry.inView = inView;
    if (inView && entry.dirty) {
      this.wake();
    }
  }

  wake() {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    this.requestFrame(() => this.frame());
    this.timer = this.setTimer(() => this.frame(), this.fallbackMs);
  }

  frame() {
    if (!this.scheduled) {
      return; // the other of the animation frame and the fallback timer came first
    }
    this.scheduled = false;
    this.clearTimer(this.timer);
    this.stats.frames++;
    const began = this.now();
    const ready = this.entries.filter((e) => e.dirty && e.inView && !e.layoutQueued
      && (!e.busy || began - e.busySince > BUSY_LIMIT_MS));
    for (const e of ready) {
      e.want = typeof e.panel.layoutWant === 'function' ? e.panel.layoutWant() : 0;
    }
    if (this.tokensAt !== null) {
      this.layoutTokens = Math.min(this.budgetMs, this.layoutTokens + (began - this.tokensAt) * this.layoutShare);
    }
    this.tokensAt = began;
    // one batch of layouts at a time: the tokens are spent when they have run
    const layouts = this.layoutQueue.length === 0 ? grantLayouts(ready, this.budgetMs, this.layoutTokens) : { granted: [] };
    for (const entry of layouts.granted) {
      entry.layoutQueued = true;
      this.layoutQueue.push(entry);
    }
    const picked = pickPanels(ready, this.budgetMs, began, this.drawCap);
    for (const entry of picked) {
      // a panel without layoutWant() has one kind of draw: it may always do all of it
      this.draw(entry, typeof entry.panel.layoutWant !== 'function');
    }
    const ended = this.now();
    if (ended - began > this.budgetMs * 2) {
      this.stats.overruns++;
    }
    if (picked.length > 0) {
      // Whichever of our posted tasks runs first after this task (this probe, or a layout task
      // posted before it) runs after Chromium's rendering of what we drew: it takes the measure.
      this.probe = { callbackMs: ended - began, ended, draws: picked.length };
      this.postTask(() => this.takeProbe());
    }
    this.postLayout();
    const waiting = this.entries.some((e) => e.dirty && e.inView && !e.busy && !e.layoutQueued);
    const unsettled = this.entries.some((e) => e.dirty && e.inView && e.busy && !e.layoutQueued);
    if (waiting) {
      this.stats.deferred++;
      this.wake();
    } else if (unsettled && !this.scheduled) {
      this.timer = this.setTimer(() => { this.scheduled = true; this.frame(); }, BUSY_LIMIT_MS);
    }
  }

  takeProbe() {
    const probe = this.probe;
    if (probe !== null) {
      this.probe = null;
      this.rendered(probe.callbackMs, this.now() - probe.ended, probe.draws);
    }
  }

  /** A frame that drew `draws` panels took callbackMs in our callback, then renderMs in Chromium's rendering. */
  rendered(callbackMs, renderMs, draws) {
    this.stats.renderMs = Math.round(renderMs * 10) / 10;
    this.drawCap = nextDrawCap(this.drawCap, draws, callbackMs + renderMs, this.frameTargetMs, this.recentFrames);
    this.stats.drawCap = this.drawCap;
  }

  postLayout() {
    if (this.layoutQueue.length > 0 && !this.layoutPosted) {
      this.layoutPosted = true;
      this.postTask(() => this.runLayout());
    }
  }

  /** One granted layout, in a task of its own; the next one in a task after it. */
  runLayout() {
    this.takeProbe(); // before the layout: the frame's rendering ends where this task begins
    this.layoutPosted = false;
    const entry = this.layoutQueue.shift();
    if (entry) {
      entry.layoutQueued = false;
      if (this.entries.includes(entry)) {
        this.draw(entry, true);
      }
    }
    this.postLayout();
    if (entry && entry.dirty && entry.inView) {
      this.wake(); // what arrived while it waited for its turn
    }
  }

  draw(entry, layout) {
    const t0 = this.now();
    if (entry.busy) {
      this.stats.unsettled++;
    }
    entry.dirty = false;
    entry.lastDrawnAt = t0;
    let result;
    try {
      result = entry.panel.render(layout);
    } catch (e) {
      result = undefined;
      if (typeof console !== 'undefined') {
        console.error(e);
      }
    }
    const ms = this.now() - t0;
    if (layout && entry.panel.laidOut !== false && typeof entry.panel.layoutWant === 'function') {
      entry.layoutCostMs = nextCost(entry.layoutCostMs, ms);
      entry.lastLayoutAt = t0;
      this.layoutTokens -= ms;
      this.stats.layouts++;
      // what is left of long tasks once layouts have tasks of their own (docs/BENCHMARKS.md 4d)
      this.stats.longestLayoutMs = Math.max(this.stats.longestLayoutMs, Math.round(ms));
      if (ms > 50) {
        this.stats.slowLayouts++;
      }
    } else {
      entry.costMs = nextCost(entry.costMs, ms);
    }
    this.stats.draws++;
    if (result && typeof result.then === 'function') {
      // plotly finishes some draws asynchronously: no second draw of this panel until it has
      entry.busy = true;
      entry.busySince = t0;
      const draw = ++entry.drawn;
      const done = () => {
        if (draw !== entry.drawn) {
          return; // a later draw owns the flag
        }
        entry.busy = false;
        if (entry.dirty) {
          this.wake();
        }
      };
      result.then(done, done);
    } else {
      entry.busy = false; // drawn at once (or nothing to draw): an older unsettled draw no longer counts
      entry.drawn++;
    }
  }
}

/**
 * How many panels the next frames may draw (additive increase, multiplicative decrease, as TCP
 * does): after a frame that drew `draws` panels, its task took totalMs (our callback plus
 * Chromium's rendering after it, measured by the probe). recentMs holds the last RECENT_FRAMES
 * totals (changed in place, bounded): only when even the shortest of them is over targetMs is the
 * cost real (not one frame stalled by the machine or by messages queued before the probe), and
 * the cap falls to 70 % of what was drawn; a frame well under the target that used the whole cap
 * raises it by one. Never below 1, so every panel still draws in turn.
 */
export function nextDrawCap(cap, draws, totalMs, targetMs, recentMs) {
  if (!(draws > 0) || !isFinite(totalMs)) {
    return cap;
  }
  recentMs.push(totalMs);
  if (recentMs.length > RECENT_FRAMES) {
    recentMs.shift();
  }
  if (recentMs.length === RECENT_FRAMES && Math.min(...recentMs) > targetMs) {
    recentMs.length = 0; // judge the new cap on frames drawn with it
    return Math.max(1, Math.floor(Math.min(cap, draws) * 0.7));
  }
  if (totalMs < targetMs * 0.8 && draws >= cap) {
    return cap + 1;
  }
  return cap;
}

export const RECENT_FRAMES = 4;
