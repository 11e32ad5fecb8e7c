/**
 * Progress reports of the search within a community's restarts, their throttling, cancelling from
 * them, and that listening never changes the result (same seed, same plan).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { partition } from '../../src/core/partition';
import { INTERVAL_MS } from '../../src/core/partition/progress';
import { bisectionShare } from '../../src/core/partition/solve';
import type { PartitionProgress } from '../../src/core/partition/types';
import { prepareCommunity, RunsProgress, solveCommunity } from '../../src/core/plan/community';
import { prepareDistrict } from '../../src/core/plan/district';
import { DEFAULT_PLAN_OPTIONS } from '../../src/core/types';
import type { SolveOutcome } from '../../src/services/engineTypes';
import { ShareProgress } from '../../src/services/restarts';
import { gridDistrict } from '../helpers/fixtures';
import { cityGraph } from '../helpers/graphs';

/**
 * A clock that moves `step` ms each time it is read, so throttled reports come at the same points of
 * the search on any machine.
 */
function steppingClock(step: number): void {
  let t = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (t += step));
}

afterEach(() => {
  vi.restoreAllMocks();
});

// ~6 parts (≤ 8): the restarts split the whole graph, which is where a run with many spends its time.
const { graph, coords } = cityGraph({ nodes: 600, seed: 5, householdsMin: 10, householdsMax: 40 });
const base = { min: 1500, max: 3500, seed: 3 };

function record(reports: PartitionProgress[]) {
  return (p: PartitionProgress) => {
    reports.push({ ...p });
    return undefined;
  };
}

describe('progress within the restarts of a region', () => {
  it('reports increasing fractions and a best score while the restarts run', () => {
    steppingClock(INTERVAL_MS / 4);
    const restarts = 200;
    const reports: PartitionProgress[] = [];
    const r = partition(graph, { ...base, restarts, onProgress: record(reports) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.k).toBeLessThanOrEqual(8);
    const fractions = reports.map((p) => p.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions[0]).toBe(0);
    expect(reports.at(-1)).toEqual({ fraction: 1, bestScore: r.score });
    // While the restarts run (the first bisectionShare of the bar), the bar moves in many steps…
    const duringRestarts = reports.filter((p) => p.fraction > 0 && p.fraction < bisectionShare(restarts));
    expect(new Set(duringRestarts.map((p) => p.fraction)).size).toBeGreaterThanOrEqual(10);
    // …and after the first split the best score is known and only improves (compactness off: the
    // restarts keep the lowest cut, which is then the score).
    const scored = duringRestarts.filter((p) => Number.isFinite(p.bestScore));
    expect(scored.length).toBeGreaterThan(duringRestarts.length / 2);
    const scores = reports.map((p) => p.bestScore).filter(Number.isFinite);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]!);
    expect(scores[0]).toBeGreaterThanOrEqual(r.score);
  });

  it('cancels in the middle of the restarts when the callback returns false', () => {
    steppingClock(INTERVAL_MS / 4);
    let cancelledAt = -1;
    let after = 0;
    const r = partition(graph, {
      ...base,
      restarts: 200,
      onProgress: (p) => {
        if (cancelledAt >= 0) after++;
        if (p.fraction > 0 && p.fraction < 0.25) {
          cancelledAt = p.fraction;
          return false;
        }
        return undefined;
      },
    });
    expect(cancelledAt).toBeGreaterThan(0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('CANCELLED');
    expect(after).toBe(0);
  });

  it('calls back at most every INTERVAL_MS of real time', () => {
    let calls = 0;
    const t0 = performance.now();
    const r = partition(graph, {
      ...base,
      restarts: 60,
      onProgress: () => {
        calls++;
        return undefined;
      },
    });
    const elapsed = performance.now() - t0;
    expect(r.ok).toBe(true);
    // The first report (0), one per interval, the last (1).
    expect(calls).toBeLessThanOrEqual(2 + Math.floor(elapsed / INTERVAL_MS));
  });

  it('gives the same plan for a seed, listened to or not', () => {
    steppingClock(1);
    for (const compactness of [0, 1]) {
      const o = { ...base, restarts: 30, coords, compactness };
      const quiet = partition(graph, o);
      const heard = partition(graph, { ...o, onProgress: () => undefined });
      const again = partition(graph, o);
      expect(quiet.ok && heard.ok && again.ok).toBe(true);
      if (!quiet.ok || !heard.ok || !again.ok) return;
      expect(Array.from(heard.assignment)).toEqual(Array.from(quiet.assignment));
      expect(Array.from(again.assignment)).toEqual(Array.from(quiet.assignment));
      expect(heard.score).toBe(quiet.score);
    }
  });
});

