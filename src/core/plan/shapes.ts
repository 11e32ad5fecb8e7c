/**
 * Unit shapes from a labelling of the mesh triangles. The boundary between two units is traced
 * from the very same mesh edges on both sides, and simplified once per shared arc (TopoJSON-style),
 * so neighbouring units keep identical edges: no gaps, no overlaps, no slivers. Simplified arcs
 * never cross or touch one another and keep clear of every building's point, and rings are
 * handed out as valid OGC polygons (no ring touching itself, no spike along the outline).
 */
import { ringSignedArea } from '../geo/ring';
import { COMMUNITY_EDGE } from './barriers';
import type { Mesh } from './mesh';

export interface UnitPolygon {
  outer: Float64Array;
  holes: Float64Array[];
}

export interface ShapeOptions {
  /** Douglas–Peucker tolerance (m) on arcs that run along roads. */
  tolerance: number;
  /** Tolerance (m) on arcs that cross open ground inside a block (smooths the triangle steps). */
  openTolerance: number;
}

const next = (e: number) => (e % 3 === 2 ? e - 2 : e + 1);

/**
 * Which vertices the traced rings keep (bit 1): junctions, the community's own vertices, and what
 * Douglas–Peucker keeps. Bit 2 marks vertices on the community's outline (arc ends).
 */
function keptVertices(
  mesh: Mesh,
  label: Int32Array,
  opts: ShapeOptions,
): { keep: Uint8Array; standsFor: Map<number, number> } {
  const { triangles, halfedges, edgeKind, coords, vertexOnRing } = mesh;
  const nv = coords.length / 2;
  const degree = new Uint8Array(nv);
  const keep = new Uint8Array(nv);
  const internalDeg = new Uint32Array(nv + 1);
  const internal: number[] = [];
  for (let e = 0; e < triangles.length; e++) {
    const l = label[(e / 3) | 0]!;
    if (l < 0) continue;
    const o = halfedges[e]!;
    const lo = o < 0 ? -1 : label[(o / 3) | 0]!;
    if (lo === l) continue;
    const a = triangles[e]!;
    const b = triangles[next(e)]!;
    if (lo < 0) {
      degree[a] = Math.min(255, degree[a]! + 1);
      degree[b] = Math.min(255, degree[b]! + 1);
      // The community's own vertices stay, as do vertices of edges that are not on its ring.
      if (vertexOnRing[a] || edgeKind[e] !== COMMUNITY_EDGE) keep[a] = 1;
      if (vertexOnRing[b] || edgeKind[e] !== COMMUNITY_EDGE) keep[b] = 1;
      keep[a] = keep[a]! | 2;
      keep[b] = keep[b]! | 2;
    } else if (e < o) {
      degree[a] = Math.min(255, degree[a]! + 1);
      degree[b] = Math.min(255, degree[b]! + 1);
      internal.push(e);
      internalDeg[a]!++;
      internalDeg[b]!++;
    }
  }
  for (let v = 0; v < nv; v++) if (degree[v]! >= 3) keep[v] = keep[v]! | 1;
  const standsFor = cornerStandIns(mesh, keep);
  const guard = new ChordGuard(mesh, degree);

  // Internal edges per vertex (CSR) to walk arcs between fixed vertices.
  const offsets = new Uint32Array(nv + 1);
  for (let v = 0; v < nv; v++) offsets[v + 1] = offsets[v]! + internalDeg[v]!;
  const fill = offsets.slice(0, nv);
  const incident = new Uint32Array(offsets[nv]!);
  internal.forEach((e, i) => {
    incident[fill[triangles[e]!]!++] = i;
    incident[fill[triangles[next(e)]!]!++] = i;
  });
  const visited = new Uint8Array(internal.length);
  const other = (i: number, v: number) => {
    const e = internal[i]!;
    const a = triangles[e]!;
    return a === v ? triangles[next(e)]! : a;
  };
  const isEnd = (v: number) => keep[v] !== 0 || internalDeg[v] !== 2;
  const path: number[] = [];
  const walk = (start: number, firstEdge: number) => {
    path.length = 0;
    path.push(start);
    let open = true;
    let i = firstEdge;
    let v = start;
    for (;;) {
      visited[i] = 1;
      if (edgeKind[internal[i]!]! > 0) open = false;
      const w = other(i, v);
      path.push(w);
      if (w === start || isEnd(w)) break;
      let nextEdge = -1;
      for (let k = offsets[w]!; k < offsets[w + 1]!; k++) {
        const j = incident[k]!;
        if (!visited[j]) {
          nextEdge = j;
          break;
        }
      }
      if (nextEdge < 0) break;
      v = w;
      i = nextEdge;
    }
    const tol = open ? Math.max(opts.tolerance, opts.openTolerance) : opts.tolerance;
    simplifyPath(path, coords, tol, keep, guard);
  };
  for (let v = 0; v < nv; v++) {
    if (!isEnd(v) || internalDeg[v] === 0) continue;
    keep[v] = keep[v]! | 1;
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) if (!visited[incident[k]!]) walk(v, incident[k]!);
  }
  // Closed loops with no junction (a unit enclosed by one other unit).
  for (let i = 0; i < internal.length; i++) {
    if (visited[i]) continue;
    const start = triangles[internal[i]!]!;
    keep[start] = keep[start]! | 1;
    walk(start, i);
  }
  return { keep, standsFor };
}

