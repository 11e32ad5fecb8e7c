/**
 * Building points keep clear of cell outlines: two loose buildings whose points are close
 * together (and so neighbours in the triangulation) each keep the triangles round their own point,
 * and no edge between two cells comes within 1 m of either point.
 */
import { describe, expect, it } from 'vitest';
import { growCells, triangleCentroids } from '../../src/core/plan/cells';
import { buildMesh } from '../../src/core/plan/mesh';

const square = Float64Array.from([0, 0, 120, 0, 120, 120, 0, 120]);

function nearestCellEdge(points: [number, number][]): number[] {
  const seeds = points.map(([x, y], building) => ({ x, y, building, point: true }));
  const mesh = buildMesh({ rings: [square], lines: [], seeds, spacing: 20 });
  const label = growCells(mesh, triangleCentroids(mesh));
  const { triangles, halfedges, coords } = mesh;
  // Least distance from each point to an edge with different cells on its two sides.
  return points.map(([x, y]) => {
    let best = Number.POSITIVE_INFINITY;
    for (let e = 0; e < halfedges.length; e++) {
      const o = halfedges[e]!;
      if (o < 0 || label[(e / 3) | 0] === label[(o / 3) | 0]) continue;
      const a = triangles[e]!;
      const b = triangles[e % 3 === 2 ? e - 2 : e + 1]!;
      const ax = coords[2 * a]!;
      const ay = coords[2 * a + 1]!;
      const dx = coords[2 * b]! - ax;
      const dy = coords[2 * b + 1]! - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
    }
    return best;
  });
}

describe('cells round building points', () => {
  it('keep every outline between two cells over 1 m from points 5 m apart', () => {
    const d = nearestCellEdge([
      [50.3, 60.1],
      [55.3, 60.1],
    ]);
    for (const v of d) expect(v).toBeGreaterThan(1);
    // Two cells: an outline crosses the 5 m between the points.
    expect(d[0]! + d[1]!).toBeLessThanOrEqual(5 + 1e-9);
  });

  it('keep every outline over 1 m from three points in a tight row, 3 m apart', () => {
    const d = nearestCellEdge([
      [40.2, 40.7],
      [43.2, 40.7],
      [46.2, 40.7],
    ]);
    for (const v of d) expect(v).toBeGreaterThan(1);
    expect(d[0]! + d[1]!).toBeLessThanOrEqual(3 + 1e-9);
    expect(d[1]! + d[2]!).toBeLessThanOrEqual(3 + 1e-9);
  });
});
