/**
 * The community's tessellation: a constrained Delaunay triangulation of the community boundary,
 * the roads/rivers/walls inside it, the buildings' points and a light grid of Steiner points.
 * Every unit shape later is a set of these triangles, so neighbouring units share exactly the same
 * edges (no gaps, no overlaps, no slivers), and unit boundaries can run exactly along roads.
 */
import Constrainautor from '@kninnug/constrainautor';
import Delaunator from 'delaunator';
import { ringsBBox, StripeIndex } from '../geo/ring';
import { COMMUNITY_EDGE, OPEN } from './barriers';
import { floodOpenPieces } from './flood';
import { addPointOnNetwork, nodeNetwork, onNetwork, type PointSet, pairKey } from './noding';
import { SparseFlips } from './sparseFlips';

export interface MeshInput {
  /** Community rings in metres (flat x,y arrays, open). */
  rings: Float64Array[];
  /** Barrier polylines in metres (flat x,y arrays) with their kind (≥1) and source feature id. */
  lines: { coords: Float64Array; kind: number; id?: string }[];
  /**
   * Seed points in metres with the local index of the building they belong to. `point` marks the
   * building's own point (the one the table places it by): unit outlines keep clear of it.
   */
  seeds: { x: number; y: number; building: number; point?: boolean }[];
  /** Spacing of Steiner points and of densified edges (m). */
  spacing: number;
}

export interface Mesh {
  coords: Float64Array;
  triangles: Uint32Array;
  halfedges: Int32Array;
  /** Kind of each half-edge: OPEN, COMMUNITY_EDGE or a barrier kind. */
  edgeKind: Int8Array;
  /** 1 for triangles inside the community. */
  inside: Uint8Array;
  /** Block of each inside triangle (faces between barriers), -1 outside. */
  block: Int32Array;
  blockCount: number;
  /** Building of each seed vertex, -1 for other vertices. */
  vertexBuilding: Int32Array;
  /**
   * Building whose own point (a seed marked `point`) this vertex is, -1 for other vertices. Where
   * its triangles would not make a small clean disc round it, the point gets a ring of Steiner
   * points (see ringBuildingPoints); cells give the disc wholly to the building.
   */
  pointBuilding: Int32Array;
  /** Vertices of the input community rings (kept when shapes are simplified). */
  vertexOnRing: Uint8Array;
  /**
   * Unrounded position of vertices on the community outline (NaN elsewhere): unit shapes use it so
   * they meet the community's own boundary exactly, not to the centimetre the mesh is snapped to.
   */
  exact: Float64Array;
  /** Constraint segments that could not be inserted (0 unless the road cleaning missed a case). */
  failedConstraints: number;
  /** Feature ids of the lines those segments came from (the outline's own are only counted). */
  failedFeatures: string[];
  constraintCount: number;
}

/**
 * Radius (m) of the ring of Steiner points around each building's own point. Its fan of 8
 * triangles reaches 0.92 of it, which keeps every unit outline over 1 m from the point.
 */
const POINT_CLEARANCE = 2.2;
const RING_POINTS = 8;
/** A point whose triangles' far edges come nearer than this (m) gets a ring (1 m and a margin). */
const NEAR_EDGE = 1.4;

