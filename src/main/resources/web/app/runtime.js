// What every module of a page shares: the window.Plotstream namespace (tests and the console reach
// the page through it; theme.js, a classic script, puts the theme there), the one clock (tests
// replace Plotstream.clock to play with time) and the page's one render loop.

import { RenderLoop } from './scheduler.js';

export const Plotstream = window.Plotstream = window.Plotstream || {};

if (typeof Plotstream.clock !== 'function') {
  Plotstream.clock = () => Date.now();
}

/** Wall-clock ms, through Plotstream.clock. */
export function now() {
  return Plotstream.clock();
}

/** The theme (theme.js), or null when it did not load. */
export function theme() {
  return Plotstream.theme || null;
}

/** The view key from the page's URL (an embed inside another site may not get our cookie). */
export function viewKeyFromUrl() {
  return new URLSearchParams(window.location.search).get('key');
}

// Tasks of their own, after the current one (MessageChannel messages run in order, each its own
// task, without setTimeout's clamping): the render loop's plotly layouts and its rendering probe.
const taskChannel = new MessageChannel();
const taskQueue = [];
taskChannel.port1.onmessage = () => {
  const fn = taskQueue.shift();
  if (fn) {
    fn();
  }
};

// A frame's draws may take ~24 ms of our script, and the frame's whole task (Chromium's rendering
// and canvas raster included, measured by the loop) ~40 ms: under the 50 ms of a long task with
// room to spare. Each plotly layout runs in a task of its own.
export const loop = Plotstream.loop = Plotstream.loop || new RenderLoop({
  requestFrame: (fn) => window.requestAnimationFrame(fn),
  now: () => performance.now(),
  setTimer: (fn, ms) => window.setTimeout(fn, ms),
  clearTimer: (id) => window.clearTimeout(id),
  postTask: (fn) => { taskQueue.push(fn); taskChannel.port2.postMessage(0); },
  budgetMs: 24,
  frameTargetMs: 40,
  fallbackMs: 250,
  layoutShare: 0.35 // plotly's layouts (axes, legend, hover copy) at most a third of the time: the canvas draws need the rest
});
