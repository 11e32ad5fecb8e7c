/**
 * Draws building footprints into raster tiles (512 CSS px, Web Mercator z/x/y) off the main thread,
 * for the map's zoomed-out view (see src/ui/buildingRasterLayer.ts). Tiles come back as
 * premultiplied RGBA bytes, ready for texImage2D.
 *
 * Its own scanline rasteriser rather than a 2D canvas: Skia spends ~6 µs on each of thousands of
 * tiny fills (~20 µs on a stroked dot), this ~0.1 µs. Footprints are sampled at pixel centres
 * without antialiasing, like MapLibre's fills with fill-antialias off; dots get a one-pixel soft edge
 * like MapLibre's circles.
 */
import Flatbush from 'flatbush';
import { type BuildingRasterReply, type BuildingRasterRequest, pointRadius, TONES } from './buildingRaster';

const TILE = 512;
const FILL_OPACITY = 0.85;
const STROKE = 0.8;

/** Buildings as flat arrays: world coordinates in [0, 1] (x east, y south). */
let kind = new Uint8Array(0); // 0 polygon, 1 point
let tone = new Uint8Array(0); // index into TONES
let ringsOf = new Uint32Array(1); // building b owns rings ringsOf[b] .. ringsOf[b + 1]
let ringStart = new Uint32Array(1); // ring r owns points ringStart[r] .. ringStart[r + 1]
let xy = new Float64Array(0);
let index: Flatbush | null = null;
let ids: string[] = [];
let idOf: Map<string, number> | null = null; // built on the first selection
let selected = new Set<number>();

const RGB = TONES.map((hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)));

const mercX = (lng: number) => (lng + 180) / 360;
function mercY(lat: number): number {
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}

function load(text: string): number {
  let features: GeoJSON.Feature[] = [];
  try {
    features = (JSON.parse(text) as GeoJSON.FeatureCollection).features ?? [];
  } catch {
    // the map and the engine report unreadable files
  }
  const polysOf = (g: GeoJSON.Geometry) =>
    g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
  const pointsOf = (g: GeoJSON.Geometry) =>
    g.type === 'Point' ? [g.coordinates] : g.type === 'MultiPoint' ? g.coordinates : null;
  // Sizes first, then straight into typed arrays.
  let buildings = 0;
  let rings = 0;
  let points = 0;
  for (const f of features) {
    if (!f.geometry) continue;
    const polys = polysOf(f.geometry);
    const pts = polys ? null : pointsOf(f.geometry);
    if (!polys && !pts) continue;
    buildings++;
    if (polys)
      for (const poly of polys)
        for (const ring of poly) {
          rings++;
          points += ring.length;
        }
    else {
      rings += pts!.length;
      points += pts!.length;
    }
  }
  kind = new Uint8Array(buildings);
  tone = new Uint8Array(buildings);
  ringsOf = new Uint32Array(buildings + 1);
  ringStart = new Uint32Array(rings + 1);
  xy = new Float64Array(points * 2);
  ids = new Array<string>(buildings);
  idOf = null;
  selected = new Set();
  let b = 0;
  let r = 0;
  let p = 0;
  const add = (pos: GeoJSON.Position) => {
    xy[p++] = mercX(pos[0]!);
    xy[p++] = mercY(pos[1]!);
  };
  for (const f of features) {
    if (!f.geometry) continue;
    const polys = polysOf(f.geometry);
    const pts = polys ? null : pointsOf(f.geometry);
    if (!polys && !pts) continue;
    const props = f.properties ?? {};
    const households = Number(props.households ?? 0);
    kind[b] = polys ? 0 : 1;
    // As the vector layer's ['to-number', ['get', 'households'], 0] == 0.
    tone[b] = polys && (households === 0 || Number.isNaN(households)) ? 1 : 0;
    if (polys)
      for (const poly of polys)
        for (const ring of poly) {
          for (const pos of ring) add(pos);
          ringStart[++r] = p / 2;
        }
    else
      for (const pos of pts!) {
        add(pos);
        ringStart[++r] = p / 2;
      }
    ringsOf[++b] = r;
    ids[b - 1] = String(props.id ?? f.id ?? '');
  }
  index = null;
  if (buildings) {
    index = new Flatbush(buildings);
    for (let i = 0; i < buildings; i++) {
      const [x0, y0, x1, y1] = bboxOf(i);
      index.add(x0, y0, x1, y1);
    }
    index.finish();
  }
  return buildings;
}

function bboxOf(b: number): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = ringStart[ringsOf[b]!]!; i < ringStart[ringsOf[b + 1]!]!; i++) {
    x0 = Math.min(x0, xy[2 * i]!);
    x1 = Math.max(x1, xy[2 * i]!);
    y0 = Math.min(y0, xy[2 * i + 1]!);
    y1 = Math.max(y1, xy[2 * i + 1]!);
  }
  return [x0, y0, x1, y1];
}

/** Premultiplied "over" of one pixel; colour in 0–255, already multiplied by a (0–1). */
function over(px: Uint8ClampedArray, i: number, r: number, g: number, b: number, a: number): void {
  const k = 1 - a;
  px[i] = r + px[i]! * k;
  px[i + 1] = g + px[i + 1]! * k;
  px[i + 2] = b + px[i + 2]! * k;
  px[i + 3] = 255 * a + px[i + 3]! * k;
}

const crossings: number[] = [];