export function buildMesh(input: MeshInput): Mesh {
  const { rings, lines, seeds, spacing } = input;
  const ringIndex = new StripeIndex(rings);

  // Bounding box of the community (for the Steiner grid).
  const [minX, minY, maxX, maxY] = ringsBBox(rings);

  // Outline and lines as one clean network (see noding.ts): nothing crosses, nothing is dropped.
  const net = nodeNetwork({ rings, lines, spacing });
  const { points, ringVertices: ringVertexKeys } = net;

  // Seeds: building points (a point shared with a road vertex still seeds its building).
  const seedVertex = new Int32Array(seeds.length);
  seeds.forEach((s, k) => {
    seedVertex[k] = addPointOnNetwork(net, s.x, s.y);
  });
  const { pieces, kinds, sources } = net;
  const constraintKind = new Map<number, number>();
  for (let i = 0; i < kinds.length; i++)
    constraintKind.set(pairKey(pieces[2 * i]!, pieces[2 * i + 1]!), kinds[i]!);

  // Steiner points on a hexagonal grid, away from existing points, inside the community.
  const cell = spacing;
  const occupied = new Set<number>();
  const occKey = (x: number, y: number) =>
    (Math.floor(x / cell) + 0x100000) * 0x200000 + (Math.floor(y / cell) + 0x100000);
  for (let i = 0; i < points.coords.length; i += 2)
    occupied.add(occKey(points.coords[i]!, points.coords[i + 1]!));
  const rowH = spacing * 0.866;
  let row = 0;
  for (let y = minY + rowH / 2; y < maxY; y += rowH, row++) {
    for (let x = minX + (row % 2 ? spacing / 2 : 0) + spacing / 4; x < maxX; x += spacing) {
      if (occupied.has(occKey(x, y))) continue;
      if (!ringIndex.contains(x, y)) continue;
      if (onNetwork(net, x, y)) continue;
      points.add(x, y);
    }
  }

  ringBuildingPoints(points, pieces, seeds, seedVertex);

  const coords = Float64Array.from(points.coords);
  const nPoints = coords.length / 2;
  const del = new Delaunator(coords);
  const con = new Constrainautor(del);
  (con as unknown as { flips: SparseFlips }).flips = new SparseFlips(del.triangles.length);
  let failed = 0;
  const failedFeatures = new Set<string>();
  for (let i = 0; i < pieces.length; i += 2) {
    try {
      con.constrainOne(pieces[i]!, pieces[i + 1]!);
    } catch {
      // Should not happen after cleaning; if it does, the road there is simply not a possible
      // boundary, and the report names the line it came from.
      failed++;
      const source = sources[i / 2]!;
      if (source >= 0) failedFeatures.add(lines[source]!.id ?? `#${source}`);
    }
  }
  const triangles = del.triangles;
  const halfedges = del.halfedges;
  const nHalf = triangles.length;
  const edgeKind = new Int8Array(nHalf).fill(OPEN);
  for (let e = 0; e < nHalf; e++) {
    const a = triangles[e]!;
    const b = triangles[e % 3 === 2 ? e - 2 : e + 1]!;
    const key = pairKey(a, b);
    const kind = constraintKind.get(key);
    if (kind !== undefined) edgeKind[e] = kind;
  }

  const nTri = nHalf / 3;
  // Inside or outside, region by region: the outline pieces (snapped onto nearby road vertices)
  // bound regions of triangles, and each region goes by the area-weighted vote of its triangles'
  // centroids, so slivers between the snapped outline and the true line follow the outline.
  const region = new Int32Array(nTri).fill(-1);
  const votes: number[] = [];
  const stackR: number[] = [];
  for (let t0 = 0; t0 < nTri; t0++) {
    if (region[t0] !== -1) continue;
    const r = votes.length;
    votes.push(0);
    region[t0] = r;
    stackR.push(t0);
    while (stackR.length) {
      const t = stackR.pop()!;
      const a = triangles[3 * t]!;
      const b = triangles[3 * t + 1]!;
      const c = triangles[3 * t + 2]!;
      const cx = (coords[2 * a]! + coords[2 * b]! + coords[2 * c]!) / 3;
      const cy = (coords[2 * a + 1]! + coords[2 * b + 1]! + coords[2 * c + 1]!) / 3;
      const area = Math.abs(
        (coords[2 * b]! - coords[2 * a]!) * (coords[2 * c + 1]! - coords[2 * a + 1]!) -
          (coords[2 * c]! - coords[2 * a]!) * (coords[2 * b + 1]! - coords[2 * a + 1]!),
      );
      votes[r]! += ringIndex.contains(cx, cy) ? area : -area;
      for (let k = 0; k < 3; k++) {
        const e = 3 * t + k;
        if (edgeKind[e] === COMMUNITY_EDGE) continue;
        const o = halfedges[e]!;
        if (o < 0) continue;
        const u = (o / 3) | 0;
        if (region[u] === -1) {
          region[u] = r;
          stackR.push(u);
        }
      }
    }
  }
  const inside = new Uint8Array(nTri);
  for (let t = 0; t < nTri; t++) if (votes[region[t]!]! > 0) inside[t] = 1;

  // Blocks: faces of the barrier network inside the community.
  const block = new Int32Array(nTri).fill(-1);
  const blockCount = floodOpenPieces(halfedges, edgeKind, inside, block, 0);

  // The first building to claim a vertex seeds from it.
  const vertexBuilding = new Int32Array(nPoints).fill(-1);
  seeds.forEach((s, k) => {
    const v = seedVertex[k]!;
    if (vertexBuilding[v] === -1) vertexBuilding[v] = s.building;
  });
  const pointBuilding = new Int32Array(nPoints).fill(-1);
  seeds.forEach((s, k) => {
    const v = seedVertex[k]!;
    if (s.point && pointBuilding[v] === -1) pointBuilding[v] = s.building;
  });
  const vertexOnRing = new Uint8Array(nPoints);
  for (const v of ringVertexKeys) vertexOnRing[v] = 1;

  return {
    coords,
    triangles,
    halfedges,
    edgeKind,
    inside,
    block,
    blockCount,
    vertexBuilding,
    pointBuilding,
    vertexOnRing,
    exact: Float64Array.from(points.exact),
    failedConstraints: failed,
    failedFeatures: [...failedFeatures].sort(),
    constraintCount: pieces.length / 2,
  };
}

/**
 * A ring of Steiner points around a building's own point, where its triangles would not form a
 * small clean disc round it: where another building's point is one of their corners (both fans
 * cannot be whole, so a unit outline could pass through both points), or where a triangle's far
 * edge passes within NEAR_EDGE of the point. Found on a
 * plain Delaunay triangulation of the points so far (cheap next to the constrained one); most
 * points with a footprint around them need no ring. Ring points within 10 cm of a road or the
 * outline are left out: a point on a constraint's line would stop the constraint being inserted.
 */
