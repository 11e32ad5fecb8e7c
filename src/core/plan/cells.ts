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

/** Label of each triangle: the building whose cell it is in, or -1 (outside, or a block with no seed). */
export function growCells(mesh: Mesh, centroids: TriangleCentroids): Int32Array {
  const { triangles, halfedges, edgeKind, inside, vertexBuilding, coords } = mesh;
  const n = triangles.length / 3;
  const label = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const heap = new MinHeap(Math.max(16, n >> 2));
  for (let t = 0; t < n; t++) {
    if (!inside[t]) continue;
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
      if (!inside[u]) continue;
      const nd = d + Math.hypot(centroids.x[u]! - centroids.x[t]!, centroids.y[u]! - centroids.y[t]!);
      if (nd < dist[u]!) {
        dist[u] = nd;
        label[u] = label[t]!;
        heap.push(nd, u);
      }
    }
  }
  return label;
}
