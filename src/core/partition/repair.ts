import { type SearchContext, treeBisect } from './bisect';
import type { PartState } from './state';
import { clearLocal, induced } from './subgraph';

/**
 * Brings every part within [min, max] after a relaxed initial split. Around a violating part, grow a
 * cluster of adjacent parts until its households fit its part count (c·min ≤ W ≤ c·max), then re-split
 * the cluster into c parts by strict tree bisection; when that fails, grow the cluster by all its
 * neighbours and try again. The cluster stays connected because only adjacent parts join it.
 * Returns false when even the whole region cannot be re-split.
 */
export function repairBounds(st: PartState, ctx: SearchContext): boolean {
  const { g, assign, weight, k } = st;
  const { min, max, eps } = ctx;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let v = 0; v < g.n; v++) members[assign[v]!]!.push(v);
  const local = new Int32Array(g.n).fill(-1);
  const inCluster = new Uint8Array(k);
  const bad = (p: number) => weight[p]! < min - eps || weight[p]! > max + eps;
  for (let guard = 0; guard < 4 * k + 4; guard++) {
    let p = -1;
    for (let q = 0; q < k; q++) {
      if (bad(q)) {
        p = q;
        break;
      }
    }
    if (p < 0) return true;
    const cluster = [p];
    inCluster[p] = 1;
    let total = weight[p]!;
    let fixed = false;
    while (!fixed) {
      const c = cluster.length;
      let tried = false;
      if (total >= c * min - eps && total <= c * max + eps) {
        tried = true;
        const nodes: number[] = [];
        for (const q of cluster) for (const v of members[q]!) nodes.push(v);
        const sub = induced(g, nodes, local);
        clearLocal(nodes, local);
        const split = treeBisect(sub, c, ctx, true);
        if (split) {
          const lists: number[][] = cluster.map(() => []);
          for (let i = 0; i < nodes.length; i++) {
            const part = split.assign[i]!;
            const v = nodes[i]!;
            if (assign[v] !== cluster[part]) st.move(v, cluster[part]!);
            lists[part]!.push(v);
          }
          for (let j = 0; j < c; j++) members[cluster[j]!] = lists[j]!;
          fixed = true;
          break;
        }
      }
      const neighbours = clusterNeighbours(st, cluster, members, inCluster);
      if (neighbours.length === 0) {
        for (const q of cluster) inCluster[q] = 0;
        return false;
      }
      if (tried) {
        // Weight fits but no tree split was found: widen the search area at once.
        for (const q of neighbours) {
          cluster.push(q);
          inCluster[q] = 1;
          total += weight[q]!;
        }
      } else {
        // Add the neighbour that moves the mean part weight furthest towards [min, max].
        const short = total < c * min;
        let pick = neighbours[0]!;
        for (const q of neighbours) {
          if (short ? weight[q]! > weight[pick]! : weight[q]! < weight[pick]!) pick = q;
        }
        cluster.push(pick);
        inCluster[pick] = 1;
        total += weight[pick]!;
      }
      ctx.ticker?.tick();
    }
    for (const q of cluster) inCluster[q] = 0;
  }
  for (let q = 0; q < k; q++) if (bad(q)) return false;
  return true;
}

function clusterNeighbours(
  st: PartState,
  cluster: number[],
  members: number[][],
  inCluster: Uint8Array,
): number[] {
  const { g, assign } = st;
  const out: number[] = [];
  const seen = new Set<number>();
  for (const q of cluster) {
    for (const v of members[q]!) {
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const p = assign[g.targets[e]!]!;
        if (!inCluster[p] && !seen.has(p)) {
          seen.add(p);
          out.push(p);
        }
      }
    }
  }
  return out;
}
