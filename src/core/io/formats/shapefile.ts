/**
 * A small Shapefile writer for polygons (type 5) with a UTF-8 DBF and a .cpg, so Chinese names
 * survive (the common writers garble them). Field names are ASCII and at most 10 bytes.
 * Pure: returns the file bytes; zipping is the caller's job.
 */

export type DbfValue = string | number | boolean | null;

export interface DbfField {
  /** ASCII, ≤ 10 characters. */
  name: string;
  type: 'C' | 'N' | 'L';
  /** Field width in bytes (C: ≤ 254). */
  size: number;
  decimals?: number;
}

export interface ShapefileParts {
  shp: Uint8Array;
  shx: Uint8Array;
  dbf: Uint8Array;
  prj: string;
  cpg: string;
}

/** WGS 84 geographic, as written by QGIS/ArcGIS. */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

type Ring = number[][];

function signedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return s / 2; // > 0 clockwise (y up)
}

function closed(ring: Ring): Ring {
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
}

/** Shapefile ring order: outer rings clockwise, holes counter-clockwise. */
function orient(ring: Ring, outer: boolean): Ring {
  const r = closed(ring);
  const cw = signedArea(r) > 0;
  return cw === outer ? r : [...r].reverse();
}

function encodeUtf8Fixed(s: string, size: number): Uint8Array {
  const out = new Uint8Array(size).fill(0x20);
  const bytes = new TextEncoder().encode(s);
  // Cut at a character boundary so no half character is written.
  let n = Math.min(bytes.length, size);
  while (n > 0 && n < bytes.length && (bytes[n]! & 0xc0) === 0x80) n--;
  out.set(bytes.subarray(0, n));
  return out;
}

export function writeDbf(fields: DbfField[], records: DbfValue[][]): Uint8Array {
  for (const f of fields)
    if (!/^[A-Za-z][A-Za-z0-9_]{0,9}$/.test(f.name))
      throw new Error(`DBF field name "${f.name}" is not ASCII ≤ 10`);
  const headerLen = 32 + 32 * fields.length + 1;
  const recordLen = 1 + fields.reduce((s, f) => s + f.size, 0);
  const buf = new Uint8Array(headerLen + recordLen * records.length + 1);
  const dv = new DataView(buf.buffer);
  const now = new Date();
  buf[0] = 0x03;
  buf[1] = now.getFullYear() - 1900;
  buf[2] = now.getMonth() + 1;
  buf[3] = now.getDate();
  dv.setUint32(4, records.length, true);
  dv.setUint16(8, headerLen, true);
  dv.setUint16(10, recordLen, true);
  buf[29] = 0x00; // language driver: none (the .cpg says UTF-8)
  fields.forEach((f, i) => {
    const o = 32 + 32 * i;
    buf.set(new TextEncoder().encode(f.name), o);
    buf[o + 11] = f.type.charCodeAt(0);
    buf[o + 16] = f.size;
    buf[o + 17] = f.decimals ?? 0;
  });
  buf[headerLen - 1] = 0x0d;
  records.forEach((rec, r) => {
    let o = headerLen + r * recordLen;
    buf[o++] = 0x20;
    fields.forEach((f, i) => {
      const v = rec[i];
      let bytes: Uint8Array;
      if (f.type === 'C') bytes = encodeUtf8Fixed(v === null || v === undefined ? '' : String(v), f.size);
      else if (f.type === 'L') bytes = encodeUtf8Fixed(v === null ? '?' : v ? 'T' : 'F', f.size);
      else {
        const s = typeof v === 'number' && Number.isFinite(v) ? v.toFixed(f.decimals ?? 0) : '';
        bytes = encodeUtf8Fixed(s.padStart(f.size, ' ').slice(-f.size), f.size);
      }
      buf.set(bytes, o);
      o += f.size;
    });
  });
  buf[buf.length - 1] = 0x1a;
  return buf;
}

