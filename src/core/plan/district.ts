/** District-wide preparation shared by every community: one projection, barriers, who lies where. */
import { createLocalProjection, type LocalProjection } from '../geo/projection';
import { ringsBBox, StripeIndex } from '../geo/ring';
import type { Community, InputIssue, PlanInput, Position } from '../types';
import { barrierKind } from './barriers';

export interface PreparedDistrict {
  input: PlanInput;
  projection: LocalProjection;
  /** Barriers in metres with their edge kind and feature id. */
  lines: { coords: Float64Array; kind: number; id: string }[];
  /** Building indices (into input.buildings) per community. */
  buildingsOf: number[][];
  /** Facility indices per community. */
  facilitiesOf: number[][];
  /** Input issues plus those found while locating buildings. */
  issues: InputIssue[];
}

export function projectRing(proj: LocalProjection, ring: Position[]): Float64Array {
  const out = new Float64Array(ring.length * 2);
  ring.forEach((p, i) => {
    const [x, y] = proj.forward(p[0], p[1]);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Back to lon/lat, closed as GeoJSON wants, rounded to 7 decimals (~1 cm). */
export function unprojectRing(proj: LocalProjection, ring: Float64Array): Position[] {
  const n = ring.length / 2;
  const out: Position[] = [];
  for (let i = 0; i < n; i++) {
    const [lon, lat] = proj.inverse(ring[2 * i]!, ring[2 * i + 1]!);
    const p: Position = [round7(lon), round7(lat)];
    // Vertices closer than the rounding collapse into one (no zero-length edges).
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0]!;
  const last = out[out.length - 1]!;
  if (out.length > 1 && last[0] === first[0] && last[1] === first[1]) out.pop();
  out.push([first[0], first[1]]);
  return out;
}

/** Index of the community each point lies in, or -1. */
export function locatePoints(points: { lon: number; lat: number }[], communities: Community[]): Int32Array {
  const indexes = communities.map((c) => {
    const rings = c.polygons.flat().map((r) => Float64Array.from(r.flat()));
    const [minX, minY, maxX, maxY] = ringsBBox(rings);
    return { index: new StripeIndex(rings), minX, minY, maxX, maxY };
  });
  const out = new Int32Array(points.length).fill(-1);
  points.forEach((p, i) => {
    for (let c = 0; c < indexes.length; c++) {
      const ix = indexes[c]!;
      if (p.lon < ix.minX || p.lon > ix.maxX || p.lat < ix.minY || p.lat > ix.maxY) continue;
      if (ix.index.contains(p.lon, p.lat)) {
        out[i] = c;
        return;
      }
    }
  });
  return out;
}

export function prepareDistrict(input: PlanInput): PreparedDistrict {
  // One local projection for the whole district, so neighbouring communities share coordinates.
  let minLon = Number.POSITIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (const c of input.communities)
    for (const poly of c.polygons)
      for (const p of poly[0]!) {
        minLon = Math.min(minLon, p[0]);
        maxLon = Math.max(maxLon, p[0]);
        minLat = Math.min(minLat, p[1]);
        maxLat = Math.max(maxLat, p[1]);
      }
  const projection = createLocalProjection((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  const lines = input.barriers.map((b) => ({
    coords: projectRing(projection, b.coords),
    kind: barrierKind(b.cls),
    id: b.id,
  }));
  const issues = [...input.issues];
  const where = locatePoints(input.buildings, input.communities);
  const buildingsOf: number[][] = input.communities.map(() => []);
  where.forEach((c, i) => {
    const b = input.buildings[i]!;
    if (c >= 0) buildingsOf[c]!.push(i);
    else if (b.households > 0)
      issues.push({
        severity: 'error',
        code: 'OUTSIDE_COMMUNITY',
        file: input.buildingsFile ?? 'buildings',
        feature: b.id,
        field: 'geometry',
        message: `${input.buildingsFile ?? 'buildings'} feature ${b.id} (field geometry): building (${b.households} households) lies outside every community; it is not planned`,
      });
  });
  const facilitiesOf: number[][] = input.communities.map(() => []);
  locatePoints(input.facilities, input.communities).forEach((c, i) => {
    if (c >= 0) facilitiesOf[c]!.push(i);
  });
  return { input, projection, lines, buildingsOf, facilitiesOf, issues };
}
