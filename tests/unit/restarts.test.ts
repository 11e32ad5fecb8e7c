import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { partition } from '../../src/core/partition';
import { prepareCommunity, solveCommunity } from '../../src/core/plan/community';
import { prepareDistrict } from '../../src/core/plan/district';
import { DEFAULT_PLAN_OPTIONS } from '../../src/core/types';
import {
  pickWinner,
  preferredUnits,
  restartShares,
  shareSeed,
  sharesPerCommunity,
} from '../../src/services/restarts';
import { gridDistrict } from '../helpers/fixtures';
import { gridGraph } from '../helpers/graphs';

describe('restartShares', () => {
  it('divides the restarts over at most that many shares, each at least one', () => {
    for (const restarts of [1, 2, 3, 4, 5, 7, 500])
      for (const shares of [1, 2, 3, 4]) {
        const s = restartShares(9, restarts, shares);
        expect(s).toHaveLength(Math.min(shares, restarts));
        expect(s.reduce((a, x) => a + x.restarts, 0)).toBe(restarts);
        const counts = s.map((x) => x.restarts);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(s.map((x) => x.index)).toEqual([...s.keys()]);
      }
    expect(restartShares(1, 5, 2).map((s) => s.restarts)).toEqual([3, 2]);
  });

  it('keeps the planner’s seed and restarts for a single share (the single-worker plan)', () => {
    expect(restartShares(42, 4, 1)).toEqual([{ index: 0, seed: 42, restarts: 4 }]);
    expect(restartShares(42, 4, 3)[0]!.seed).toBe(42);
  });

  it('derives distinct seeds, the same every time, unlike the planner’s neighbouring seeds', () => {
    for (const seed of [0, 1, 2, 12345, 2 ** 32 - 1]) {
      const seeds = restartShares(seed, 8, 4).map((s) => s.seed);
      expect(new Set(seeds).size).toBe(4);
      expect(restartShares(seed, 8, 4).map((s) => s.seed)).toEqual(seeds);
      for (const s of seeds.slice(1)) {
        expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
        expect(Math.abs(s - seed)).toBeGreaterThan(4);
      }
    }
    expect(shareSeed(1, 1)).not.toBe(shareSeed(2, 1));
  });
});

describe('sharesPerCommunity', () => {
  it('gives one share each when the communities fill the workers', () => {
    expect(sharesPerCommunity([9000, 7000, 8000], 3, 4)).toEqual([1, 1, 1]);
    expect(sharesPerCommunity([9000, 7000, 8000], 2, 4)).toEqual([1, 1, 1]);
    expect(sharesPerCommunity([], 4, 4)).toEqual([]);
  });

  it('gives idle workers to the biggest communities, never more shares than restarts', () => {
    expect(sharesPerCommunity([20000], 4, 4)).toEqual([4]);
    expect(sharesPerCommunity([20000], 4, 2)).toEqual([2]);
    expect(sharesPerCommunity([20000], 1, 4)).toEqual([1]);
    expect(sharesPerCommunity([7000, 30000], 3, 4)).toEqual([1, 2]);
    expect(sharesPerCommunity([7000, 30000, 9000], 4, 4)).toEqual([1, 2, 1]);
    // Equal households: the earlier community takes the spare worker.
    expect(sharesPerCommunity([8000, 8000], 3, 4)).toEqual([2, 1]);
  });
});

describe('pickWinner', () => {
  it('takes the lowest score among results with the same number of units', () => {
    expect(pickWinner([{ k: 5, score: 300 }, { k: 5, score: 250 }, null], 5)).toBe(1);
  });

  it('breaks a tie in score by the lower share index', () => {
    expect(pickWinner([null, { k: 5, score: 250 }, { k: 5, score: 250 }], 5)).toBe(1);
  });

  it('prefers the preferred number of units over a lower score, like a single run', () => {
    expect(
      pickWinner(
        [
          { k: 4, score: 100 },
          { k: 5, score: 400 },
        ],
        5,
      ),
    ).toBe(1);
    // Equally far from the preferred number: the smaller, as the core tries it first.
    expect(
      pickWinner(
        [
          { k: 6, score: 100 },
          { k: 4, score: 400 },
        ],
        5,
      ),
    ).toBe(1);
  });

  it('reports no winner when every share failed', () => {
    expect(pickWinner([null, null], 5)).toBe(-1);
    expect(pickWinner([], 5)).toBe(-1);
  });
});

/** What the worker relies on in the core: checked here so that a core change shows up. */
describe('core contracts for restarts in parallel', () => {
  const files = gridDistrict({
    blocks: 5,
    size: 160,
    perSide: 3,
    households: (b, i) => 60 + ((b * 7 + i * 13) % 50),
  });
  const input = readPlanInput(files);
  const district = prepareDistrict(input);
  const options = { ...DEFAULT_PLAN_OPTIONS, splitOver: 4000 };
  const pc = prepareCommunity(district, 0, options);

  it('a lent copy (cloned, without the mesh) solves exactly like the original', () => {
    expect(pc.needsSplit && !pc.infeasible.length).toBe(true);
    const lent = structuredClone({ ...pc, mesh: null, cells: null });
    for (const seed of [1, shareSeed(1, 1)]) {
      const a = solveCommunity(pc, { ...options, seed });
      const b = solveCommunity(lent, { ...options, seed });
      expect(a.ok && b.ok).toBe(true);
      if (a.ok && b.ok) expect(Array.from(b.atomUnit)).toEqual(Array.from(a.atomUnit));
    }
  });

  it('the preferred number of units is the one a single run gives', () => {
    const r = solveCommunity(pc, options);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.k).toBe(preferredUnits(pc.households, options.target, pc.kRange));
    expect(r.ok && r.k).toBe(Math.round(pc.households / options.target));
  });

  it('a partition run reports 0 first and, when it succeeds, its score at 1 last', () => {
    const g = gridGraph(12, 12, (r, c) => 40 + ((r * 5 + c * 3) % 30));
    const coords = new Float64Array(2 * g.n);
    for (let v = 0; v < g.n; v++) {
      coords[2 * v] = (v % 12) * 50;
      coords[2 * v + 1] = Math.floor(v / 12) * 50;
    }
    const reports: { fraction: number; bestScore: number }[] = [];
    const r = partition(g, {
      min: 1000,
      max: 2000,
      k: 4,
      coords,
      compactness: 2,
      onProgress: (p) => {
        reports.push(p);
        return undefined;
      },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.score).toBeGreaterThan(r.cut); // compactness counts, so the cut alone would not do
    expect(reports[0]!.fraction).toBe(0);
    expect(reports.at(-1)).toEqual({ fraction: 1, bestScore: r.score });
    expect(reports.slice(0, -1).every((p) => p.fraction < 1)).toBe(true);
  });
});