/** How far (m) from a vertex of the community's ring an outline point still stands for it. */
const CORNER_STAND_IN = 0.2;

/**
 * A corner of the community can reach the units' outline as a point a few centimetres off the
 * ring's own vertex (a road end snapped onto the outline), the true vertex then lying in a sliver
 * outside every unit. Such stand-ins are kept, and drawn at the corner's position: dropped, the
 * unit's outline cut the corner off with a chord (seen: a 13 ha corner left out of every unit).
 * Returns stand-in → ring vertex.
 */
function cornerStandIns(mesh: Mesh, keep: Uint8Array): Map<number, number> {
  const { coords, vertexOnRing } = mesh;
  const standsFor = new Map<number, number>();
  const corners: number[] = [];
  for (let v = 0; v < vertexOnRing.length; v++) if (vertexOnRing[v] && !(keep[v]! & 2)) corners.push(v);
  if (!corners.length) return standsFor;
  const d2 = CORNER_STAND_IN * CORNER_STAND_IN;
  for (let v = 0; v < keep.length; v++) {
    if ((keep[v]! & 3) !== 2) continue; // on the outline, not kept
    const x = coords[2 * v]!;
    const y = coords[2 * v + 1]!;
    let best = -1;
    let bestD = d2;
    for (const c of corners) {
      const d = (coords[2 * c]! - x) ** 2 + (coords[2 * c + 1]! - y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = c;
      }
    }
    if (best >= 0) {
      keep[v] = keep[v]! | 1;
      standsFor.set(v, best);
    }
  }
  return standsFor;
}

/** Least distance (m) a simplified arc keeps from a building's own point (1 m, and a margin). */
const BUILDING_CLEARANCE = 1.25;
/**
 * Least distance (m) a simplified arc keeps from a vertex of any other arc: more than the 15 cm a
 * vertex on the outline may move to its exact place, and than the output's rounding.
 */
const ARC_CLEARANCE = 0.2;

/**
 * Says whether an arc's stretch path[i..j] may be drawn as its chord: the chord keeps clear of
 * building points and of the other arcs' vertices, and no such point lies between the stretch and
 * the chord (it would change sides). Checking every arc against the others' unsimplified vertices
 * is enough for simplified arcs never to cross or touch: one chord crossing another puts a vertex
 * of one stretch between the other stretch and its chord. Shared arcs are simplified once, so both
 * units keep the same edge.
 */
class ChordGuard {
  private readonly cell = 16;
  private readonly grid = new Map<number, number[]>();
  /** 1 for building points, 2 for vertices of the units' outlines. */
  private readonly what: Uint8Array;
  private readonly stamp: Int32Array;
  private token = 0;

  constructor(
    private readonly mesh: Mesh,
    degree: Uint8Array,
  ) {
    const { coords, pointBuilding } = mesh;
    const nv = coords.length / 2;
    this.what = new Uint8Array(nv);
    this.stamp = new Int32Array(nv);
    for (let v = 0; v < nv; v++) {
      if (pointBuilding[v]! >= 0) this.what[v] = 1;
      else if (degree[v]! > 0) this.what[v] = 2;
      else continue;
      const k = this.key(Math.floor(coords[2 * v]! / this.cell), Math.floor(coords[2 * v + 1]! / this.cell));
      const list = this.grid.get(k);
      if (list) list.push(v);
      else this.grid.set(k, [v]);
    }
  }

