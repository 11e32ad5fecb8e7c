import { describe, expect, it } from 'vitest';
import { buildGraph, cutCost, partPieces } from '../../src/core/graph/csr';
import { improvePartition } from '../../src/core/partition';
import { growPartition } from '../../src/core/plan/growFallback';

// A real community's atom graph from a generated district: six compounds among empty blocks.
// The 3,388-household compound must stay alone and the 1,154 one must reach two small compounds
// through empty blocks: few splits work, and spanning-tree search missed them.
const households = [1850, 439, 554, 0, 3388, 1258, 0, 0, 1154, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const edges = [
  [0, 1],
  [0, 6],
  [1, 2],
  [1, 3],
  [1, 6],
  [3, 4],
  [3, 7],
  [3, 19],
  [4, 7],
  [5, 6],
  [6, 9],
  [6, 10],
  [7, 8],
  [7, 11],
  [7, 21],
  [8, 11],
  [11, 15],
  [11, 12],
  [11, 13],
  [11, 14],
  [11, 16],
  [11, 17],
  [11, 18],
  [11, 20],
];
const graph = buildGraph(households, {
  u: edges.map((e) => e[0]!),
  v: edges.map((e) => e[1]!),
  cost: edges.map(() => 1),
});

describe('growPartition', () => {
  it('finds a split of a lumpy community into connected units within the bounds', () => {
    const part = growPartition(graph, 3, 1500, 3500, 1, 300);
    expect(part).not.toBeNull();
    expect([...partPieces(graph, part!, 3)]).toEqual([1, 1, 1]);
    const load = [0, 0, 0];
    households.forEach((h, v) => {
      load[part![v]!]! += h;
    });
    for (const l of load) {
      expect(l).toBeGreaterThanOrEqual(1500);
      expect(l).toBeLessThanOrEqual(3500);
    }
  });

  it('gives up (null) when no split exists', () => {
    // Five units: the 3,388-household compound fills one, leaving 5,255 households for four units of ≥ 1,500.
    expect(growPartition(graph, 5, 1500, 3500, 1, 50)).toBeNull();
  });
});

describe('improvePartition', () => {
  it('polishes a valid but rough split towards the cheap cut, keeping bounds and contiguity', () => {
    // A 4×4 grid of 100-household nodes; edges between columns 1 and 2 are a road (cheap).
    const u: number[] = [];
    const v: number[] = [];
    const cost: number[] = [];
    const id = (r: number, c: number) => r * 4 + c;
    for (let r = 0; r < 4; r++)
      for (let c = 0; c < 4; c++) {
        if (c < 3) {
          u.push(id(r, c));
          v.push(id(r, c + 1));
          cost.push(c === 1 ? 0.1 : 1);
        }
        if (r < 3) {
          u.push(id(r, c));
          v.push(id(r + 1, c));
          cost.push(1);
        }
      }
    const grid = buildGraph(new Array(16).fill(100), { u, v, cost });
    // Rough start: top half against bottom half, cutting four expensive edges.
    const rough = Int32Array.from({ length: 16 }, (_, i) => (i < 8 ? 0 : 1));
    const options = { min: 600, max: 1000, seed: 3 };
    const polished = improvePartition(grid, rough, 2, options);
    expect(cutCost(grid, polished)).toBeLessThan(cutCost(grid, rough));
    expect(cutCost(grid, polished)).toBeCloseTo(0.4, 6);
    expect([...partPieces(grid, polished, 2)]).toEqual([1, 1]);
  });
});
