import type { SearchContext } from './bisect';
import type { SubtreeStats } from './treeCuts';

export type Mode = 'balanced' | 'any' | 'relaxed';

export interface Choice {
  /** Position in stats.post of the node whose subtree is cut off. */
  at: number;
  /** Parts given to the subtree side. */
  k1: number;
  score: number;
  /** Balance part of the score, in units of the region's cut scale. */
  penalty: number;
}

/** A split whose balance penalty is below this is taken without drawing more trees. */
export const GOOD_ENOUGH = 0.5;

/**
 * Picks the tree edge for splitting a region of n nodes, H households into k parts: the subtree side
 * gets k1 parts, the rest k − k1, and both must be able to hold that many parts within [min, max].
 * - balanced: k1 ≈ k·s/H within [k/4, 3k/4] (depth O(log k), so k in the thousands stays cheap);
 * - any: k1 ≈ k·s/H anywhere in 1..k−1, penalised outside [k/4, 3k/4] (when balanced finds nothing);
 * - relaxed: the edge with the smallest bound violation (last resort, repaired afterwards).
 * Among feasible edges the exact cut wins, plus a penalty for taking the slack away from one side:
 * a side at the edge of its window has to be split exactly later, which often fails in tight cases.
 */
export function chooseCut(
  stats: SubtreeStats,
  n: number,
  H: number,
  k: number,
  ctx: SearchContext,
  mode: Mode,
  mean: number,
  /** Require a side of several parts to keep half its fair slack (mean halfway to the bound). */
  firm = false,
): Choice | null {
  const { min, max, eps } = ctx;
  const { post, size, weight, cut } = stats;
  const scale = ctx.balanceWeight * ctx.meanCost * Math.sqrt(n);
  // Penalise a side whose mean part weight drifts from the overall mean (of the whole problem, so drift
  // cannot compound down the recursion): flat near the mean, steep towards a bound (u = 1).
  // A side that will be split again also needs headroom: with less than ~two average nodes of slack to
  // a bound (or half its fair share of the slack, when slack is scarce), later tree cuts have to hit an
  // exact sum and usually fail.
  const headroom = (2 * H) / n;
  const fairPerPart = Math.min(mean - min, max - mean);
  let best: Choice | null = null;
  let bestScore = Infinity;
  const quarterLo = Math.max(1, Math.floor(k / 4));
  const quarterHi = Math.min(k - 1, Math.ceil((3 * k) / 4));
  for (let i = 0; i < n - 1; i++) {
    const v = post[i]!;
    const s = weight[v]!;
    const sz = size[v]!;
    const rest = H - s;
    // Node counts bound k1: every part needs a node.
    const kSizeLo = Math.max(1, k - (n - sz));
    const kSizeHi = Math.min(k - 1, sz);
    if (kSizeLo > kSizeHi) continue;
    if (mode === 'relaxed') {
      let k1 = Math.round((k * s) / Math.max(H, eps));
      k1 = Math.min(kSizeHi, Math.max(kSizeLo, k1));
      const k2 = k - k1;
      const violation =
        Math.max(0, k1 * min - s, s - k1 * max) + Math.max(0, k2 * min - rest, rest - k2 * max);
      const score = violation * 1e6 + cut[v]!;
      if (score < bestScore) {
        bestScore = score;
        best = { at: i, k1, score, penalty: violation };
      }
      continue;
    }
    // k1 proportional to the subtree's share of households, so side means stay near the overall mean
    // whatever sums the tree offers. 'balanced' keeps k1 within [k/4, 3k/4] (recursion depth O(log k):
    // the cut alone would prefer peeling single small parts); 'any' allows 1..k−1 at a penalty.
    const prop = (k * s) / Math.max(H, eps);
    let k1lo = Math.max(kSizeLo, Math.floor(prop));
    let k1hi = Math.min(kSizeHi, Math.ceil(prop));
    if (mode === 'balanced') {
      k1lo = Math.max(k1lo, quarterLo);
      k1hi = Math.min(k1hi, quarterHi);
    } else {
      k1lo = Math.min(k1lo, kSizeHi);
      k1hi = Math.max(k1hi, kSizeLo);
    }
    for (let k1 = k1lo; k1 <= k1hi; k1++) {
      const k2 = k - k1;
      if (s < k1 * min - eps || s > k1 * max + eps || rest < k2 * min - eps || rest > k2 * max + eps)
        continue;
      if (firm && (outsideHalf(s, k1, mean, min, max) || outsideHalf(rest, k2, mean, min, max))) continue;
      let penalty =
        sidePenalty(s, k1, mean, min, max, eps, headroom, fairPerPart) +
        sidePenalty(rest, k2, mean, min, max, eps, headroom, fairPerPart);
      if (mode === 'any' && (k1 < quarterLo || k1 > quarterHi)) penalty += 1;
      const score = cut[v]! + scale * penalty;
      if (score < bestScore) {
        bestScore = score;
        best = { at: i, k1, score, penalty };
      }
    }
  }
  return best;
}