function ringBuildingPoints(
  points: PointSet,
  pieces: number[],
  seeds: MeshInput['seeds'],
  seedVertex: Int32Array,
): void {
  const n = points.size;
  const pointOf = new Int32Array(n).fill(-1);
  seeds.forEach((s, k) => {
    const v = seedVertex[k]!;
    if (s.point && pointOf[v] === -1) pointOf[v] = s.building;
  });
  const P = Float64Array.from(points.coords);
  const { triangles } = new Delaunator(P);
  const needs = new Uint8Array(n);
  // Pairs of neighbouring points of different buildings: one ring between them parts them, when
  // they stand far enough apart for its points to fall between; else both get one.
  const pairs: number[] = [];
  for (let t = 0; t < triangles.length; t += 3)
    for (let k = 0; k < 3; k++) {
      const v = triangles[t + k]!;
      const b = pointOf[v]!;
      if (b < 0) continue;
      const p = triangles[t + ((k + 1) % 3)]!;
      const q = triangles[t + ((k + 2) % 3)]!;
      if (pointOf[p] !== -1 && pointOf[p] !== b && v < p) pairs.push(v, p);
      if (!needs[v] && segmentDistance(P, v, p, q) < NEAR_EDGE) needs[v] = 1;
    }
  for (let i = 0; i < pairs.length; i += 2) {
    const v = pairs[i]!;
    const w = pairs[i + 1]!;
    const apart = Math.hypot(P[2 * v]! - P[2 * w]!, P[2 * v + 1]! - P[2 * w + 1]!);
    if (apart < 2 * POINT_CLEARANCE) {
      needs[v] = 1;
      needs[w] = 1;
    } else if (!needs[v] && !needs[w]) needs[v] = 1;
  }
  const cell = 16;
  const keyOf = (cx: number, cy: number) => (cx + 0x100000) * 0x200000 + (cy + 0x100000);
  const wanted = new Set<number>();
  for (let v = 0; v < n; v++)
    if (needs[v]) wanted.add(keyOf(Math.floor(P[2 * v]! / cell), Math.floor(P[2 * v + 1]! / cell)));
  if (!wanted.size) return;
  // Only pieces near some ringed point are indexed.
  const grid = new Map<number, number[]>();
  const near = POINT_CLEARANCE + 1;
  for (let i = 0; i < pieces.length; i += 2) {
    const a = pieces[i]!;
    const b = pieces[i + 1]!;
    const x0 = Math.floor((Math.min(P[2 * a]!, P[2 * b]!) - near) / cell);
    const x1 = Math.floor((Math.max(P[2 * a]!, P[2 * b]!) + near) / cell);
    const y0 = Math.floor((Math.min(P[2 * a + 1]!, P[2 * b + 1]!) - near) / cell);
    const y1 = Math.floor((Math.max(P[2 * a + 1]!, P[2 * b + 1]!) + near) / cell);
    for (let cx = x0; cx <= x1; cx++)
      for (let cy = y0; cy <= y1; cy++) {
        const k = keyOf(cx, cy);
        if (!wanted.has(k)) continue;
        const list = grid.get(k);
        if (list) list.push(i);
        else grid.set(k, [i]);
      }
  }
  const clearOfPieces = (x: number, y: number, list: number[] | undefined) => {
    for (const i of list ?? []) {
      const ax = P[2 * pieces[i]!]!;
      const ay = P[2 * pieces[i]! + 1]!;
      const dx = P[2 * pieces[i + 1]!]! - ax;
      const dy = P[2 * pieces[i + 1]! + 1]! - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
      if (Math.hypot(ax + t * dx - x, ay + t * dy - y) < 0.1) return false;
    }
    return true;
  };
  // Turned off the axes, so ring points do not line up with axis-parallel roads.
  const turn = 0.3;
  for (let v = 0; v < n; v++) {
    if (!needs[v]) continue;
    const cx = P[2 * v]!;
    const cy = P[2 * v + 1]!;
    const list = grid.get(keyOf(Math.floor(cx / cell), Math.floor(cy / cell)));
    for (let k = 0; k < RING_POINTS; k++) {
      const a = turn + (2 * Math.PI * k) / RING_POINTS;
      const x = cx + POINT_CLEARANCE * Math.cos(a);
      const y = cy + POINT_CLEARANCE * Math.sin(a);
      if (clearOfPieces(x, y, list)) points.add(x, y);
    }
  }
}

/** Distance from point v to segment p–q (vertex ids into flat coordinates). */
function segmentDistance(P: Float64Array, v: number, p: number, q: number): number {
  const ax = P[2 * p]!;
  const ay = P[2 * p + 1]!;
  const dx = P[2 * q]! - ax;
  const dy = P[2 * q + 1]! - ay;
  const x = P[2 * v]!;
  const y = P[2 * v + 1]!;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
  return Math.hypot(ax + t * dx - x, ay + t * dy - y);
}
