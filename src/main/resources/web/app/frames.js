// Frames from the server (see PROTOCOL.md and Frames.java): checking an extend before applying it,
// and merging extends that queue up while a panel is paused. Pure: no DOM.

import { escapeStrings, escapeText } from './escape.js';

/** An extend plotly's extendTraces (and our trace stores) can apply: one array per trace per attribute. */
export function isValidExtend(frame) {
  if (frame.update === null || typeof frame.update !== 'object' || !Array.isArray(frame.traceIndices)) {
    return false;
  }
  return Object.keys(frame.update).every((key) => Array.isArray(frame.update[key])
    && frame.update[key].length === frame.traceIndices.length);
}

/** True when some attribute of some trace brings at least one value. */
export function hasPoints(update) {
  return Object.keys(update).some((key) => update[key].some((array) => Array.isArray(array) && array.length > 0));
}

/** A private, escaped copy of an extend, safe to merge others into. */
export function extendCopy(frame) {
  const update = {};
  for (const key of Object.keys(frame.update)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      continue;
    }
    update[key] = frame.update[key].map((array) => (Array.isArray(array) ? escapeStrings(array) : []));
  }
  return {
    type: 'extend', plot: frame.plot, update, traceIndices: frame.traceIndices.slice(),
    maxPoints: Array.isArray(frame.maxPoints) ? frame.maxPoints.slice() : frame.maxPoints
  };
}

/**
 * Merges `next` into `into` (an extendCopy): the same attributes, traces united, arrays
 * concatenated (escaped on the way), the later window sizes. Applying the merged extend gives what
 * applying both in turn gives, because a window after `next` holds at most its size after `into`
 * plus the points `next` brings. False (nothing changed) when the attributes differ.
 */
export function mergeExtends(into, next) {
  if (!Array.isArray(into.maxPoints) || !Array.isArray(next.maxPoints)) {
    return false;
  }
  const keys = Object.keys(into.update);
  const nextKeys = Object.keys(next.update);
  if (keys.length !== nextKeys.length || !nextKeys.every((k) => Object.prototype.hasOwnProperty.call(into.update, k))) {
    return false;
  }
  for (let j = 0; j < next.traceIndices.length; j++) {
    const index = next.traceIndices[j];
    let at = into.traceIndices.indexOf(index);
    if (at < 0) {
      at = into.traceIndices.length;
      into.traceIndices.push(index);
      into.maxPoints.push(next.maxPoints[j]);
      for (const key of keys) {
        into.update[key].push([]);
      }
    } else {
      into.maxPoints[at] = next.maxPoints[j];
    }
    for (const key of keys) {
      const target = into.update[key][at];
      const source = next.update[key][j] || [];
      for (let p = 0; p < source.length; p++) {
        const value = source[p];
        target.push(typeof value === 'string' ? escapeText(value)
          : (value !== null && typeof value === 'object' ? escapeStrings(value) : value));
      }
    }
  }
  into.merged = (into.merged || 1) + 1;
  return true;
}
