/**
 * Building footprints below BUILDING_RASTER_BELOW, drawn from raster tiles. Zoomed out, 50k
 * footprints are 1–3 px each, and a software renderer (SwiftShader, no GPU) pays ~2 µs per
 * triangle whatever its size: ~100k triangles made the buildings three quarters of every frame.
 * A tile is two triangles. The tiles are drawn by a worker (src/services/buildingRaster.worker.ts)
 * in the same colours; from the switch zoom on, the vector layers draw the footprints (and they are
 * queried for hover and clicks at every zoom).
 */
import type { CustomLayerInterface, CustomRenderMethodInput, Map as MapLibreMap } from 'maplibre-gl';
import {
  BUILDING_RASTER_BELOW,
  type BuildingRasterReply,
  type BuildingRasterRequest,
} from '../services/buildingRaster';

const MAX_TEXTURES = 64;
/** At most this many tile uploads per frame (each a 1–4 MB copy, ~0.3 ms each on the main thread). */
const UPLOADS_PER_FRAME = 16;

interface Tile {
  z: number;
  x: number;
  y: number;
  /** null: no building touches it. */
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

const mercX = (lng: number) => (lng + 180) / 360;
function mercY(lat: number): number {
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}
const keyOf = (z: number, x: number, y: number) => `${z}/${x}/${y}`;

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

export class BuildingRasterLayer implements CustomLayerInterface {
  readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  private map: MapLibreMap | null = null;
  private gl: WebGL2RenderingContext | null = null;
  private worker: Worker | null = null;
  private generation = 0;
  private ready = false;
  private text: string | null = null;
  private selection: string[] = [];
  private tiles = new Map<string, Tile>();
  private requested = new Set<string>();
  private arrived: { key: string; pixels: ArrayBuffer | null }[] = [];
  private frame = 0;
  private program: WebGLProgram | null = null;
  private quad: WebGLVertexArrayObject | null = null;
  private uniforms: { matrix: WebGLUniformLocation | null; uv: WebGLUniformLocation | null } | null = null;
  private pixelRatio = 1;
  private live = false;

  /** `onLive(true)`: from now on this layer draws the footprints below BUILDING_RASTER_BELOW (every
   * tile in view was ready); `onLive(false)`: new data, the vector layers draw them until then. */
  constructor(
    id: string,
    private readonly onLive: (live: boolean) => void,
  ) {
    this.id = id;
  }

  setData(text: string | null): void {
    this.text = text;
    this.generation++;
    this.ready = false;
    if (this.live) {
      this.live = false;
      this.onLive(false);
    }
    this.clear();
    if (text && this.worker) this.send({ type: 'load', generation: this.generation, text });
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
    this.worker = new Worker(new URL('../services/buildingRaster.worker.ts', import.meta.url), {
      type: 'module',
    });
    this.worker.onmessage = (e: MessageEvent<BuildingRasterReply>) => this.receive(e.data);
    if (this.text) this.send({ type: 'load', generation: this.generation, text: this.text });
  }

  onRemove(): void {
    this.clear();
    this.worker?.terminate();
    this.worker = null;
    this.map = null;
    this.gl = null;
  }

  private send(m: BuildingRasterRequest): void {
    this.worker!.postMessage(m);
  }

  private receive(m: BuildingRasterReply): void {
    if (m.generation !== this.generation) return;
    if (m.type === 'loaded') {
      this.ready = m.count > 0;
      // At once, not on the next frame: the map may be busy drawing its other layers.
      this.requestView();
      if (this.selection.length)
        this.send({ type: 'select', generation: this.generation, ids: this.selection });
    } else if (m.type === 'selected') {
      if (!m.bbox) return;
      const [x0, y0, x1, y1] = m.bbox;
      for (const t of this.tiles.values()) {
        const n = 2 ** t.z;
        const pad = 16 / (n * 512); // a dot reaches a few pixels past its centre
        if (
          t.x / n <= x1 + pad &&
          (t.x + 1) / n >= x0 - pad &&
          t.y / n <= y1 + pad &&
          (t.y + 1) / n >= y0 - pad
        )
          t.stale = true;
      }
    } else this.arrived.push({ key: m.key, pixels: m.pixels });
    this.map?.triggerRepaint();
  }

