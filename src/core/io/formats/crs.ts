/**
 * Coordinate systems planners' data comes in: WGS84 / CGCS2000 lon/lat, CGCS2000 3-degree
 * Gauss–Krüger zones (EPSG:4534–4554 without zone prefix, 4513–4533 with it), Web Mercator, and
 * the GCJ-02 / BD-09 offsets of Chinese web maps. Detection from coordinate magnitudes; conversion
 * to WGS84 lon/lat (CGCS2000 is treated as equal to WGS84: centimetres apart).
 */
import gcoord from 'gcoord';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import proj4 from 'proj4';

export type CrsId = string; // 'EPSG:4326' | 'EPSG:4490' | 'EPSG:3857' | 'EPSG:4513'…'EPSG:4554' | 'GCJ02' | 'BD09' | 'LATLON'

/** WGS84 degrees written latitude first ([31.2, 121.4]): swapped on conversion. */
export const LATLON_SWAPPED: CrsId = 'LATLON';

export interface CrsOption {
  id: CrsId;
  label: string;
}

/** 3-degree GK zones without zone prefix: EPSG:4534 (CM 75°E) … EPSG:4554 (CM 135°E). */
export function gkCentralMeridian(epsg: number): number | null {
  if (epsg >= 4534 && epsg <= 4554) return 75 + 3 * (epsg - 4534);
  if (epsg >= 4513 && epsg <= 4533) return 75 + 3 * (epsg - 4513);
  return null;
}

function registerDefs(): void {
  proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +no_defs');
  for (let e = 4534; e <= 4554; e++)
    proj4.defs(
      `EPSG:${e}`,
      `+proj=tmerc +lat_0=0 +lon_0=${gkCentralMeridian(e)} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`,
    );
  for (let e = 4513; e <= 4533; e++) {
    const zone = 25 + (e - 4513);
    proj4.defs(
      `EPSG:${e}`,
      `+proj=tmerc +lat_0=0 +lon_0=${gkCentralMeridian(e)} +k=1 +x_0=${zone}500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`,
    );
  }
}
registerDefs();

export function crsOptions(): CrsOption[] {
  const out: CrsOption[] = [
    { id: 'EPSG:4326', label: 'WGS 84 经纬度 (EPSG:4326)' },
    { id: 'EPSG:4490', label: 'CGCS2000 经纬度 (EPSG:4490)' },
    { id: LATLON_SWAPPED, label: '纬度/经度顺序颠倒 lat/lon swapped (WGS 84)' },
    { id: 'GCJ02', label: 'GCJ-02 火星坐标（高德/腾讯）' },
    { id: 'BD09', label: 'BD-09 百度坐标' },
    { id: 'EPSG:3857', label: 'Web Mercator (EPSG:3857)' },
  ];
  for (let e = 4534; e <= 4554; e++)
    out.push({ id: `EPSG:${e}`, label: `CGCS2000 3° GK CM ${gkCentralMeridian(e)}E (EPSG:${e})` });
  for (let e = 4513; e <= 4533; e++)
    out.push({ id: `EPSG:${e}`, label: `CGCS2000 3° GK zone ${25 + e - 4513} (EPSG:${e})` });
  return out;
}

/** China's extent in lon/lat, with a margin: west, south, east, north. */
const CHINA = [72, 15, 136, 55] as const;

function samplePositions(fc: FeatureCollection, max = 2000): Position[] {
  const out: Position[] = [];
  const walk = (c: unknown): void => {
    if (out.length >= max || !Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      out.push(c as Position);
      return;
    }
    for (const x of c) walk(x);
  };
  for (const f of fc.features) {
    if (out.length >= max) break;
    // A `null` entry in features is reported by the reader; here it has no coordinates.
    const g = (f as Partial<GeoJSON.Feature> | null)?.geometry as Geometry | null | undefined;
    if (g && typeof g === 'object' && 'coordinates' in g) walk(g.coordinates);
  }
  return out;
}

export interface CrsGuess {
  crs: CrsId | null;
  /** What the guess rests on, for translation (`import.crs.reason.<code>`). */
  code?: 'swapped';
  /** Why; shown to the planner. */
  reason: string;
  /** The x/y magnitudes seen (for the dialog). */
  extent: [number, number, number, number] | null;
}

/**
 * Guess the CRS from coordinate magnitudes. GK with a zone prefix has 8-digit eastings (zone ×
 * 1,000,000 + 500,000); without it, eastings lie within ±~400 km of 500,000 and northings are
 * 0–6,000 km in China; Web Mercator has eastings of 8–15 million for China. A hint (e.g. a .prj) wins.
 */
