// The pure half of the canvas layer (issue 16 item 3): which streamed traces the canvas draws,
// how plotly's axes map data to pixels, and the draw list of one trace (pixel coordinates of the
// points the trace store planned: its M4 points per pixel column, or the raw points when they fit).
// Plotly stays the figure model: it lays out axes, legend, title, thresholds and hover; the canvas
// only paints the streamed lines, with plotly's own scale (offset, _m, _b: the same numbers plotly's
// l2p uses), so a point lands on the pixel plotly's axes say. Pure: no DOM (the canvas itself is
// canvas-layer.js).

const LINEAR_MODES = { lines: true, 'lines+markers': true, 'markers+lines': true };

function plain(value) {
  return value === undefined || value === null || (typeof value !== 'object' && !Array.isArray(value));
}

/**
 * True when a trace definition is one the canvas draws: a scatter (or scattergl) line from x/y
 * arrays, with or without plain circle markers, straight segments, no fill, no stacking, no error
 * bars, one colour and size for all its points. Everything else keeps plotly's own path.
 */
export function canvasTrace(trace) {
  if (!trace || typeof trace !== 'object') {
    return false;
  }
  const type = trace.type === undefined ? 'scatter' : trace.type;
  if (type !== 'scatter' && type !== 'scattergl') {
    return false;
  }
  if (!Array.isArray(trace.x) || !Array.isArray(trace.y)) {
    return false;
  }
  if (trace.mode !== undefined && !LINEAR_MODES[trace.mode]) {
    return false;
  }
  if ((trace.fill !== undefined && trace.fill !== 'none') || trace.stackgroup !== undefined) {
    return false;
  }
  if ((trace.error_x && trace.error_x.visible !== false && trace.error_x.array)
      || (trace.error_y && trace.error_y.visible !== false && trace.error_y.array)) {
    return false;
  }
  const line = trace.line && typeof trace.line === 'object' ? trace.line : {};
  if (line.shape !== undefined && line.shape !== 'linear') {
    return false;
  }
  if (!plain(line.color) || !plain(line.width)) {
    return false;
  }
  const marker = trace.marker && typeof trace.marker === 'object' ? trace.marker : {};
  if (!plain(marker.color) || !plain(marker.size) || !plain(marker.opacity)) {
    return false;
  }
  if (marker.symbol !== undefined && marker.symbol !== 'circle' && marker.symbol !== 0) {
    return false;
  }
  if (marker.line && typeof marker.line === 'object' && Number(marker.line.width) > 0) {
    return false;
  }
  return !(trace.xperiod !== undefined || trace.yperiod !== undefined);
}

/**
 * Plotly's scale of one laid-out axis (a _fullLayout axis object): pixel = offset + b + m * l,
 * l the value on the axis's linear scale (log10 of it on a log axis), exactly what plotly's l2p
 * does inside the subplot it translates by offset. null for axes the canvas does not draw on
 * (categories, range breaks, an axis not laid out yet).
 */
export function axisScale(ax) {
  if (!ax || typeof ax !== 'object') {
    return null;
  }
  const type = ax.type;
  if (type !== 'linear' && type !== 'date' && type !== 'log') {
    return null;
  }
  if (Array.isArray(ax.rangebreaks) && ax.rangebreaks.some((b) => b && b.enabled !== false)) {
    return null;
  }
  const offset = Number(ax._offset);
  const length = Number(ax._length);
  const m = Number(ax._m);
  const b = Number(ax._b);
  if (![offset, length, m, b].every(isFinite) || m === 0 || !(length > 0)) {
    return null;
  }
  return { offset, length, m, b, log: type === 'log' };
}

/** A data value (number; dates as epoch ms) to a pixel along the scale's axis (NaN when it has none). */
export function toPixel(scale, value) {
  const l = scale.log ? (value > 0 ? Math.log10(value) : NaN) : value;
  return scale.offset + scale.b + scale.m * l;
}

