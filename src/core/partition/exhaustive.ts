import type { UnitGraph } from '../graph/csr';

/** Regions up to this many nodes can be searched exhaustively (Bell(10) ≈ 116k set partitions). */
export const EXHAUSTIVE_MAX_NODES = 10;

/**
 * The minimum-cut split of a tiny region into exactly k connected parts within [min, max], by
 * enumerating set partitions (restricted growth strings, pruned when a part gets too heavy), or null
 * when none exists. Last resort after the heuristic search, so tiny inputs are solved whenever possible.
 */
export function exhaustivePartition(
  g: UnitGraph,
  k: number,
  min: number,
  max: number,
  eps: number,
): Int32Array | null {
  const n = g.n;
  if (n > EXHAUSTIVE_MAX_NODES || k > n) return null;
  const label = new Int32Array(n);
  const weight = new Float64Array(k);
  let best: Int32Array | null = null;
  let bestCut = Infinity;
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  const connected = (): boolean => {
    seen.fill(0);
    for (let p = 0; p < k; p++) {
      let start = -1;
      let count = 0;
      for (let v = 0; v < n; v++) {
        if (label[v] === p) {
          count++;
          if (start < 0) start = v;
        }
      }
      seen[start] = 1;
      stack.push(start);
      let reached = 0;
      while (stack.length) {
        const v = stack.pop()!;
        reached++;
        for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
          const w = g.targets[e]!;
          if (!seen[w] && label[w] === p) {
            seen[w] = 1;
            stack.push(w);
          }
        }
      }
      if (reached !== count) return false;
    }
    return true;
  };
  const cut = (): number => {
    let c = 0;
    for (let v = 0; v < n; v++) {
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        if (g.targets[e]! > v && label[g.targets[e]!] !== label[v]) c += g.costs[e]!;
      }
    }
    return c;
  };
  const go = (v: number, used: number): void => {
    if (n - v < k - used) return;
    if (v === n) {
      for (let p = 0; p < k; p++) if (weight[p]! < min - eps) return;
      const c = cut();
      if (c < bestCut && connected()) {
        bestCut = c;
        best = label.slice();
      }
      return;
    }
    const h = g.households[v]!;
    for (let p = 0; p <= Math.min(used, k - 1); p++) {
      if (weight[p]! + h > max + eps) continue;
      label[v] = p;
      weight[p]! += h;
      go(v + 1, Math.max(used, p + 1));
      weight[p]! -= h;
    }
  };
  go(0, 0);
  return best;
}
