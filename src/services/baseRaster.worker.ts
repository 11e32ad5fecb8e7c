/**
 * Draws the map's layers below the labels (community tint, unit fills, water, roads, building
 * footprints, community and unit boundaries, in the style's order and look, see baseRaster.ts) into
 * raster tiles (512 CSS px, Web Mercator z/x/y) off the main thread, for the zoomed-out view
 * (src/ui/baseRasterLayer.ts). Tiles come back as ImageBitmaps.
 *
 * Its own rasteriser rather than a 2D canvas: Skia spends ~6 µs on each of thousands of tiny fills
 * (~20 µs on a stroked dot), this ~0.1 µs. Footprints are sampled at pixel centres without
 * antialiasing, like MapLibre's fills with fill-antialias off; lines and dots get a one-pixel soft
 * edge like MapLibre's.
 */
import Flatbush from 'flatbush';
import {
  atZoom,
  type BaseRasterData,
  type BaseRasterReply,
  type BaseRasterRequest,
  BUILDING_OPACITY,
  LINES,
  type LineLook,
  MINOR_CLASSES,
  mercX,
  mercY,
  type PackedUnits,
  POINT_RADIUS,
  POINT_RIM,
  TONES,
  WATER_CLASSES,
} from './baseRaster';

const TILE = 512;
type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const TONE_RGB = TONES.map(rgb);

/**
 * Shapes as flat arrays, world coordinates in [0, 1] (x east, y south): shape s owns parts
 * partsOf[s] .. partsOf[s + 1]; part p owns points partStart[p] .. partStart[p + 1].
 */
class Shapes {
  kind: Uint8Array; // buildings: 0 polygon, 1 point; lines: 0 water, 1 minor road, 2 road, 3 community
  partsOf: Uint32Array;
  partStart: Uint32Array;
  xy: Float64Array;
  index: Flatbush | null = null;
  constructor(kinds: number[], parts: GeoJSON.Position[][][]) {
    this.kind = Uint8Array.from(kinds);
    this.partsOf = new Uint32Array(parts.length + 1);
    let nParts = 0;
    let nPoints = 0;
    for (const s of parts)
      for (const part of s) {
        nParts++;
        nPoints += part.length;
      }
    this.partStart = new Uint32Array(nParts + 1);
    this.xy = new Float64Array(nPoints * 2);
    let p = 0;
    let k = 0;
    parts.forEach((s, i) => {
      for (const part of s) {
        for (const pos of part) {
          this.xy[k++] = mercX(pos[0]!);
          this.xy[k++] = mercY(pos[1]!);
        }
        this.partStart[++p] = k / 2;
      }
      this.partsOf[i + 1] = p;
    });
    if (parts.length) {
      this.index = new Flatbush(parts.length);
      for (let s = 0; s < parts.length; s++) {
        const [x0, y0, x1, y1] = this.bbox(s);
        this.index.add(x0, y0, x1, y1);
      }
      this.index.finish();
    }
  }
  get size(): number {
    return this.kind.length;
  }
  bbox(s: number): [number, number, number, number] {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = this.partStart[this.partsOf[s]!]!; i < this.partStart[this.partsOf[s + 1]!]!; i++) {
      x0 = Math.min(x0, this.xy[2 * i]!);
      x1 = Math.max(x1, this.xy[2 * i]!);
      y0 = Math.min(y0, this.xy[2 * i + 1]!);
      y1 = Math.max(y1, this.xy[2 * i + 1]!);
    }
    return [x0, y0, x1, y1];
  }
}

let buildings = new Shapes([], []);
let tone = new Uint8Array(0); // building b's TONES index (households or none)
let ids: string[] = [];
let idOf: Map<string, number> | null = null; // built on the first selection
let selected = new Set<number>();
let lines = new Shapes([], []);
let units = new Shapes([], []);
/** The tiles' layers from water to community boundaries, premultiplied (null: none there), by
 * z/x/y/style/size, least recently used first. Emptied when the data or the selection changes. */
