/**
 * Without a GPU (see softwareGl.ts): the unit and community labels drawn on a 2D canvas over the
 * map's instead of by MapLibre's symbol layers. SwiftShader spent ~40 ms of CPU a frame on the
 * glyph quads of ~300 labels (most of a frame once the rest is a raster); here each label is drawn
 * once into a small bitmap, and the canvas is drawn again only when a zoom, a turn, new labels or
 * a long pan need it (overscan.ts). It is updated on MapLibre's render event, so labels and map move
 * in the same frame.
 *
 * Placement follows the style's symbol layers: unit labels first, then community labels (only
 * below COMMUNITY_LABEL_MAXZOOM), each hidden when it would overlap one already placed.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { labelPoint } from '../services/geometry';
import { COMMUNITY_LABEL, FONT, UNIT_LABEL } from './mapStyle';
import { type Drawing, MARGIN, OverscanCanvas } from './overscan';

export interface MapLabel {
  at: [number, number];
  /** One or two lines; the second is drawn smaller (UNIT_LABEL.secondScale). */
  lines: string[];
}

interface Look {
  size: number;
  colour: string;
  halo: string;
  haloWidth: number;
  secondScale?: number;
}

interface Sprite {
  image: HTMLCanvasElement;
  /** CSS px */
  width: number;
  height: number;
}

/** Main-thread ms per frame for drawing new label bitmaps: the rest wait for the next frames (~300
 * at once after an optimisation would be a long task). */
const SPRITE_MS = 6;
const PADDING = 2;

export class LabelOverlay {
  private readonly canvas: OverscanCanvas;
  /** Bumps whenever what is to be drawn changes. */
  private rev = 0;
  private units: MapLabel[] = [];
  private communities: MapLabel[] = [];
  private sprites = new Map<string, Sprite>();
  private ratio = 1;
  private pendingCommunities: { name: string; polygons: number[][][][] }[] = [];
  private readonly onRender = () => this.draw();

  constructor(private readonly map: MapLibreMap) {
    this.canvas = new OverscanCanvas(map, 'label-overlay', false);
    map.on('render', this.onRender);
  }

  remove(): void {
    this.map.off('render', this.onRender);
    this.canvas.remove();
  }

  setUnits(labels: MapLabel[]): void {
    this.units = labels;
    this.rev++;
    this.map.triggerRepaint();
  }

  /** The communities' names, placed well inside each (worked out a few a frame). */
  setCommunities(fc: GeoJSON.FeatureCollection | null): void {
    this.communities = [];
    this.pendingCommunities = [];
    this.rev++;
    for (const f of fc?.features ?? []) {
      const g = f.geometry;
      const polygons =
        g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : null;
      const name = f.properties?.name;
      if (polygons?.length && name) this.pendingCommunities.push({ name: String(name), polygons });
    }
    this.map.triggerRepaint();
  }

  private measure: CanvasRenderingContext2D | null = null;

  private sprite(key: string, lines: string[], look: Look, until: number): Sprite | null {
    const cached = this.sprites.get(key);
    if (cached) return cached;
    if (performance.now() > until) return null;
    const r = this.ratio;
    const sizes = lines.map((_, i) => look.size * (i ? (look.secondScale ?? 1) : 1));
    const font = (s: number) => `${s * r}px ${FONT.map((f) => (f.includes(' ') ? `'${f}'` : f)).join(', ')}`;
    this.measure ??= document.createElement('canvas').getContext('2d')!;
    const measure = this.measure;
    const widths = lines.map((l, i) => {
      measure.font = font(sizes[i]!);
      return measure.measureText(l).width / r;
    });
    const lineHeight = (s: number) => s * 1.2;
    const width = Math.ceil(Math.max(...widths) + 2 * look.haloWidth + 2);
    const height = Math.ceil(sizes.reduce((a, s) => a + lineHeight(s), 0) + 2 * look.haloWidth + 2);
    const image = document.createElement('canvas');
    image.width = Math.ceil(width * r);
    image.height = Math.ceil(height * r);
    const ctx = image.getContext('2d', { willReadFrequently: true })!;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    let y = look.haloWidth + 1;
    lines.forEach((line, i) => {
      const s = sizes[i]!;
      ctx.font = font(s);
      const cy = (y + lineHeight(s) / 2) * r;
      ctx.strokeStyle = look.halo;
      ctx.lineWidth = 2 * look.haloWidth * r;
      ctx.strokeText(line, (width / 2) * r, cy);
      ctx.fillStyle = look.colour;
      ctx.fillText(line, (width / 2) * r, cy);
      y += lineHeight(s);
    });
    const sprite = { image, width, height };
    this.sprites.set(key, sprite);
    return sprite;
  }

  private draw(): void {
    const map = this.map;
    const ratio = map.getPixelRatio();
    if (ratio !== this.ratio) {
      this.ratio = ratio;
      this.sprites.clear();
    }
    let more = false;
    // A few community label points per frame (a grid search each).
    for (let i = 0; i < 8 && this.pendingCommunities.length; i++) {
      const p = this.pendingCommunities.shift()!;
      this.communities.push({ at: labelPoint(p.polygons), lines: [p.name] });
      this.rev++;
    }
    if (this.pendingCommunities.length) more = true;
    const drawing = this.canvas.frame(String(this.rev));
    if (drawing) more = this.place(drawing) || more;
    if (more) requestAnimationFrame(() => map.triggerRepaint());
  }

  /** Places and draws the labels over the view and its margin; whether some wait for a bitmap. */
  private place({ ctx, w, h }: Drawing): boolean {
    const map = this.map;
    const ratio = this.ratio;
    let more = false;
    // Screen px from the view's top left, upright whatever the bearing (labels face the reader).
    ctx.setTransform(ratio, 0, 0, ratio, MARGIN * ratio, MARGIN * ratio);
    const placed: [number, number, number, number][] = [];
    const until = performance.now() + SPRITE_MS;
    const zoom = map.getZoom();
    const layers: [MapLabel[], Look][] = [[this.units, UNIT_LABEL]];
    // The old communities' names: the only labels before a plan has units; then, zoomed in, the
    // unit labels (which carry the community's name) take over.
    if (!this.units.length || zoom < COMMUNITY_LABEL.maxzoom)
      layers.push([this.communities, COMMUNITY_LABEL]);
    for (const [labels, look] of layers)
      for (const label of labels) {
        const p = map.project(label.at);
        if (p.x < -MARGIN - 200 || p.y < -MARGIN - 100 || p.x > w + MARGIN + 200 || p.y > h + MARGIN + 100)
          continue;
        const key = `${look.size}\u0000${label.lines.join('\u0000')}`;
        const s = this.sprite(key, label.lines, look, until);
        if (!s) {
          more = true;
          this.rev++; // drawn again once it has its bitmap
          continue;
        }
        const x0 = Math.round(p.x - s.width / 2);
        const y0 = Math.round(p.y - s.height / 2);
        const box: [number, number, number, number] = [
          x0 + look.haloWidth - PADDING,
          y0 + look.haloWidth - PADDING,
          x0 + s.width - look.haloWidth + PADDING,
          y0 + s.height - look.haloWidth + PADDING,
        ];
        if (box[2] < -MARGIN || box[3] < -MARGIN || box[0] > w + MARGIN || box[1] > h + MARGIN) continue;
        if (placed.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) continue;
        placed.push(box);
        ctx.drawImage(s.image, x0, y0, s.image.width / ratio, s.image.height / ratio);
      }
    return more;
  }
}
