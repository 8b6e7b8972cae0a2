import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extendCopy, mergeExtends, isValidExtend, hasPoints } from '../../main/resources/web/app/frames.js';
import { escapeStrings } from '../../main/resources/web/app/escape.js';

test('merged extends concatenate per trace and keep the later window sizes, escaped', () => {
  const a = extendCopy({ update: { x: [[1], [10]], y: [['<b>'], [10]] }, traceIndices: [0, 1], maxPoints: [5, 5] });
  assert.ok(mergeExtends(a, { update: { x: [[2]], y: [[2]] }, traceIndices: [0], maxPoints: [7] }));
  assert.ok(mergeExtends(a, { update: { x: [[3]], y: [[3]] }, traceIndices: [2], maxPoints: [9] }));
  assert.deepEqual(a.update.x, [[1, 2], [10], [3]]);
  assert.deepEqual(a.update.y, [['&lt;b&gt;', 2], [10], [3]]);
  assert.deepEqual(a.maxPoints, [7, 5, 9]);
  assert.equal(a.merged, 3);
});

test('extends with other attributes are not merged', () => {
  const a = extendCopy({ update: { x: [[1]], y: [[1]] }, traceIndices: [0], maxPoints: [5] });
  assert.equal(mergeExtends(a, { update: { x: [[2]], y: [[2]], text: [['t']] }, traceIndices: [0], maxPoints: [5] }), false);
  assert.deepEqual(a.update.x, [[1]]);
});

test('an extend must have one array per trace for every attribute', () => {
  assert.ok(isValidExtend({ update: { x: [[1]], y: [[1]] }, traceIndices: [0] }));
  assert.equal(isValidExtend({ update: { x: [[1], [2]] }, traceIndices: [0] }), false);
  assert.equal(isValidExtend({ update: null, traceIndices: [0] }), false);
  assert.ok(hasPoints({ x: [[], [1]] }));
  assert.equal(hasPoints({ x: [[], []] }), false);
});

test('escaping drops keys that could reach a prototype', () => {
  const out = escapeStrings(JSON.parse('{"__proto__": {"a": 1}, "t": "<i>"}'));
  assert.equal(out.t, '&lt;i&gt;');
  assert.equal(Object.keys(out).length, 1);
});