  private clear(): void {
    for (const t of this.tiles.values()) if (t.texture) this.gl?.deleteTexture(t.texture);
    this.tiles.clear();
    this.requested.clear();
    this.arrived = [];
  }

  /** The tiles for the current view: one zoom level above the map's, so never magnified (0.5–1×). */
  private view(): { z: number; x0: number; x1: number; y0: number; y1: number } | null {
    const map = this.map;
    if (!map) return null;
    const zoom = map.getZoom();
    if (zoom >= BUILDING_RASTER_BELOW) return null;
    const z = Math.max(0, Math.ceil(zoom));
    const n = 2 ** z;
    const b = map.getBounds();
    const v = {
      z,
      x0: Math.max(0, Math.floor(mercX(b.getWest()) * n)),
      x1: Math.min(n - 1, Math.floor(mercX(b.getEast()) * n)),
      y0: Math.max(0, Math.floor(mercY(b.getNorth()) * n)),
      y1: Math.min(n - 1, Math.floor(mercY(b.getSouth()) * n)),
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
    const keys: [number, number, number][] = [];
    for (let y = Math.max(0, v.y0 - 1); y <= Math.min(n - 1, v.y1 + 1); y++)
      for (let x = Math.max(0, v.x0 - 1); x <= Math.min(n - 1, v.x1 + 1); x++) {
        const inside = x >= v.x0 && x <= v.x1 && y >= v.y0 && y <= v.y1;
        keys.push([x, y, (inside ? 0 : 1e6) + (x - cx) ** 2 + (y - cy) ** 2]);
      }
    keys.sort((a, b) => a[2] - b[2]);
    for (const [x, y] of keys) {
      const t = this.tiles.get(keyOf(v.z, x, y));
      if (!t || t.stale) this.request(v.z, x, y);
    }
  }

  render(gl: WebGLRenderingContext | WebGL2RenderingContext, args: CustomRenderMethodInput): void {
    if (!this.ready || !this.program) return;
    // MapLibre does not hide custom layers by their visibility; this one honours it.
    if (this.map?.getLayoutProperty(this.id, 'visibility') === 'none') return;
    const v = this.view();
    if (!v) return;
    const g = gl as WebGL2RenderingContext;
    this.frame++;
    this.pixelRatio = Math.min(2, Math.max(1, Math.round(this.map!.getPixelRatio())));
    this.upload(g);
    this.requestView();
    const { z } = v;
    if (!this.live) {
      // Drawn once every tile in view is here; until then the vector layers draw the footprints.
      // The hand-over is on the next frame, when their new opacity applies.
      for (let y = v.y0; y <= v.y1; y++)
        for (let x = v.x0; x <= v.x1; x++) if (!this.tiles.has(keyOf(z, x, y))) return;
      this.live = true;
      setTimeout(() => this.live && this.onLive(true), 0);
      return;
    }
    // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook
    g.useProgram(this.program);
    g.bindVertexArray(this.quad);
    g.activeTexture(g.TEXTURE0);
    g.enable(g.BLEND);
    g.blendFunc(g.ONE, g.ONE_MINUS_SRC_ALPHA);
    const main = args.defaultProjectionData.mainMatrix;
    for (let y = v.y0; y <= v.y1; y++)
      for (let x = v.x0; x <= v.x1; x++) {
        const t = this.tiles.get(keyOf(z, x, y));
        if (t) {
          t.used = this.frame;
          if (t.texture) this.draw(g, main, t, z, x, y);
          continue;
        }
        // Until it arrives: a coarser tile scaled up, or the finer ones.
        if (!this.drawAncestor(g, main, z, x, y)) this.drawChildren(g, main, z, x, y);
      }
    g.bindVertexArray(null);
    this.evict(g);
  }

  private draw(g: WebGL2RenderingContext, main: ArrayLike<number>, t: Tile, z: number, x: number, y: number) {
    // Part of tile t that covers z/x/y (t may be coarser).
    const k = 2 ** (z - t.z);
    const uv = [(x - t.x * k) / k, (y - t.y * k) / k, 1 / k, 1 / k];
    g.uniformMatrix4fv(this.uniforms!.matrix, false, tileMatrix(main, x / 2 ** z, y / 2 ** z, 1 / 2 ** z));
    g.uniform4f(this.uniforms!.uv, uv[0]!, uv[1]!, uv[2]!, uv[3]!);
    g.bindTexture(g.TEXTURE_2D, t.texture);
    g.drawArrays(g.TRIANGLE_STRIP, 0, 4);
  }

  private drawAncestor(g: WebGL2RenderingContext, main: ArrayLike<number>, z: number, x: number, y: number) {
    for (let up = 1; up <= 4 && z - up >= 0; up++) {
      const t = this.tiles.get(keyOf(z - up, x >> up, y >> up));
      if (t) {
        t.used = this.frame;
        if (t.texture) this.draw(g, main, t, z, x, y);
        return true;
      }
    }
    return false;
  }

  private drawChildren(g: WebGL2RenderingContext, main: ArrayLike<number>, z: number, x: number, y: number) {
    for (let dy = 0; dy < 2; dy++)
      for (let dx = 0; dx < 2; dx++) {
        const t = this.tiles.get(keyOf(z + 1, 2 * x + dx, 2 * y + dy));
        if (!t) continue;
        t.used = this.frame;
        if (t.texture) this.draw(g, main, t, z + 1, 2 * x + dx, 2 * y + dy);
      }
  }

  private request(z: number, x: number, y: number): void {
    const key = keyOf(z, x, y);
    if (this.requested.has(key)) return;
    this.requested.add(key);
    const t = this.tiles.get(key);
    if (t) t.stale = false;
    this.send({ type: 'tile', generation: this.generation, key, z, x, y, pixelRatio: this.pixelRatio });
  }

  private upload(g: WebGL2RenderingContext): void {
    const batch = this.arrived.splice(0, UPLOADS_PER_FRAME);
    if (this.arrived.length) this.map?.triggerRepaint();
    for (const { key, pixels } of batch) {
      this.requested.delete(key);
      const [z, x, y] = key.split('/').map(Number) as [number, number, number];
      const old = this.tiles.get(key);
      let texture: WebGLTexture | null = null;
      if (pixels) {
        const size = Math.round(Math.sqrt(pixels.byteLength / 4));
        texture = old?.texture ?? g.createTexture();
        g.bindTexture(g.TEXTURE_2D, texture);
        g.texImage2D(g.TEXTURE_2D, 0, g.RGBA, size, size, 0, g.RGBA, g.UNSIGNED_BYTE, new Uint8Array(pixels));
        // Drawn at 0.5–1×: mipmaps keep one-pixel buildings from sparkling.
        g.generateMipmap(g.TEXTURE_2D);
        g.texParameteri(g.TEXTURE_2D, g.TEXTURE_MIN_FILTER, g.LINEAR_MIPMAP_NEAREST);
        g.texParameteri(g.TEXTURE_2D, g.TEXTURE_MAG_FILTER, g.LINEAR);
        g.texParameteri(g.TEXTURE_2D, g.TEXTURE_WRAP_S, g.CLAMP_TO_EDGE);
        g.texParameteri(g.TEXTURE_2D, g.TEXTURE_WRAP_T, g.CLAMP_TO_EDGE);
      } else if (old?.texture) g.deleteTexture(old.texture);
      this.tiles.set(key, { z, x, y, texture, used: this.frame, stale: old?.stale ?? false });
    }
  }

  private evict(g: WebGL2RenderingContext): void {
    const withTexture = [...this.tiles.entries()].filter(([, t]) => t.texture);
    if (withTexture.length <= MAX_TEXTURES) return;
    withTexture.sort((a, b) => a[1].used - b[1].used);
    for (const [key, t] of withTexture.slice(0, withTexture.length - MAX_TEXTURES)) {
      if (t.used === this.frame) break;
      g.deleteTexture(t.texture);
      this.tiles.delete(key);
    }
  }
}
