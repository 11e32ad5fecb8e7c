import { describe, expect, it } from 'vitest';
import { buildGraph, partPieces, type UnitGraph } from '../../src/core/graph/csr';
import { type PartitionOptions, type PartitionResult, partition } from '../../src/core/partition/index';
import { cityGraph, gridGraph, pathGraph, unionGraphs } from '../helpers/graphs';

type Success = Extract<PartitionResult, { ok: true }>;

function expectOk(result: PartitionResult): Success {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result;
}

/** The hard rules: every node in 0..k-1, every part within [min, max] and connected. */
function expectValid(graph: UnitGraph, result: Success, options: PartitionOptions): void {
  const { assignment, k, partHouseholds } = result;
  expect(assignment.length).toBe(graph.n);
  for (let v = 0; v < graph.n; v++) {
    expect(assignment[v]).toBeGreaterThanOrEqual(0);
    expect(assignment[v]).toBeLessThan(k);
  }
  const pieces = partPieces(graph, assignment, k);
  // New parts are numbered after the largest locked id; locked parts are kept as given.
  let firstFree = 0;
  for (const l of options.locked ?? []) firstFree = Math.max(firstFree, l + 1);
  for (let p = firstFree; p < k; p++) {
    expect(pieces[p], `part ${p} pieces`).toBe(1);
    expect(partHouseholds[p]).toBeGreaterThanOrEqual(options.min);
    expect(partHouseholds[p]).toBeLessThanOrEqual(options.max);
  }
}

function expectFailure(result: PartitionResult, code: string): string {
  if (result.ok) throw new Error(`expected ${code}, got success with k=${result.k}`);
  expect(result.code).toBe(code);
  return result.message;
}