  private key(cx: number, cy: number): number {
    return (cx + 0x100000) * 0x200000 + (cy + 0x100000);
  }

  chordOk(path: number[], i: number, j: number): boolean {
    const c = this.mesh.coords;
    const a = path[i]!;
    const b = path[j]!;
    const ax = c[2 * a]!;
    const ay = c[2 * a + 1]!;
    const bx = c[2 * b]!;
    const by = c[2 * b + 1]!;
    const stamp = ++this.token;
    let minX = Math.min(ax, bx);
    let minY = Math.min(ay, by);
    let maxX = Math.max(ax, bx);
    let maxY = Math.max(ay, by);
    for (let k = i; k <= j; k++) {
      const v = path[k]!;
      this.stamp[v] = stamp;
      minX = Math.min(minX, c[2 * v]!);
      maxX = Math.max(maxX, c[2 * v]!);
      minY = Math.min(minY, c[2 * v + 1]!);
      maxY = Math.max(maxY, c[2 * v + 1]!);
    }
    const pad = BUILDING_CLEARANCE;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    for (let cx = Math.floor((minX - pad) / this.cell); cx <= Math.floor((maxX + pad) / this.cell); cx++)
      for (let cy = Math.floor((minY - pad) / this.cell); cy <= Math.floor((maxY + pad) / this.cell); cy++) {
        const list = this.grid.get(this.key(cx, cy));
        if (!list) continue;
        for (const v of list) {
          if (this.stamp[v] === stamp) continue;
          const px = c[2 * v]!;
          const py = c[2 * v + 1]!;
          if (px < minX - pad || px > maxX + pad || py < minY - pad || py > maxY + pad) continue;
          const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
          const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
          if (d < (this.what[v] === 1 ? BUILDING_CLEARANCE : ARC_CLEARANCE)) return false;
          if (px < minX || px > maxX || py < minY || py > maxY) continue;
          if (insideStretch(path, i, j, c, px, py)) return false;
        }
      }
    return true;
  }
}

