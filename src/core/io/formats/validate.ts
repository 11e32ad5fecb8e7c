/** Geometry checks shared by the engine's reader and the import: self-intersecting rings; where a feature is. */
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { propertiesOf } from './guess';

type Bbox = [number, number, number, number];

function orient(a: Position, b: Position, c: Position): number {
  const v = (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** Two segments cross at a point inside both (touching at shared vertices does not count). */
function crosses(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/** True when a ring crosses itself (O(n²); rings longer than 4,000 vertices are not checked). */
export function ringSelfIntersects(ring: Position[]): boolean {
  const r =
    ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]
      ? ring.slice(0, -1)
      : ring;
  const n = r.length;
  if (n < 4 || n > 4000) return false;
  for (let i = 0; i < n; i++) {
    const a = r[i]!;
    const b = r[(i + 1) % n]!;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (crosses(a, b, r[j]!, r[(j + 1) % n]!)) return true;
    }
  }
  return false;
}

export function geometryBbox(g: Geometry | null | undefined): Bbox | null {
  if (!g || typeof g !== 'object' || !('coordinates' in g)) return null;
  let b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const x = c[0] as number;
      const y = c[1] as number;
      b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
      return;
    }
    for (const x of c) walk(x);
  };
  walk(g.coordinates);
  return Number.isFinite(b[0]) ? b : null;
}

/** Bbox of a feature named as the engine names it: its id, or `#index`. */
export function featureBbox(
  fc: FeatureCollection,
  ref: string | undefined,
  ids?: Map<string, number>,
): Bbox | null {
  if (ref === undefined) return null;
  let index: number | undefined;
  const m = /^#(\d+)$/.exec(ref);
  if (m) index = Number(m[1]);
  else index = ids?.get(ref.replace(/~\d+$/, ''));
  if (index === undefined) {
    index = fc.features.findIndex((f) => f && String(propertiesOf(f).id ?? f.id) === ref);
    if (index < 0) return null;
  }
  const f = fc.features[index];
  return f && typeof f === 'object' ? geometryBbox(f.geometry) : null;
}
