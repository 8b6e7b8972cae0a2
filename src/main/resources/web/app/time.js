// Time as numbers: Plotly date strings ("2026-12-01 10:00:00.123456", no zone: plotly treats them
// as UTC) to epoch milliseconds, parsed once when a point arrives, and back for axis ranges and the
// history API. Durations for the stale badge and the dashboard's time range. Pure: no DOM.

const DATE = /^(-?\d{4,})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(\.\d+)?)?)?)?$/;

/**
 * A Plotly date string to epoch ms (fractions below a millisecond kept as a fraction), a number as
 * itself, anything else NaN. Not a Plotly date: whatever Date.parse makes of it (ISO with a zone).
 */
export function parseDate(value) {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value !== 'string') {
    return NaN;
  }
  const text = value.trim();
  const m = DATE.exec(text);
  if (!m) {
    return text === '' ? NaN : Date.parse(text);
  }
  const fraction = m[7] ? Number(m[7]) * 1000 : 0;
  const whole = Math.floor(fraction);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1,
    m[4] ? Number(m[4]) : 0, m[5] ? Number(m[5]) : 0, m[6] ? Number(m[6]) : 0, whole);
  // Date.UTC maps years 0..99 to 1900..1999; plotly does not.
  const year = Number(m[1]);
  const fixed = year >= 0 && year < 100 ? ms + yearShift(year) : ms;
  return fixed + (fraction - whole);
}

function yearShift(year) {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return d.getTime() - Date.UTC(year, 0, 1);
}

/** True for a string Plotly would read as a date (what makes an x axis a date axis). */
export function isDateString(value) {
  return typeof value === 'string' && DATE.test(value.trim());
}

/**
 * An x value as a number on its axis: numbers as they are, date strings as epoch ms, numeric
 * strings as numbers (plotly reads "12" as 12 on a linear axis), anything else NaN.
 */
export function xNumber(value, dates) {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value !== 'string') {
    return NaN;
  }
  if (dates) {
    return parseDate(value);
  }
  const n = value.trim() === '' ? NaN : Number(value);
  return n;
}

function pad(n, width) {
  let s = String(n);
  while (s.length < width) {
    s = '0' + s;
  }
  return s;
}

/** Epoch ms to a Plotly date string with milliseconds (UTC, no zone). */
export function formatDate(ms) {
  const d = new Date(Math.round(ms));
  return pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2) + ' '
    + pad(d.getUTCHours(), 2) + ':' + pad(d.getUTCMinutes(), 2) + ':' + pad(d.getUTCSeconds(), 2) + '.'
    + pad(d.getUTCMilliseconds(), 3);
}

/** "45 s", "1 min 12 s", "3 h 5 min", "2 d 4 h". */
export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) {
    return s + ' s';
  }
  const min = Math.floor(s / 60);
  if (min < 60) {
    return min + ' min ' + (s % 60) + ' s';
  }
  const h = Math.floor(min / 60);
  if (h < 24) {
    return h + ' h ' + (min % 60) + ' min';
  }
  return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
}

/** "30s", "5m", "2h", "1d", "250ms", ISO-8601 "PT5M" / "P1DT2H" to ms; null for none or unreadable. */
export function parseDuration(text) {
  if (typeof text === 'number') {
    return text > 0 ? text : null;
  }
  if (typeof text !== 'string' || text.trim() === '') {
    return null;
  }
  const t = text.trim();
  let m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i.exec(t);
  if (m) {
    const unit = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2].toLowerCase()];
    return Number(m[1]) * unit;
  }
  m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
  if (m && t.length > 1 && !/T$/i.test(t)) {
    return ((Number(m[1] || 0) * 24 + Number(m[2] || 0)) * 60 + Number(m[3] || 0)) * 60000 + Number(m[4] || 0) * 1000;
  }
  return null;
}
