/**
 * Without a GPU (see softwareGl.ts): every layer below the labels (community tint, unit fills, water,
 * roads, building footprints, community and unit boundaries) below RASTER_BELOW, drawn from raster
 * tiles. A software renderer (SwiftShader) pays per triangle and per row a triangle spans, whatever
 * its size, and per full-screen pass: zoomed out, ~100k footprint triangles, the long thin triangles
 * of the roads and boundaries, and the unit fills and boundaries were most of every frame. A tile is
 * two triangles. The tiles are drawn in the style's colours and sizes by a worker
 * (src/services/baseRaster.worker.ts), for the zoom the map is at (to a quarter level; after a zoom
 * the tiles are redrawn). From RASTER_BELOW on the vector layers draw, and they are queried (hover,
 * clicks) at every zoom. After an edit of the units the old tiles show until their new ones are in
 * (a few hundred ms; the unit table and the rule check are at once).
 *
 * Without a basemap the tiles are not drawn with WebGL at all but onto a 2D canvas under the map's
 * (`underlay`): SwiftShader spends ~30 ms of CPU a frame on the textured quads that cover the screen,
 * Skia's image drawing a few. It is drawn in MapLibre's render, so both canvases show the same frame.
 * Over a basemap (drawn by WebGL, under these layers) the tiles are WebGL textures.
 */
import type { CustomLayerInterface, CustomRenderMethodInput, Map as MapLibreMap } from 'maplibre-gl';
import {
  type BaseRasterData,
  type BaseRasterReply,
  type BaseRasterRequest,
  type BaseRasterUnits,
  mercX,
  mercY,
  packUnits,
  RASTER_BELOW,
} from '../services/baseRaster';
import { type Drawing, MARGIN, OverscanCanvas } from './overscan';

/** Textures kept, at pixel ratio 1 (~1.3 MB each with mipmaps); a quarter of it at ratio 2. */
const MAX_TEXTURES = 48;
/** New pictures of tiles already shown wait at most this long to be drawn (ms). */
const REDRAW_MS = 400;
/** At most this many tile uploads per frame (each a 1–4 MB copy, ~0.3 ms on the main thread). */
const UPLOADS_PER_FRAME = 16;

