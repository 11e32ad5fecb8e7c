/**
 * A 2D canvas under or over MapLibre's (without a GPU: baseRasterLayer.ts, labelOverlay.ts), drawn
 * with a margin around the view. While the map only pans, the last drawing is moved (a CSS
 * transform, which the compositor applies without repainting) until the margin runs out; a zoom, a
 * turn or new content draws it again. Redrawing ~2 screens of images every frame cost ~20 ms of the
 * main thread (painting the canvas and handing it to the compositor).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { mercX, mercY } from '../services/baseRaster';

/** CSS px drawn beyond each edge of the view. */
export const MARGIN = 160;

/** Where a drawing starts: the context (origin at the view's centre, CSS px, turned by the
 * bearing) and the view's centre in world px (512 · 2^zoom around the world). */
export interface Drawing {
  ctx: CanvasRenderingContext2D;
  world: number;
  cx: number;
  cy: number;
  /** The view's size in CSS px (the drawing covers MARGIN more on each side). */
  w: number;
  h: number;
}

export class OverscanCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private drawn: { key: string; x: number; y: number } | null = null;

  constructor(
    private readonly map: MapLibreMap,
    className: string,
    below: boolean,
  ) {
    const c = document.createElement('canvas');
    c.className = className;
    c.style.cssText = `position:absolute;left:${-MARGIN}px;top:${-MARGIN}px;pointer-events:none`;
    const container = map.getCanvasContainer();
    if (below) container.insertBefore(c, map.getCanvas());
    else container.appendChild(c);
    this.canvas = c;
    this.ctx = c.getContext('2d', { willReadFrequently: true })!;
  }

  /**
   * A frame: null when the last drawing, moved, still covers the view (`key` says what it shows
   * besides the camera); otherwise a cleared canvas set up to draw on.
   */
  frame(key: string): Drawing | null {
    const map = this.map;
    const gl = map.getCanvas();
    const ratio = map.getPixelRatio();
    // From the drawing buffer: reading the element's size would force a layout inside the frame.
    const w = gl.width / ratio;
    const h = gl.height / ratio;
    const zoom = map.getZoom();
    const bearing = map.getBearing();
    const world = 512 * 2 ** zoom;
    const centre = map.getCenter();
    const cx = mercX(centre.lng) * world;
    const cy = mercY(centre.lat) * world;
    const full = `${key}|${zoom}|${bearing}|${map.getPitch()}|${w}|${h}|${ratio}`;
    const d = this.drawn;
    if (
      d &&
      d.key === full &&
      bearing === 0 &&
      Math.abs(cx - d.x) <= MARGIN &&
      Math.abs(cy - d.y) <= MARGIN
    ) {
      // Whole pixels, so the drawing is not resampled while it moves.
      this.canvas.style.transform = `translate(${Math.round(d.x - cx)}px, ${Math.round(d.y - cy)}px)`;
      return null;
    }
    const c = this.canvas;
    const cw = Math.round((w + 2 * MARGIN) * ratio);
    const ch = Math.round((h + 2 * MARGIN) * ratio);
    if (c.width !== cw || c.height !== ch) {
      c.width = cw;
      c.height = ch;
      c.style.width = `${w + 2 * MARGIN}px`;
      c.style.height = `${h + 2 * MARGIN}px`;
    }
    c.style.transform = '';
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.translate(MARGIN + w / 2, MARGIN + h / 2);
    ctx.rotate((-bearing * Math.PI) / 180);
    this.drawn = { key: full, x: cx, y: cy };
    return { ctx, world, cx, cy, w, h };
  }

  /** Shows nothing (until the next drawing). */
  clear(): void {
    if (!this.drawn) return;
    this.drawn = null;
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  remove(): void {
    this.canvas.remove();
  }
}