/** Polygons per record (polygons → rings → [lon, lat]). */
export function writePolygonShapefile(
  geometries: number[][][][][],
  fields: DbfField[],
  records: DbfValue[][],
  prj = WGS84_PRJ,
): ShapefileParts {
  if (geometries.length !== records.length) throw new Error('one record per geometry');
  const contents = geometries.map((polys) => {
    const rings: Ring[] = [];
    for (const poly of polys) for (let i = 0; i < poly.length; i++) rings.push(orient(poly[i]!, i === 0));
    const points = rings.reduce((s, r) => s + r.length, 0);
    const len = 44 + 4 * rings.length + 16 * points;
    const b = new DataView(new ArrayBuffer(len));
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const r of rings)
      for (const p of r) {
        minX = Math.min(minX, p[0]!);
        minY = Math.min(minY, p[1]!);
        maxX = Math.max(maxX, p[0]!);
        maxY = Math.max(maxY, p[1]!);
      }
    b.setInt32(0, 5, true);
    b.setFloat64(4, minX, true);
    b.setFloat64(12, minY, true);
    b.setFloat64(20, maxX, true);
    b.setFloat64(28, maxY, true);
    b.setInt32(36, rings.length, true);
    b.setInt32(40, points, true);
    let o = 44;
    let start = 0;
    for (const r of rings) {
      b.setInt32(o, start, true);
      o += 4;
      start += r.length;
    }
    for (const r of rings)
      for (const p of r) {
        b.setFloat64(o, p[0]!, true);
        b.setFloat64(o + 8, p[1]!, true);
        o += 16;
      }
    return { bytes: new Uint8Array(b.buffer), bbox: [minX, minY, maxX, maxY] };
  });
  const shpLen = 100 + contents.reduce((s, c) => s + 8 + c.bytes.length, 0);
  const shxLen = 100 + 8 * contents.length;
  const shp = new Uint8Array(shpLen);
  const shx = new Uint8Array(shxLen);
  const all = contents.map((c) => c.bbox);
  const bbox = all.length
    ? [
        Math.min(...all.map((b) => b[0]!)),
        Math.min(...all.map((b) => b[1]!)),
        Math.max(...all.map((b) => b[2]!)),
        Math.max(...all.map((b) => b[3]!)),
      ]
    : [0, 0, 0, 0];
  const header = (buf: Uint8Array, len: number) => {
    const dv = new DataView(buf.buffer);
    dv.setInt32(0, 9994, false);
    dv.setInt32(24, len / 2, false);
    dv.setInt32(28, 1000, true);
    dv.setInt32(32, 5, true);
    bbox.forEach((v, i) => {
      dv.setFloat64(36 + 8 * i, v!, true);
    });
  };
  header(shp, shpLen);
  header(shx, shxLen);
  const sdv = new DataView(shp.buffer);
  const xdv = new DataView(shx.buffer);
  let o = 100;
  contents.forEach((c, i) => {
    xdv.setInt32(100 + 8 * i, o / 2, false);
    xdv.setInt32(104 + 8 * i, c.bytes.length / 2, false);
    sdv.setInt32(o, i + 1, false);
    sdv.setInt32(o + 4, c.bytes.length / 2, false);
    shp.set(c.bytes, o + 8);
    o += 8 + c.bytes.length;
  });
  return { shp, shx, dbf: writeDbf(fields, records), prj, cpg: 'UTF-8' };
}

/** The unit attribute table: short ASCII names (the field dictionary is in the README). */
export const UNIT_FIELDS: DbfField[] = [
  { name: 'UNIT_ID', type: 'C', size: 32 },
  { name: 'NAME', type: 'C', size: 120 },
  { name: 'COMMUNITY', type: 'C', size: 120 },
  { name: 'COMM_CODE', type: 'C', size: 32 },
  { name: 'STATUS', type: 'C', size: 12 },
  { name: 'HH', type: 'N', size: 10 },
  { name: 'BLDGS', type: 'N', size: 8 },
  { name: 'COMPOUNDS', type: 'N', size: 8 },
  { name: 'AREA_M2', type: 'N', size: 16, decimals: 1 },
  { name: 'PP', type: 'N', size: 8, decimals: 4 },
  { name: 'ROAD_SHR', type: 'N', size: 8, decimals: 4 },
  { name: 'SVC_CTR', type: 'L', size: 1 },
  { name: 'PLAN', type: 'C', size: 80 },
];
