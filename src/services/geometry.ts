/** Small planar helpers for the UI (lon/lat treated as planar at city scale). */

type Ring = number[][];

export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return Math.abs(s / 2);
}

function segDist2(px: number, py: number, a: number[], b: number[]): number {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  const l = dx * dx + dy * dy;
  let t = l > 0 ? ((px - a[0]!) * dx + (py - a[1]!) * dy) / l : 0;
  t = Math.max(0, Math.min(1, t));
  const x = a[0]! + t * dx - px;
  const y = a[1]! + t * dy - py;
  return x * x + y * y;
}

const labels = new WeakMap<number[][][][], [number, number]>();

/**
 * A label point well inside the largest polygon (grid search for the point farthest from edges).
 * Remembered per polygons array: the results step works them out a few units at a time, ahead of
 * the map asking for all of them at once (see rebuild in results.ts).
 */
export function labelPoint(polygons: number[][][][]): [number, number] {
  let p = labels.get(polygons);
  if (!p) {
    p = findLabelPoint(polygons);
    labels.set(polygons, p);
  }
  return [p[0], p[1]];
}

function findLabelPoint(polygons: number[][][][]): [number, number] {
  let best = polygons[0]!;
  let bestA = -1;
  for (const p of polygons) {
    const a = ringArea(p[0]!);
    if (a > bestA) {
      bestA = a;
      best = p;
    }
  }
  const outer = best[0]!;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of outer) {
    minX = Math.min(minX, p[0]!);
    maxX = Math.max(maxX, p[0]!);
    minY = Math.min(minY, p[1]!);
    maxY = Math.max(maxY, p[1]!);
  }
  let bx = (minX + maxX) / 2;
  let by = (minY + maxY) / 2;
  let bd = -1;
  const n = 9;
  // Distances to a thinned copy of the rings: a label point needs no precision, and units can
  // have thousands of vertices (this runs for every unit after every edit).
  const thin = best.map((ring) => {
    const step = Math.max(1, Math.floor(ring.length / 48));
    const out: number[][] = [];
    for (let k = 0; k < ring.length; k += step) out.push(ring[k]!);
    return out;
  });
  for (let i = 0; i <= n; i++)
    for (let j = 0; j <= n; j++) {
      const x = minX + ((maxX - minX) * (i + 0.5)) / (n + 1);
      const y = minY + ((maxY - minY) * (j + 0.5)) / (n + 1);
      if (!pointInRing(x, y, outer)) continue;
      if (best.slice(1).some((h) => pointInRing(x, y, h))) continue;
      let d = Infinity;
      for (const ring of thin)
        for (let k = 0, m = ring.length - 1; k < ring.length; m = k++)
          d = Math.min(d, segDist2(x, y, ring[m]!, ring[k]!));
      if (d > bd) {
        bd = d;
        bx = x;
        by = y;
      }
    }
  return [bx, by];
}
