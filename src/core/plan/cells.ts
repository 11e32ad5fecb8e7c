/**
 * Each building's cell: the triangles nearer to it than to any other building of the same block,
 * grown by a multi-source Dijkstra over the triangles that never crosses a road, river or wall.
 * Cells grown this way are connected by construction (every triangle hangs off its seed's tree).
 */

import { OPEN } from './barriers';
import { MinHeap } from './heap';
import type { Mesh } from './mesh';

export interface TriangleCentroids {
  x: Float64Array;
  y: Float64Array;
  area: Float64Array;
}

export function triangleCentroids(mesh: Mesh): TriangleCentroids {
  const { triangles, coords } = mesh;
  const n = triangles.length / 3;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const area = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const a = triangles[3 * t]! * 2;
    const b = triangles[3 * t + 1]! * 2;
    const c = triangles[3 * t + 2]! * 2;
    x[t] = (coords[a]! + coords[b]! + coords[c]!) / 3;
    y[t] = (coords[a + 1]! + coords[b + 1]! + coords[c + 1]!) / 3;
    area[t] =
      Math.abs(
        (coords[b]! - coords[a]!) * (coords[c + 1]! - coords[a + 1]!) -
          (coords[c]! - coords[a]!) * (coords[b + 1]! - coords[a + 1]!),
      ) / 2;
  }
  return { x, y, area };
}

/**
 * Label of each triangle: the building whose cell it is in, or -1 (outside, or a block with no seed).
 * The triangles around a building's own point are its own whatever lies nearer (see ownFans), so
 * no outline between cells, and so between units, passes through or close by that point.
 */
export function growCells(mesh: Mesh, centroids: TriangleCentroids): Int32Array {
  const { triangles, halfedges, edgeKind, inside, vertexBuilding, coords } = mesh;
  const n = triangles.length / 3;
  const label = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const heap = new MinHeap(Math.max(16, n >> 2));
  const locked = new Uint8Array(n);
  const home = ownFans(mesh, centroids, label, dist, heap, locked);
  for (let t = 0; t < n; t++) {
    if (!inside[t] || locked[t]) continue;
    for (let k = 0; k < 3; k++) {
      const v = triangles[3 * t + k]!;
      const b = vertexBuilding[v]!;
      if (b < 0) continue;
      const d = Math.hypot(centroids.x[t]! - coords[2 * v]!, centroids.y[t]! - coords[2 * v + 1]!);
      if (d < dist[t]!) {
        dist[t] = d;
        label[t] = b;
        heap.push(d, t);
      }
    }
  }
  while (heap.size) {
    const d = heap.peekKey();
    const t = heap.pop();
    if (d > dist[t]!) continue;
    for (let k = 0; k < 3; k++) {
      const e = 3 * t + k;
      if (edgeKind[e] !== OPEN) continue;
      const o = halfedges[e]!;
      if (o < 0) continue;
      const u = (o / 3) | 0;
      if (!inside[u] || locked[u]) continue;
      const nd = d + Math.hypot(centroids.x[u]! - centroids.x[t]!, centroids.y[u]! - centroids.y[t]!);
      if (nd < dist[u]!) {
        dist[u] = nd;
        label[u] = label[t]!;
        heap.push(nd, u);
      }
    }
  }
  joinHomes(mesh, label, home);
  return label;
}

/**
 * A building's cell in one piece with its point: a piece cut off from the fan round its point (a
 * footprint corner's triangles, reached first by a neighbour's) goes to the cell it borders, or
 * to no cell. Else the building would be counted in the unit of a piece its point is not in.
 */
function joinHomes(mesh: Mesh, label: Int32Array, home: Int32Array): void {
  const { halfedges, edgeKind, inside } = mesh;
  const n = label.length;
  const reached = new Uint8Array(n);
  const stack: number[] = [];
  for (let b = 0; b < home.length; b++) {
    const h = home[b]!;
    if (h < 0 || reached[h]) continue;
    reached[h] = 1;
    stack.push(h);
    while (stack.length) {
      const t = stack.pop()!;
      for (let k = 0; k < 3; k++) {
        if (edgeKind[3 * t + k] !== OPEN) continue;
        const o = halfedges[3 * t + k]!;
        if (o < 0) continue;
        const u = (o / 3) | 0;
        if (!reached[u] && label[u] === b) {
          reached[u] = 1;
          stack.push(u);
        }
      }
    }
  }
  let detached: number[] = [];
  for (let t = 0; t < n; t++) {
    const b = label[t]!;
    if (b >= 0 && b < home.length && home[b]! >= 0 && !reached[t]) detached.push(t);
  }
  // Each detached triangle takes the cell of a settled neighbour, wave by wave.
  while (detached.length) {
    const left: number[] = [];
    const settled: [number, number][] = [];
    for (const t of detached) {
      let to = -1;
      for (let k = 0; k < 3 && to < 0; k++) {
        if (edgeKind[3 * t + k] !== OPEN) continue;
        const o = halfedges[3 * t + k]!;
        if (o < 0) continue;
        const u = (o / 3) | 0;
        if (inside[u] && reached[u] && label[u]! >= 0 && label[u] !== label[t]) to = label[u]!;
      }
      if (to >= 0) settled.push([t, to]);
      else left.push(t);
    }
    for (const [t, to] of settled) {
      label[t] = to;
      reached[t] = 1;
    }
    if (!settled.length) {
      for (const t of left) label[t] = -1;
      break;
    }
    detached = left;
  }
}

/**
 * Gives each building the fan of triangles around its own point, locked (no nearer seed takes
 * them) but at their own distance, so the cells still grow as before around it. Not where a road,
 * river, wall or the outline runs through the point: the fan then lies in several blocks, and a
 * cell never crosses a barrier. Where two points share a triangle, the first building keeps it.
 * Returns one fan triangle per building (-1 for none).
 */
function ownFans(
  mesh: Mesh,
  centroids: TriangleCentroids,
  label: Int32Array,
  dist: Float64Array,
  heap: MinHeap,
  locked: Uint8Array,
): Int32Array {
  const { triangles, edgeKind, inside, pointBuilding, coords } = mesh;
  let buildings = 0;
  for (let v = 0; v < pointBuilding.length; v++) buildings = Math.max(buildings, pointBuilding[v]! + 1);
  const home = new Int32Array(buildings).fill(-1);
  const onBarrier = new Uint8Array(pointBuilding.length);
  for (let e = 0; e < triangles.length; e++) {
    if (edgeKind[e] === OPEN) continue;
    onBarrier[triangles[e]!] = 1;
    onBarrier[triangles[e % 3 === 2 ? e - 2 : e + 1]!] = 1;
  }
  for (let e = 0; e < triangles.length; e++) {
    const v = triangles[e]!;
    const b = pointBuilding[v]!;
    const t = (e / 3) | 0;
    if (b < 0 || onBarrier[v] || !inside[t] || locked[t]) continue;
    const d = Math.hypot(centroids.x[t]! - coords[2 * v]!, centroids.y[t]! - coords[2 * v + 1]!);
    label[t] = b;
    dist[t] = d;
    locked[t] = 1;
    heap.push(d, t);
    if (home[b] === -1) home[b] = t;
  }
  return home;
}
