/**
 * Reading the planner's GeoJSON files into domain records. Every problem becomes an InputIssue
 * naming the file, the feature and the field; nothing is dropped without one.
 */

import { isLonLat } from '../geo/projection';
import type {
  Barrier,
  BoundaryClass,
  Building,
  Community,
  Facility,
  InputIssue,
  PlanInput,
  Position,
} from '../types';

export interface InputFiles {
  buildings: { name: string; text: string };
  communities: { name: string; text: string };
  roads?: { name: string; text: string };
  facilities?: { name: string; text: string };
}

export interface ReadOptions {
  householdsField?: string;
}

interface RawFeature {
  type?: unknown;
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

/** Parse a file's text into features, or say why not. */
function parseFeatures(file: string, text: string, issues: InputIssue[]): RawFeature[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    issues.push({
      severity: 'fatal',
      code: 'INVALID_JSON',
      file,
      message: `${file} is not valid JSON: ${(err as Error).message}`,
    });
    return null;
  }
  const obj = json as { type?: unknown; features?: unknown };
  if (obj && obj.type === 'Feature') return [obj as RawFeature];
  if (obj?.type !== 'FeatureCollection' || !Array.isArray(obj.features)) {
    issues.push({
      severity: 'fatal',
      code: 'NOT_FEATURE_COLLECTION',
      file,
      message: `${file} is not a GeoJSON FeatureCollection (no "features" array)`,
    });
    return null;
  }
  return obj.features as RawFeature[];
}

function featureName(f: RawFeature, index: number): string {
  const id = f.properties?.id ?? f.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : `#${index}`;
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number';
}

/** Checks lon/lat and returns a message for the first bad coordinate, or null. */
function checkCoords(coords: Position[]): string | null {
  for (const p of coords) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      return `coordinate ${JSON.stringify(p)} is not a number`;
    if (!isLonLat(p[0], p[1]))
      return `coordinate [${p[0]}, ${p[1]}] is not longitude/latitude (projected metres?); convert the file to WGS84/CGCS2000 lon/lat`;
  }
  return null;
}

function geometryInvalid(
  severity: 'error' | 'warning',
  file: string,
  feature: string,
  message: string,
): InputIssue {
  return { severity, code: 'GEOMETRY_INVALID', file, feature, field: 'geometry', message };
}

function notLonLat(file: string, feature: string, bad: string): InputIssue {
  return {
    severity: 'fatal',
    code: 'COORDINATES_NOT_LONLAT',
    file,
    feature,
    field: 'geometry',
    message: `${file} feature ${feature}: ${bad}`,
  };
}

function ringsOf(coords: unknown): Position[][] | null {
  if (!Array.isArray(coords)) return null;
  const rings: Position[][] = [];
  for (const ring of coords) {
    if (!Array.isArray(ring) || !ring.every(isPosition)) return null;
    const r = ring.map((p) => [p[0], p[1]] as Position);
    // Drop the closing vertex: rings are kept open internally.
    const a = r[0];
    const b = r[r.length - 1];
    if (r.length > 1 && a && b && a[0] === b[0] && a[1] === b[1]) r.pop();
    if (r.length < 3) return null;
    rings.push(r);
  }
  return rings.length ? rings : null;
}

function polygonsOf(geometry: RawFeature['geometry']): Position[][][] | null {
  if (!geometry) return null;
  if (geometry.type === 'Polygon') {
    const rings = ringsOf(geometry.coordinates);
    return rings ? [rings] : null;
  }
  if (geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) {
    const polys: Position[][][] = [];
    for (const poly of geometry.coordinates) {
      const rings = ringsOf(poly);
      if (!rings) return null;
      polys.push(rings);
    }
    return polys.length ? polys : null;
  }
  return null;
}

/**
 * Drop vertices where a ring doubles back on itself for a short way (digitising slips under 1 m):
 * the outline then has no zero-width spikes for unit boundaries to cut across.
 */
