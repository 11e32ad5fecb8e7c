/**
 * Numbers of parts. A region of H households and n nodes can hold k parts within [min, max] when
 * k·min ≤ H ≤ k·max and k ≤ n (every part needs a node).
 */
export interface KRange {
  lo: number;
  hi: number;
}

/** Slack for comparisons of household sums (which need not be integers). */
export function householdEps(total: number): number {
  return 1e-9 * Math.max(1, Math.abs(total));
}

export function kRange(households: number, nodes: number, min: number, max: number): KRange {
  const eps = householdEps(households);
  const lo = Math.max(1, Math.ceil(households / max - eps));
  const hi = Math.min(nodes, min > 0 ? Math.floor(households / min + eps) : nodes);
  return { lo, hi };
}

/** k = round(H / target) clamped to the feasible range (assumed non-empty). */
export function autoK(households: number, target: number, range: KRange): number {
  return Math.min(range.hi, Math.max(range.lo, Math.round(households / target)));
}

/**
 * Spreads a fixed total k over components: each gets at least its lower bound, then the remaining parts
 * go one by one to the component whose parts are currently the heaviest on average (so part sizes even
 * out). Returns null when the total cannot be met within the components' ranges.
 */
export function distributeK(k: number, households: number[], ranges: KRange[]): number[] | null {
  let sumLo = 0;
  let sumHi = 0;
  for (const r of ranges) {
    sumLo += r.lo;
    sumHi += r.hi;
  }
  if (k < sumLo || k > sumHi) return null;
  const out = ranges.map((r) => r.lo);
  for (let left = k - sumLo; left > 0; left--) {
    let best = -1;
    let bestMean = -Infinity;
    for (let c = 0; c < out.length; c++) {
      if (out[c]! >= ranges[c]!.hi) continue;
      const mean = households[c]! / out[c]!;
      if (mean > bestMean) {
        bestMean = mean;
        best = c;
      }
    }
    out[best]!++;
  }
  return out;
}