const staticTiles = new Map<string, Uint8ClampedArray | null>();
/** ~4 MB each at 1024² (512 px supersampled). */
const STATIC_TILES = 40;
let unitLook: PackedUnits['looks'] = [];
let communityTint: PackedUnits['communityTint'] = null;

function features(text: string | null): GeoJSON.Feature[] {
  if (!text) return [];
  try {
    return (JSON.parse(text) as GeoJSON.FeatureCollection).features ?? [];
  } catch {
    return []; // the map and the engine report unreadable files
  }
}

function load(data: BaseRasterData): boolean {
  const kinds: number[] = [];
  const parts: GeoJSON.Position[][][] = [];
  const tones: number[] = [];
  ids = [];
  for (const f of features(data.buildings)) {
    const g = f.geometry;
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
    const points = g.type === 'Point' ? [g.coordinates] : g.type === 'MultiPoint' ? g.coordinates : null;
    if (!polys && !points) continue;
    const props = f.properties ?? {};
    const households = Number(props.households ?? 0);
    kinds.push(polys ? 0 : 1);
    // As the vector layer's ['to-number', ['get', 'households'], 0] == 0.
    tones.push(polys && (households === 0 || Number.isNaN(households)) ? 1 : 0);
    parts.push(polys ? polys.flat() : points!.map((p) => [p]));
    ids.push(String(props.id ?? f.id ?? ''));
  }
  buildings = new Shapes(kinds, parts);
  staticTiles.clear();
  tone = Uint8Array.from(tones);
  idOf = null;
  selected = new Set();

  const lineKinds: number[] = [];
  const lineParts: GeoJSON.Position[][][] = [];
  for (const f of features(data.roads)) {
    const g = f.geometry;
    const ls =
      g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : null;
    if (!ls) continue;
    const cls = String(f.properties?.class ?? '');
    lineKinds.push(WATER_CLASSES.includes(cls) ? 0 : MINOR_CLASSES.includes(cls) ? 1 : 2);
    lineParts.push(ls);
  }
  for (const f of features(data.communities)) {
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : null;
    if (!polys) continue;
    lineKinds.push(3);
    lineParts.push(polys.flat());
  }
  lines = new Shapes(lineKinds, lineParts);
  return buildings.size === 0 && lines.size === 0;
}

function setUnits(u: PackedUnits): void {
  const parts: GeoJSON.Position[][][] = [];
  for (let i = 0; i + 1 < u.unitRing.length; i++) {
    const rings: GeoJSON.Position[][] = [];
    for (let r = u.unitRing[i]!; r < u.unitRing[i + 1]!; r++) {
      const ring: GeoJSON.Position[] = [];
      for (let p = u.ringStart[r]!; p < u.ringStart[r + 1]!; p++) ring.push([u.xy[2 * p]!, u.xy[2 * p + 1]!]);
      rings.push(ring);
    }
    parts.push(rings);
  }
  units = new Shapes(
    parts.map(() => 0),
    parts,
  );
  unitLook = u.looks;
  communityTint = u.communityTint;
}

/** Premultiplied "over" of one pixel; colour 0–255 already multiplied by a (0–1). */
function over(px: Uint8ClampedArray, i: number, r: number, g: number, b: number, a: number): void {
  const k = 1 - a;
  px[i] = r + px[i]! * k;
  px[i + 1] = g + px[i + 1]! * k;
  px[i + 2] = b + px[i + 2]! * k;
  px[i + 3] = 255 * a + px[i + 3]! * k;
}

interface Frame {
  size: number;
  scale: number; // world → tile pixels
  ox: number;
  oy: number;
}

/**
 * Visits every pixel within `reach` of segment a–b, with its distance to the segment and the
 * position of its projection along it (px from a). Long segments go in short pieces, so a diagonal
 * does not scan its whole bounding box.
 */
