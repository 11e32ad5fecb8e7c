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
import { SparseFlips } from './sparseFlips';

export interface MeshInput {
  /** Community rings in metres (flat x,y arrays, open). */
  rings: Float64Array[];
  /** Barrier polylines in metres (flat x,y arrays) with their kind (≥1). */
  lines: { coords: Float64Array; kind: number }[];
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
  /** Constraint segments that could not be inserted (crossing noise in the road data). */
  failedConstraints: number;
  constraintCount: number;
}

const CM = 100; // snap to centimetres

/**
 * Radius (m) of the ring of Steiner points around each building's own point. Its fan of 8
 * triangles reaches 0.92 of it, which keeps every unit outline over 1 m from the point.
 */
const POINT_CLEARANCE = 2.2;
const RING_POINTS = 8;
/** A point whose triangles' far edges come nearer than this (m) gets a ring (1 m and a margin). */
const NEAR_EDGE = 1.4;

class PointSet {
  coords: number[] = [];
  /** Unrounded coordinates of points on the community outline (NaN elsewhere). */
  exact: number[] = [];
  private readonly index = new Map<number, number>();

  add(x: number, y: number, onOutline = false): number {
    const rx = Math.round(x * CM);
    const ry = Math.round(y * CM);
    const key = (rx + 0x4000000) * 0x8000000 + (ry + 0x4000000);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.coords.length / 2;
      this.coords.push(rx / CM, ry / CM);
      this.exact.push(Number.NaN, Number.NaN);
      this.index.set(key, i);
    }
    if (onOutline && Number.isNaN(this.exact[2 * i]!)) {
      this.exact[2 * i] = x;
      this.exact[2 * i + 1] = y;
    }
    return i;
  }

  /** Record the exact outline position of a point, unless it has one (ring vertices win). */
  setExact(i: number, x: number, y: number): void {
    if (Number.isNaN(this.exact[2 * i]!)) {
      this.exact[2 * i] = x;
      this.exact[2 * i + 1] = y;
    }
  }

  get size(): number {
    return this.coords.length / 2;
  }
}

interface Segment {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  kind: number;
  /** Split points along the segment: parameter (0..1) and the shared point where it splits. */
  splits: { t: number; x: number; y: number }[] | null;
  ring: boolean;
}

/** Split every segment where it meets another (a uniform grid keeps this near-linear). */
function nodeSegments(segs: Segment[], cell: number): void {
  const grid = new Map<number, number[]>();
  const keyOf = (cx: number, cy: number) => (cx + 0x100000) * 0x200000 + (cy + 0x100000);
  segs.forEach((s, i) => {
    const x0 = Math.floor(Math.min(s.ax, s.bx) / cell);
    const x1 = Math.floor(Math.max(s.ax, s.bx) / cell);
    const y0 = Math.floor(Math.min(s.ay, s.by) / cell);
    const y1 = Math.floor(Math.max(s.ay, s.by) / cell);
    for (let cx = x0; cx <= x1; cx++)
      for (let cy = y0; cy <= y1; cy++) {
        const k = keyOf(cx, cy);
        const list = grid.get(k);
        if (list) list.push(i);
        else grid.set(k, [i]);
      }
  });
  for (const [key, list] of grid) {
    const cellX = Math.floor(key / 0x200000) - 0x100000;
    const cellY = (key % 0x200000) - 0x100000;
    for (let a = 0; a < list.length; a++) {
      const s = segs[list[a]!]!;
      for (let b = a + 1; b < list.length; b++) {
        const u = segs[list[b]!]!;
        // Test each pair once: in the cell holding the corner of their boxes' overlap.
        const ox = Math.max(Math.min(s.ax, s.bx), Math.min(u.ax, u.bx));
        const oy = Math.max(Math.min(s.ay, s.by), Math.min(u.ay, u.by));
        if (ox > Math.min(Math.max(s.ax, s.bx), Math.max(u.ax, u.bx)) + 0.01) continue;
        if (oy > Math.min(Math.max(s.ay, s.by), Math.max(u.ay, u.by)) + 0.01) continue;
        if (Math.floor(ox / cell) !== cellX || Math.floor(oy / cell) !== cellY) continue;
        intersect(s, u);
      }
    }
  }
}