describe('progress of a community solve', () => {
  const files = gridDistrict({
    blocks: 6,
    size: 160,
    perSide: 3,
    households: (b, i) => 40 + ((b * 7 + i * 13) % 40),
  });
  const district = prepareDistrict(readPlanInput(files));
  const options = { ...DEFAULT_PLAN_OPTIONS, splitOver: 4000, restarts: 300, seed: 11 };
  const pc = prepareCommunity(district, 0, options);

  it('moves forward through the restarts and ends at 1 with the score of the plan', () => {
    expect(pc.needsSplit && !pc.infeasible.length).toBe(true);
    steppingClock(INTERVAL_MS / 4);
    const reports: PartitionProgress[] = [];
    const r = solveCommunity(pc, options, { onProgress: record(reports) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const fractions = reports.map((p) => p.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    const midway = reports.filter((p) => p.fraction > 0 && p.fraction < 0.9);
    expect(new Set(midway.map((p) => p.fraction)).size).toBeGreaterThanOrEqual(10);
    expect(midway.some((p) => Number.isFinite(p.bestScore))).toBe(true);
    expect(reports.at(-1)).toEqual({ fraction: 1, bestScore: r.score });
  });

  it('gives the same plan for a seed, listened to or not', () => {
    steppingClock(1);
    const o = { ...options, restarts: 40 };
    const quiet = solveCommunity(pc, o);
    const heard = solveCommunity(pc, o, { onProgress: () => undefined });
    expect(quiet.ok && heard.ok).toBe(true);
    if (quiet.ok && heard.ok) {
      expect(Array.from(heard.atomUnit)).toEqual(Array.from(quiet.atomUnit));
      expect(heard.score).toBe(quiet.score);
    }
  });

  it('fails instead of giving a plan when cancelled', () => {
    steppingClock(INTERVAL_MS / 4);
    const r = solveCommunity(pc, options, { onProgress: (p) => !(p.fraction > 0) });
    expect(r.ok).toBe(false);
  });

  it('crosses the worker boundary as plain data', () => {
    const r = solveCommunity(pc, { ...options, restarts: 2 });
    expect(r.ok).toBe(true);
    const outcome: SolveOutcome = r.ok ? { ...r, ms: 1 } : r;
    expect(structuredClone(outcome)).toEqual(outcome);
  });
});

describe('RunsProgress', () => {
  it('maps later runs onto half of what is left, never going back, 1 when a run succeeds', () => {
    const seen: number[] = [];
    const runs = new RunsProgress((p) => {
      seen.push(p.fraction);
      return undefined;
    });
    runs.callback({ fraction: 0, bestScore: Infinity });
    runs.callback({ fraction: 0.6, bestScore: Infinity }); // the first run fails here
    runs.next();
    runs.callback({ fraction: 0, bestScore: Infinity });
    runs.callback({ fraction: 0.5, bestScore: 9 });
    runs.next();
    runs.callback({ fraction: 0.5, bestScore: 8 });
    runs.callback({ fraction: 1, bestScore: 7 });
    // Second run: 0.6 + 0.2·f; third: 0.7 + 0.15·f.
    expect(seen.map((f) => Math.round(f * 1000) / 1000)).toEqual([0, 0.6, 0.6, 0.7, 0.775, 1]);
  });

  it('passes a cancel through', () => {
    const runs = new RunsProgress(() => false);
    expect(runs.callback({ fraction: 0.2, bestScore: 1 })).toBe(false);
  });
});

describe('ShareProgress', () => {
  it('is the mean of the shares, each never going back, with the lowest score of any share', () => {
    const s = new ShareProgress(2);
    expect(s.fraction).toBe(0);
    expect(s.bestScore).toBeNull();
    s.update(0, 0.5, Infinity);
    expect(s.fraction).toBe(0.25);
    expect(s.bestScore).toBeNull();
    s.update(1, 0.3, 12);
    s.update(0, 0.4, 15); // a late message from earlier in the run
    expect(s.fraction).toBeCloseTo(0.4);
    expect(s.bestScore).toBe(12);
    s.update(1, 1, 10);
    s.update(0, 1, 11);
    expect(s.fraction).toBe(1);
    expect(s.bestScore).toBe(10);
  });
});
