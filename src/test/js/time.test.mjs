import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, formatDate, formatDuration, parseDuration, isDateString, xNumber } from '../../main/resources/web/app/time.js';

test('a Plotly date string is naive UTC, microseconds kept as a fraction of a millisecond', () => {
  assert.equal(parseDate('2026-12-01 10:00:00'), Date.UTC(2026, 11, 1, 10, 0, 0));
  assert.equal(parseDate('2026-12-01 10:00:00.123456'), Date.UTC(2026, 11, 1, 10, 0, 0, 123) + 0.456);
  assert.equal(parseDate('2026-12-01T10:00'), Date.UTC(2026, 11, 1, 10, 0));
  assert.equal(parseDate('2026-12'), Date.UTC(2026, 11, 1));
});

test('numbers stay numbers and what is no date is NaN', () => {
  assert.equal(parseDate(1234), 1234);
  assert.ok(Number.isNaN(parseDate(null)));
  assert.ok(Number.isNaN(parseDate('')));
  assert.ok(Number.isNaN(parseDate('soon')));
});

test('years below 100 are not moved into the 1900s', () => {
  assert.equal(new Date(parseDate('0050-01-01')).getUTCFullYear(), 50);
});

test('formatDate writes what parseDate reads', () => {
  const ms = Date.UTC(2026, 11, 1, 10, 1, 2, 345);
  assert.equal(formatDate(ms), '2026-12-01 10:01:02.345');
  assert.equal(parseDate(formatDate(ms)), ms);
});

test('an x value is read as a date only on a date axis', () => {
  assert.ok(isDateString('2026-12-01 10:00:00'));
  assert.ok(!isDateString('12'));
  assert.equal(xNumber('12', false), 12);
  assert.equal(xNumber('2026-12-01', true), Date.UTC(2026, 11, 1));
  assert.ok(Number.isNaN(xNumber('a', false)));
});

test('durations are read from short and ISO forms and written for people', () => {
  assert.equal(parseDuration('5m'), 300000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('PT1M30S'), 90000);
  assert.equal(parseDuration('P1DT2H'), 26 * 3600000);
  assert.equal(parseDuration(''), null);
  assert.equal(parseDuration('PT'), null);
  assert.equal(formatDuration(72000), '1 min 12 s');
  assert.equal(formatDuration(3725000), '1 h 2 min');
  assert.equal(formatDuration(2 * 86400000 + 4 * 3600000), '2 d 4 h');
});