/** Both segments split at the very same point, so the pieces meet exactly. */
function addSplit(s: Segment, t: number, x: number, y: number): void {
  if (t <= 1e-9 || t >= 1 - 1e-9) return;
  const split = { t, x, y };
  if (s.splits) s.splits.push(split);
  else s.splits = [split];
}

function intersect(s: Segment, u: Segment): void {
  const rx = s.bx - s.ax;
  const ry = s.by - s.ay;
  const qx = u.bx - u.ax;
  const qy = u.by - u.ay;
  const denom = rx * qy - ry * qx;
  const wx = u.ax - s.ax;
  const wy = u.ay - s.ay;
  const lenS = Math.hypot(rx, ry);
  const lenU = Math.hypot(qx, qy);
  if (lenS === 0 || lenU === 0) return;
  if (Math.abs(denom) < 1e-9 * lenS * lenU) {
    // Parallel: split each at the other's endpoints when they overlap on one line.
    if (Math.abs(wx * ry - wy * rx) / lenS > 0.01) return;
    const ls2 = lenS * lenS;
    addSplit(s, (wx * rx + wy * ry) / ls2, u.ax, u.ay);
    addSplit(s, ((u.bx - s.ax) * rx + (u.by - s.ay) * ry) / ls2, u.bx, u.by);
    const lu2 = lenU * lenU;
    addSplit(u, ((s.ax - u.ax) * qx + (s.ay - u.ay) * qy) / lu2, s.ax, s.ay);
    addSplit(u, ((s.bx - u.ax) * qx + (s.by - u.ay) * qy) / lu2, s.bx, s.by);
    return;
  }
  const t = (wx * qy - wy * qx) / denom;
  const v = (wx * ry - wy * rx) / denom;
  // Tolerances of 1 cm along each segment catch T-junctions that miss by rounding.
  const et = 0.01 / lenS;
  const ev = 0.01 / lenU;
  if (t < -et || t > 1 + et || v < -ev || v > 1 + ev) return;
  const tc = Math.min(1, Math.max(0, t));
  const vc = Math.min(1, Math.max(0, v));
  // Snap to an endpoint when the crossing is at one (T-junctions), else the crossing point.
  let x: number;
  let y: number;
  if (tc === 0 || tc === 1) [x, y] = tc === 0 ? [s.ax, s.ay] : [s.bx, s.by];
  else if (vc === 0 || vc === 1) [x, y] = vc === 0 ? [u.ax, u.ay] : [u.bx, u.by];
  else [x, y] = [s.ax + rx * tc, s.ay + ry * tc];
  addSplit(s, tc, x, y);
  addSplit(u, vc, x, y);
}

/** One key for an undirected pair of point indices. */
const pairKey = (a: number, b: number) => (a < b ? a * 0x4000000 + b : b * 0x4000000 + a);

/** How far (m) a dead end of a line may stop short of another line and still be joined to it. */
const DANGLE_SNAP = 0.5;

/**
 * One pass of cleaning: split pieces where they cross each other (at one shared point) or pass
 * within 2 cm of another piece's vertex. Returns null when nothing needed splitting.
 */