/** The data interval the axis shows, ascending ([lo, hi], dates in ms). */
export function axisInterval(scale) {
  const a = fromPixel(scale, scale.offset);
  const c = fromPixel(scale, scale.offset + scale.length);
  return a <= c ? [a, c] : [c, a];
}

function fromPixel(scale, px) {
  const l = (px - scale.offset - scale.b) / scale.m;
  return scale.log ? Math.pow(10, l) : l;
}

/**
 * The draw list of one trace: [x0, y0, x1, y1, ...] pixel pairs of the planned positions (absolute
 * store positions, read as xs[p - offset]), or of positions [from, to) when plan is null. A point
 * whose x or y is not a number breaks the line (NaN pair) unless connectGaps; breaks are never
 * doubled or leading. Also the y extent of the points (data units), for deciding a relayout.
 * scratch ({ buffer }, optional, kept by the caller): the draw list is written into its buffer,
 * grown when too small, instead of a new array per paint (12 panels × 25 paints a second made
 * garbage for the collector, whose pauses land in plotly's layout tasks: BENCHMARKS 4d/4e); the
 * points returned are then a view of it, valid until the next call with the same scratch.
 */
export function pixelPath(xs, ys, offset, plan, from, to, xScale, yScale, connectGaps, scratch) {
  const n = plan === null ? Math.max(0, to - from) : plan.length;
  const out = scratchArray(scratch, 'buffer', 2 * n);
  let k = 0;
  let yMin = Infinity;
  let yMax = -Infinity;
  let broken = true; // nothing drawn yet: a gap here would be a leading break
  for (let i = 0; i < n; i++) {
    const p = plan === null ? from + i : plan[i];
    const x = xs[p - offset];
    const y = ys[p - offset];
    const px = toPixel(xScale, x);
    const py = toPixel(yScale, y);
    if (!isFinite(px) || !isFinite(py)) {
      if (!connectGaps && !broken) {
        out[k++] = NaN;
        out[k++] = NaN;
        broken = true;
      }
      continue;
    }
    if (y < yMin) {
      yMin = y;
    }
    if (y > yMax) {
      yMax = y;
    }
    out[k++] = px;
    out[k++] = py;
    broken = false;
  }
  if (broken && k >= 2) {
    k -= 2; // a trailing break
  }
  return { points: out.subarray(0, k), yMin, yMax };
}

/** Plotly's dash names as canvas segment lengths (plotly's Drawing.dashStyle, in px). */
export function dashPattern(dash, width) {
  const dlw = Math.max(Number(width) || 1, 3);
  switch (dash) {
    case undefined: case null: case '': case 'solid':
      return [];
    case 'dot':
      return [dlw, dlw];
    case 'dash':
      return [3 * dlw, 3 * dlw];
    case 'longdash':
      return [5 * dlw, 5 * dlw];
    case 'dashdot':
      return [3 * dlw, dlw, dlw, dlw];
    case 'longdashdot':
      return [5 * dlw, 2 * dlw, dlw, 2 * dlw];
    default: {
      // a list the figure wrote itself: "5px,10px,2px" or "5, 10"
      const parts = String(dash).split(/[\s,]+/).filter((s) => s !== '').map((s) => parseFloat(s));
      return parts.length > 0 && parts.every((v) => v >= 0 && isFinite(v)) ? parts : [];
    }
  }
}

/**
 * How a laid-out trace (plotly's _fullData entry: its defaults, theme colours and colorway already
 * applied) is painted: line colour, width, dash, opacity and, when its mode has markers, their
 * size and colour. null when it draws nothing.
 */