interface Tile {
  z: number;
  x: number;
  y: number;
  /** The map zoom it is styled for. */
  style: number;
  /** null: nothing touches it. */
  bitmap: ImageBitmap | null;
  /** The bitmap as a WebGL texture (over a basemap). */
  texture: WebGLTexture | null;
  used: number;
  /** Waiting for a redraw (selection changed); the old picture stays until then. */
  stale: boolean;
}

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform vec4 u_uv;
layout(location = 0) in vec2 a_pos;
out vec2 v_uv;
void main() {
  v_uv = u_uv.xy + a_pos * u_uv.zw;
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
}`;
const FRAGMENT = `#version 300 es
precision mediump float;
uniform sampler2D u_image;
in vec2 v_uv;
out vec4 color;
void main() {
  color = texture(u_image, v_uv);
}`;

const cellOf = (z: number, x: number, y: number) => `${z}/${x}/${y}`;

/** m · translate(tx, ty) · scale(s), column-major, in double precision (world coordinates need it). */
function tileMatrix(m: ArrayLike<number>, tx: number, ty: number, s: number): Float32Array {
  const out = new Float32Array(16);
  for (let r = 0; r < 4; r++) {
    out[r] = m[r]! * s;
    out[4 + r] = m[4 + r]! * s;
    out[8 + r] = m[8 + r]!;
    out[12 + r] = m[r]! * tx + m[4 + r]! * ty + m[12 + r]!;
  }
  return out;
}

/** Draws the part of tile t that covers cell z/x/y. */
type DrawTile = (t: Tile, z: number, x: number, y: number) => void;

interface View {
  z: number;
  style: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export class BaseRasterLayer implements CustomLayerInterface {
  readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  private map: MapLibreMap | null = null;
  private gl: WebGL2RenderingContext | null = null;
  private worker: Worker | null = null;
  private generation = 0;
  private ready = false;
  private data: BaseRasterData | null = null;
  private selection: string[] = [];
  private units: BaseRasterUnits | null = null;
  /** Bumps with every new data or units: tiles drawn for an older one are dropped on arrival. */
  private version = 0;
  /** By cell (z/x/y), then by the zoom it is styled for. */
  private tiles = new Map<string, Map<number, Tile>>();
  private requested = new Set<string>();
  private arrived: { key: string; bitmap: ImageBitmap | null }[] = [];
  /** The 2D canvas under the map's, when drawing there. */
  private underlay: OverscanCanvas | null = null;
  /** Bumps whenever the tiles change: the underlay is drawn again. */
  private contentRev = 0;
  /** Since when new pictures wait to be drawn on the underlay. */
  private redrawDue: number | null = null;
  private frame = 0;
  private program: WebGLProgram | null = null;
  private quad: WebGLVertexArrayObject | null = null;
  private uniforms: { matrix: WebGLUniformLocation | null; uv: WebGLUniformLocation | null } | null = null;
  private pixelRatio = 1;
  private live = false;

  /** `onLive(true)`: from now on this layer draws the static layers below RASTER_BELOW (every tile
   * in view was ready); `onLive(false)`: new data, the vector layers draw them until then. */
  constructor(
    id: string,
    private readonly onLive: (live: boolean) => void,
    private readonly useUnderlay: boolean,
  ) {
    this.id = id;
  }

  setData(data: BaseRasterData | null): void {
    this.data = data;
    this.generation++;
    this.ready = false;
    this.restart();
    if (data && this.worker) this.send({ type: 'load', generation: this.generation, data });
  }

  /**
   * New units (or a new look of them: a selection, a problem): every tile is drawn again. The old
   * pictures stay until their new ones are in (a few hundred ms): handing the frame to the vector
   * layers meanwhile would cost a second or more of software drawing, shader compiles included.
   */
  setUnits(units: BaseRasterUnits): void {
    this.units = units;
    this.version++; // tiles on their way show the old units
    this.requested.clear();
    for (const a of this.arrived) a.bitmap?.close();
    this.arrived = [];
    for (const variants of this.tiles.values()) for (const t of variants.values()) t.stale = true;
    if (this.worker) {
      this.sendUnits(units);
      this.requestView();
    }
    this.map?.triggerRepaint();
  }

  /** Forgets every tile; the vector layers draw until the new ones cover the view. */
  private restart(): void {
    this.version++;
    if (this.live) {
      this.live = false;
      this.onLive(false);
    }
    this.clear();
    this.map?.triggerRepaint();
  }

  setSelection(ids: string[]): void {
    this.selection = ids;
    if (this.worker && this.ready) this.send({ type: 'select', generation: this.generation, ids });
  }

  onAdd(map: MapLibreMap, gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    this.map = map;
    const g = gl as WebGL2RenderingContext;
    this.gl = g;
    const shader = (type: number, source: string) => {
      const s = g.createShader(type)!;
      g.shaderSource(s, source);
      g.compileShader(s);
      return s;
    };
    const program = g.createProgram();
    g.attachShader(program, shader(g.VERTEX_SHADER, VERTEX));
    g.attachShader(program, shader(g.FRAGMENT_SHADER, FRAGMENT));
    g.linkProgram(program);
    this.program = program;
    this.uniforms = {
      matrix: g.getUniformLocation(program, 'u_matrix'),
      uv: g.getUniformLocation(program, 'u_uv'),
    };
    this.quad = g.createVertexArray();
    g.bindVertexArray(this.quad);
    g.bindBuffer(g.ARRAY_BUFFER, g.createBuffer());
    g.bufferData(g.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), g.STATIC_DRAW);
    g.enableVertexAttribArray(0);
    g.vertexAttribPointer(0, 2, g.FLOAT, false, 0, 0);
    g.bindVertexArray(null);
    this.worker = new Worker(new URL('../services/baseRaster.worker.ts', import.meta.url), {
      type: 'module',
    });
    this.worker.onmessage = (e: MessageEvent<BaseRasterReply>) => this.receive(e.data);
    if (this.useUnderlay) this.underlay = new OverscanCanvas(map, 'base-raster-underlay', true);
    if (this.units) this.sendUnits(this.units);
    if (this.data) this.send({ type: 'load', generation: this.generation, data: this.data });
  }

  onRemove(): void {
    this.clear();
    this.underlay?.remove();
    this.underlay = null;
    this.worker?.terminate();
    this.worker = null;
    this.map = null;
    this.gl = null;
  }

  private send(m: BaseRasterRequest): void {
    this.worker!.postMessage(m);
  }

  private sendUnits(units: BaseRasterUnits): void {
    const { packed, transfer } = packUnits(units);
    const m: BaseRasterRequest = { type: 'units', units: packed };
    this.worker!.postMessage(m, transfer);
  }

  private receive(m: BaseRasterReply): void {
    if (m.generation !== this.generation) return;
    if (m.type === 'loaded') {
      this.ready = !m.empty;
      if (this.selection.length)
        this.send({ type: 'select', generation: this.generation, ids: this.selection });
      // At once, not on the next frame: the map may be busy drawing its other layers.
      this.requestView();
    } else if (m.type === 'selected') {
      if (!m.bbox) return;
      const [x0, y0, x1, y1] = m.bbox;
      const current = this.view()?.style;
      for (const variants of this.tiles.values())
        for (const [style, t] of variants) {
          const n = 2 ** t.z;
          const pad = 16 / (n * 512); // a dot reaches a few pixels past its centre
          if (
            t.x / n > x1 + pad ||
            (t.x + 1) / n < x0 - pad ||
            t.y / n > y1 + pad ||
            (t.y + 1) / n < y0 - pad
          )
            continue;
          // Redraw the current zoom's picture; drop the others (they would show the old selection).
          if (style === current) t.stale = true;
          else this.drop(variants, style);
        }
    } else if (m.version === this.version) this.arrived.push({ key: m.key, bitmap: m.bitmap });
    else m.bitmap?.close();
    this.map?.triggerRepaint();
  }

  private drop(variants: Map<number, Tile>, style: number): void {
    const t = variants.get(style);
    if (t) this.free(t);
    variants.delete(style);
  }

  private free(t: Tile): void {
    t.bitmap?.close();
    t.bitmap = null;
    if (t.texture) this.gl?.deleteTexture(t.texture);
    t.texture = null;
  }

  private clear(): void {
    this.contentRev++;
    this.redrawDue = null;
    for (const variants of this.tiles.values()) for (const t of variants.values()) this.free(t);
    this.tiles.clear();
    this.requested.clear();
    for (const a of this.arrived) a.bitmap?.close();
    this.arrived = [];
  }

  /** The tiles for the current view: one zoom level above the map's, styled for the map's zoom
   * rounded down to a quarter level and drawn at that size, so shown at 1–1.19×. */
  private view(margin = 0): View | null {
    const map = this.map;
    if (!map) return null;
    const zoom = map.getZoom();
    if (zoom >= RASTER_BELOW) return null;
    const z = Math.max(0, Math.ceil(zoom));
    const n = 2 ** z;
    const b = map.getBounds();
    // `margin` CSS px beyond the view, in world units.
    const m = margin / (512 * 2 ** zoom);
    const v = {
      z,
      // Never shrunk (a 2D canvas does not mipmap): up to 19% enlarged, which blurs no more than that.
      style: Math.min(z, Math.max(z - 1, Math.floor(zoom * 4) / 4)),
      x0: Math.max(0, Math.floor((mercX(b.getWest()) - m) * n)),
      x1: Math.min(n - 1, Math.floor((mercX(b.getEast()) + m) * n)),
      y0: Math.max(0, Math.floor((mercY(b.getNorth()) - m) * n)),
      y1: Math.min(n - 1, Math.floor((mercY(b.getSouth()) + m) * n)),
    };
    // A view pitched to the horizon: skip rather than stall.
    return (v.x1 - v.x0 + 1) * (v.y1 - v.y0 + 1) > 256 ? null : v;
  }

  /** Asks for the missing or outdated tiles in view, nearest the centre first, then a ring around
   * the view so that a pan finds its edges ready. */
  private requestView(): void {
    const v = this.view();
    if (!v || !this.ready) return;
    const n = 2 ** v.z;
    const cx = (v.x0 + v.x1) / 2;
    const cy = (v.y0 + v.y1) / 2;
    const cells: [number, number, number][] = [];
    for (let y = Math.max(0, v.y0 - 1); y <= Math.min(n - 1, v.y1 + 1); y++)
      for (let x = Math.max(0, v.x0 - 1); x <= Math.min(n - 1, v.x1 + 1); x++) {
        const inside = x >= v.x0 && x <= v.x1 && y >= v.y0 && y <= v.y1;
        cells.push([x, y, (inside ? 0 : 1e6) + (x - cx) ** 2 + (y - cy) ** 2]);
      }
    cells.sort((a, b) => a[2] - b[2]);
    for (const [x, y] of cells) {
      const t = this.tiles.get(cellOf(v.z, x, y))?.get(v.style);
      if (!t || t.stale) this.request(v.z, x, y, v.style);
    }
  }

  render(gl: WebGLRenderingContext | WebGL2RenderingContext, args: CustomRenderMethodInput): void {
    // The underlay shows nothing in a frame where the tiles are not drawn.
    if (!this.renderTiles(gl as WebGL2RenderingContext, args)) this.underlay?.clear();
  }

  /** Whether the tiles are on screen this frame. */
  private renderTiles(g: WebGL2RenderingContext, args: CustomRenderMethodInput): boolean {
    if (!this.ready || !this.program) return false;
    // MapLibre does not hide custom layers by their visibility; this one honours it, and the vector
    // layers draw in its place.
    if (this.map?.getLayoutProperty(this.id, 'visibility') === 'none') {
      this.setLive(false);
      return false;
    }
    const v = this.view();
    if (!v) return false;
    this.frame++;
    this.pixelRatio = Math.min(2, Math.max(1, Math.round(this.map!.getPixelRatio())));
    this.upload(g);
    this.requestView();
    // Every cell in view must have a picture (its own, a coarser or the finer ones): otherwise, after a
    // jump to a new place, the vector layers draw the static layers until the tiles are here, rather
    // than a blank map. The hand-over is on the next frame, when their new opacity applies.
    // The underlay is drawn flat: a pitched view is left to the vector layers.
    let covered = !this.underlay || this.map!.getPitch() === 0;
    for (let y = v.y0; y <= v.y1 && covered; y++)
      for (let x = v.x0; x <= v.x1 && covered; x++) covered = this.covered(v, x, y);
    const wasLive = this.live;
    this.setLive(covered);
    if (!wasLive) return false; // the vector layers draw this frame
    let target: DrawTile;
    let area = v;
    if (this.underlay) {
      const drawing = this.underlay.frame(String(this.contentRev));
      if (!drawing) return true; // the last drawing, moved, still covers the view
      target = this.canvasTarget(drawing);
      area = this.view(MARGIN) ?? v;
    } else target = this.glTarget(g, args);
    for (let y = area.y0; y <= area.y1; y++)
      for (let x = area.x0; x <= area.x1; x++) {
        // This zoom's picture, else another zoom's of the same cell, else a coarser or finer cell.
        const t = this.pick(v.z, x, y, v.style);
        if (t) {
          if (t.bitmap) target(t, v.z, x, y);
        } else if (!this.drawAncestor(target, v, x, y)) this.drawChildren(target, v, x, y);
      }
    if (!this.underlay) g.bindVertexArray(null);
    this.evict();
    return true;
  }

  /** Hands the layers to the vector layers or takes them (from the next frame, when their new
   * opacity applies). */
  private setLive(live: boolean): void {
    if (live === this.live) return;
    this.live = live;
    setTimeout(() => this.live === live && this.onLive(live), 0);
  }

  /** Draws the part of tile t that covers cell z/x/y (t may be coarser) as a WebGL quad. */
  private glTarget(g: WebGL2RenderingContext, args: CustomRenderMethodInput): DrawTile {
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    g.useProgram(this.program);
    g.bindVertexArray(this.quad);
    g.activeTexture(g.TEXTURE0);
    g.enable(g.BLEND);
    g.blendFunc(g.ONE, g.ONE_MINUS_SRC_ALPHA);
    const main = args.defaultProjectionData.mainMatrix;
    return (t, z, x, y) => {
      const k = 2 ** (z - t.z);
      g.uniformMatrix4fv(this.uniforms!.matrix, false, tileMatrix(main, x / 2 ** z, y / 2 ** z, 1 / 2 ** z));
      g.uniform4f(this.uniforms!.uv, (x - t.x * k) / k, (y - t.y * k) / k, 1 / k, 1 / k);
      g.bindTexture(g.TEXTURE_2D, this.texture(g, t));
      g.drawArrays(g.TRIANGLE_STRIP, 0, 4);
    };
  }

  /** Draws the part of tile t that covers cell z/x/y onto the underlay, placed as MapLibre places
   * the map: the centre in the middle of the view, 512 · 2^zoom px around the world. */
  private canvasTarget({ ctx, world, cx, cy }: Drawing): DrawTile {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low';
    return (t, z, x, y) => {
      const k = 2 ** (z - t.z);
      const size = t.bitmap!.width;
      const cell = world / 2 ** z;
      // Whole pixels at bearing 0, so that neighbouring tiles meet without a seam.
      const x0 = Math.round(x * cell - cx);
      const y0 = Math.round(y * cell - cy);
      const x1 = Math.round((x + 1) * cell - cx);
      const y1 = Math.round((y + 1) * cell - cy);
      ctx.drawImage(
        t.bitmap!,
        ((x - t.x * k) / k) * size,
        ((y - t.y * k) / k) * size,
        size / k,
        size / k,
        x0,
        y0,
        x1 - x0,
        y1 - y0,
      );
    };
  }

  /** Tile t's bitmap as a WebGL texture, uploaded on first use. */
  private texture(g: WebGL2RenderingContext, t: Tile): WebGLTexture {
    if (t.texture) return t.texture;
    const texture = g.createTexture();
    g.bindTexture(g.TEXTURE_2D, texture);
    // The bitmap is premultiplied, as the blend function expects.
    g.pixelStorei(g.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true);
    g.texImage2D(g.TEXTURE_2D, 0, g.RGBA, g.RGBA, g.UNSIGNED_BYTE, t.bitmap!);
    g.pixelStorei(g.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    g.generateMipmap(g.TEXTURE_2D);
    g.texParameteri(g.TEXTURE_2D, g.TEXTURE_MIN_FILTER, g.LINEAR_MIPMAP_NEAREST);
    g.texParameteri(g.TEXTURE_2D, g.TEXTURE_MAG_FILTER, g.LINEAR);
    g.texParameteri(g.TEXTURE_2D, g.TEXTURE_WRAP_S, g.CLAMP_TO_EDGE);
    g.texParameteri(g.TEXTURE_2D, g.TEXTURE_WRAP_T, g.CLAMP_TO_EDGE);
    t.texture = texture;
    return texture;
  }

  /** The cell's tile styled nearest to `style`. */
  private pick(z: number, x: number, y: number, style: number): Tile | null {
    const variants = this.tiles.get(cellOf(z, x, y));
    if (!variants?.size) return null;
    let best: Tile | null = null;
    for (const t of variants.values())
      if (!best || Math.abs(t.style - style) < Math.abs(best.style - style)) best = t;
    best!.used = this.frame;
    return best;
  }

  private covered(v: View, x: number, y: number): boolean {
    if (this.tiles.get(cellOf(v.z, x, y))?.size) return true;
    for (let up = 1; up <= 4 && v.z - up >= 0; up++)
      if (this.tiles.get(cellOf(v.z - up, x >> up, y >> up))?.size) return true;
    for (let dy = 0; dy < 2; dy++)
      for (let dx = 0; dx < 2; dx++)
        if (!this.tiles.get(cellOf(v.z + 1, 2 * x + dx, 2 * y + dy))?.size) return false;
    return true;
  }

  private drawAncestor(draw: DrawTile, v: View, x: number, y: number) {
    for (let up = 1; up <= 4 && v.z - up >= 0; up++) {
      const t = this.pick(v.z - up, x >> up, y >> up, v.style);
      if (t) {
        if (t.bitmap) draw(t, v.z, x, y);
        return true;
      }
    }
    return false;
  }

  private drawChildren(draw: DrawTile, v: View, x: number, y: number) {
    for (let dy = 0; dy < 2; dy++)
      for (let dx = 0; dx < 2; dx++) {
        const t = this.pick(v.z + 1, 2 * x + dx, 2 * y + dy, v.style);
        if (t?.bitmap) draw(t, v.z + 1, 2 * x + dx, 2 * y + dy);
      }
  }

  private request(z: number, x: number, y: number, style: number): void {
    const key = `${cellOf(z, x, y)}/${style}`;
    if (this.requested.has(key)) return;
    this.requested.add(key);
    const t = this.tiles.get(cellOf(z, x, y))?.get(style);
    if (t) t.stale = false;
    this.send({
      type: 'tile',
      generation: this.generation,
      version: this.version,
      key,
      z,
      x,
      y,
      style,
      // Shown at about its own size: 512 · 2^(style − z) CSS px at the zoom it is styled for.
      size: Math.round(512 * 2 ** (style - z) * this.pixelRatio),
    });
  }

  /** Takes the tiles that arrived (a few a frame over a basemap, where each is a texture upload). */
  private upload(g: WebGL2RenderingContext): void {
    const batch = this.underlay ? this.arrived.splice(0) : this.arrived.splice(0, UPLOADS_PER_FRAME);
    if (this.arrived.length) this.map?.triggerRepaint();
    let fresh = false;
    for (const { key, bitmap } of batch) {
      this.requested.delete(key);
      const [z, x, y, style] = key.split('/').map(Number) as [number, number, number, number];
      const cell = cellOf(z, x, y);
      const variants = this.tiles.get(cell) ?? new Map<number, Tile>();
      this.tiles.set(cell, variants);
      const old = variants.get(style);
      fresh ||= !old?.bitmap !== !bitmap;
      if (old) this.free(old);
      const t: Tile = { z, x, y, style, bitmap, texture: null, used: this.frame, stale: old?.stale ?? false };
      variants.set(style, t);
      if (bitmap && !this.underlay) this.texture(g, t);
    }
    // The underlay is drawn again (~2 screens of images) at once for a tile that fills a gap, else
    // (new pictures of tiles already shown, after an edit) once all are in or every REDRAW_MS.
    if (batch.length) this.redrawDue ??= performance.now();
    const due = this.redrawDue;
    if (due !== null && (fresh || this.requested.size === 0 || performance.now() - due > REDRAW_MS)) {
      this.contentRev++;
      this.redrawDue = null;
    } else if (due !== null) setTimeout(() => this.map?.triggerRepaint(), REDRAW_MS);
  }

  private evict(): void {
    const all: [Map<number, Tile>, Tile][] = [];
    for (const variants of this.tiles.values()) for (const t of variants.values()) all.push([variants, t]);
    const withTexture = all.filter(([, t]) => t.bitmap);
    const keep = Math.max(16, Math.floor(MAX_TEXTURES / this.pixelRatio ** 2));
    // Empty tiles cost nothing to draw but add up over a long session.
    if (withTexture.length <= keep && all.length <= 16 * MAX_TEXTURES) return;
    for (const list of [withTexture, all]) {
      const limit = list === withTexture ? keep : 16 * MAX_TEXTURES;
      if (list.length <= limit) continue;
      list.sort((a, b) => a[1].used - b[1].used);
      for (const [variants, t] of list.slice(0, list.length - limit)) {
        if (t.used === this.frame) break;
        this.free(t);
        variants.delete(t.style);
      }
    }
    for (const [cell, variants] of this.tiles) if (!variants.size) this.tiles.delete(cell);
  }
}
