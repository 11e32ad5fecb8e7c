import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph, partPieces, type UnitGraph } from '../../src/core/graph/csr';
import { exhaustivePartition } from '../../src/core/partition/exhaustive';
import { exactSplit } from '../../src/core/plan/exactSplit';

function graphOf(households: number[], edges: [number, number][]): UnitGraph {
  return buildGraph(households, {
    u: edges.map((e) => e[0]),
    v: edges.map((e) => e[1]),
    cost: edges.map(() => 1),
  });
}

function loads(g: UnitGraph, assignment: Int32Array, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (let v = 0; v < g.n; v++) out[assignment[v]!]! += g.households[v]!;
  return out;
}

describe('exactSplit', () => {
  // From a generated district (彩虹社区): five occupied atoms among empty blocks. The two big
  // compounds (3,127 and 2,740) can take nothing else, and the other three (3,517) neither fit in
  // one unit nor make two of at least 1,500.
  const rainbow = graphOf(
    [2740, 0, 3127, 1433, 0, 845, 0, 1239, 0],
    [
      [0, 1],
      [0, 2],
      [2, 4],
      [1, 3],
      [3, 4],
      [3, 5],
      [3, 6],
      [5, 6],
      [6, 7],
      [7, 8],
      [1, 8],
    ],
  );

  it('proves that no k works when the occupied atoms cannot be grouped', () => {
    for (let k = 3; k <= 6; k++) expect(exactSplit(rainbow, k, 1500, 3500).status).toBe('none');
  });

  it('finds a split whose units reach each other only through empty blocks', () => {
    // Two compounds of 2,000 at the ends of a corridor of empty blocks, a third of 1,600 hanging
    // off its middle: each unit must claim its own stretch of the corridor.
    const g = graphOf(
      [2000, 0, 0, 0, 0, 2000, 1600],
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
        [2, 6],
      ],
    );
    const r = exactSplit(g, 3, 1500, 3500);
    expect(r.status).toBe('found');
    if (r.status !== 'found') return;
    expect([...partPieces(g, r.assignment, 3)]).toEqual([1, 1, 1]);
    for (const l of loads(g, r.assignment, 3)) {
      expect(l).toBeGreaterThanOrEqual(1500);
      expect(l).toBeLessThanOrEqual(3500);
    }
  });

  it('says unknown instead of guessing when there are too many occupied atoms', () => {
    const h = Array.from({ length: 20 }, () => 100);
    const edges: [number, number][] = h.slice(1).map((_, i) => [i, i + 1]);
    expect(exactSplit(graphOf(h, edges), 2, 900, 1100).status).toBe('unknown');
  });

  it('agrees with brute force over every labelling on small random graphs', () => {
    const arb = fc
      .record({
        n: fc.integer({ min: 2, max: 8 }),
        seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 40, maxLength: 40 }),
        k: fc.integer({ min: 1, max: 4 }),
      })
      .map(({ n, seed, k }) => {
        let i = 0;
        const next = () => seed[i++ % seed.length]!;
        // Households: about a third empty, the rest 1–6; a random tree plus a few extra edges.
        const households = Array.from({ length: n }, () => (next() % 3 === 0 ? 0 : 1 + (next() % 6)));
        const edges: [number, number][] = [];
        for (let v = 1; v < n; v++) edges.push([next() % v, v]);
        for (let x = 0; x < 3; x++) {
          const a = next() % n;
          const b = next() % n;
          if (a !== b) edges.push([Math.min(a, b), Math.max(a, b)]);
        }
        return { g: graphOf(households, edges), k, min: 4, max: 9 };
      });
    fc.assert(
      fc.property(arb, ({ g, k, min, max }) => {
        const exact = exactSplit(g, k, min, max);
        const brute = exhaustivePartition(g, k, min, max, 0);
        expect(exact.status).toBe(brute ? 'found' : 'none');
        if (exact.status === 'found') {
          expect([...partPieces(g, exact.assignment, k)].every((p) => p === 1)).toBe(true);
          for (const l of loads(g, exact.assignment, k)) {
            expect(l).toBeGreaterThanOrEqual(min);
            expect(l).toBeLessThanOrEqual(max);
          }
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
