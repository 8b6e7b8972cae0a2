import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeStrings, escapeText } from '../../main/resources/web/app/escape.js';

test('markup in stream text is escaped; text without it is returned as it is', () => {
  assert.equal(escapeText('<b>a & b</b>'), '&lt;b&gt;a &amp; b&lt;/b&gt;');
  assert.equal(escapeText('x > 1'), 'x &gt; 1');
  const plain = '2026-12-07 01:15:00.123';
  assert.equal(escapeText(plain), plain);
  assert.equal(escapeText(''), '');
  assert.deepEqual(escapeStrings({ x: ['<i>', 'ok', 3], name: 'a&b' }), { x: ['&lt;i&gt;', 'ok', 3], name: 'a&amp;b' });
});
