/**
 * Reading the planner's GeoJSON files into domain records. Every problem becomes an InputIssue
 * naming the file, the feature and the field; nothing is dropped without one.
 */

import { booleanPointInPolygon, convex, intersect, area as turfArea, unkinkPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
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
import { ringSelfIntersects } from './formats/validate';
import { inputIssue, showValue, valueKind } from './issues';

export interface InputFiles {
  buildings: { name: string; text: string };
  communities: { name: string; text: string };
  roads?: { name: string; text: string };
  facilities?: { name: string; text: string };
}

export interface ReadOptions {
  householdsField?: string;
  /**
   * More households than this in one building is reported as implausible (the building is kept).
   * Default 2,000: the tallest Chinese residential towers have ~50 floors of 8–12 homes, and a
   * building of several such units (单元) holds ~1,000–1,500 households; a count above 2,000 is
   * nearly always a compound's or a community's total typed against one building, or a typo.
   */
  maxHouseholdsPerBuilding?: number;
}

export const DEFAULT_MAX_HOUSEHOLDS_PER_BUILDING = 2000;

interface RawFeature {
  type?: unknown;
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

type Props = Record<string, unknown>;

function isRecord(v: unknown): v is Props {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse a file's text into its feature entries (each still to be checked), or say why not. */
function parseFeatures(file: string, text: string, issues: InputIssue[]): unknown[] | null {
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
  if (obj && obj.type === 'Feature') return [obj];
  if (obj?.type !== 'FeatureCollection' || !Array.isArray(obj.features)) {
    issues.push({
      severity: 'fatal',
      code: 'NOT_FEATURE_COLLECTION',
      file,
      message: `${file} is not a GeoJSON FeatureCollection (no "features" array)`,
    });
    return null;
  }
  return obj.features;
}

/** The entry as a feature, or null with an issue when it is not an object at all (e.g. `null`). */
function asFeature(file: string, raw: unknown, index: number, issues: InputIssue[]): RawFeature | null {
  if (isRecord(raw)) return raw as RawFeature;
  issues.push(
    inputIssue('error', 'FEATURE_NOT_OBJECT', file, `#${index}`, `features[${index}]`, {
      value: showValue(raw),
    }),
  );
  return null;
}

/**
 * The feature's properties; a string, number or array there is reported (a building is then left
 * out: its household count cannot be read) and read as no properties.
 */
function propertiesOf(
  file: string,
  f: RawFeature,
  feature: string,
  building: boolean,
  issues: InputIssue[],
): Props | null {
  const p: unknown = f.properties;
  if (p === undefined || p === null) return {};
  if (isRecord(p)) return p;
  issues.push(
    inputIssue(
      building ? 'error' : 'warning',
      building ? 'PROPERTIES_NOT_OBJECT' : 'PROPERTIES_IGNORED',
      file,
      feature,
      'properties',
      { kind: valueKind(p), value: showValue(p) },
    ),
  );
  return building ? null : {};
}

function featureName(f: RawFeature, index: number): string {
  const id = (isRecord(f.properties) ? f.properties.id : undefined) ?? f.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : `#${index}`;
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number';
}

/** The first coordinate that is not lon/lat, and what it looks like instead; null when all are. */
function checkCoords(coords: Position[]): { p: Position; swapped: boolean; text: string } | null {
  for (const p of coords) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      return { p, swapped: false, text: `coordinate ${JSON.stringify(p)} is not a number` };
    if (!isLonLat(p[0], p[1])) {
      // [31.2, 121.4] is Shanghai written latitude first, not a projected coordinate.
      if (isLonLat(p[1], p[0])) return { p, swapped: true, text: '' };
      return {
        p,
        swapped: false,
        text: `coordinate [${p[0]}, ${p[1]}] is not longitude/latitude (projected metres?); convert the file to WGS84/CGCS2000 lon/lat`,
      };
    }
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

function notLonLat(
  file: string,
  feature: string,
  bad: { p: Position; swapped: boolean; text: string },
): InputIssue {
  if (bad.swapped)
    return inputIssue('fatal', 'COORDINATES_SWAPPED', file, feature, 'geometry', {
      x: bad.p[0],
      y: bad.p[1],
    });
  return {
    severity: 'fatal',
    code: 'COORDINATES_NOT_LONLAT',
    file,
    feature,
    field: 'geometry',
    message: `${file} feature ${feature}: ${bad.text} (field geometry)`,
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

/** A ring closed as GeoJSON wants it. */
function closed(ring: Position[]): Position[] {
  return [...ring, ring[0]!];
}

/**
 * A footprint whose outline crosses itself, made usable: cut at the crossings, its largest part (a
 * bow-tie's bigger loop); failing that its convex hull; failing that (no area) its corners' mean.
 * Its signed-area centroid, used as is, can lie far outside the building (the loops cancel out).
 */
function repairFootprint(
  file: string,
  feature: string,
  ring: Position[],
  issues: InputIssue[],
): Position[] | Position {
  const m2 = (r: Position[]) => Math.round(turfArea({ type: 'Polygon', coordinates: [closed(r)] }));
  try {
    const parts = unkinkPolygon({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [closed(ring)] },
    }).features.map((f) => f.geometry.coordinates[0]!.slice(0, -1) as Position[]);
    let best: Position[] | null = null;
    for (const part of parts) if (part.length >= 3 && (!best || m2(part) > m2(best))) best = part;
    if (best && m2(best) > 0) {
      issues.push(
        inputIssue('warning', 'SELF_INTERSECTION_PART', file, feature, 'geometry', {
          parts: parts.length,
          areaM2: m2(best),
        }),
      );
      return best;
    }
  } catch {
    // Crossings it cannot cut (e.g. overlapping edges): the hull below.
  }
  const hull = convex({
    type: 'FeatureCollection',
    features: ring.map((p) => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Point', coordinates: p },
    })),
  });
  const hullRing = hull?.geometry.coordinates[0]?.slice(0, -1) as Position[] | undefined;
  if (hullRing && hullRing.length >= 3 && m2(hullRing) > 0) {
    issues.push(
      inputIssue('warning', 'SELF_INTERSECTION_HULL', file, feature, 'geometry', { areaM2: m2(hullRing) }),
    );
    return hullRing;
  }
  issues.push(inputIssue('warning', 'SELF_INTERSECTION_POINT', file, feature, 'geometry'));
  return vertexMean(ring);
}

/** Names written with bytes the file's encoding could not read (U+FFFD): two such names may merge. */
function checkDecoded(file: string, feature: string, field: string, v: unknown, issues: InputIssue[]) {
  if (typeof v === 'string' && v.includes('\uFFFD'))
    issues.push(inputIssue('warning', 'TEXT_NOT_DECODABLE', file, feature, field, { value: showValue(v) }));
}

function readBuildings(
  file: string,
  features: unknown[],
  opts: ReadOptions,
  issues: InputIssue[],
): Building[] {
  const buildings: Building[] = [];
  const seen = new Map<string, number>();
  const ceiling = opts.maxHouseholdsPerBuilding ?? DEFAULT_MAX_HOUSEHOLDS_PER_BUILDING;
  features.forEach((entry, index) => {
    const f = asFeature(file, entry, index, issues);
    if (!f) return;
    const feature = featureName(f, index);
    const props = propertiesOf(file, f, feature, true, issues);
    if (!props) return;
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
        message: `${file} feature ${feature} (field ${field}): household count "${field}" is missing; building left out`,
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
        message: `${file} feature ${feature} (field ${field}): household count "${field}" = ${JSON.stringify(raw)} is not a number; building left out`,
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
        message: `${file} feature ${feature} (field ${field}): household count "${field}" = ${households} is negative; building left out`,
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
        message: `${file} feature ${feature} (field ${field}): household count ${households} is not a whole number; rounded`,
      });
      households = Math.round(households);
    }
    if (households > ceiling)
      issues.push(
        inputIssue('warning', 'HOUSEHOLDS_IMPLAUSIBLE', file, feature, field, { households, ceiling }),
      );
    if (households === 0) {
      issues.push({
        severity: 'warning',
        code: 'HOUSEHOLDS_ZERO',
        file,
        feature,
        field,
        message: `${file} feature ${feature} (field ${field}): household count is 0; treated as non-residential`,
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
            `${file} feature ${feature} (field geometry): geometry must be a Point, Polygon or MultiPolygon with valid rings (got ${g ? String(g.type) : 'none'}); building left out`,
          ),
        );
        return;
      }
      // Repaired before areas are compared: a bow-tie's signed area is the difference of its loops.
      let point: Position | null = null;
      for (const poly of polys) {
        const outer = poly[0]!;
        if (checkCoords(outer) || !ringSelfIntersects(outer)) continue;
        const fixed = repairFootprint(file, feature, outer, issues);
        if (typeof fixed[0] === 'number') point = fixed as Position;
        else poly[0] = fixed as Position[];
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
      if (point && polys.length === 1) [lon, lat] = point;
      else {
        footprint = best;
        [lon, lat] = ringCentroid(best);
      }
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
        message: `${file} feature #${index} (field id): id "${id}" is used again (first by feature #${dup}); this one is called "${renamed}"`,
      });
      id = renamed;
    }
    seen.set(id, index);
    const compoundField = ['compound', '小区', 'estate'].find((k) => props[k] != null) ?? 'compound';
    const compound = props[compoundField];
    checkDecoded(file, id, compoundField, compound, issues);
    checkDecoded(file, id, 'name', props.name, issues);
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
  if (Math.abs(a) < 1e-18) return vertexMean(ring);
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

/**
 * Whether a file given as roads is a buildings file: most of its features are polygons with a
 * household count. Its outlines would otherwise become barriers around every building.
 */
export function looksLikeBuildings(
  features: readonly unknown[],
  householdFields: readonly string[] = HOUSEHOLD_FIELDS,
): { feature: string; field: string; count: number; total: number } | null {
  let count = 0;
  let first: { feature: string; field: string } | undefined;
  for (let index = 0; index < features.length; index++) {
    const raw = features[index];
    if (!isRecord(raw)) continue;
    const f = raw as RawFeature;
    const type = f.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') continue;
    const props = isRecord(f.properties) ? f.properties : {};
    const field = householdFields.find((k) => props[k] !== undefined && props[k] !== null && props[k] !== '');
    if (!field) continue;
    count++;
    first ??= { feature: featureName(f, index), field };
  }
  return first && count * 2 > features.length ? { ...first, count, total: features.length } : null;
}

function readBarriers(file: string, features: unknown[], issues: InputIssue[]): Barrier[] {
  const barriers: Barrier[] = [];
  const buildingsLike = looksLikeBuildings(features);
  if (buildingsLike) {
    const { feature, field, count, total } = buildingsLike;
    issues.push(inputIssue('fatal', 'ROADS_LOOK_LIKE_BUILDINGS', file, feature, field, { count, total }));
    return barriers;
  }
  let unknownClass = 0;
  let firstUnknown = '';
  features.forEach((raw, index) => {
    const f = asFeature(file, raw, index, issues);
    if (!f) return;
    const feature = featureName(f, index);
    const g = f.geometry;
    const props = propertiesOf(file, f, feature, false, issues) ?? {};
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
          `${file} feature ${feature} (field geometry): a road/river must be a LineString or MultiLineString (got ${g ? String(g.type) : 'none'}); left out`,
        ),
      );
      return;
    }
    let cls = barrierClass(props);
    if (!cls) {
      if (unknownClass === 0) firstUnknown = feature;
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
            `${file} feature ${feature} (field geometry): line has fewer than 2 valid positions; left out`,
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
      feature: firstUnknown,
      field: 'class',
      params: { count: unknownClass },
      message: `${file} feature ${firstUnknown} (field class) and ${unknownClass - 1} other line(s) have no known class (class/highway/waterway/railway/barrier); treated as ordinary roads`,
    });
  }
  return barriers;
}