export function traceStyle(full) {
  if (!full || full.visible !== true) {
    return null;
  }
  const mode = typeof full.mode === 'string' ? full.mode : 'lines';
  const line = full.line || {};
  const hasLines = mode.indexOf('lines') >= 0;
  const hasMarkers = mode.indexOf('markers') >= 0;
  if (!hasLines && !hasMarkers) {
    return null;
  }
  const width = Number(line.width) >= 0 ? Number(line.width) : 2;
  const marker = full.marker || {};
  return {
    color: typeof line.color === 'string' ? line.color : '#1f77b4',
    width,
    dash: dashPattern(line.dash, width),
    opacity: Number(full.opacity) >= 0 && Number(full.opacity) <= 1 ? Number(full.opacity) : 1,
    lines: hasLines && width > 0,
    markers: hasMarkers ? {
      size: Number(marker.size) > 0 ? Number(marker.size) : 6,
      color: typeof marker.color === 'string' ? marker.color : (typeof line.color === 'string' ? line.color : '#1f77b4'),
      opacity: Number(marker.opacity) >= 0 && Number(marker.opacity) <= 1 ? Number(marker.opacity) : 1
    } : null
  };
}

/** The axis id's key in the layout: 'x' → 'xaxis', 'y2' → 'yaxis2'. */
export function axisKey(id, letter) {
  const text = typeof id === 'string' && id.charAt(0) === letter ? id : letter;
  return letter + 'axis' + text.slice(1);
}

/**
 * The same pixels with less to rasterize: where consecutive points of a draw list fall in one
 * pixel column (M4 leaves up to four there, going up and down), the line through them lights the
 * column from their lowest to their highest point, so it is drawn as one bar of the line's width
 * over that extent, and the line itself only enters and leaves each column (its first and last
 * point). A zig-zag of many short, overlapping strokes is the costliest thing to rasterize on a
 * canvas without a GPU; bars and a polyline of two points per column are cheap. NaN pairs still
 * break the line. Returns { path: [x, y, ...] with NaN breaks, bars: [x0, x1, yMin, yMax, ...] }
 * (Float64Arrays; views of scratch's buffers { path, bars } when given, valid until its next use).
 * Neither is ever longer than points: a column gives at most 4 path and 4 bar values and takes 2
 * or more points (4 values); a break gives 2 and takes 2.
 */
export function columnRuns(points, scratch) {
  const path = scratchArray(scratch, 'path', points.length);
  const bars = scratchArray(scratch, 'bars', points.length);
  let np = 0;
  let nb = 0;
  let open = false;
  let col = 0;
  let fx = 0;
  let fy = 0;
  let lx = 0;
  let ly = 0;
  let lo = 0;
  let hi = 0;
  function flush() {
    if (!open) {
      return;
    }
    path[np++] = fx;
    path[np++] = fy;
    if (lx !== fx || ly !== fy) {
      path[np++] = lx;
      path[np++] = ly;
    }
    if (hi > lo) {
      bars[nb++] = Math.min(fx, lx);
      bars[nb++] = Math.max(fx, lx);
      bars[nb++] = lo;
      bars[nb++] = hi;
    }
    open = false;
  }
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    if (x !== x || y !== y) {
      flush();
      if (np > 0 && path[np - 1] === path[np - 1]) {
        path[np++] = NaN;
        path[np++] = NaN;
      }
      continue;
    }
    const c = Math.floor(x);
    if (open && c === col) {
      lx = x;
      ly = y;
      if (y < lo) {
        lo = y;
      }
      if (y > hi) {
        hi = y;
      }
      continue;
    }
    flush();
    open = true;
    col = c;
    fx = lx = x;
    fy = ly = y;
    lo = hi = y;
  }
  flush();
  return { path: path.subarray(0, np), bars: bars.subarray(0, nb) };
}

/** scratch[name] when it holds n values, else a new Float64Array kept there (grown by half again). */
function scratchArray(scratch, name, n) {
  if (!scratch) {
    return new Float64Array(n);
  }
  const have = scratch[name];
  if (have && have.length >= n) {
    return have;
  }
  const grown = new Float64Array(Math.max(n, Math.ceil((have ? have.length : 0) * 1.5), 64));
  scratch[name] = grown;
  return grown;
}