function nearSegment(
  f: Frame,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  reach: number,
  visit: (i: number, d: number, along: number) => void,
): void {
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy);
  const pieces = Math.max(1, Math.ceil(len / 16));
  for (let k = 0; k < pieces; k++) {
    const px0 = ax + (dx * k) / pieces;
    const py0 = ay + (dy * k) / pieces;
    const px1 = ax + (dx * (k + 1)) / pieces;
    const py1 = ay + (dy * (k + 1)) / pieces;
    const x0 = Math.max(0, Math.floor(Math.min(px0, px1) - reach));
    const x1 = Math.min(f.size - 1, Math.ceil(Math.max(px0, px1) + reach));
    const y0 = Math.max(0, Math.floor(Math.min(py0, py1) - reach));
    const y1 = Math.min(f.size - 1, Math.ceil(Math.max(py0, py1) + reach));
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        const cx = x + 0.5 - ax;
        const cy = y + 0.5 - ay;
        // Projection onto the whole segment, so that the pieces agree where they overlap.
        const t = len > 0 ? Math.max(0, Math.min(len, (cx * dx + cy * dy) / len)) : 0;
        const ex = cx - (len > 0 ? (dx * t) / len : 0);
        const ey = cy - (len > 0 ? (dy * t) / len : 0);
        visit(y * f.size + x, Math.sqrt(ex * ex + ey * ey), t);
      }
  }
}

/** Calls `segment` for each segment (tile px) of the given shapes near the tile. */
function eachSegment(
  f: Frame,
  shapes: Shapes,
  hits: number[],
  segment: (ax: number, ay: number, bx: number, by: number, sofar: number) => void,
): void {
  for (const s of hits) {
    for (let p = shapes.partsOf[s]!; p < shapes.partsOf[s + 1]!; p++) {
      let sofar = 0;
      for (let i = shapes.partStart[p]!; i + 1 < shapes.partStart[p + 1]!; i++) {
        const ax = shapes.xy[2 * i]! * f.scale - f.ox;
        const ay = shapes.xy[2 * i + 1]! * f.scale - f.oy;
        const bx = shapes.xy[2 * i + 2]! * f.scale - f.ox;
        const by = shapes.xy[2 * i + 3]! * f.scale - f.oy;
        segment(ax, ay, bx, by, sofar);
        sofar += Math.hypot(bx - ax, by - ay);
      }
    }
  }
}

const ofKind = (hits: number[], kind: number) => hits.filter((s) => lines.kind[s] === kind);

const coverage = (halfWidth: number, d: number) => Math.min(1, Math.max(0, halfWidth - d + 0.5));

/** Solid lines, and optionally their casing (drawn on both sides, outside `width`). */
function solidLines(
  px: Uint8ClampedArray,
  f: Frame,
  shapes: Shapes,
  hits: number[],
  [r, g, b]: Rgb,
  width: number,
  casing?: { look: LineLook; width: number },
): void {
  const outer = width / 2 + (casing?.width ?? 0);
  // Distance to the nearest line: joins and crossings need no special case.
  const dist = new Float32Array(f.size * f.size).fill(Infinity);
  let touched = false;
  eachSegment(f, shapes, hits, (ax, ay, bx, by) =>
    nearSegment(f, ax, ay, bx, by, outer + 1, (i, d) => {
      touched = true;
      if (d < dist[i]!) dist[i] = d;
    }),
  );
  if (!touched) return;
  const [cr, cg, cb] = casing ? rgb(casing.look.colour) : [0, 0, 0];
  for (let i = 0; i < dist.length; i++) {
    const d = dist[i]!;
    if (d === Infinity) continue;
    const a = coverage(width / 2, d);
    if (a > 0) over(px, i * 4, r * a, g * a, b * a, a);
    if (casing) {
      const c = coverage(outer, d) - a;
      if (c > 0) over(px, i * 4, cr * c, cg * c, cb * c, c);
    }
  }
}

