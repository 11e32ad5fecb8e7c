/** Guessing what a file is (its role) and which fields mean what, from geometry, names and values. */
import type { FeatureCollection } from 'geojson';

export type Role = 'buildings' | 'roads' | 'communities' | 'facilities' | 'ignore';

export interface FieldMapping {
  households?: string;
  compound?: string;
  name?: string;
  id?: string;
  roadClass?: string;
  code?: string;
  kind?: string;
  area?: string;
}

const CANDIDATES: Record<keyof FieldMapping, string[]> = {
  households: [
    'households',
    'hh',
    'units',
    '户数',
    '住户数',
    '总户数',
    'dwelling_units',
    'hu',
    'hhs',
    'household',
  ],
  compound: ['compound', '小区', '小区名称', 'estate', 'xiaoqu', 'compound_id', 'estate_name'],
  name: ['name', '名称', '楼栋名称', '楼名', 'building_name', 'bldg_name', 'shequ', '社区名称', 'title'],
  id: ['id', 'bldg_id', 'building_id', '编号', '楼栋编号', 'fid', 'objectid', 'code'],
  roadClass: ['class', 'highway', 'fclass', 'type', '道路等级', '等级', 'waterway', 'railway', 'kind'],
  code: ['code', '社区代码', '代码', 'id'],
  kind: ['kind', 'type', '类型', 'category', 'amenity'],
  area: ['area_m2', 'area', '面积', 'floor_area'],
};

function find(keys: string[], wanted: string[], remembered?: string): string | undefined {
  if (remembered && keys.includes(remembered)) return remembered;
  const lower = new Map(keys.map((k) => [k.toLowerCase().trim(), k]));
  for (const w of wanted) {
    const k = lower.get(w.toLowerCase());
    if (k !== undefined) return k;
  }
  // Partial matches for Chinese headers such as "住户数(户)".
  for (const w of wanted) {
    if (w.length < 2) continue;
    const k = keys.find((x) => x.toLowerCase().includes(w.toLowerCase()));
    if (k !== undefined) return k;
  }
  return undefined;
}

/**
 * A feature's properties when they are an object; else (a `null` entry in features, properties that
 * are a string, number or array) none. The engine's reader reports those entries.
 */
export function propertiesOf(f: unknown): Record<string, unknown> {
  const p = (f as { properties?: unknown } | null)?.properties;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/** A feature's geometry type, or undefined for an entry that is not a feature. */
function geometryType(f: unknown): string | undefined {
  const g = (f as { geometry?: { type?: unknown } | null } | null)?.geometry;
  return typeof g?.type === 'string' ? g.type : undefined;
}

export function fieldNames(fc: FeatureCollection, sample = 200): string[] {
  const keys = new Set<string>();
  for (const f of fc.features.slice(0, sample)) for (const k of Object.keys(propertiesOf(f))) keys.add(k);
  return [...keys];
}

export function guessMapping(keys: string[], role: Role, remembered: FieldMapping = {}): FieldMapping {
  const pick = (k: keyof FieldMapping) => find(keys, CANDIDATES[k], remembered[k]);
  const m: FieldMapping = {};
  const set = (k: keyof FieldMapping) => {
    const v = pick(k);
    if (v !== undefined) m[k] = v;
  };
  if (role === 'buildings') {
    set('households');
    set('compound');
    set('name');
    set('id');
  } else if (role === 'roads') {
    set('roadClass');
    set('name');
  } else if (role === 'communities') {
    set('name');
    set('code');
  } else if (role === 'facilities') {
    set('kind');
    set('name');
    set('area');
  }
  return m;
}

export function geometryKinds(fc: FeatureCollection): {
  points: number;
  lines: number;
  polygons: number;
  none: number;
} {
  const c = { points: 0, lines: 0, polygons: 0, none: 0 };
  for (const f of fc.features) {
    const t = geometryType(f);
    if (t === 'Point' || t === 'MultiPoint') c.points++;
    else if (t === 'LineString' || t === 'MultiLineString') c.lines++;
    else if (t === 'Polygon' || t === 'MultiPolygon') c.polygons++;
    else c.none++;
  }
  return c;
}

/** The role a file most likely plays, from its name, geometry and fields. */
export function guessRole(fc: FeatureCollection, fileName: string): Role {
  const n = fileName.toLowerCase();
  const keys = fieldNames(fc);
  const hasHouseholds = find(keys, CANDIDATES.households) !== undefined;
  const g = geometryKinds(fc);
  if (/road|street|道路|路网|river|河|water|rail/.test(n) || g.lines > g.points + g.polygons) return 'roads';
  if (/facilit|设施|服务|poi|service/.test(n)) return 'facilities';
  if (/communit|社区|boundary|边界|district|区划/.test(n) && !/build|楼/.test(n)) return 'communities';
  if (/build|楼|建筑|house|住宅/.test(n) || hasHouseholds) return 'buildings';
  if (g.points > g.polygons) return keys.some((k) => /kind|type|类型/i.test(k)) ? 'facilities' : 'buildings';
  if (g.polygons > 0 && fc.features.length <= 200) return 'communities';
  return 'buildings';
}

/** Longitude/latitude (or x/y) columns of a table. */
export function guessLonLat(header: string[]): { lon?: string; lat?: string } {
  const lon = find(header, ['lon', 'lng', 'long', 'longitude', '经度', 'x', 'point_x', '东经', 'easting']);
  const lat = find(header, ['lat', 'latitude', '纬度', 'y', 'point_y', '北纬', 'northing']);
  return { ...(lon ? { lon } : {}), ...(lat ? { lat } : {}) };
}
