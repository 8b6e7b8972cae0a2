// One animation-frame loop for every panel of a page. Panels say they have something new
// (markDirty); once per animation frame the loop draws the dirty panels that are in view, each at
// most once, least recently drawn first, as many as fit in the frame's budget at their measured
// cost (always at least one). What does not fit stays dirty and is first in line next frame, so
// under overload every panel still draws, just less often, and no frame builds a long task. A
// panel drawn once shows everything that arrived before it: frames merge in the panel's stores.
// Time and frames are injected (pure decisions, testable in Node).

// A draw whose promise has not settled after this long no longer holds its panel back.
export const BUSY_LIMIT_MS = 1000;

/** The panels to draw now: dirty and in view, least recently drawn first, within budgetMs of cost. */
export function pickPanels(entries, budgetMs, nowMs = 0) {
  const ready = entries.filter((e) => e.dirty && e.inView && (!e.busy || nowMs - e.busySince > BUSY_LIMIT_MS));
  ready.sort((a, b) => a.lastDrawnAt - b.lastDrawnAt || a.order - b.order);
  const picked = [];
  let spent = 0;
  for (const e of ready) {
    if (picked.length > 0 && spent + e.costMs > budgetMs) {
      break;
    }
    picked.push(e);
    spent += e.costMs;
  }
  return picked;
}

/** Cost estimate after one draw took ms: a moving average, so one slow draw does not stall a panel. */
export function nextCost(previous, ms) {
  return Math.max(0.1, previous * 0.7 + ms * 0.3);
}

export class RenderLoop {
  /**
   * options: requestFrame(fn), now() in ms, setTimer(fn, ms)/clearTimer(id) for when no frames
   * come (a hidden tab), budgetMs (the drawing time one frame may take), fallbackMs.
   */
  constructor(options) {
    this.requestFrame = options.requestFrame;
    this.now = options.now;
    this.setTimer = options.setTimer;
    this.clearTimer = options.clearTimer;
    this.budgetMs = options.budgetMs || 24;
    this.fallbackMs = options.fallbackMs || 250;
    this.entries = [];
    this.scheduled = false;
    this.timer = null;
    this.order = 0;
    this.stats = { frames: 0, draws: 0, deferred: 0, overruns: 0, unsettled: 0 };
  }

  /** panel.render() draws (returns a promise or nothing); returns the panel's handle. */
  add(panel) {
    const entry = { panel, dirty: false, inView: true, busy: false, busySince: 0, drawn: 0, lastDrawnAt: -Infinity,
      costMs: 4, order: this.order++ };
    this.entries.push(entry);
    return entry;
  }

  remove(entry) {
    const at = this.entries.indexOf(entry);
    if (at >= 0) {
      this.entries.splice(at, 1);
    }
  }

  markDirty(entry) {
    entry.dirty = true;
    if (entry.inView) {
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
    const picked = pickPanels(this.entries, this.budgetMs, began);
    for (const entry of picked) {
      const t0 = this.now();
      if (entry.busy) {
        this.stats.unsettled++;
      }
      entry.dirty = false;
      entry.lastDrawnAt = t0;
      let result;
      try {
        result = entry.panel.render();
      } catch (e) {
        result = undefined;
        if (typeof console !== 'undefined') {
          console.error(e);
        }
      }
      entry.costMs = nextCost(entry.costMs, this.now() - t0);
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
    if (this.now() - began > this.budgetMs * 2) {
      this.stats.overruns++;
    }
    const waiting = this.entries.some((e) => e.dirty && e.inView && !e.busy);
    const unsettled = this.entries.some((e) => e.dirty && e.inView && e.busy);
    if (waiting) {
      this.stats.deferred++;
      this.wake();
    } else if (unsettled && !this.scheduled) {
      this.timer = this.setTimer(() => { this.scheduled = true; this.frame(); }, BUSY_LIMIT_MS);
    }
  }
}
