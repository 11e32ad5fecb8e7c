/**
 * Restarts of one community spread over idle engine workers (pure, no workers here).
 *
 * In the core, `restarts` is not a count of whole runs: one run tries that many alternative splits
 * of each region of few units and keeps the cheapest (src/core/partition/index.ts). So a run cannot
 * be cut into pieces that add up to it. Instead a community given several workers gets one whole
 * run per worker ("share"), the restarts divided between them, each from its own seed; the best
 * result wins. Share 0 keeps the planner's seed, so with one share the plan is exactly the
 * single-worker plan. Which share wins depends only on the results, never on timing, so the same
 * seed and the same number of workers give the same plan.
 */

export interface RestartShare {
  /** 0-based; also the tie-break (the lower share wins a tie). */
  index: number;
  seed: number;
  restarts: number;
}

/**
 * How many shares each community to split gets: one each when there are at least as many
 * communities as workers; otherwise the workers are divided among them, the spare ones going to
 * the communities with the most households (they take longest), never more shares than restarts.
 */
export function sharesPerCommunity(
  households: readonly number[],
  workers: number,
  restarts: number,
): number[] {
  const n = households.length;
  const out = new Array<number>(n).fill(1);
  if (n === 0 || workers <= n) return out;
  const base = Math.floor(workers / n);
  const spare = workers % n;
  const biggestFirst = [...households.keys()].sort((a, b) => households[b]! - households[a]! || a - b);
  biggestFirst.forEach((c, rank) => {
    out[c] = Math.max(1, Math.min(restarts, base + (rank < spare ? 1 : 0)));
  });
  return out;
}

/**
 * Seed of share `index`: the planner's seed for share 0, otherwise a hash of both, so that share 1
 * of seed 1 is not the run the planner gets with seed 2.
 */
export function shareSeed(seed: number, index: number): number {
  if (index === 0) return seed;
  // murmur3's finaliser over the seed as the core reads it (createRng takes seed >>> 0).
  let h = (seed >>> 0) ^ Math.imul(index, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** `restarts` divided as evenly as possible over `shares` runs (earlier shares take the remainder). */
export function restartShares(seed: number, restarts: number, shares: number): RestartShare[] {
  const count = Math.max(1, Math.min(shares, restarts));
  const each = Math.floor(restarts / count);
  const extra = restarts % count;
  return Array.from({ length: count }, (_, index) => ({
    index,
    seed: shareSeed(seed, index),
    restarts: each + (index < extra ? 1 : 0),
  }));
}

/**
 * The number of units a single run tries first (solveCommunity in src/core/plan/community.ts:
 * households / target rounded, within the feasible range). Keep in step with the core.
 */
export function preferredUnits(
  households: number,
  target: number,
  kRange: { lo: number; hi: number },
): number {
  return Math.min(kRange.hi, Math.max(kRange.lo, Math.round(households / target)));
}

export interface ShareResult {
  k: number;
  score: number;
}

/**
 * Index of the winning share's result, or -1 when every share failed (null). A share that found the
 * preferred number of units beats one that fell back to another number, as in a single run (which
 * stops at the first number that works, nearest to the preferred one, the smaller on a tie); then the
 * lowest score; then the lowest share index.
 */
export function pickWinner(results: readonly (ShareResult | null)[], preferred: number): number {
  let best = -1;
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    if (!r) continue;
    const b = best >= 0 ? results[best]! : null;
    if (!b || better(r, b, preferred)) best = i;
  }
  return best;
}

function better(a: ShareResult, b: ShareResult, preferred: number): boolean {
  const da = Math.abs(a.k - preferred);
  const db = Math.abs(b.k - preferred);
  if (da !== db) return da < db;
  if (a.k !== b.k) return a.k < b.k;
  return a.score < b.score; // equal scores: the earlier share stays
}

/**
 * Progress of one community solved in shares, from the shares' own reports: the mean of their
 * fractions (each kept from going back, so the bar moves only forward however the reports of the
 * shares interleave), and the lowest score any share has reported so far (null before any).
 */
export class ShareProgress {
  private readonly fractions: number[];
  private best = Infinity;

  constructor(shares: number) {
    this.fractions = new Array<number>(Math.max(1, shares)).fill(0);
  }

  /** A report of share `index`: fraction 0..1, best score (not finite before it found a split). */
  update(index: number, fraction: number, bestScore: number): void {
    this.fractions[index] = Math.max(this.fractions[index]!, Math.min(1, Math.max(0, fraction)));
    if (Number.isFinite(bestScore)) this.best = Math.min(this.best, bestScore);
  }

  get fraction(): number {
    return this.fractions.reduce((a, b) => a + b, 0) / this.fractions.length;
  }

  get bestScore(): number | null {
    return Number.isFinite(this.best) ? this.best : null;
  }
}
