/**
 * Structural checks of a district, on its GeoJSON alone (lon/lat in, metres by a local projection):
 * what the planner relies on in any input, so the generator's tests can state them plainly. Returns
 * a list of problems, empty when all hold.
 */
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import type { BuildingProps, CommunityProps, RoadProps } from './types';

type XY = [number, number];

export interface ValidationInput {
  buildings: FeatureCollection<Polygon | Point, BuildingProps>;
  roads: FeatureCollection<LineString, RoadProps>;
  communities: FeatureCollection<Polygon, CommunityProps>;
  boundary?: Feature<Polygon>;
}

export interface ValidationLimits {
  communityMin: number;
  communityMax: number;
  riverClearance: number;
  compoundMax: number;
  /**
   * Must every compound over compoundMax have internal service roads (false for districts made with
   * `compoundRoads` none or some)? Where it has them, the parts between are checked either way.
   */
  compoundRoadsRequired?: boolean;
}

export const DEFAULT_LIMITS: ValidationLimits = {
  communityMin: 2000,
  communityMax: 30000,
  riverClearance: 20,
  compoundMax: 3500,
};

function projector(lon0: number, lat0: number): (p: Position) => XY {
  const kx = 111320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110574;
  return (p) => [(p[0]! - lon0) * kx, (p[1]! - lat0) * ky];
}

function area(ring: readonly XY[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s / 2;
}

function inRing(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
      inside = !inside;
  }
  return inside;
}

function segDist(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

function orient(a: XY, b: XY, c: XY): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function segmentsCross(a: XY, b: XY, c: XY, d: XY): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

function segSegDist(a: XY, b: XY, c: XY, d: XY): number {
  if (segmentsCross(a, b, c, d)) return 0;
  return Math.min(segDist(a, c, d), segDist(b, c, d), segDist(c, a, b), segDist(d, a, b));
}

/** Do two convex polygons (closed rings) overlap with positive area? Separating axis test. */
function convexOverlap(p: readonly XY[], q: readonly XY[]): boolean {
  for (const ring of [p, q]) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const nx = -(ring[i + 1]![1] - ring[i]![1]);
      const ny = ring[i + 1]![0] - ring[i]![0];
      let pMin = Infinity;
      let pMax = -Infinity;
      let qMin = Infinity;
      let qMax = -Infinity;
      for (const v of p) {
        const t = v[0] * nx + v[1] * ny;
        pMin = Math.min(pMin, t);
        pMax = Math.max(pMax, t);
      }
      for (const v of q) {
        const t = v[0] * nx + v[1] * ny;
        qMin = Math.min(qMin, t);
        qMax = Math.max(qMax, t);
      }
      const eps = 1e-9 * Math.hypot(nx, ny);
      if (pMax <= qMin + eps || qMax <= pMin + eps) return false;
    }
  }
  return true;
}

/** Uniform grid of items by bounding box, for neighbour queries without O(n²). */
class BoxHash<T> {
  private readonly cells = new Map<string, T[]>();

  constructor(private readonly size: number) {}

  private keys(x0: number, y0: number, x1: number, y1: number): string[] {
    const out: string[] = [];
    for (let i = Math.floor(x0 / this.size); i <= Math.floor(x1 / this.size); i++)
      for (let j = Math.floor(y0 / this.size); j <= Math.floor(y1 / this.size); j++) out.push(`${i},${j}`);
    return out;
  }

  add(item: T, x0: number, y0: number, x1: number, y1: number): void {
    for (const k of this.keys(x0, y0, x1, y1)) {
      const list = this.cells.get(k);
      if (list) list.push(item);
      else this.cells.set(k, [item]);
    }
  }

  near(x0: number, y0: number, x1: number, y1: number): Set<T> {
    const out = new Set<T>();
    for (const k of this.keys(x0, y0, x1, y1)) for (const item of this.cells.get(k) ?? []) out.add(item);
    return out;
  }
}

function bbox(pts: readonly XY[]): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of pts) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1, y1];
}

