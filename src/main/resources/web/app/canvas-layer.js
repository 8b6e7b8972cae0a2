// The <canvas> a panel paints its streamed lines on (issue 16 item 3): inside plotly's own
// .gl-container, so it stacks above plotly's main SVG (background, grid, the hidden copies of the
// streamed traces, axes) and below its top SVG (legend, title, shapes drawn above data, thresholds)
// and the hover labels. It covers the plot area (plotly's fullLayout._size: every subplot lies in
// it) at the device's pixel ratio, in a compositing layer of its own, and clips each trace to its
// subplot, as plotly's SVG does. It takes no pointer events: zoom, pan and hover stay plotly's.
// Points come in the figure's CSS pixels (what plotly's axes give). What to draw: canvas-plan.js.
// A paint redoes only the bands where what it draws differs from what the canvas shows
// (canvas-damage.js): a sliding window's ends, between two layouts.

import { columnRuns } from './canvas-plan.js';
import { MITER_LIMIT, keptInterval, paintMargin, sliceForBand } from './canvas-damage.js';

export class CanvasLayer {
  constructor(graphDiv) {
    this.gd = graphDiv;
    this.canvas = null;
    this.ctx = null;
    this.left = 0;
    this.top = 0;
    this.width = 0;
    this.height = 0;
    this.ratio = 0;
    this.runsScratch = {}; // columnRuns' buffers, reused paint after paint (no garbage per frame)
    this.painted = null; // what the canvas shows: [{ key, style, margin, points }], points our own copy
    this.paints = { whole: 0, bands: 0, kept: 0 }; // how paints went (the benchmark prints them)
  }

  /** Attached where plotly's current figure framework is, sized to the figure; false when plotly has not laid out. */
  sync(full) {
    const container = this.gd.querySelector('.gl-container');
    const size = full && full._size;
    if (!container || !size || !(size.w > 0) || !(size.h > 0)) {
      return false;
    }
    if (!this.canvas) {
      const canvas = document.createElement('canvas');
      canvas.className = 'ps-canvas';
      canvas.setAttribute('aria-hidden', 'true');
      canvas.style.position = 'absolute';
      canvas.style.top = '0';
      canvas.style.left = '0';
      canvas.style.pointerEvents = 'none';
      // a compositing layer of its own: repainting it every frame must not make the browser
      // repaint plotly's SVG under and over it (the main thread's largest cost without this)
      canvas.style.willChange = 'transform';
      // a canvas whose context the browser lost and restored is blank: paint it whole again
      canvas.addEventListener('contextrestored', () => this.forget());
      this.canvas = canvas;
      this.ctx = canvas.getContext('2d');
    }
    if (this.canvas.parentNode !== container) {
      container.appendChild(this.canvas); // plotly made its framework again (a new plot): follow it
    }
    // whole pixels around the plot area: a line on its edge is still inside (clipped as plotly clips)
    const left = Math.floor(size.l);
    const top = Math.floor(size.t);
    const width = Math.ceil(size.l + size.w) - left;
    const height = Math.ceil(size.t + size.h) - top;
    const ratio = window.devicePixelRatio || 1;
    if (left !== this.left || top !== this.top) {
      this.left = left;
      this.top = top;
      this.canvas.style.left = left + 'px';
      this.canvas.style.top = top + 'px';
    }
    if (width !== this.width || height !== this.height || ratio !== this.ratio) {
      this.width = width;
      this.height = height;
      this.ratio = ratio;
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = width + 'px';
      this.canvas.style.height = height + 'px';
      this.painted = null; // a resized canvas is blank
    }
    return true;
  }

  /**
   * Shows these traces ([{ key, style, points, clip }] in paint order; key: what besides the points
   * changes their pixels), repainting only the bands where they differ from what is shown.
   */
  paint(traces) {
    if (!this.ctx) {
      return;
    }
    for (const t of traces) {
      t.margin = paintMargin(t.style);
    }
    const kept = keptInterval(this.painted, traces);
    if (kept !== null && kept.from === -Infinity && kept.to === Infinity) {
      this.paints.kept++;
      return;
    }
    if (kept === null) {
      this.clearBand(0, this.canvas.width);
      for (const t of traces) {
        this.draw(t.points, t.style, t.clip, null);
      }
      this.paints.whole++;
    } else {
      // in device pixels, whole ones: a band's edge is then no antialiased seam
      const bands = [[0, this.devicePx(kept.from, Math.floor)], [this.devicePx(kept.to, Math.ceil), this.canvas.width]];
      for (const band of bands) {
        if (band[1] > band[0]) {
          this.clearBand(band[0], band[1]);
          const from = band[0] / this.ratio + this.left;
          const to = band[1] / this.ratio + this.left;
          for (const t of traces) {
            this.draw(sliceForBand(t.points, from, to, t.margin), t.style, t.clip, band);
          }
        }
      }
      this.paints.bands++;
    }
    this.remember(traces);
  }