function removeSpikes(ring: Position[]): Position[] {
  const out = [...ring];
  const metres = (a: Position, b: Position) =>
    Math.hypot((b[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (b[1] - a[1]) * 110_574);
  for (let changed = true; changed && out.length > 3; ) {
    changed = false;
    for (let i = 0; i < out.length && out.length > 3; i++) {
      const a = out[(i - 1 + out.length) % out.length]!;
      const b = out[i]!;
      const c = out[(i + 1) % out.length]!;
      const ab = metres(a, b);
      const bc = metres(b, c);
      if (Math.min(ab, bc) > 1) continue;
      const kx = Math.cos((b[1] * Math.PI) / 180);
      const ux = (b[0] - a[0]) * kx;
      const uy = b[1] - a[1];
      const vx = (c[0] - b[0]) * kx;
      const vy = c[1] - b[1];
      const cos = (ux * vx + uy * vy) / (Math.hypot(ux, uy) * Math.hypot(vx, vy) || 1);
      // Turning back by more than ~150° within a metre, or a repeated vertex.
      if (ab === 0 || bc === 0 || cos < -0.866) {
        out.splice(i, 1);
        changed = true;
        i--;
      }
    }
  }
  return out;
}

const HOUSEHOLD_FIELDS = ['households', 'hh', 'units', '户数', '住户数', 'dwelling_units'];

function readBuildings(
  file: string,
  features: RawFeature[],
  opts: ReadOptions,
  issues: InputIssue[],
): Building[] {
  const buildings: Building[] = [];
  const seen = new Map<string, number>();
  features.forEach((f, index) => {
    const feature = featureName(f, index);
    const props = f.properties ?? {};
    const field = opts.householdsField ?? HOUSEHOLD_FIELDS.find((k) => k in props) ?? 'households';
    const raw = props[field];
    let households: number;
    if (raw === undefined || raw === null || raw === '') {
      issues.push({
        severity: 'error',
        code: 'HOUSEHOLDS_MISSING',
        file,
        feature,
        field,
        message: `${file} feature ${feature}: household count "${field}" is missing; building left out`,
      });
      return;
    }
    households = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!Number.isFinite(households)) {
      issues.push({
        severity: 'error',
        code: 'HOUSEHOLDS_NOT_A_NUMBER',
        file,
        feature,
        field,
        message: `${file} feature ${feature}: household count "${field}" = ${JSON.stringify(raw)} is not a number; building left out`,
      });
      return;
    }
    if (households < 0) {
      issues.push({
        severity: 'error',
        code: 'HOUSEHOLDS_NEGATIVE',
        file,
        feature,
        field,
        message: `${file} feature ${feature}: household count "${field}" = ${households} is negative; building left out`,
      });
      return;
    }
    if (!Number.isInteger(households)) {
      issues.push({
        severity: 'warning',
        code: 'HOUSEHOLDS_FRACTIONAL',
        file,
        feature,
        field,
        message: `${file} feature ${feature}: household count ${households} is not a whole number; rounded`,
      });
      households = Math.round(households);
    }
    if (households === 0) {
      issues.push({
        severity: 'warning',
        code: 'HOUSEHOLDS_ZERO',
        file,
        feature,
        field,
        message: `${file} feature ${feature}: household count is 0; treated as non-residential`,
      });
    }
    const g = f.geometry;
    let lon: number;
    let lat: number;
    let footprint: Position[] | null = null;
    if (g && g.type === 'Point' && isPosition(g.coordinates)) {
      [lon, lat] = g.coordinates;
    } else {
      const polys = polygonsOf(g ?? null);
      if (!polys) {
        issues.push(
          geometryInvalid(
            'error',
            file,
            feature,
            `${file} feature ${feature}: geometry must be a Point, Polygon or MultiPolygon with valid rings (got ${g ? String(g.type) : 'none'}); building left out`,
          ),
        );
        return;
      }
      // The largest part carries the representative point.
      let best = polys[0]![0]!;
      let bestArea = -1;
      for (const poly of polys) {
        const a = Math.abs(lonLatArea(poly[0]!));
        if (a > bestArea) {
          bestArea = a;
          best = poly[0]!;
        }
      }
      footprint = best;
      [lon, lat] = ringCentroid(best);
    }
    const bad = checkCoords(footprint ?? [[lon, lat]]);
    if (bad) {
      issues.push(notLonLat(file, feature, bad));
      return;
    }
    let id = feature;
    const dup = seen.get(id);
    if (dup !== undefined) {
      const renamed = `${id}~${index}`;
      issues.push({
        severity: 'warning',
        code: 'DUPLICATE_ID',
        file,
        feature,
        field: 'id',
        message: `${file} feature #${index}: id "${id}" is used again (first by feature #${dup}); this one is called "${renamed}"`,
      });
      id = renamed;
    }
    seen.set(id, index);
    const compound = props.compound ?? props.小区 ?? props.estate;
    buildings.push({
      id,
      households,
      compound: compound === undefined || compound === null || compound === '' ? null : String(compound),
      name: typeof props.name === 'string' ? props.name : id,
      lon,
      lat,
      footprint,
      featureIndex: index,
    });
  });
  return buildings;
}

function lonLatArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return s / 2;
}