export function validateDistrict(d: ValidationInput, limits: ValidationLimits = DEFAULT_LIMITS): string[] {
  const problems: string[] = [];
  const note = (msg: string) => {
    if (problems.length < 50) problems.push(msg);
  };
  const comms = d.communities.features;
  if (comms.length === 0) return ['no communities'];
  const first = comms[0]!.geometry.coordinates[0]![0]!;
  const toXY = projector(first[0]!, first[1]!);

  // Communities: rings, areas, and shared vertices (no T-junctions between neighbours).
  const rings = comms.map((f) => f.geometry.coordinates[0]!.map(toXY));
  const boxes = rings.map(bbox);
  const areaSum = rings.reduce((s, r) => s + Math.abs(area(r)), 0);
  if (d.boundary) {
    const boundaryArea = Math.abs(area(d.boundary.geometry.coordinates[0]!.map(toXY)));
    if (Math.abs(areaSum - boundaryArea) > boundaryArea * 0.001)
      note(`communities cover ${areaSum.toFixed(0)} m² but the district is ${boundaryArea.toFixed(0)} m²`);
  }
  const vertexHash = new BoxHash<string>(200);
  const vertexXY = new Map<string, XY>();
  comms.forEach((f, c) => {
    f.geometry.coordinates[0]!.forEach((p, k) => {
      const key = `${p[0]},${p[1]}`;
      if (vertexXY.has(key)) return;
      const xy = rings[c]![k]!;
      vertexXY.set(key, xy);
      vertexHash.add(key, xy[0], xy[1], xy[0], xy[1]);
    });
  });
  comms.forEach((f, c) => {
    const coords = f.geometry.coordinates[0]!;
    const ring = rings[c]!;
    const own = new Set(coords.map((p) => `${p[0]},${p[1]}`));
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0, x1, y1] = bbox([ring[i]!, ring[i + 1]!]);
      for (const key of vertexHash.near(x0, y0, x1, y1)) {
        if (own.has(key)) continue;
        if (segDist(vertexXY.get(key)!, ring[i]!, ring[i + 1]!) < 0.01) {
          note(`community ${f.properties.name} has a neighbour's vertex on its edge without sharing it`);
          break;
        }
      }
    }
  });
  const communityAt = (p: XY): number[] => {
    const out: number[] = [];
    rings.forEach((r, c) => {
      const b = boxes[c]!;
      if (p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3] && inRing(p, r)) out.push(c);
    });
    return out;
  };
  // Overlap: sample points on a lattice must each fall in at most one community.
  const all = bbox(rings.flat());
  const steps = 60;
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const p: XY = [
        all[0] + ((i + 0.5) / steps) * (all[2] - all[0]),
        all[1] + ((j + 0.37) / steps) * (all[3] - all[1]),
      ];
      if (communityAt(p).length > 1)
        note(`communities overlap near (${p[0].toFixed(0)}, ${p[1].toFixed(0)}) m`);
    }
  }

  // Buildings: ids, households, one community each, compounds within one community.
  const ids = new Set<string>();
  const commHouseholds = new Array<number>(comms.length).fill(0);
  const compoundCommunity = new Map<string, number>();
  const compoundHouseholds = new Map<string, number>();
  const footprints: { ring: XY[]; id: string }[] = [];
  const centres: { xy: XY; id: string }[] = [];
  const spots = new Map<string, string>();
  for (const f of d.buildings.features) {
    const { id, households, compound } = f.properties;
    if (ids.has(id)) note(`duplicate building id ${id}`);
    ids.add(id);
    if (!Number.isInteger(households) || households < 0) note(`building ${id} has households ${households}`);
    let centre: XY;
    if (f.geometry.type === 'Point') centre = toXY(f.geometry.coordinates);
    else {
      const ring = f.geometry.coordinates[0]!.map(toXY);
      footprints.push({ ring, id });
      let sx = 0;
      let sy = 0;
      for (let k = 0; k + 1 < ring.length; k++) {
        sx += ring[k]![0];
        sy += ring[k]![1];
      }
      centre = [sx / (ring.length - 1), sy / (ring.length - 1)];
    }
    centres.push({ xy: centre, id });
    const spot = `${centre[0].toFixed(1)},${centre[1].toFixed(1)}`;
    if (spots.has(spot)) note(`buildings ${spots.get(spot)} and ${id} stand on the same spot`);
    spots.set(spot, id);
    const inside = communityAt(centre);
    if (inside.length !== 1) {
      note(`building ${id} lies in ${inside.length} communities`);
      continue;
    }
    const c = inside[0]!;
    commHouseholds[c]! += households;
    if (compound) {
      const prev = compoundCommunity.get(compound);
      if (prev !== undefined && prev !== c) note(`compound ${compound} spans two communities`);
      compoundCommunity.set(compound, c);
      compoundHouseholds.set(compound, (compoundHouseholds.get(compound) ?? 0) + households);
    }
  }
  commHouseholds.forEach((h, c) => {
    if (h < limits.communityMin || h > limits.communityMax)
      note(`community ${comms[c]!.properties.name} has ${h} households`);
  });

  // Footprints must not overlap.
  const fpHash = new BoxHash<number>(50);
  footprints.forEach((fp, k) => {
    const [x0, y0, x1, y1] = bbox(fp.ring);
    for (const other of fpHash.near(x0, y0, x1, y1)) {
      if (convexOverlap(fp.ring, footprints[other]!.ring))
        note(`footprints of ${fp.id} and ${footprints[other]!.id} overlap`);
    }
    fpHash.add(k, x0, y0, x1, y1);
  });

  // No road, wall or path runs through a footprint (the planner cuts along them).
  for (const r of d.roads.features) {
    const pts = r.geometry.coordinates.map(toXY);
    for (let i = 0; i + 1 < pts.length; i++) {
      const [x0, y0, x1, y1] = bbox([pts[i]!, pts[i + 1]!]);
      for (const k of fpHash.near(x0, y0, x1, y1)) {
        const ring = footprints[k]!.ring;
        let hit = inRing(pts[i]!, ring) || inRing(pts[i + 1]!, ring);
        for (let e = 0; e + 1 < ring.length && !hit; e++)
          hit = segmentsCross(pts[i]!, pts[i + 1]!, ring[e]!, ring[e + 1]!);
        if (hit)
          note(`${r.properties.class} ${r.properties.name ?? ''} runs through building ${footprints[k]!.id}`);
      }
    }
  }

  // No building near the river.
  const riverSegs = new BoxHash<[XY, XY]>(100);
  for (const r of d.roads.features) {
    if (r.properties.class !== 'river') continue;
    const pts = r.geometry.coordinates.map(toXY);
    for (let i = 0; i + 1 < pts.length; i++) {
      const [x0, y0, x1, y1] = bbox([pts[i]!, pts[i + 1]!]);
      riverSegs.add([pts[i]!, pts[i + 1]!], x0, y0, x1, y1);
    }
  }
  const clear = limits.riverClearance;
  for (const fp of footprints) {
    const [x0, y0, x1, y1] = bbox(fp.ring);
    for (const [a, b] of riverSegs.near(x0 - clear, y0 - clear, x1 + clear, y1 + clear)) {
      let near = false;
      for (let k = 0; k + 1 < fp.ring.length && !near; k++)
        near = segSegDist(fp.ring[k]!, fp.ring[k + 1]!, a, b) < clear;
      if (near) {
        note(`building ${fp.id} is within ${clear} m of the river`);
        break;
      }
    }
  }
  for (const { xy, id } of centres) {
    for (const [a, b] of riverSegs.near(xy[0] - clear, xy[1] - clear, xy[0] + clear, xy[1] + clear)) {
      if (segDist(xy, a, b) < clear) {
        note(`building ${id} is within ${clear} m of the river`);
        break;
      }
    }
  }

  // Compounds over the cap: their own service roads must cut them into parts under it.
  const serviceLines = new Map<string, [XY, XY][]>();
  for (const r of d.roads.features) {
    const c = r.properties.compound;
    if (r.properties.class !== 'service' || !c) continue;
    const pts = r.geometry.coordinates;
    const line: [XY, XY] = [toXY(pts[0]!), toXY(pts[pts.length - 1]!)];
    serviceLines.set(c, [...(serviceLines.get(c) ?? []), line]);
  }
  for (const [compound, hh] of compoundHouseholds) {
    if (hh <= limits.compoundMax) continue;
    const lines = serviceLines.get(compound) ?? [];
    if (lines.length === 0) {
      if (limits.compoundRoadsRequired !== false)
        note(`compound ${compound} has ${hh} households and no internal service road`);
      continue;
    }
    const parts = new Map<string, number>();
    d.buildings.features.forEach((f, k) => {
      if (f.properties.compound !== compound) return;
      const p = centres[k]!.xy;
      const key = lines.map(([a, b]) => (orient(a, b, p) > 0 ? '+' : '-')).join('');
      parts.set(key, (parts.get(key) ?? 0) + f.properties.households);
    });
    for (const h of parts.values()) {
      if (h > limits.compoundMax)
        note(`compound ${compound} has a part of ${h} households between its service roads`);
    }
  }
  return problems;
}