/** A dashed line layer (dash lengths in line widths, measured along each line). */
function dashedLines(
  px: Uint8ClampedArray,
  f: Frame,
  hits: number[],
  kind: number,
  look: LineLook,
  width: number,
) {
  const [on, off] = look.dash!.map((v) => v * width) as [number, number];
  const period = on + off;
  const cov = new Float32Array(f.size * f.size);
  let touched = false;
  eachSegment(f, lines, ofKind(hits, kind), (ax, ay, bx, by, sofar) =>
    nearSegment(f, ax, ay, bx, by, width / 2 + 1, (i, d, along) => {
      const phase = (sofar + along) % period;
      const c = coverage(width / 2, d) * Math.min(1, Math.max(0, Math.min(phase + 0.5, on - phase + 0.5)));
      if (c > cov[i]!) {
        cov[i] = c;
        touched = true;
      }
    }),
  );
  if (!touched) return;
  const [r, g, b] = rgb(look.colour);
  for (let i = 0; i < cov.length; i++) {
    const a = cov[i]!;
    if (a > 0) over(px, i * 4, r * a, g * a, b * a, a);
  }
}

const crossings: number[] = [];

/** Even-odd scanline fill of shape b (all its rings), sampled at pixel centres; colour 0–255, a 0–1. */
function fillPolygon(
  px: Uint8ClampedArray,
  f: Frame,
  shapes: Shapes,
  b: number,
  [cr, cg, cb]: Rgb,
  a: number,
) {
  const { partsOf, partStart, xy } = shapes;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = partStart[partsOf[b]!]!; i < partStart[partsOf[b + 1]!]!; i++) {
    const y = xy[2 * i + 1]! * f.scale - f.oy;
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const row0 = Math.max(0, Math.ceil(minY - 0.5));
  const row1 = Math.min(f.size - 1, Math.floor(maxY - 0.5));
  for (let row = row0; row <= row1; row++) {
    const yc = row + 0.5;
    crossings.length = 0;
    for (let ring = partsOf[b]!; ring < partsOf[b + 1]!; ring++) {
      const s = partStart[ring]!;
      const e = partStart[ring + 1]!;
      for (let i = s, j = e - 1; i < e; j = i++) {
        const ya = xy[2 * j + 1]! * f.scale - f.oy;
        const yb = xy[2 * i + 1]! * f.scale - f.oy;
        if (ya <= yc === yb <= yc) continue;
        const xa = xy[2 * j]! * f.scale - f.ox;
        const xb = xy[2 * i]! * f.scale - f.ox;
        crossings.push(xa + ((yc - ya) * (xb - xa)) / (yb - ya));
      }
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const c0 = Math.max(0, Math.ceil(crossings[k]! - 0.5));
      const c1 = Math.min(f.size, Math.ceil(crossings[k + 1]! - 0.5));
      for (let col = c0; col < c1; col++) over(px, (row * f.size + col) * 4, cr * a, cg * a, cb * a, a);
    }
  }
}

/** A dot with a white rim, edges softened over one pixel (as MapLibre's circles). */
function fillDot(
  px: Uint8ClampedArray,
  f: Frame,
  cx: number,
  cy: number,
  radius: number,
  rim: number,
  c: number,
) {
  const [cr, cg, cb] = TONE_RGB[c]!;
  const outer = radius + rim;
  const x0 = Math.max(0, Math.floor(cx - outer - 1));
  const x1 = Math.min(f.size - 1, Math.ceil(cx + outer + 1));
  const y0 = Math.max(0, Math.floor(cy - outer - 1));
  const y1 = Math.min(f.size - 1, Math.ceil(cy + outer + 1));
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const d = Math.sqrt(dx * dx + dy * dy);
      const a = coverage(outer, d);
      if (a <= 0) continue;
      const inner = coverage(radius, d);
      // Fill colour inside, white on the rim.
      over(
        px,
        (y * f.size + x) * 4,
        cr! * inner + 255 * (a - inner),
        cg! * inner + 255 * (a - inner),
        cb! * inner + 255 * (a - inner),
        a,
      );
    }
}