function ringCentroid(ring: Position[]): Position {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const [ox, oy] = ring[0]!;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xj = ring[j]![0] - ox;
    const yj = ring[j]![1] - oy;
    const xi = ring[i]![0] - ox;
    const yi = ring[i]![1] - oy;
    const c = xj * yi - xi * yj;
    a += c;
    cx += (xj + xi) * c;
    cy += (yj + yi) * c;
  }
  if (Math.abs(a) < 1e-18) {
    let sx = 0;
    let sy = 0;
    for (const p of ring) {
      sx += p[0];
      sy += p[1];
    }
    return [sx / ring.length, sy / ring.length];
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

const CLASS_ALIASES: Record<string, BoundaryClass> = {
  motorway: 'motorway',
  motorway_link: 'motorway',
  trunk: 'trunk',
  trunk_link: 'trunk',
  primary: 'primary',
  primary_link: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  residential: 'residential',
  living_street: 'residential',
  unclassified: 'residential',
  service: 'service',
  footway: 'footway',
  path: 'footway',
  pedestrian: 'footway',
  cycleway: 'footway',
  steps: 'footway',
  river: 'river',
  stream: 'river',
  canal: 'canal',
  drain: 'canal',
  ditch: 'canal',
  rail: 'rail',
  railway: 'rail',
  light_rail: 'rail',
  subway: 'rail',
  wall: 'wall',
  fence: 'wall',
  bus_route: 'bus_route',
  road: 'road',
};

function barrierClass(props: Record<string, unknown>): BoundaryClass | null {
  for (const key of ['class', 'highway', 'waterway', 'railway', 'barrier', 'type']) {
    const v = props[key];
    if (typeof v !== 'string') continue;
    const c = CLASS_ALIASES[v.toLowerCase()];
    if (c) return c;
    if (key === 'railway') return 'rail';
    if (key === 'highway') return 'road';
  }
  return null;
}

function readBarriers(file: string, features: RawFeature[], issues: InputIssue[]): Barrier[] {
  const barriers: Barrier[] = [];
  let unknownClass = 0;
  features.forEach((f, index) => {
    const feature = featureName(f, index);
    const g = f.geometry;
    const props = f.properties ?? {};
    let lines: unknown[] = [];
    if (g?.type === 'LineString') lines = [g.coordinates];
    else if (g?.type === 'MultiLineString' && Array.isArray(g.coordinates)) lines = g.coordinates;
    else if ((g?.type === 'Polygon' || g?.type === 'MultiPolygon') && polygonsOf(g)) {
      // Water areas or walled sites given as polygons: their outlines are the barriers.
      for (const poly of polygonsOf(g)!) for (const r of poly) lines.push([...r, r[0]]);
    } else {
      issues.push(
        geometryInvalid(
          'warning',
          file,
          feature,
          `${file} feature ${feature}: a road/river must be a LineString or MultiLineString (got ${g ? String(g.type) : 'none'}); left out`,
        ),
      );
      return;
    }
    let cls = barrierClass(props);
    if (!cls) {
      unknownClass++;
      cls = 'road';
    }
    for (const line of lines) {
      if (!Array.isArray(line) || !line.every(isPosition) || line.length < 2) {
        issues.push(
          geometryInvalid(
            'warning',
            file,
            feature,
            `${file} feature ${feature}: line has fewer than 2 valid positions; left out`,
          ),
        );
        continue;
      }
      const coords = line.map((p) => [p[0], p[1]] as Position);
      const bad = checkCoords(coords);
      if (bad) {
        issues.push(notLonLat(file, feature, bad));
        return;
      }
      barriers.push({ id: feature, cls, name: typeof props.name === 'string' ? props.name : '', coords });
    }
  });
  if (unknownClass > 0) {
    issues.push({
      severity: 'warning',
      code: 'ROAD_CLASS_UNKNOWN',
      file,
      field: 'class',
      message: `${file}: ${unknownClass} line(s) have no known class (class/highway/waterway/railway/barrier); treated as ordinary roads`,
    });
  }
  return barriers;
}

function readCommunities(file: string, features: RawFeature[], issues: InputIssue[]): Community[] {
  const out: Community[] = [];
  const names = new Set<string>();
  features.forEach((f, index) => {
    const feature = featureName(f, index);
    const polygons = polygonsOf(f.geometry ?? null);
    if (!polygons) {
      issues.push(
        geometryInvalid(
          'error',
          file,
          feature,
          `${file} feature ${feature}: a community must be a Polygon or MultiPolygon with valid rings; left out`,
        ),
      );
      return;
    }
    const bad = checkCoords(polygons.flat(2));
    if (bad) {
      issues.push(notLonLat(file, feature, bad));
      return;
    }
    const props = f.properties ?? {};
    let removed = 0;
    for (const poly of polygons)
      for (let r = 0; r < poly.length; r++) {
        const cleaned = removeSpikes(poly[r]!);
        removed += poly[r]!.length - cleaned.length;
        poly[r] = cleaned;
      }
    if (removed > 0)
      issues.push({
        severity: 'warning',
        code: 'RING_SPIKES_REMOVED',
        file,
        feature,
        field: 'geometry',
        message: `${file} feature ${feature}: ${removed} spike vertex(es) removed from the outline (the line doubles back on itself for under 1 m)`,
      });
    let name = typeof props.name === 'string' && props.name ? props.name : `社区${index + 1}`;
    if (names.has(name)) {
      issues.push({
        severity: 'warning',
        code: 'DUPLICATE_NAME',
        file,
        feature,
        field: 'name',
        message: `${file} feature ${feature}: community name "${name}" is used twice; this one is called "${name}~${index}"`,
      });
      name = `${name}~${index}`;
    }
    names.add(name);
    const code = props.code === undefined || props.code === null ? String(index + 1) : String(props.code);
    out.push({ name, code, polygons, featureIndex: index });
  });
  return out;
}

function readFacilities(file: string, features: RawFeature[], issues: InputIssue[]): Facility[] {
  const out: Facility[] = [];
  features.forEach((f, index) => {
    const feature = featureName(f, index);
    const g = f.geometry;
    let p: Position | null = null;
    if (g?.type === 'Point' && isPosition(g.coordinates)) p = g.coordinates;
    else {
      const polys = polygonsOf(g ?? null);
      if (polys) p = ringCentroid(polys[0]![0]!);
    }
    if (!p) {
      issues.push(
        geometryInvalid(
          'warning',
          file,
          feature,
          `${file} feature ${feature}: a facility must be a Point (or Polygon); left out`,
        ),
      );
      return;
    }
    const bad = checkCoords([p]);
    if (bad) {
      issues.push(notLonLat(file, feature, bad));
      return;
    }
    const props = f.properties ?? {};
    const area = Number(props.area_m2 ?? props.area ?? 0);
    out.push({
      kind: typeof props.kind === 'string' ? props.kind : 'unknown',
      areaM2: Number.isFinite(area) ? area : 0,
      name: typeof props.name === 'string' ? props.name : feature,
      lon: p[0],
      lat: p[1],
    });
  });
  return out;
}

/** Read all input files. Fatal issues mean the input cannot be used at all. */
export function readPlanInput(files: InputFiles, opts: ReadOptions = {}): PlanInput {
  const issues: InputIssue[] = [];
  const bf = parseFeatures(files.buildings.name, files.buildings.text, issues);
  const cf = parseFeatures(files.communities.name, files.communities.text, issues);
  const rf = files.roads ? parseFeatures(files.roads.name, files.roads.text, issues) : [];
  const ff = files.facilities ? parseFeatures(files.facilities.name, files.facilities.text, issues) : [];
  const buildings = bf ? readBuildings(files.buildings.name, bf, opts, issues) : [];
  const communities = cf ? readCommunities(files.communities.name, cf, issues) : [];
  const barriers = rf && files.roads ? readBarriers(files.roads.name, rf, issues) : [];
  const facilities = ff && files.facilities ? readFacilities(files.facilities.name, ff, issues) : [];
  if (bf && bf.length === 0)
    issues.push({
      severity: 'fatal',
      code: 'EMPTY_FILE',
      file: files.buildings.name,
      message: `${files.buildings.name} has no features`,
    });
  if (cf && communities.length === 0)
    issues.push({
      severity: 'fatal',
      code: 'EMPTY_FILE',
      file: files.communities.name,
      message: `${files.communities.name} has no usable community polygons`,
    });
  return { buildings, barriers, communities, facilities, issues };
}
