import type { UnitGraph } from '../graph/csr';
import { createRng } from '../random';
import { type SearchContext, treeBisect } from './bisect';
import { exhaustivePartition } from './exhaustive';
import type { Ticker } from './progress';
import { Recombiner } from './recom';
import { Refiner } from './refine';
import { repairBounds } from './repair';
import { SpanningTrees } from './spanningTree';
import { type Geometry, PartState } from './state';
import { SubtreeStats } from './treeCuts';

/** Search settings; defaults measured on the synthetic city graphs (tests/bench/metis.bench.ts). */
export interface SearchSettings {
  /** Relative jitter of edge costs in spanning-tree draws for the bisection… */
  jitter: number;
  /** …and for ReCom, where diversity pays more since only improving splits are kept. */
  recomJitter: number;
  /** Tree redraws per region before a bisection counts as failed. */
  retries: number;
  /** Balance penalty weight in bisections. */
  balanceWeight: number;
  /** Refinement passes per call. */
  refinePasses: number;
  /** Most ReCom passes (the first tries every adjacent pair, later ones only changed pairs). */
  recomPasses: number;
  /** Spanning trees drawn per ReCom pair. */
  treesPerPair: number;
  /** Most whole new starts after a start that cannot meet the bounds (default 8). */
  extraStarts?: number;
}

export const DEFAULT_SETTINGS: SearchSettings = {
  jitter: 0.25,
  recomJitter: 1,
  retries: 20,
  balanceWeight: 1,
  refinePasses: 30,
  recomPasses: 8,
  treesPerPair: 8,
};

/**
 * Share of a region's progress given to the bisection with `restarts` alternatives, the rest going to
 * refinement and ReCom: the bisection's time grows with the restarts, the rest does not. Measured on
 * city graphs of 400–4,000 nodes: about half the time at 4 restarts, nearly all at 64.
 */
export function bisectionShare(restarts: number): number {
  return restarts / (restarts + 4);
}

/** Most extra starts after the first failed to meet the bounds, and their budget in node-starts. */
const EXTRA_STARTS = 8;
const EXTRA_WORK = 400_000;

export interface Region {
  /** Connected graph of the region. */
  g: UnitGraph;
  k: number;
  min: number;
  max: number;
  eps: number;
  geo: Geometry | null;
  meanCost: number;
}

export interface RegionSolution {
  assign: Int32Array;
  score: number;
}

/**
 * Solves one connected region: tree bisection (each region of few parts split `restarts` times from
 * independent seeds, the cheapest kept), bound repair when a bisection had to relax, boundary
 * refinement, then ReCom passes each followed by refinement. When that start cannot meet the bounds,
 * whole new starts are tried within a work budget before giving up (null).
 */