function refinePieces(
  points: PointSet,
  pieces: number[],
  kinds: number[],
  cell: number,
  dirty: Uint8Array | null,
  newVertexFrom: number,
): { pieces: number[]; kinds: number[]; dirty: Uint8Array } | null {
  // After the first pass only pieces split last time (dirty) and new vertices need a look.
  const isDirty = (i: number) => dirty === null || dirty[i] === 1;
  const P = points.coords;
  const n = kinds.length;
  const keyOf = (cx: number, cy: number) => (cx + 0x100000) * 0x200000 + (cy + 0x100000);
  const grid = new Map<number, number[]>();
  const vertexGrid = new Map<number, number[]>();
  const seenVertex = new Set<number>();
  // Dead ends of lines (degree 1) that stop just short of another line are joined to it: data
  // rounded to 6 decimals misses T-junctions by up to ~10 cm.
  const degree = new Map<number, number>();
  for (let i = 0; i < 2 * n; i++) degree.set(pieces[i]!, (degree.get(pieces[i]!) ?? 0) + 1);
  for (let i = 0; i < n; i++) {
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    // Pieces reach a little further: dead ends and vertices that nearly touch them snap onto them.
    const pad = DANGLE_SNAP;
    const x0 = Math.floor((Math.min(P[2 * a]!, P[2 * b]!) - pad) / cell);
    const x1 = Math.floor((Math.max(P[2 * a]!, P[2 * b]!) + pad) / cell);
    const y0 = Math.floor((Math.min(P[2 * a + 1]!, P[2 * b + 1]!) - pad) / cell);
    const y1 = Math.floor((Math.max(P[2 * a + 1]!, P[2 * b + 1]!) + pad) / cell);
    for (let cx = x0; cx <= x1; cx++)
      for (let cy = y0; cy <= y1; cy++) {
        const k = keyOf(cx, cy);
        const list = grid.get(k);
        if (list) list.push(i);
        else grid.set(k, [i]);
      }
    for (const v of [a, b]) {
      if (seenVertex.has(v)) continue;
      seenVertex.add(v);
      const k = keyOf(Math.floor(P[2 * v]! / cell), Math.floor(P[2 * v + 1]! / cell));
      const list = vertexGrid.get(k);
      if (list) list.push(v);
      else vertexGrid.set(k, [v]);
    }
  }
  const splits = new Map<number, { t: number; v: number }[]>();
  const X = points.exact;
  const addSplit = (i: number, t: number, v: number) => {
    const list = splits.get(i);
    if (list) list.push({ t, v });
    else splits.set(i, [{ t, v }]);
    // A vertex put on the community outline gets its exact place on the outline's line.
    if (kinds[i] === COMMUNITY_EDGE && Number.isNaN(X[2 * v]!)) {
      const a = pieces[2 * i]!;
      const b = pieces[2 * i + 1]!;
      const ax = Number.isNaN(X[2 * a]!) ? P[2 * a]! : X[2 * a]!;
      const ay = Number.isNaN(X[2 * a]!) ? P[2 * a + 1]! : X[2 * a + 1]!;
      const bx = Number.isNaN(X[2 * b]!) ? P[2 * b]! : X[2 * b]!;
      const by = Number.isNaN(X[2 * b]!) ? P[2 * b + 1]! : X[2 * b + 1]!;
      const dx = bx - ax;
      const dy = by - ay;
      const u = ((P[2 * v]! - ax) * dx + (P[2 * v + 1]! - ay) * dy) / (dx * dx + dy * dy);
      X[2 * v] = ax + dx * u;
      X[2 * v + 1] = ay + dy * u;
    }
  };
  const box = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    box[4 * i] = Math.min(P[2 * a]!, P[2 * b]!);
    box[4 * i + 1] = Math.min(P[2 * a + 1]!, P[2 * b + 1]!);
    box[4 * i + 2] = Math.max(P[2 * a]!, P[2 * b]!);
    box[4 * i + 3] = Math.max(P[2 * a + 1]!, P[2 * b + 1]!);
  }
  // Vertices within 2 cm of a piece are on it; for the community outline 15 cm, because lon/lat
  // with 6 decimals (a common export precision) is only good to ~11 cm.
  const eps = 0.02;
  const outlineEps = 0.15;
  for (const [k, list] of grid) {
    const cellX = Math.floor(k / 0x200000) - 0x100000;
    const cellY = (k % 0x200000) - 0x100000;
    for (let p = 0; p < list.length; p++) {
      const i = list[p]!;
      const a = pieces[2 * i]!;
      const b = pieces[2 * i + 1]!;
      const ax = P[2 * a]!;
      const ay = P[2 * a + 1]!;
      const dx = P[2 * b]! - ax;
      const dy = P[2 * b + 1]! - ay;
      const len2 = dx * dx + dy * dy;
      // A vertex of the network lying on this piece.
      const tol = kinds[i] === COMMUNITY_EDGE ? outlineEps : eps;
      const dangleTol = Math.max(tol, DANGLE_SNAP);
      const pieceDirty = isDirty(i);
      for (const v of vertexGrid.get(k) ?? []) {
        if (v === a || v === b || (!pieceDirty && v < newVertexFrom)) continue;
        const vx = P[2 * v]!;
        const vy = P[2 * v + 1]!;
        const vt = degree.get(v) === 1 ? dangleTol : tol;
        if (
          vx < box[4 * i]! - vt ||
          vx > box[4 * i + 2]! + vt ||
          vy < box[4 * i + 1]! - vt ||
          vy > box[4 * i + 3]! + vt
        )
          continue;
        const px = vx - ax;
        const py = vy - ay;
        const t = (px * dx + py * dy) / len2;
        if (t <= 0 || t >= 1) continue;
        const cross = px * dy - py * dx;
        if ((cross * cross) / len2 < vt * vt) addSplit(i, t, v);
      }
      for (let q = p + 1; q < list.length; q++) {
        const j = list[q]!;
        if (!pieceDirty && !isDirty(j)) continue;
        const ox0 = Math.max(box[4 * i]!, box[4 * j]!);
        const oy0 = Math.max(box[4 * i + 1]!, box[4 * j + 1]!);
        if (
          ox0 > Math.min(box[4 * i + 2]!, box[4 * j + 2]!) ||
          oy0 > Math.min(box[4 * i + 3]!, box[4 * j + 3]!)
        )
          continue;
        // Test each pair once: in the cell holding the corner of the boxes' overlap.
        if (Math.floor(ox0 / cell) !== cellX || Math.floor(oy0 / cell) !== cellY) continue;
        const c = pieces[2 * j]!;
        const d = pieces[2 * j + 1]!;
        if (c === a || c === b || d === a || d === b) continue;
        const ex = P[2 * d]! - P[2 * c]!;
        const ey = P[2 * d + 1]! - P[2 * c + 1]!;
        const denom = dx * ey - dy * ex;
        if (denom === 0) continue;
        const wx = P[2 * c]! - ax;
        const wy = P[2 * c + 1]! - ay;
        const t = (wx * ey - wy * ex) / denom;
        const u = (wx * dy - wy * dx) / denom;
        if (t <= 0 || t >= 1 || u <= 0 || u >= 1) continue;
        const v = points.add(ax + dx * t, ay + dy * t);
        if (v !== a && v !== b) addSplit(i, t, v);
        if (v !== c && v !== d) addSplit(j, u, v);
      }
    }
  }
  if (!splits.size) return null;
  const outPieces: number[] = [];
  const outKinds: number[] = [];
  const outDirty: number[] = [];
  for (let i = 0; i < n; i++) {
    const list = splits.get(i);
    const mark = list ? 1 : 0;
    let prev = pieces[2 * i]!;
    if (list) {
      list.sort((x, y) => x.t - y.t);
      for (const { v } of list) {
        if (v !== prev) {
          outPieces.push(prev, v);
          outKinds.push(kinds[i]!);
          outDirty.push(mark);
        }
        prev = v;
      }
    }
    const end = pieces[2 * i + 1]!;
    if (end !== prev) {
      outPieces.push(prev, end);
      outKinds.push(kinds[i]!);
      outDirty.push(mark);
    }
  }
  const deduped = dedupePieces(outPieces, outKinds, outDirty);
  return { pieces: deduped.pieces, kinds: deduped.kinds, dirty: Uint8Array.from(deduped.flags) };
}