/** Even-odd scanline fill of building b, sampled at pixel centres. */
function fillPolygon(px: Uint8ClampedArray, size: number, b: number, scale: number, ox: number, oy: number) {
  let minY = Infinity;
  let maxY = -Infinity;
  const first = ringStart[ringsOf[b]!]!;
  const end = ringStart[ringsOf[b + 1]!]!;
  for (let i = first; i < end; i++) {
    const y = xy[2 * i + 1]! * scale - oy;
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const [cr, cg, cb] = RGB[selected.has(b) ? 2 : tone[b]!]!;
  const a = FILL_OPACITY;
  const r = cr! * a;
  const g = cg! * a;
  const bl = cb! * a;
  const row0 = Math.max(0, Math.ceil(minY - 0.5));
  const row1 = Math.min(size - 1, Math.floor(maxY - 0.5));
  for (let row = row0; row <= row1; row++) {
    const yc = row + 0.5;
    crossings.length = 0;
    for (let ring = ringsOf[b]!; ring < ringsOf[b + 1]!; ring++) {
      const s = ringStart[ring]!;
      const e = ringStart[ring + 1]!;
      for (let i = s, j = e - 1; i < e; j = i++) {
        const ya = xy[2 * j + 1]! * scale - oy;
        const yb = xy[2 * i + 1]! * scale - oy;
        if (ya <= yc === yb <= yc) continue;
        const xa = xy[2 * j]! * scale - ox;
        const xb = xy[2 * i]! * scale - ox;
        crossings.push(xa + ((yc - ya) * (xb - xa)) / (yb - ya));
      }
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const c0 = Math.max(0, Math.ceil(crossings[k]! - 0.5));
      const c1 = Math.min(size, Math.ceil(crossings[k + 1]! - 0.5));
      for (let col = c0; col < c1; col++) over(px, (row * size + col) * 4, r, g, bl, a);
    }
  }
}

/** A dot with a white rim, edges softened over one pixel (as MapLibre's circles). */
function fillDot(
  px: Uint8ClampedArray,
  size: number,
  cx: number,
  cy: number,
  radius: number,
  rim: number,
  c: number,
) {
  const [cr, cg, cb] = RGB[c]!;
  const outer = radius + rim;
  const x0 = Math.max(0, Math.floor(cx - outer - 1));
  const x1 = Math.min(size - 1, Math.ceil(cx + outer + 1));
  const y0 = Math.max(0, Math.floor(cy - outer - 1));
  const y1 = Math.min(size - 1, Math.ceil(cy + outer + 1));
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const d = Math.sqrt(dx * dx + dy * dy);
      const a = Math.min(1, Math.max(0, outer - d + 0.5));
      if (a <= 0) continue;
      const inner = Math.min(1, Math.max(0, radius - d + 0.5));
      // Fill colour inside, white on the rim.
      over(
        px,
        (y * size + x) * 4,
        cr! * inner + 255 * (a - inner),
        cg! * inner + 255 * (a - inner),
        cb! * inner + 255 * (a - inner),
        a,
      );
    }
}

function render(z: number, x: number, y: number, pixelRatio: number): ArrayBuffer | null {
  if (!index) return null;
  const size = TILE * pixelRatio;
  const scale = 2 ** z * size; // world → tile pixels
  const ox = x * size;
  const oy = y * size;
  // A tile serves map zooms (z - 1, z], drawn at 0.5–1× its size: dots are sized for the middle.
  const shown = Math.SQRT1_2;
  const radius = (pointRadius(z - 0.5) / shown) * pixelRatio;
  const rim = (STROKE / shown) * pixelRatio;
  const margin = (radius + rim + 2) / scale;
  const hits = index.search(
    x / 2 ** z - margin,
    y / 2 ** z - margin,
    (x + 1) / 2 ** z + margin,
    (y + 1) / 2 ** z + margin,
  );
  if (!hits.length) return null;
  const px = new Uint8ClampedArray(size * size * 4);
  hits.sort((a, b) => a - b); // file order, as the vector layers draw them
  for (const b of hits) if (kind[b] === 0) fillPolygon(px, size, b, scale, ox, oy);
  for (const b of hits) {
    if (kind[b] !== 1) continue;
    for (let r = ringsOf[b]!; r < ringsOf[b + 1]!; r++) {
      const i = ringStart[r]!;
      fillDot(
        px,
        size,
        xy[2 * i]! * scale - ox,
        xy[2 * i + 1]! * scale - oy,
        radius,
        rim,
        selected.has(b) ? 2 : 0,
      );
    }
  }
  return px.buffer;
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
    const [x0, y0, x1, y1] = bboxOf(b);
    box = box
      ? [Math.min(box[0], x0), Math.min(box[1], y0), Math.max(box[2], x1), Math.max(box[3], y1)]
      : [x0, y0, x1, y1];
  }
  selected = next;
  return box;
}

const post = (reply: BuildingRasterReply, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, transfer);

self.onmessage = (e: MessageEvent<BuildingRasterRequest>) => {
  const m = e.data;
  if (m.type === 'load') post({ type: 'loaded', generation: m.generation, count: load(m.text) });
  else if (m.type === 'select') post({ type: 'selected', generation: m.generation, bbox: select(m.ids) });
  else {
    const pixels = render(m.z, m.x, m.y, m.pixelRatio);
    post({ type: 'tile', generation: m.generation, key: m.key, pixels }, pixels ? [pixels] : []);
  }
};
