import { describe, expect, it } from 'vitest';
import { ringSignedArea } from '../../src/core/geo/ring';
import { COMMUNITY_EDGE, OPEN } from '../../src/core/plan/barriers';
import { buildMesh } from '../../src/core/plan/mesh';
import { traceUnits } from '../../src/core/plan/shapes';

const square = Float64Array.from([0, 0, 400, 0, 400, 400, 0, 400]);
const line = (...xy: number[]) => ({ coords: Float64Array.from(xy), kind: 6 });

describe('buildMesh', () => {
  it('cuts a square into four blocks along two crossing roads, using every road piece', () => {
    const mesh = buildMesh({
      rings: [square],
      lines: [line(200, -50, 200, 450), line(-50, 200, 450, 200)],
      seeds: [],
      spacing: 20,
    });
    expect(mesh.blockCount).toBe(4);
    expect(mesh.failedConstraints).toBe(0);
  });

  it('nodes T-junctions and overlapping duplicate roads without losing the road', () => {
    const mesh = buildMesh({
      rings: [square],
      lines: [
        line(200, -50, 200, 450),
        line(200, 100, 200, 300),
        line(200.004, 0, 200.004, 400),
        line(-50, 200, 200, 200),
      ],
      seeds: [],
      spacing: 20,
    });
    expect(mesh.blockCount).toBe(3);
  });

  it('marks edges on the community outline and on roads, and covers exactly the community', () => {
    const mesh = buildMesh({
      rings: [square],
      lines: [line(200, -50, 200, 450)],
      seeds: [{ x: 100, y: 100, building: 0 }],
      spacing: 25,
    });
    let area = 0;
    const kinds = new Set<number>();
    for (let t = 0; t < mesh.triangles.length / 3; t++) {
      if (!mesh.inside[t]) continue;
      const [a, b, c] = [0, 1, 2].map((k) => mesh.triangles[3 * t + k]!);
      const tri = Float64Array.from([a, b, c].flatMap((v) => [mesh.coords[2 * v]!, mesh.coords[2 * v + 1]!]));
      area += Math.abs(ringSignedArea(tri));
      for (let k = 0; k < 3; k++) kinds.add(mesh.edgeKind[3 * t + k]!);
    }
    expect(area).toBeCloseTo(160000, 6);
    expect([...kinds].sort()).toEqual([OPEN, COMMUNITY_EDGE, 6].sort());
    expect(mesh.vertexBuilding.filter((b) => b === 0).length).toBe(1);
  });
});

describe('traceUnits', () => {
  it('gives neighbouring units the same shared edge and keeps the outline vertices', () => {
    const mesh = buildMesh({ rings: [square], lines: [line(200, -50, 200, 450)], seeds: [], spacing: 25 });
    const label = new Int32Array(mesh.triangles.length / 3).fill(-1);
    for (let t = 0; t < label.length; t++) if (mesh.inside[t]) label[t] = mesh.block[t]!;
    const units = traceUnits(mesh, label, 2, { tolerance: 1, openTolerance: 10 });
    const rings = units.map((u) => u[0]!.outer);
    expect(rings.map((r) => Math.round(Math.abs(ringSignedArea(r))))).toEqual([80000, 80000]);
    // Densified points on straight edges are dropped: each half is a rectangle of 4 corners.
    expect(rings.map((r) => r.length / 2)).toEqual([4, 4]);
    const pts = (r: Float64Array) =>
      new Set(Array.from({ length: r.length / 2 }, (_, i) => `${r[2 * i]},${r[2 * i + 1]}`));
    const shared = [...pts(rings[0]!)].filter((p) => pts(rings[1]!).has(p));
    expect(shared.sort()).toEqual(['200,0', '200,400']);
  });
});