/** Even–odd test of (x, y) against the loop path[i..j] closed by its chord. */
function insideStretch(path: number[], i: number, j: number, c: Float64Array, x: number, y: number): boolean {
  let inside = false;
  for (let k = i, prev = j; k <= j; prev = k++) {
    const xi = c[2 * path[k]!]!;
    const yi = c[2 * path[k]! + 1]!;
    const xj = c[2 * path[prev]!]!;
    const yj = c[2 * path[prev]! + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Douglas–Peucker over path (vertex ids); marks kept vertices. Ends are always kept, and a stretch
 * is only drawn as its chord when the guard allows it (else it is split at its farthest vertex).
 */
function simplifyPath(
  path: number[],
  coords: Float64Array,
  tol: number,
  keep: Uint8Array,
  guard: ChordGuard,
): void {
  const n = path.length;
  keep[path[0]!] = keep[path[0]!]! | 1;
  keep[path[n - 1]!] = keep[path[n - 1]!]! | 1;
  if (n <= 2) return;
  const closed = path[0] === path[n - 1];
  const stack: number[] = [];
  if (closed) {
    // Anchor a loop at its farthest vertex so it cannot collapse to a line.
    const x0 = coords[2 * path[0]!]!;
    const y0 = coords[2 * path[0]! + 1]!;
    let far = 1;
    let farD = -1;
    for (let i = 1; i < n - 1; i++) {
      const d = (coords[2 * path[i]!]! - x0) ** 2 + (coords[2 * path[i]! + 1]! - y0) ** 2;
      if (d > farD) {
        farD = d;
        far = i;
      }
    }
    keep[path[far]!] = keep[path[far]!]! | 1;
    stack.push(0, far, far, n - 1);
  } else stack.push(0, n - 1);
  const tol2 = tol * tol;
  while (stack.length) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    if (j - i < 2) continue;
    const ax = coords[2 * path[i]!]!;
    const ay = coords[2 * path[i]! + 1]!;
    const bx = coords[2 * path[j]!]!;
    const by = coords[2 * path[j]! + 1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let best = -1;
    let bestD = tol2;
    let far = i + 1;
    let farD = -1;
    for (let k = i + 1; k < j; k++) {
      const px = coords[2 * path[k]!]! - ax;
      const py = coords[2 * path[k]! + 1]! - ay;
      let d: number;
      if (len2 === 0) d = px * px + py * py;
      else {
        const c = px * dy - py * dx;
        d = (c * c) / len2;
      }
      if (d > farD) {
        farD = d;
        far = k;
      }
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best < 0 && !guard.chordOk(path, i, j)) best = far;
    if (best >= 0) {
      keep[path[best]!] = keep[path[best]!]! | 1;
      stack.push(i, best, best, j);
    }
  }
}

/** Trace every unit's rings (outer rings counter-clockwise, holes clockwise, in metres). */
export function traceUnits(
  mesh: Mesh,
  label: Int32Array,
  unitCount: number,
  opts: ShapeOptions,
): UnitPolygon[][] {
  const { triangles, halfedges, coords, exact } = mesh;
  const { keep, standsFor } = keptVertices(mesh, label, opts);
  const visited = new Uint8Array(triangles.length);
  const rings: Float64Array[][] = Array.from({ length: unitCount }, () => []);
  const full: number[] = [];
  const kept: number[] = [];
  for (let e0 = 0; e0 < triangles.length; e0++) {
    if (visited[e0]) continue;
    const l = label[(e0 / 3) | 0]!;
    if (l < 0) continue;
    const o0 = halfedges[e0]!;
    if (o0 >= 0 && label[(o0 / 3) | 0] === l) continue;
    full.length = 0;
    kept.length = 0;
    let e = e0;
    do {
      visited[e] = 1;
      const v = triangles[e]!;
      full.push(v);
      if (keep[v]! & 1) kept.push(v);
      let n = next(e);
      for (;;) {
        const o = halfedges[n]!;
        if (o >= 0 && label[(o / 3) | 0] === l) n = next(o);
        else break;
      }
      e = n;
    } while (e !== e0);
    const ids = kept.length >= 3 ? kept : full;
    const xy: number[] = [];
    const outline: boolean[] = [];
    for (const id of ids) {
      // Stand-ins (see cornerStandIns) are drawn at their corner; two of them there are one point.
      const v = standsFor.get(id) ?? id;
      const onOutline = !Number.isNaN(exact[2 * v]!);
      const x = onOutline ? exact[2 * v]! : coords[2 * v]!;
      const y = onOutline ? exact[2 * v + 1]! : coords[2 * v + 1]!;
      const n = xy.length;
      if (n && xy[n - 2] === x && xy[n - 1] === y) continue;
      xy.push(x, y);
      outline.push(onOutline);
    }
    if (xy.length > 2 && xy[0] === xy[xy.length - 2] && xy[1] === xy[xy.length - 1]) {
      xy.length -= 2;
      outline.length--;
    }
    rings[l]!.push(...simpleLoops(withoutOutlineSpikes(xy, outline)));
  }
  return rings.map(assemblePolygons);
}

/** Width (m) under which a fold of a ring along the outline counts as a spike. */
const SPIKE_WIDTH = 0.02;

/**
 * A ring without its spikes along the community's outline: where a road runs a few centimetres
 * inside the outline and its vertices were put on it, the triangles between them are drawn with
 * no width, and a unit holding them goes out along the outline and back (seen: generated
 * district, seed 376926). A vertex goes when it and both neighbours are on the outline and the
 * ring turns back on itself there within SPIKE_WIDTH; the neighbouring unit keeps its edge, which
 * then lies along this one's.
 */
function withoutOutlineSpikes(xy: number[], outline: boolean[]): number[] {
  const n = xy.length / 2;
  if (n < 4 || !outline.some(Boolean)) return xy;
  const kept: number[] = [];
  const isSpike = (p: number, q: number, r: number) => {
    if (!outline[p] || !outline[q] || !outline[r]) return false;
    const ax = xy[2 * p]!;
    const ay = xy[2 * p + 1]!;
    const ux = xy[2 * q]! - ax;
    const uy = xy[2 * q + 1]! - ay;
    const vx = xy[2 * r]! - xy[2 * q]!;
    const vy = xy[2 * r + 1]! - xy[2 * q + 1]!;
    if (ux * vx + uy * vy >= 0) return false; // not turning back
    // Height of the fold: the shorter side's distance from the longer side's line.
    const lu = Math.hypot(ux, uy);
    const lv = Math.hypot(vx, vy);
    const cross = Math.abs(ux * vy - uy * vx);
    return cross <= SPIKE_WIDTH * Math.max(lu, lv);
  };
  // One pass with a stack: a removed tip lets the vertex before it be tested again.
  for (let i = 0; i < n; i++) {
    kept.push(i);
    while (kept.length >= 3) {
      const k = kept.length;
      if (!isSpike(kept[k - 3]!, kept[k - 2]!, kept[k - 1]!)) break;
      kept.splice(k - 2, 1);
    }
  }
  // Across the ring's start.
  for (let guard = 0; kept.length >= 4 && guard < n; guard++) {
    const k = kept.length;
    if (isSpike(kept[k - 1]!, kept[0]!, kept[1]!)) kept.shift();
    else if (isSpike(kept[k - 2]!, kept[k - 1]!, kept[0]!)) kept.pop();
    else break;
  }
  if (kept.length === n) return xy;
  const out: number[] = [];
  for (const i of kept) out.push(xy[2 * i]!, xy[2 * i + 1]!);
  return out;
}

/**
 * A traced ring split where it meets itself (a unit wrapped round a neighbour it touches at one
 * point, or a spike out and back): OGC polygons do not allow a ring to touch itself, so each loop
 * becomes a ring of its own (assemblePolygons makes the turned ones holes). Loops with no area go.
 */
function simpleLoops(xy: number[]): Float64Array[] {
  const loops: Float64Array[] = [];
  const stack: number[] = [];
  const at = new Map<string, number>();
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    const key = `${x},${y}`;
    const from = at.get(key);
    if (from === undefined) {
      at.set(key, stack.length / 2);
      stack.push(x, y);
      continue;
    }
    // The loop from the first visit to here is cut off; the point stays on the main ring.
    const loop = stack.splice(2 * (from + 1));
    for (let k = 0; k < loop.length; k += 2) at.delete(`${loop[k]},${loop[k + 1]}`);
    if (loop.length >= 4) {
      const ring = Float64Array.from([x, y, ...loop]);
      if (Math.abs(ringSignedArea(ring)) > 1e-6) loops.push(ring);
    }
  }
  if (stack.length >= 6) {
    const ring = Float64Array.from(stack);
    if (Math.abs(ringSignedArea(ring)) > 1e-6) loops.push(ring);
  }
  return loops;
}

function reverseRing(r: Float64Array): Float64Array {
  const n = r.length / 2;
  const out = new Float64Array(r.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = r[2 * (n - 1 - i)]!;
    out[2 * i + 1] = r[2 * (n - 1 - i) + 1]!;
  }
  return out;
}

/** Orient rings and give each hole to the outer ring that contains it. */
function assemblePolygons(rings: Float64Array[]): UnitPolygon[] {
  if (!rings.length) return [];
  const areas = rings.map(ringSignedArea);
  let largest = 0;
  for (let i = 1; i < rings.length; i++) if (Math.abs(areas[i]!) > Math.abs(areas[largest]!)) largest = i;
  const outerSign = Math.sign(areas[largest]!);
  const polys: UnitPolygon[] = [];
  const holes: Float64Array[] = [];
  rings.forEach((r, i) => {
    const isOuter = Math.sign(areas[i]!) === outerSign;
    const ccw = areas[i]! > 0;
    if (isOuter) polys.push({ outer: ccw ? r : reverseRing(r), holes: [] });
    else holes.push(ccw ? reverseRing(r) : r);
  });
  for (const h of holes) {
    let target = polys[0]!;
    if (polys.length > 1) {
      const x = h[0]!;
      const y = h[1]!;
      for (const p of polys) if (pointInRing(p.outer, x, y)) target = p;
    }
    target.holes.push(h);
  }
  return polys;
}

function pointInRing(r: Float64Array, x: number, y: number): boolean {
  let inside = false;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const yi = r[2 * i + 1]!;
    const yj = r[2 * j + 1]!;
    if (yi > y !== yj > y && x < ((r[2 * j]! - r[2 * i]!) * (y - yi)) / (yj - yi) + r[2 * i]!)
      inside = !inside;
  }
  return inside;
}