  /** The device pixel column of figure x (CSS px), rounded by round, within the canvas. */
  devicePx(x, round) {
    return Math.max(0, Math.min(this.canvas.width, round((x - this.left) * this.ratio)));
  }

  clearBand(from, to) {
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(from, 0, to - from, this.canvas.height);
  }

  /** Keeps a copy of what was painted, in buffers reused paint after paint. */
  remember(traces) {
    const old = this.painted || [];
    this.painted = traces.map((t, i) => {
      let copy = old[i] && old[i].buffer;
      if (!copy || copy.length < t.points.length) {
        copy = new Float64Array(Math.max(64, Math.ceil(t.points.length * 1.5)));
      }
      copy.set(t.points);
      return { key: t.key, style: t.style, margin: t.margin, buffer: copy, points: copy.subarray(0, t.points.length) };
    });
  }

  /** Paints everything again at the next paint (the canvas was cleared or is no longer trusted). */
  forget() {
    this.painted = null;
  }

  /**
   * One trace: points [x0, y0, ...] in CSS px of the figure (NaN pairs break the line), style from
   * traceStyle, clip {x, y, w, h} its subplot, band [from, to) device pixel columns or null.
   */
  draw(points, style, clip, band) {
    const ctx = this.ctx;
    if (points.length < 2) {
      return;
    }
    ctx.save();
    ctx.setTransform(this.ratio, 0, 0, this.ratio, -this.left * this.ratio, -this.top * this.ratio);
    let left = clip.x;
    let right = clip.x + clip.w;
    if (band !== null) {
      // one clip rectangle, the subplot's cut to the band: a second clip would make the rasterizer
      // antialias the subplot's edge another way than a whole paint does
      left = Math.max(left, band[0] / this.ratio + this.left);
      right = Math.min(right, band[1] / this.ratio + this.left);
      if (!(right > left)) {
        ctx.restore();
        return;
      }
    }
    ctx.beginPath();
    ctx.rect(left, clip.y, right - left, clip.h);
    ctx.clip();
    ctx.globalAlpha = style.opacity;
    if (style.lines) {
      ctx.strokeStyle = style.color;
      ctx.lineWidth = style.width;
      ctx.lineJoin = 'miter'; // as plotly's SVG lines; round joins cost more to raster
      ctx.miterLimit = MITER_LIMIT;
      ctx.lineCap = 'butt';
      ctx.setLineDash(style.dash);
      // solid lines: a bar per dense pixel column and the line between columns (same pixels, far
      // cheaper to rasterize); a dash pattern must run along the whole line, so it is stroked as is
      const runs = style.dash.length === 0 ? columnRuns(points, this.runsScratch) : { path: points, bars: [] };
      strokePolyline(ctx, runs.path);
      if (runs.bars.length > 0) {
        ctx.fillStyle = style.color;
        const w = style.width;
        const bars = runs.bars;
        for (let i = 0; i < bars.length; i += 4) {
          ctx.fillRect(bars[i] - w / 2, bars[i + 2] - w / 2, bars[i + 1] - bars[i] + w, bars[i + 3] - bars[i + 2] + w);
        }
      }
    }
    if (style.markers) {
      ctx.globalAlpha = style.opacity * style.markers.opacity;
      ctx.fillStyle = style.markers.color;
      const r = style.markers.size / 2;
      ctx.beginPath();
      for (let i = 0; i < points.length; i += 2) {
        const x = points[i];
        if (x === x) {
          ctx.moveTo(x + r, points[i + 1]);
          ctx.arc(x, points[i + 1], r, 0, 2 * Math.PI);
        }
      }
      ctx.fill();
    }
    ctx.restore();
  }

  destroy() {
    if (this.canvas && this.canvas.parentNode) {
      this.canvas.parentNode.removeChild(this.canvas);
    }
    this.canvas = null;
    this.ctx = null;
    this.painted = null;
  }
}

function strokePolyline(ctx, points) {
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    if (x !== x) {
      pen = false;
      continue;
    }
    if (pen) {
      ctx.lineTo(x, y);
    } else {
      ctx.moveTo(x, y);
      pen = true;
    }
  }
  ctx.stroke();
}