function render(z: number, x: number, y: number, style: number, size: number): Uint8ClampedArray | null {
  const f: Frame = { size, scale: 2 ** z * size, ox: x * size, oy: y * size };
  // Tile pixels per CSS pixel: at the zoom it is styled for the tile spans 512 · 2^(style − z) CSS px.
  const px1 = size / (TILE * 2 ** (style - z));
  const width = (look: LineLook) => atZoom(look.width, style) * px1;
  const radius = atZoom(POINT_RADIUS, style) * px1;
  const rim = POINT_RIM * px1;
  const unitWidth = Math.max(0, ...unitLook.map((u) => u.width)) * px1;
  const reach =
    (Math.max(radius + rim, width(LINES.water), width(LINES.road) / 2 + width(LINES.casing), unitWidth) + 2) /
    f.scale;
  const box = [
    x / 2 ** z - reach,
    y / 2 ** z - reach,
    (x + 1) / 2 ** z + reach,
    (y + 1) / 2 ** z + reach,
  ] as const;
  const lineHits = lines.index?.search(...box) ?? [];
  const buildingHits = (buildings.index?.search(...box) ?? []).sort((a, b) => a - b); // file order
  const unitHits = (units.index?.search(...box) ?? []).sort((a, b) => a - b);
  if (!lineHits.length && !buildingHits.length && !unitHits.length) return null;
  const px = new Uint8ClampedArray(size * size * 4);
  // The style's order: community tint, unit fills, water, minor roads, roads and their casing,
  // buildings, community boundaries, unit boundaries.
  if (communityTint) {
    const [r, g, b, a] = communityTint;
    for (const s of ofKind(lineHits, 3)) fillPolygon(px, f, lines, s, [r, g, b], a);
  }
  for (const u of unitHits) {
    const [r, g, b, a] = unitLook[u]!.fill;
    fillPolygon(px, f, units, u, [r, g, b], a);
  }
  // The layers between the unit fills and the unit boundaries do not change with the units: drawn
  // once per tile and kept, so that redrawing the tiles after an edit costs a fraction.
  const key = `${z}/${x}/${y}/${style}/${size}`;
  let middle = staticTiles.get(key);
  if (middle === undefined) {
    middle = lineHits.length || buildingHits.length ? new Uint8ClampedArray(size * size * 4) : null;
    if (middle) {
      const m = middle;
      solidLines(m, f, lines, ofKind(lineHits, 0), rgb(LINES.water.colour), width(LINES.water));
      if (style >= LINES.minor.minzoom) dashedLines(m, f, lineHits, 1, LINES.minor, width(LINES.minor));
      solidLines(m, f, lines, ofKind(lineHits, 2), rgb(LINES.road.colour), width(LINES.road), {
        look: LINES.casing,
        width: width(LINES.casing),
      });
      for (const b of buildingHits)
        if (buildings.kind[b] === 0)
          fillPolygon(m, f, buildings, b, TONE_RGB[selected.has(b) ? 2 : tone[b]!]!, BUILDING_OPACITY);
      for (const b of buildingHits) {
        if (buildings.kind[b] !== 1) continue;
        for (let p = buildings.partsOf[b]!; p < buildings.partsOf[b + 1]!; p++) {
          const i = buildings.partStart[p]!;
          const cx = buildings.xy[2 * i]! * f.scale - f.ox;
          const cy = buildings.xy[2 * i + 1]! * f.scale - f.oy;
          fillDot(m, f, cx, cy, radius, rim, selected.has(b) ? 2 : 0);
        }
      }
      dashedLines(m, f, lineHits, 3, LINES.community, width(LINES.community));
    }
  } else staticTiles.delete(key); // most recently used last
  staticTiles.set(key, middle);
  if (staticTiles.size > STATIC_TILES) staticTiles.delete(staticTiles.keys().next().value!);
  if (middle)
    for (let i = 0; i < px.length; i += 4) {
      const a = middle[i + 3]! / 255;
      if (a > 0) over(px, i, middle[i]!, middle[i + 1]!, middle[i + 2]!, a);
    }
  // Unit boundaries by look (plain, problem, selected last, as the vector layer's feature order).
  const looks = new Map<string, number[]>();
  for (const u of unitHits) {
    const { line, width: w } = unitLook[u]!;
    const key = `${line.join(',')}/${w}`;
    const list = looks.get(key);
    if (list) list.push(u);
    else looks.set(key, [u]);
  }
  for (const list of [...looks.values()].sort((a, b) => unitLook[a[0]!]!.width - unitLook[b[0]!]!.width)) {
    const { line, width: w } = unitLook[list[0]!]!;
    solidLines(px, f, units, list, [line[0], line[1], line[2]], w * px1);
  }
  return px;
}

