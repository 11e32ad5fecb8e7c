/**
 * An independent check of unit shapes as exported (lon/lat, the plan's `units`): each unit is a
 * valid OGC polygon by JTS (jsts, not the engine's geometry code) with no spike, and each building's
 * point lies inside its own unit's polygon, at least 1 m from its outline (unless the input puts it
 * closer to its community's own outline), and inside no other unit.
 * Returns the problems in words (empty = all good).
 */
import type { Geometry as GeoJsonGeometry } from 'geojson';
import SimplePointInAreaLocator from 'jsts/org/locationtech/jts/algorithm/locate/SimplePointInAreaLocator.js';
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import type Geometry from 'jsts/org/locationtech/jts/geom/Geometry.js';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import Location from 'jsts/org/locationtech/jts/geom/Location.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import type { PlanResult } from '../../src/core/plan/result';
import type { PlanInput, Position } from '../../src/core/types';

/** Least distance (m) between a building's point and its unit's outline. */
export const CLEARANCE_M = 1;

const EARTH_RADIUS = 6_371_008.8;
const DEG = Math.PI / 180;

/** Least distance (m) from (lon, lat) to any edge of the rings, in a local equirectangular frame. */
function distanceToRings(lon: number, lat: number, rings: Position[][]): number {
  const kx = EARTH_RADIUS * Math.cos(lat * DEG) * DEG;
  const ky = EARTH_RADIUS * DEG;
  let best = Number.POSITIVE_INFINITY;
  for (const r of rings)
    for (let i = 0; i + 1 < r.length; i++) {
      const ax = (r[i]![0] - lon) * kx;
      const ay = (r[i]![1] - lat) * ky;
      const bx = (r[i + 1]![0] - lon) * kx;
      const by = (r[i + 1]![1] - lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  return best;
}

/** A vertex where the ring turns back within 1 cm (the output's precision): a spike, or a sliver's tip. */
function spikes(rings: Position[][]): number {
  let count = 0;
  for (const r of rings) {
    const n = r.length - 1;
    const kx = EARTH_RADIUS * Math.cos(r[0]![1] * DEG) * DEG;
    const ky = EARTH_RADIUS * DEG;
    for (let i = 0; i < n; i++) {
      const a = r[(i + n - 1) % n]!;
      const b = r[i]!;
      const c = r[(i + 1) % n]!;
      const ux = (a[0] - b[0]) * kx;
      const uy = (a[1] - b[1]) * ky;
      const vx = (c[0] - b[0]) * kx;
      const vy = (c[1] - b[1]) * ky;
      if (ux * vx + uy * vy <= 0) continue; // turns by less than 90°
      const height = Math.abs(ux * vy - uy * vx) / Math.max(Math.hypot(ux, uy), Math.hypot(vx, vy));
      if (height < 0.01) count++;
    }
  }
  return count;
}

export function shapeProblems(input: PlanInput, plan: PlanResult): string[] {
  const problems: string[] = [];
  const reader = new GeoJSONReader(new GeometryFactory());
  const geometries = new Map<string, Geometry>();
  for (const u of plan.units) {
    const geojson: GeoJsonGeometry =
      u.polygons.length === 1
        ? { type: 'Polygon', coordinates: u.polygons[0]! }
        : { type: 'MultiPolygon', coordinates: u.polygons };
    const g = reader.read(geojson) as Geometry;
    const op = new IsValidOp(g);
    if (!op.isValid()) problems.push(`unit ${u.id} is not a valid polygon: ${op.getValidationError()}`);
    const n = spikes(u.polygons.flat());
    if (n) problems.push(`unit ${u.id} has ${n} spike(s): its outline turns back within 1 cm`);
    geometries.set(u.id, g);
  }
  const units = new Map(plan.units.map((u) => [u.id, u]));
  const outlines = new Map(input.communities.map((c) => [c.code, c.polygons.flat()]));
  for (const b of input.buildings) {
    const own = plan.assignment.get(b.id);
    if (!own) continue;
    const unit = units.get(own);
    const g = geometries.get(own);
    if (!unit || !g) continue;
    const point = new Coordinate(b.lon, b.lat);
    const where = SimplePointInAreaLocator.locate(point, g);
    if (where !== Location.INTERIOR) {
      const how = where === Location.BOUNDARY ? 'on the outline of' : 'outside';
      problems.push(`building ${b.id} is ${how} its unit ${own}`);
    } else {
      // A building the input puts within 1 m of its community's own outline cannot be kept further.
      const d = distanceToRings(b.lon, b.lat, unit.polygons.flat());
      const given = distanceToRings(b.lon, b.lat, outlines.get(unit.communityCode) ?? []);
      if (d < CLEARANCE_M && given >= CLEARANCE_M)
        problems.push(`building ${b.id} is ${d.toFixed(3)} m from the outline of its unit ${own}`);
    }
    for (const [id, other] of geometries)
      if (id !== own && SimplePointInAreaLocator.locate(point, other) !== Location.EXTERIOR)
        problems.push(`building ${b.id} of unit ${own} lies in unit ${id}`);
  }
  return problems;
}
