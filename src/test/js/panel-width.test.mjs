import test from 'node:test';
import assert from 'node:assert/strict';
import { validWidth, widthWorthTelling } from '../../main/resources/web/app/panel-width.js';

test('widths outside 1..8192 or not numbers are not widths', () => {
  assert.equal(validWidth(400.4), 400);
  assert.equal(validWidth('512'), 512);
  assert.equal(validWidth(0), 0);
  assert.equal(validWidth(8193), 0);
  assert.equal(validWidth('wide'), 0);
});

test('a panel narrower than told (down to half) asks for no new snapshot', () => {
  assert.equal(widthWorthTelling(1200, 1040), false); // the page's first estimate was a little wide
  assert.equal(widthWorthTelling(1200, 600), false);
  assert.equal(widthWorthTelling(400, 400), false);
});

test('a wider panel, one under half the told width, or the first width is told', () => {
  assert.equal(widthWorthTelling(400, 401), true);
  assert.equal(widthWorthTelling(1200, 599), true);
  assert.equal(widthWorthTelling(0, 300), true);
  assert.equal(widthWorthTelling(400, 0), false);
});
