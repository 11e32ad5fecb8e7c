/**
 * Simplifying a unit outline across open ground (tolerance of many metres) does not straighten it
 * across a building's point: the point stays inside its own unit, over 1 m from the outline.
 */
import { describe, expect, it } from 'vitest';
import { triangleCentroids } from '../../src/core/plan/cells';
import { buildMesh } from '../../src/core/plan/mesh';
import { traceUnits } from '../../src/core/plan/shapes';

const square = Float64Array.from([0, 0, 100, 0, 100, 100, 0, 100]);

function inRing(r: Float64Array, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = r.length / 2 - 1; i < r.length / 2; j = i++) {
    const xi = r[2 * i]!;
    const yi = r[2 * i + 1]!;
    const xj = r[2 * j]!;
    const yj = r[2 * j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToRing(r: Float64Array, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  const n = r.length / 2;
  for (let i = 0; i < n; i++) {
    const ax = r[2 * i]!;
    const ay = r[2 * i + 1]!;
    const dx = r[2 * ((i + 1) % n)]! - ax;
    const dy = r[2 * ((i + 1) % n) + 1]! - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}

describe('unit outlines simplified across open ground', () => {
  it('keep a building point that bulges out of its unit inside it, over 1 m from the outline', () => {
    const point = { x: 51.7, y: 50.3 };
    const mesh = buildMesh({
      rings: [square],
      lines: [],
      seeds: [{ ...point, building: 0, point: true }],
      spacing: 10,
    });
    // West half is unit 0, east half unit 1, but for the triangles round the point (its cell).
    const c = triangleCentroids(mesh);
    const v = mesh.pointBuilding.indexOf(0);
    const label = new Int32Array(c.x.length);
    for (let t = 0; t < label.length; t++) {
      const own = [0, 1, 2].some((k) => mesh.triangles[3 * t + k] === v);
      label[t] = mesh.inside[t] ? (c.x[t]! < 50 || own ? 0 : 1) : -1;
    }
    const shapes = traceUnits(mesh, label, 2, { tolerance: 1, openTolerance: 20 });
    const west = shapes[0]!;
    const east = shapes[1]!;
    expect(west.length).toBe(1);
    expect(east.length).toBe(1);
    expect(inRing(west[0]!.outer, point.x, point.y)).toBe(true);
    expect(inRing(east[0]!.outer, point.x, point.y)).toBe(false);
    expect(distanceToRing(west[0]!.outer, point.x, point.y)).toBeGreaterThan(1);
  });
});