/** Drop repeated pieces (both directions); where kinds differ the lower kind wins. */
function dedupePieces(
  pieces: number[],
  kinds: number[],
  flags: number[] = [],
): { pieces: number[]; kinds: number[]; flags: number[] } {
  const index = new Map<number, number>();
  const outPieces: number[] = [];
  const outKinds: number[] = [];
  const outFlags: number[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const a = pieces[2 * i]!;
    const b = pieces[2 * i + 1]!;
    const key = pairKey(a, b);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, outKinds.length);
      outPieces.push(a, b);
      outKinds.push(kinds[i]!);
      outFlags.push(flags[i] ?? 0);
    } else {
      if (kinds[i]! < outKinds[at]!) outKinds[at] = kinds[i]!;
      if (flags[i]) outFlags[at] = 1;
    }
  }
  return { pieces: outPieces, kinds: outKinds, flags: outFlags };
}

export function buildMesh(input: MeshInput): Mesh {
  const { rings, lines, seeds, spacing } = input;
  const points = new PointSet();
  const ringIndex = new StripeIndex(rings);

  // Bounding box of the community, with a margin so roads that end just outside still node.
  const [minX, minY, maxX, maxY] = ringsBBox(rings);
  const margin = spacing * 2;

  const segs: Segment[] = [];
  const ringVertexKeys: number[] = [];
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      ringVertexKeys.push(points.add(r[i * 2]!, r[i * 2 + 1]!, true));
      segs.push({
        ax: r[i * 2]!,
        ay: r[i * 2 + 1]!,
        bx: r[j * 2]!,
        by: r[j * 2 + 1]!,
        kind: COMMUNITY_EDGE,
        splits: null,
        ring: true,
      });
    }
  }
  for (const line of lines) {
    const c = line.coords;
    for (let i = 0; i + 3 < c.length; i += 2) {
      const ax = c[i]!;
      const ay = c[i + 1]!;
      const bx = c[i + 2]!;
      const by = c[i + 3]!;
      if (
        Math.max(ax, bx) < minX - margin ||
        Math.min(ax, bx) > maxX + margin ||
        Math.max(ay, by) < minY - margin ||
        Math.min(ay, by) > maxY + margin
      )
        continue;
      if (ax === bx && ay === by) continue;
      segs.push({ ax, ay, bx, by, kind: line.kind, splits: null, ring: false });
    }
  }
  nodeSegments(segs, Math.max(spacing * 4, 50));

  // Split and densify segments into pieces between point indices, then make sure no two pieces
  // cross and no piece runs through another's vertex (Constrainautor needs a clean network).
  let pieces: number[] = [];
  let kinds: number[] = [];
  for (const s of segs) {
    const stops = [
      { t: 0, x: s.ax, y: s.ay },
      ...(s.splits ?? []).sort((a, b) => a.t - b.t),
      { t: 1, x: s.bx, y: s.by },
    ];
    let prev = points.add(s.ax, s.ay, s.ring);
    for (let k = 1; k < stops.length; k++) {
      const a = stops[k - 1]!;
      const b = stops[k]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / spacing));
      for (let q = 1; q <= steps; q++) {
        const f = q / steps;
        const idx =
          q === steps ? points.add(b.x, b.y) : points.add(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
        // On the outline the exact position is on the ring's own line, whatever snapped there.
        if (s.ring) {
          const t = a.t + (b.t - a.t) * f;
          points.setExact(idx, s.ax + (s.bx - s.ax) * t, s.ay + (s.by - s.ay) * t);
        }
        if (idx !== prev) {
          pieces.push(prev, idx);
          kinds.push(s.kind);
        }
        prev = idx;
      }
    }
  }
  ({ pieces, kinds } = dedupePieces(pieces, kinds));
  let dirty: Uint8Array | null = null;
  let newVertexFrom = 0;
  for (let round = 0; round < 6; round++) {
    const before = points.size;
    const refined = refinePieces(points, pieces, kinds, Math.max(spacing, 10), dirty, newVertexFrom);
    if (!refined) break;
    pieces = refined.pieces;
    kinds = refined.kinds;
    dirty = refined.dirty;
    newVertexFrom = before;
  }
  // Pieces are unique after cleaning; where a road ran on the outline, the outline won.
  ({ pieces, kinds } = dedupePieces(pieces, kinds));
  const constraintKind = new Map<number, number>();
  for (let i = 0; i < kinds.length; i++)
    constraintKind.set(pairKey(pieces[2 * i]!, pieces[2 * i + 1]!), kinds[i]!);

  // Seeds: building points (a point shared with a road vertex still seeds its building).
  const seedVertex = new Int32Array(seeds.length);
  seeds.forEach((s, k) => {
    seedVertex[k] = points.add(s.x, s.y);
  });

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
  for (let i = 0; i < pieces.length; i += 2) {
    try {
      con.constrainOne(pieces[i]!, pieces[i + 1]!);
    } catch {
      // A piece that still crosses another (noise in the road data) is left out: the road
      // there is simply not a possible boundary. Counted and reported.
      failed++;
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