export function detectCrs(fc: FeatureCollection, hint?: CrsId | null, lonHint?: number): CrsGuess {
  const pts = samplePositions(fc);
  if (!pts.length) return { crs: hint ?? null, reason: 'no coordinates', extent: null };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of pts) {
    minX = Math.min(minX, p[0]!);
    maxX = Math.max(maxX, p[0]!);
    minY = Math.min(minY, p[1]!);
    maxY = Math.max(maxY, p[1]!);
  }
  const extent: [number, number, number, number] = [minX, minY, maxX, maxY];
  if (hint) return { crs: hint, reason: 'from the file (.prj)', extent };
  const inChina = (lon0: number, lat0: number, lon1: number, lat1: number) =>
    lon0 >= CHINA[0] && lat0 >= CHINA[1] && lon1 <= CHINA[2] && lat1 <= CHINA[3];
  const swapped = {
    crs: LATLON_SWAPPED,
    code: 'swapped' as const,
    reason: `latitude/longitude swapped (x ${minX.toFixed(2)}…${maxX.toFixed(2)} reads as latitude)`,
    extent,
  };
  if (minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90) {
    // Both orders are degrees: [31.2, 81.3] is Tibet read either way. China decides.
    if (!inChina(minX, minY, maxX, maxY) && inChina(minY, minX, maxY, maxX)) return swapped;
    return { crs: 'EPSG:4326', reason: 'longitude/latitude', extent };
  }
  // [31.2, 121.4]: a "latitude" over 90 with an x that is a latitude.
  if (minX >= -90 && maxX <= 90 && minY >= -180 && maxY <= 180) return swapped;
  if (minX >= 25_000_000 && maxX < 46_000_000 && minY >= 0 && maxY < 10_000_000) {
    const zone = Math.floor(minX / 1_000_000);
    if (zone >= 25 && zone <= 45)
      return {
        crs: `EPSG:${4513 + zone - 25}`,
        reason: `Gauss–Krüger 3° zone ${zone} (8-digit eastings)`,
        extent,
      };
  }
  if (minX >= 8_000_000 && maxX <= 16_000_000 && minY >= 0 && maxY <= 8_000_000)
    return { crs: 'EPSG:3857', reason: 'Web Mercator metres', extent };
  // Eastings within ±400 km of the 500 km false easting: small numbers such as degrees are not
  // Gauss–Krüger metres (a 3° zone is under 340 km wide even at the equator).
  if (minX >= 100_000 && maxX <= 900_000 && minY >= 0 && maxY <= 10_000_000) {
    // Central meridian unknown from the numbers alone: the hint longitude, else 114°E.
    const cm = lonHint !== undefined ? Math.round(lonHint / 3) * 3 : 114;
    const epsg = Math.min(4554, Math.max(4534, 4534 + (cm - 75) / 3));
    return {
      crs: `EPSG:${epsg}`,
      reason: `Gauss–Krüger 3° metres; central meridian ${cm}°E assumed`,
      extent,
    };
  }
  return { crs: null, reason: 'unknown projected coordinates', extent };
}

function mapCoords(c: unknown, fn: (p: Position) => Position): unknown {
  if (!Array.isArray(c)) return c;
  if (typeof c[0] === 'number') return fn(c as Position);
  return c.map((x) => mapCoords(x, fn));
}

export function converter(from: CrsId): (p: Position) => Position {
  if (from === 'EPSG:4326' || from === 'EPSG:4490') return (p) => [p[0]!, p[1]!];
  if (from === LATLON_SWAPPED) return (p) => [p[1]!, p[0]!];
  if (from === 'GCJ02' || from === 'BD09') {
    const crs = from === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09;
    return (p) => gcoord.transform([p[0]!, p[1]!] as [number, number], crs, gcoord.WGS84) as Position;
  }
  const t = proj4(from, 'EPSG:4326');
  return (p) => t.forward([p[0]!, p[1]!]) as Position;
}

/** A copy of the collection in WGS84 lon/lat, coordinates rounded to 7 decimals (~1 cm). */
export function toWgs84(fc: FeatureCollection, from: CrsId): FeatureCollection {
  const conv = converter(from);
  const r = (v: number) => Math.round(v * 1e7) / 1e7;
  const fn = (p: Position): Position => {
    const q = conv(p);
    return [r(q[0]!), r(q[1]!)];
  };
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => {
      const g = (f as Partial<GeoJSON.Feature> | null)?.geometry as Geometry | null | undefined;
      if (!g || typeof g !== 'object' || !('coordinates' in g)) return f;
      return { ...f, geometry: { ...g, coordinates: mapCoords(g.coordinates, fn) } as Geometry };
    }),
  };
}

/** Recognise a .prj WKT: CGCS2000 GK zones, Web Mercator, geographic. Null when unknown. */
export function crsFromPrj(wkt: string): CrsId | null {
  const w = wkt.toUpperCase();
  if (!w.includes('PROJCS'))
    return w.includes('GEOGCS') ? (w.includes('2000') ? 'EPSG:4490' : 'EPSG:4326') : null;
  if (w.includes('MERCATOR_AUXILIARY_SPHERE') || w.includes('PSEUDO-MERCATOR') || w.includes('WEB_MERCATOR'))
    return 'EPSG:3857';
  const cm = /CENTRAL_MERIDIAN"?\s*,\s*([\d.]+)/.exec(w);
  const fe = /FALSE_EASTING"?\s*,\s*([\d.]+)/.exec(w);
  if (cm && w.includes('TRANSVERSE_MERCATOR')) {
    const lon = Number(cm[1]);
    const east = fe ? Number(fe[1]) : 500000;
    if (Math.abs(east - 500000) < 1 && (lon - 75) % 3 === 0) return `EPSG:${4534 + (lon - 75) / 3}`;
    if (east > 1_000_000 && (lon - 75) % 3 === 0) return `EPSG:${4513 + (lon - 75) / 3}`;
  }
  return null;
}