/** Whether a side of `parts` (≥ 2) parts weighing w has less than half its fair slack. */
function outsideHalf(w: number, parts: number, mean: number, min: number, max: number): boolean {
  if (parts === 1) return false;
  return w < parts * (min + mean) * 0.5 || w > parts * (max + mean) * 0.5;
}

/** Balance penalty of one side of a cut (see chooseCut); a plain function, it runs once per tree edge. */
function sidePenalty(
  w: number,
  parts: number,
  mean: number,
  min: number,
  max: number,
  eps: number,
  headroom: number,
  fairPerPart: number,
): number {
  if (parts === 1) return 0; // a final part only has to be within bounds
  const m = w / parts;
  const gap = m >= mean ? max - mean : mean - min;
  const u = gap > eps ? Math.min(1.5, Math.abs(m - mean) / gap) : 0;
  const u2 = 4 * u * u;
  const slack = Math.min(w - parts * min, parts * max - w);
  return u2 * u2 + (slack < Math.min(headroom, 0.5 * parts * fairPerPart) ? 4 : 0);
}

/**
 * Whether a tree may offer a cut that chooseCut accepts in 'balanced' or 'any' mode, from the subtree
 * weights and node counts alone (every node but the root heads a candidate subtree). A necessary
 * condition, with a margin for the order in which the sums were added, so a tree it rejects is one
 * chooseCut would find nothing in: its exact cuts are then never computed. With tight bounds most
 * fresh trees drawn offer no cut
 * (measured on the 10k and 50k city graphs at k = H/1560: 84% of them).
 */
export function mayCut(
  weight: Float64Array,
  size: Uint32Array,
  parent: Int32Array,
  n: number,
  H: number,
  k: number,
  ctx: SearchContext,
  mean: number,
  firm: boolean,
): boolean {
  const { min, max } = ctx;
  const tol = ctx.eps + 1e-9 * Math.abs(H);
  for (let v = 0; v < n; v++) {
    if (parent[v]! < 0) continue;
    const s = weight[v]!;
    const sz = size[v]!;
    const rest = H - s;
    const kSizeLo = Math.max(1, k - (n - sz));
    const kSizeHi = Math.min(k - 1, sz);
    if (kSizeLo > kSizeHi) continue;
    const prop = (k * s) / Math.max(H, ctx.eps);
    const lo = Math.min(Math.max(kSizeLo, Math.floor(prop - 1e-6)), kSizeHi);
    const hi = Math.max(Math.min(kSizeHi, Math.ceil(prop + 1e-6)), kSizeLo);
    for (let k1 = lo; k1 <= hi; k1++) {
      const k2 = k - k1;
      if (s < k1 * min - tol || s > k1 * max + tol || rest < k2 * min - tol || rest > k2 * max + tol)
        continue;
      if (firm && (outsideHalfBy(s, k1, mean, min, max, tol) || outsideHalfBy(rest, k2, mean, min, max, tol)))
        continue;
      return true;
    }
  }
  return false;
}

/** outsideHalf with a tolerance in favour of the side. */
function outsideHalfBy(
  w: number,
  parts: number,
  mean: number,
  min: number,
  max: number,
  tol: number,
): boolean {
  if (parts === 1) return false;
  return w < parts * (min + mean) * 0.5 - tol || w > parts * (max + mean) * 0.5 + tol;
}