export function solveRegion(
  region: Region,
  seed: number,
  restarts: number,
  settings: SearchSettings,
  ticker: Ticker,
  progressBase: number,
  progressSpan: number,
  /** Score of the regions already solved, for the progress report's best score. */
  scoreOffset: number,
): RegionSolution | null {
  const { g, k } = region;
  const trees = new SpanningTrees();
  const stats = new SubtreeStats();
  const refiner = new Refiner(g.n);
  let found: { st: PartState; ctx: SearchContext } | null = null;
  // When the start cannot reach the bounds (tight bounds, coarse nodes), keep trying further seeds,
  // within a work budget that lets small regions try many and large ones a few.
  const extra = Math.min(settings.extraStarts ?? EXTRA_STARTS, Math.floor(EXTRA_WORK / Math.max(1, g.n)));
  const seeds = createRng(seed);
  const share = bisectionShare(restarts);
  // The score of the best split among the restarts so far, for the progress report (not computed
  // when nobody listens; it never changes what the search does).
  const onBest = ticker.active
    ? (assign: Int32Array) => {
        ticker.bestScore = scoreOffset + new PartState(g, k, assign, region.geo).score();
      }
    : undefined;
  for (let start = 0; start <= extra && !found; start++) {
    const ctx: SearchContext = {
      min: region.min,
      max: region.max,
      eps: region.eps,
      rng: createRng(Math.floor(seeds() * 2 ** 32)),
      trees,
      stats,
      ticker,
      jitter: settings.jitter,
      recomJitter: settings.recomJitter,
      retries: settings.retries,
      meanCost: region.meanCost,
      balanceWeight: settings.balanceWeight,
    };
    ticker.scope(progressBase, share * progressSpan);
    const init = treeBisect(g, k, ctx, false, restarts, onBest)!;
    const st = new PartState(g, k, init.assign, region.geo);
    if (init.relaxed && !repairBounds(st, ctx)) continue;
    refiner.run(st, ctx, settings.refinePasses);
    found = { st, ctx };
  }
  if (!found) {
    // Tiny regions are settled exhaustively; for larger ones there is no valid split to offer.
    const exact = exhaustivePartition(g, k, region.min, region.max, region.eps);
    return exact ? { assign: exact, score: new PartState(g, k, exact, region.geo).score() } : null;
  }
  const { st, ctx } = found;
  let score = st.score();
  ticker.bestScore = scoreOffset + score;
  const recombiner = new Recombiner(g.n);
  const passes = settings.recomPasses;
  for (let pass = 0; pass < passes; pass++) {
    const step = (1 - share) / passes;
    ticker.scope(progressBase + progressSpan * (share + step * pass), step * progressSpan);
    const { improved } = recombiner.pass(st, ctx, settings.treesPerPair);
    refiner.run(st, ctx, settings.refinePasses);
    const next = st.score();
    const gain = score - next;
    score = next;
    ticker.bestScore = scoreOffset + score;
    if (improved === 0 || gain < 1e-4 * score) break;
  }
  if (!withinBounds(st, region) || !contiguous(g, st.assign, k)) return null;
  return { assign: st.assign, score };
}

/**
 * Polish a valid assignment of a region (from region growing, say) with the boundary refinement
 * and ReCom passes the search ends with. Returns null if the result would break the bounds or
 * contiguity (it cannot by construction; checked as a safety net).
 */
export function improveRegion(
  region: Region,
  initial: Int32Array,
  seed: number,
  settings: SearchSettings,
): RegionSolution | null {
  const { g, k } = region;
  const ctx: SearchContext = {
    min: region.min,
    max: region.max,
    eps: region.eps,
    rng: createRng(seed),
    trees: new SpanningTrees(),
    stats: new SubtreeStats(),
    ticker: null,
    jitter: settings.jitter,
    recomJitter: settings.recomJitter,
    retries: settings.retries,
    meanCost: region.meanCost,
    balanceWeight: settings.balanceWeight,
  };
  const st = new PartState(g, k, Int32Array.from(initial), region.geo);
  if (!withinBounds(st, region) || !contiguous(g, st.assign, k)) return null;
  const refiner = new Refiner(g.n);
  const recombiner = new Recombiner(g.n);
  refiner.run(st, ctx, settings.refinePasses);
  let score = st.score();
  for (let pass = 0; pass < settings.recomPasses; pass++) {
    const { improved } = recombiner.pass(st, ctx, settings.treesPerPair);
    refiner.run(st, ctx, settings.refinePasses);
    const next = st.score();
    const gain = score - next;
    score = next;
    if (improved === 0 || gain < 1e-4 * score) break;
  }
  if (!withinBounds(st, region) || !contiguous(g, st.assign, k)) return null;
  return { assign: st.assign, score };
}

function withinBounds(st: PartState, region: Region): boolean {
  for (let p = 0; p < st.k; p++) {
    const w = st.weight[p]!;
    if (w < region.min - region.eps || w > region.max + region.eps || st.count[p]! === 0) return false;
  }
  return true;
}

/** Every part is one connected piece (a safety net: the search keeps this invariant by construction). */
function contiguous(g: UnitGraph, assign: Int32Array, k: number): boolean {
  const seen = new Uint8Array(g.n);
  const started = new Uint8Array(k);
  const stack: number[] = [];
  for (let s = 0; s < g.n; s++) {
    if (seen[s]) continue;
    const p = assign[s]!;
    if (started[p]) return false;
    started[p] = 1;
    seen[s] = 1;
    stack.push(s);
    while (stack.length) {
      const v = stack.pop()!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (!seen[w] && assign[w] === p) {
          seen[w] = 1;
          stack.push(w);
        }
      }
    }
  }
  return true;
}