/** Communities, and in `ids` each one's feature id (for messages about it). */
function readCommunities(
  file: string,
  features: unknown[],
  issues: InputIssue[],
  ids: string[],
): Community[] {
  const out: Community[] = [];
  const names = new Set<string>();

  features.forEach((raw, index) => {
    const f = asFeature(file, raw, index, issues);
    if (!f) return;
    const feature = featureName(f, index);
    const polygons = polygonsOf(f.geometry ?? null);
    if (!polygons) {
      issues.push(
        geometryInvalid(
          'error',
          file,
          feature,
          `${file} feature ${feature} (field geometry): a community must be a Polygon or MultiPolygon with valid rings; left out`,
        ),
      );
      return;
    }
    const bad = checkCoords(polygons.flat(2));
    if (bad) {
      issues.push(notLonLat(file, feature, bad));
      return;
    }
    const props = propertiesOf(file, f, feature, false, issues) ?? {};
    if (polygons.some((poly) => poly.some(ringSelfIntersects)))
      issues.push(inputIssue('error', 'OUTLINE_SELF_INTERSECTS', file, feature, 'geometry'));
    checkDecoded(file, feature, 'name', props.name, issues);
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
        message: `${file} feature ${feature} (field geometry): ${removed} spike vertex(es) removed from the outline (the line doubles back on itself for under 1 m)`,
      });
    let name = typeof props.name === 'string' && props.name ? props.name : `社区${index + 1}`;
    if (names.has(name)) {
      issues.push({
        severity: 'warning',
        code: 'DUPLICATE_NAME',
        file,
        feature,
        field: 'name',
        message: `${file} feature ${feature} (field name): community name "${name}" is used twice; this one is called "${name}~${index}"`,
      });
      name = `${name}~${index}`;
    }
    names.add(name);
    const code = props.code === undefined || props.code === null ? String(index + 1) : String(props.code);
    out.push({ name, code, polygons, featureIndex: index });
    ids.push(feature);
  });
  return out;
}