/**
 * Drawn at SUPERSAMPLE× and averaged down: footprints are sampled without antialiasing, and rows of
 * one-pixel buildings would otherwise beat against the pixel grid (moiré over dense compounds).
 */
const SUPERSAMPLE = 2;

/** The average of each SUPERSAMPLE² block (premultiplied, so plain averages are right). */
function downsample(big: Uint8ClampedArray, size: number): Uint8ClampedArray {
  const k = SUPERSAMPLE;
  const bigSize = size * k;
  const out = new Uint8ClampedArray(size * size * 4);
  const n = k * k;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let dy = 0; dy < k; dy++) {
        let i = ((y * k + dy) * bigSize + x * k) * 4;
        for (let dx = 0; dx < k; dx++, i += 4) {
          r += big[i]!;
          g += big[i + 1]!;
          b += big[i + 2]!;
          a += big[i + 3]!;
        }
      }
      const o = (y * size + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = a / n;
    }
  return out;
}

/** The premultiplied pixels as a bitmap (ImageData holds straight alpha). */
function bitmap(px: Uint8ClampedArray, size: number): Promise<ImageBitmap> {
  for (let i = 0; i < px.length; i += 4) {
    const a = px[i + 3]!;
    if (a === 0 || a === 255) continue;
    const k = 255 / a;
    px[i] = px[i]! * k;
    px[i + 1] = px[i + 1]! * k;
    px[i + 2] = px[i + 2]! * k;
  }
  return createImageBitmap(new ImageData(px as Uint8ClampedArray<ArrayBuffer>, size, size));
}

/** Marks the given buildings selected; answers with the world bbox of the buildings that changed. */
function select(wanted: string[]): [number, number, number, number] | null {
  idOf ??= new Map(ids.map((id, b) => [id, b]));
  const next = new Set<number>();
  for (const id of wanted) {
    const b = idOf.get(id);
    if (b !== undefined) next.add(b);
  }
  let box: [number, number, number, number] | null = null;
  for (const b of new Set([...selected, ...next])) {
    if (selected.has(b) === next.has(b)) continue;
    const [x0, y0, x1, y1] = buildings.bbox(b);
    box = box
      ? [Math.min(box[0], x0), Math.min(box[1], y0), Math.max(box[2], x1), Math.max(box[3], y1)]
      : [x0, y0, x1, y1];
  }
  selected = next;
  if (box) staticTiles.clear();
  return box;
}

const post = (reply: BaseRasterReply, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, transfer);

self.onmessage = (e: MessageEvent<BaseRasterRequest>) => {
  const m = e.data;
  if (m.type === 'load') post({ type: 'loaded', generation: m.generation, empty: load(m.data) });
  else if (m.type === 'select') post({ type: 'selected', generation: m.generation, bbox: select(m.ids) });
  else if (m.type === 'units') setUnits(m.units);
  else {
    const big = render(m.z, m.x, m.y, m.style, m.size * SUPERSAMPLE);
    const px = big && downsample(big, m.size);
    const reply = (b: ImageBitmap | null) =>
      post(
        { type: 'tile', generation: m.generation, version: m.version, key: m.key, bitmap: b },
        b ? [b] : [],
      );
    if (px) void bitmap(px, m.size).then(reply);
    else reply(null);
  }
};
