/**
 * Unit shapes from a labelling of the mesh triangles. The boundary between two units is traced
 * from the very same mesh edges on both sides, and simplified once per shared arc (TopoJSON-style),
 * so neighbouring units keep identical edges: no gaps, no overlaps, no slivers.
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
    simplifyPath(path, coords, open ? Math.max(opts.tolerance, opts.openTolerance) : opts.tolerance, keep);
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

/** Douglas–Peucker over path (vertex ids); marks kept vertices. Ends are always kept. */
function simplifyPath(path: number[], coords: Float64Array, tol: number, keep: Uint8Array): void {
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
    for (let k = i + 1; k < j; k++) {
      const px = coords[2 * path[k]!]! - ax;
      const py = coords[2 * path[k]! + 1]! - ay;
      let d: number;
      if (len2 === 0) d = px * px + py * py;
      else {
        const c = px * dy - py * dx;
        d = (c * c) / len2;
      }
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    }
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
    for (const id of ids) {
      // Stand-ins (see cornerStandIns) are drawn at their corner; two of them there are one point.
      const v = standsFor.get(id) ?? id;
      const onOutline = !Number.isNaN(exact[2 * v]!);
      const x = onOutline ? exact[2 * v]! : coords[2 * v]!;
      const y = onOutline ? exact[2 * v + 1]! : coords[2 * v + 1]!;
      const n = xy.length;
      if (n && xy[n - 2] === x && xy[n - 1] === y) continue;
      xy.push(x, y);
    }
    if (xy.length > 2 && xy[0] === xy[xy.length - 2] && xy[1] === xy[xy.length - 1]) xy.length -= 2;
    const ring = Float64Array.from(xy);
    rings[l]!.push(ring);
  }
  return rings.map(assemblePolygons);
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