function readFacilities(file: string, features: unknown[], issues: InputIssue[]): Facility[] {
  const out: Facility[] = [];
  features.forEach((raw, index) => {
    const f = asFeature(file, raw, index, issues);
    if (!f) return;
    const feature = featureName(f, index);
    const g = f.geometry;
    let p: Position | null = null;
    if (g?.type === 'Point' && isPosition(g.coordinates)) p = g.coordinates;
    else {
      const polys = polygonsOf(g ?? null);
      const outer = polys?.[0]?.[0];
      if (outer && !checkCoords(outer) && ringSelfIntersects(outer)) {
        const fixed = repairFootprint(file, feature, outer, issues);
        p = typeof fixed[0] === 'number' ? (fixed as Position) : ringCentroid(fixed as Position[]);
      } else if (outer) p = ringCentroid(outer);
    }
    if (!p) {
      issues.push(
        geometryInvalid(
          'warning',
          file,
          feature,
          `${file} feature ${feature} (field geometry): a facility must be a Point (or Polygon); left out`,
        ),
      );
      return;
    }
    const bad = checkCoords([p]);
    if (bad) {
      issues.push(notLonLat(file, feature, bad));
      return;
    }
    const props = propertiesOf(file, f, feature, false, issues) ?? {};
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

/**
 * Overlaps between communities under this are digitising noise along a shared border (a 1 km
 * border drawn 1 cm apart twice is 10 m²) and are not reported.
 */
const OVERLAP_MIN_M2 = 10;

type Box = [number, number, number, number];

/** Within this of the other's outline, a vertex counts as on it (about half a metre, in degrees). */
const ON_OUTLINE_DEG = 5e-6;

/** Squared distance from p to segment ab, in degrees² (fine at the scale of ON_OUTLINE_DEG). */
function segmentDistance2(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** -1 outside, 0 on the outline (within ON_OUTLINE_DEG), 1 inside the community (even–odd over its rings). */
function whereIs(p: Position, c: Community): -1 | 0 | 1 {
  let inside = false;
  for (const poly of c.polygons)
    for (const ring of poly)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[j]!;
        const b = ring[i]!;
        if (segmentDistance2(p, a, b) <= ON_OUTLINE_DEG * ON_OUTLINE_DEG) return 0;
        if (a[1] > p[1] !== b[1] > p[1] && p[0] < a[0] + ((p[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]))
          inside = !inside;
      }
  return inside ? 1 : -1;
}

function properlyCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

function edgesIn(c: Community, box: Box): [Position, Position][] {
  const out: [Position, Position][] = [];
  for (const poly of c.polygons)
    for (const ring of poly)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[j]!;
        const b = ring[i]!;
        if (Math.max(a[0], b[0]) < box[0] || Math.min(a[0], b[0]) > box[2]) continue;
        if (Math.max(a[1], b[1]) < box[1] || Math.min(a[1], b[1]) > box[3]) continue;
        out.push([a, b]);
      }
  return out;
}

/**
 * Whether two communities' insides can overlap (by more than a sliver along a shared border): an
 * edge of one properly crosses one of the other, a vertex or edge midpoint of one lies inside the
 * other, or every vertex of each lies on the other's outline (the same polygon twice). Neighbours
 * sharing a border pass none of these, so the exact (and slow) clipping runs only on real overlaps.
 */
function insidesMayOverlap(a: Community, b: Community, box: Box): boolean {
  const ea = edgesIn(a, box);
  const eb = edgesIn(b, box);
  let allOnOutline = true;
  const probe = (edges: [Position, Position][], other: Community): boolean => {
    for (const [p, q] of edges) {
      const mid: Position = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
      const w = whereIs(q, other);
      if (w === 1 || whereIs(mid, other) === 1) return true;
      if (w === -1) allOnOutline = false;
    }
    return false;
  };
  if (probe(ea, b) || probe(eb, a)) return true;
  for (const [p, q] of ea) for (const [r, s] of eb) if (properlyCross(p, q, r, s)) return true;
  return allOnOutline && ea.length > 0;
}

function multiPolygon(c: Community): Feature<MultiPolygon> {
  return {
    type: 'Feature',
    properties: {},
    geometry: { type: 'MultiPolygon', coordinates: c.polygons.map((poly) => poly.map(closed)) },
  };
}

/**
 * Communities that overlap: the engine gives a building in the overlap to the first of them, and
 * the new units of both would cover the overlap. Each overlap is named with both communities, its
 * area and the buildings and households in it.
 */
function checkOverlaps(
  file: string,
  communities: Community[],
  ids: string[],
  buildings: Building[],
  issues: InputIssue[],
): void {
  const boxes = communities.map((c) => {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of c.polygons)
      for (const [x, y] of poly[0]!) {
        b[0] = Math.min(b[0]!, x);
        b[1] = Math.min(b[1]!, y);
        b[2] = Math.max(b[2]!, x);
        b[3] = Math.max(b[3]!, y);
      }
    return b as Box;
  });
  const shapes = communities.map(multiPolygon);
  for (let i = 0; i < communities.length; i++)
    for (let j = i + 1; j < communities.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a[0] >= b[2] || b[0] >= a[2] || a[1] >= b[3] || b[1] >= a[3]) continue;
      const box: Box = [
        Math.max(a[0], b[0]),
        Math.max(a[1], b[1]),
        Math.min(a[2], b[2]),
        Math.min(a[3], b[3]),
      ];
      if (!insidesMayOverlap(communities[i]!, communities[j]!, box)) continue;
      let overlap: Feature<Polygon | MultiPolygon> | null;
      try {
        overlap = intersect({ type: 'FeatureCollection', features: [shapes[i]!, shapes[j]!] });
      } catch {
        // A crossing outline the clipper cannot take is reported on its own (OUTLINE_SELF_INTERSECTS).
        continue;
      }
      if (!overlap) continue;
      const areaM2 = Math.round(turfArea(overlap));
      if (areaM2 < OVERLAP_MIN_M2) continue;
      let inside = 0;
      let households = 0;
      for (const bd of buildings)
        if (booleanPointInPolygon([bd.lon, bd.lat], overlap)) {
          inside++;
          households += bd.households;
        }
      const first = communities[i]!.name;
      issues.push(
        inputIssue('error', 'COMMUNITIES_OVERLAP', file, ids[i]!, 'geometry', {
          other: ids[j]!,
          first,
          second: communities[j]!.name,
          areaM2,
          // A string: the app writes numbers without decimals.
          ha: String(Math.round(areaM2 / 100) / 100),
          buildings: inside,
          households,
        }),
      );
    }
}

/** Read all input files. Fatal issues mean the input cannot be used at all. */
export function readPlanInput(files: InputFiles, opts: ReadOptions = {}): PlanInput {
  const issues: InputIssue[] = [];
  const bf = parseFeatures(files.buildings.name, files.buildings.text, issues);
  const cf = parseFeatures(files.communities.name, files.communities.text, issues);
  const rf = files.roads ? parseFeatures(files.roads.name, files.roads.text, issues) : [];
  const ff = files.facilities ? parseFeatures(files.facilities.name, files.facilities.text, issues) : [];
  const buildings = bf ? readBuildings(files.buildings.name, bf, opts, issues) : [];
  const communityIds: string[] = [];
  const communities = cf ? readCommunities(files.communities.name, cf, issues, communityIds) : [];
  checkOverlaps(files.communities.name, communities, communityIds, buildings, issues);
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
  return { buildings, barriers, communities, facilities, issues, buildingsFile: files.buildings.name };
}

/**
 * A fatal issue when there are buildings with households and every one of them lies outside every
 * community (each is reported as OUTSIDE_COMMUNITY by the district check): the coordinates of one
 * file were read in the wrong system, and nothing could be planned. Null otherwise.
 */
export function everyBuildingOutside(
  input: PlanInput,
  issues: readonly InputIssue[],
  files: { buildings: string; communities: string },
): InputIssue | null {
  const residential = input.buildings.filter((b) => b.households > 0);
  if (residential.length === 0 || input.communities.length === 0) return null;
  const outside = new Set(issues.filter((i) => i.code === 'OUTSIDE_COMMUNITY').map((i) => i.feature));
  if (!residential.every((b) => outside.has(b.id))) return null;
  return inputIssue('fatal', 'ALL_OUTSIDE', files.buildings, residential[0]!.id, 'geometry', {
    count: residential.length,
    communities: files.communities,
  });
}

/** The mean of a ring's vertices (for rings with no area to weigh a centroid by). */
function vertexMean(ring: Position[]): Position {
  let sx = 0;
  let sy = 0;
  for (const p of ring) {
    sx += p[0]!;
    sy += p[1]!;
  }
  return [sx / ring.length, sy / ring.length];
}