describe('partition on hand-checkable graphs', () => {
  it('splits a path of six 1000-household nodes into its two halves', () => {
    const g = pathGraph([1000, 1000, 1000, 1000, 1000, 1000]);
    const options = { min: 1500, max: 3500 };
    const r = expectOk(partition(g, options));
    expectValid(g, r, options);
    expect(r.k).toBe(2);
    expect(Array.from(r.assignment)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(r.cut).toBe(1);
  });

  it('cuts a path at its cheapest feasible edge', () => {
    // Edges cost 5 except the one between nodes 2 and 3 (cost 1); any split within bounds is 2|4, 3|3 or 4|2.
    const g = pathGraph([1000, 1000, 1000, 1000, 1000, 1000], [5, 5, 1, 5, 5]);
    const r = expectOk(partition(g, { min: 1500, max: 4500, k: 2 }));
    expect(r.cut).toBe(1);
    expect(Array.from(r.assignment)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('splits a 3×3 grid of 1000-household nodes into three connected triples with cut 6', () => {
    // Every connected triple of a 3×3 grid keeps 2 of the 12 edges inside, so any valid split cuts 6.
    const g = gridGraph(3, 3, 1000);
    const options = { min: 2500, max: 3500, k: 3 };
    const r = expectOk(partition(g, options));
    expectValid(g, r, options);
    expect(r.cut).toBe(6);
    expect(Array.from(r.partHouseholds)).toEqual([3000, 3000, 3000]);
  });

  it('separates two blocks joined by a cheap edge exactly along that edge', () => {
    const block = gridGraph(3, 3, 300);
    const g0 = unionGraphs([block, block]);
    // Join node 8 of the first block to node 0 of the second with a cheap road edge.
    const u: number[] = [];
    const v: number[] = [];
    const cost: number[] = [];
    for (let a = 0; a < g0.n; a++) {
      for (let e = g0.offsets[a]!; e < g0.offsets[a + 1]!; e++) {
        if (g0.targets[e]! > a) {
          u.push(a);
          v.push(g0.targets[e]!);
          cost.push(g0.costs[e]!);
        }
      }
    }
    u.push(8);
    v.push(9);
    cost.push(0.1);
    const g = buildGraph(g0.households, { u, v, cost });
    const options = { min: 1500, max: 3500 };
    const r = expectOk(partition(g, options));
    expectValid(g, r, options);
    expect(r.k).toBe(2);
    expect(r.cut).toBeCloseTo(0.1, 12);
    for (let a = 1; a < 9; a++) expect(r.assignment[a]).toBe(r.assignment[0]);
    for (let a = 10; a < 18; a++) expect(r.assignment[a]).toBe(r.assignment[9]);
  });

  it('assigns nodes without households and keeps their parts connected', () => {
    const g = gridGraph(4, 4, (r, c) => ((r + c) % 3 === 0 ? 0 : 500));
    const options = { min: 1500, max: 3500 };
    const r = expectOk(partition(g, options));
    expectValid(g, r, options);
  });

  it('reports the cut as the score when compactness is off and adds a positive term when on', () => {
    const { graph, coords } = cityGraph({ nodes: 400, seed: 3 });
    const plain = expectOk(partition(graph, { min: 1500, max: 3500, seed: 2 }));
    expect(plain.score).toBe(plain.cut);
    const compact = expectOk(partition(graph, { min: 1500, max: 3500, seed: 2, coords, compactness: 1 }));
    expectValid(graph, compact, { min: 1500, max: 3500 });
    expect(compact.score).toBeGreaterThan(compact.cut);
  });
});

describe('the number of parts', () => {
  // 20 nodes × 500 households = 10,000.
  const g = pathGraph(Array.from({ length: 20 }, () => 500));

  it('is round(H / target) by default with target 2500', () => {
    expect(expectOk(partition(g, { min: 1500, max: 3500 })).k).toBe(4);
  });

  it('follows another target', () => {
    expect(expectOk(partition(g, { min: 1500, max: 3500, target: 2000 })).k).toBe(5);
  });

  it('is clamped to the feasible range when round(H / target) does not fit', () => {
    // Only k = 3 fits 10,000 households within 3000–3500 per part.
    expect(expectOk(partition(g, { min: 3000, max: 3500 })).k).toBe(3);
    expect(expectOk(partition(g, { min: 3000, max: 3500, target: 1000 })).k).toBe(3);
  });

  it('uses a fixed k when given', () => {
    const options = { min: 1500, max: 3500, k: 6 };
    const r = expectOk(partition(g, options));
    expect(r.k).toBe(6);
    expectValid(g, r, options);
  });
});

describe('failures', () => {
  it('reports NO_FEASIBLE_K with the numbers when no k fits the households', () => {
    const g = pathGraph([2000, 2000]);
    const message = expectFailure(partition(g, { min: 2500, max: 3500 }), 'NO_FEASIBLE_K');
    expect(message).toContain('4000');
    expect(message).toContain('2500');
    expect(message).toContain('3500');
  });

  it('reports NO_FEASIBLE_K when a fixed k cannot hold the households', () => {
    const g = pathGraph(Array.from({ length: 20 }, () => 500));
    const message = expectFailure(partition(g, { min: 2500, max: 3500, k: 5 }), 'NO_FEASIBLE_K');
    expect(message).toContain('k = 5');
    expect(message).toContain('feasible k: 3–4');
  });

  it('reports NO_FEASIBLE_K when k exceeds the number of nodes', () => {
    const g = pathGraph([100, 100]);
    expectFailure(partition(g, { min: 0, max: 3500, k: 3 }), 'NO_FEASIBLE_K');
  });

  it('reports NODE_OVER_MAX naming the heavy node', () => {
    const g = pathGraph([1000, 1000, 4000, 1000]);
    const message = expectFailure(partition(g, { min: 1500, max: 3500 }), 'NODE_OVER_MAX');
    expect(message).toContain('node 2');
    expect(message).toContain('4000');
  });

  it('reports COMPONENT_INFEASIBLE naming the component that cannot be split', () => {
    const g = unionGraphs([pathGraph([1000, 1000, 1000]), pathGraph([200, 300])]);
    const message = expectFailure(partition(g, { min: 1500, max: 3500 }), 'COMPONENT_INFEASIBLE');
    expect(message).toContain('component 2 of 2');
    expect(message).toContain('500 households');
  });

  it('reports NO_BALANCED_SPLIT when k fits the total but no connected split does', () => {
    // H = 4000 needs exactly 2 parts, but the only split of the path is 1000 | 3000.
    const g = pathGraph([1000, 3000]);
    expectFailure(partition(g, { min: 1500, max: 3500, restarts: 2 }), 'NO_BALANCED_SPLIT');
  });

  it('returns CANCELLED when the progress callback returns false', () => {
    const { graph } = cityGraph({ nodes: 2000, seed: 1 });
    expectFailure(partition(graph, { min: 1500, max: 3500, onProgress: () => false }), 'CANCELLED');
  });

  it('stops at a progress report in the middle of the run when the callback returns false', () => {
    const { graph } = cityGraph({ nodes: 8000, seed: 2 });
    let midway = 0;
    const r = partition(graph, {
      min: 1500,
      max: 3500,
      onProgress: (p) => {
        if (p.fraction > 0 && p.fraction < 1) midway++;
        return p.fraction === 0 || p.fraction === 1;
      },
    });
    // Reports are throttled by time, so a very fast machine may finish without one in the middle.
    if (midway > 0) expectFailure(r, 'CANCELLED');
    else expectOk(r);
  });

  it('throws a RangeError for malformed options', () => {
    const g = pathGraph([1000, 1000]);
    expect(() => partition(g, { min: Number.NaN, max: 3500 })).toThrow(RangeError);
    expect(() => partition(g, { min: 100, max: 3500, k: 1.5 })).toThrow(RangeError);
    expect(() => partition(g, { min: 100, max: 3500, locked: new Int32Array(5) })).toThrow(RangeError);
  });
});

describe('progress', () => {
  it('reports fractions between 0 and 1, ending at 1', () => {
    const { graph } = cityGraph({ nodes: 3000, seed: 4 });
    const fractions: number[] = [];
    expectOk(
      partition(graph, {
        min: 1500,
        max: 3500,
        onProgress: (p) => {
          fractions.push(p.fraction);
          return true;
        },
      }),
    );
    expect(fractions.length).toBeGreaterThanOrEqual(2);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    for (const f of fractions) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
    }
  });
});

describe('locked nodes', () => {
  it('keeps locked parts and numbers new parts after the largest locked id', () => {
    const g = pathGraph(Array.from({ length: 9 }, () => 1000));
    const locked = new Int32Array(9).fill(-1);
    locked[0] = 5;
    locked[1] = 5;
    locked[2] = 5;
    const options = { min: 1500, max: 3500, locked };
    const r = expectOk(partition(g, options));
    expect(r.k).toBe(8);
    expect(Array.from(r.assignment.slice(0, 3))).toEqual([5, 5, 5]);
    const free = new Set(r.assignment.slice(3));
    expect([...free].sort()).toEqual([6, 7]);
    expectValid(g, r, options);
    expect(r.partHouseholds[5]).toBe(3000);
  });

  it('counts only the new parts in a fixed k', () => {
    const g = pathGraph(Array.from({ length: 12 }, () => 1000));
    const locked = new Int32Array(12).fill(-1);
    locked[0] = 0;
    locked[1] = 0;
    const options = { min: 1500, max: 3500, k: 4, locked };
    const r = expectOk(partition(g, options));
    expect(r.k).toBe(5); // locked part 0 plus new parts 1–4
    expect(new Set(r.assignment.slice(2)).size).toBe(4);
    expectValid(g, r, options);
  });

  it('partitions free regions separated by locked nodes on their own', () => {
    // Path of 13 nodes; the middle one is locked, leaving two free runs of 6 × 500 = 3000 households.
    const g = pathGraph(Array.from({ length: 13 }, () => 500));
    const locked = new Int32Array(13).fill(-1);
    locked[6] = 0;
    const options = { min: 1500, max: 3500, locked };
    const r = expectOk(partition(g, options));
    expectValid(g, r, options);
    const left = new Set(r.assignment.slice(0, 6));
    const right = new Set(r.assignment.slice(7));
    for (const p of left) expect(right.has(p)).toBe(false);
    expect(r.assignment[6]).toBe(0);
  });

  it('fails with COMPONENT_INFEASIBLE for a free region too small for a part', () => {
    const g = pathGraph([1000, 1000, 1000, 1000, 200]);
    const locked = new Int32Array(5).fill(-1);
    locked[3] = 0;
    const message = expectFailure(partition(g, { min: 1500, max: 3500, locked }), 'COMPONENT_INFEASIBLE');
    expect(message).toContain('free region');
  });

  it('returns the locked parts unchanged when every node is locked', () => {
    const g = pathGraph([1000, 1000]);
    const r = expectOk(partition(g, { min: 1500, max: 3500, locked: Int32Array.from([0, 1]) }));
    expect(Array.from(r.assignment)).toEqual([0, 1]);
    expect(r.k).toBe(2);
  });
});

describe('disconnected graphs', () => {
  const a = gridGraph(4, 5, 250); // 5000 households
  const b = gridGraph(3, 4, 625); // 7500 households
  const g = unionGraphs([a, b]);

  it('partitions every component on its own with its own k', () => {
    const options = { min: 1500, max: 3500 };
    const r = expectOk(partition(g, options));
    expectValid(g, r, options);
    expect(r.k).toBe(5); // 2 + 3
    const first = new Set(r.assignment.slice(0, a.n));
    const second = new Set(r.assignment.slice(a.n));
    expect(first.size).toBe(2);
    expect(second.size).toBe(3);
    for (const p of first) expect(second.has(p)).toBe(false);
  });

  it('spreads a fixed k over the components', () => {
    const options = { min: 1500, max: 3500, k: 6 };
    const r = expectOk(partition(g, options));
    expectValid(g, r, options);
    expect(r.k).toBe(6);
  });

  it('reports NO_FEASIBLE_K when a fixed k cannot be spread over the components', () => {
    // Component a fits 2–3 parts, b fits 3–5: k = 4 is below their total minimum of 5.
    expectFailure(partition(g, { min: 1500, max: 3500, k: 4 }), 'NO_FEASIBLE_K');
  });
});

describe('determinism', () => {
  it('gives the same assignment for the same seed', () => {
    const { graph } = cityGraph({ nodes: 3000, seed: 9 });
    const options = { min: 1500, max: 3500, seed: 42, restarts: 2 };
    const r1 = expectOk(partition(graph, options));
    const r2 = expectOk(partition(graph, options));
    expect(Array.from(r2.assignment)).toEqual(Array.from(r1.assignment));
    expect(r2.cut).toBe(r1.cut);
  });

  it('keeps every rule on a city-like graph with tight bounds', () => {
    const { graph } = cityGraph({ nodes: 3000, seed: 5 });
    let total = 0;
    for (let v = 0; v < graph.n; v++) total += graph.households[v]!;
    const options = { min: 1500, max: 3500, k: Math.floor(total / 1560), restarts: 1 };
    const r = expectOk(partition(graph, options));
    expectValid(graph, r, options);
  });
});
