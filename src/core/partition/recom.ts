import type { UnitGraph } from '../graph/csr';
import { randInt, shuffle } from '../random';
import { balanceBisection } from './balance';
import type { SearchContext } from './bisect';
import { inertiaTerm, type PartState } from './state';

/** Boundaries whose mean edge cost is below this share of the pair's mean edge cost are skipped. */
const CHEAP_BOUNDARY = 0.35;
/** Largest merged pair the balancing local search runs on (it costs O(n·(n + m))). */
const BALANCE_MAX_NODES = 400;

/**
 * ReCom merge–split: merge two adjacent parts A and B, draw jittered maximum spanning trees of A ∪ B
 * and take the tree cut with the lowest score whose two sides are both within [min, max]. The boundary
 * of A ∪ B towards other parts does not change, so only the A/B cut and the two compactness terms
 * matter; the new split is kept only when it scores lower than the current one. With tight bounds few
 * tree cuts fit, so the cheapest cut that just misses the window is also balanced by local moves.
 */
export class Recombiner {
  private readonly local: Int32Array;
  private parent = new Int32Array(0);
  private bestSide = new Uint8Array(0);
  private nearSide = new Uint8Array(0);
  private x = new Float64Array(0);
  private y = new Float64Array(0);
  private nodes = new Uint32Array(0);
  private subOffsets = new Uint32Array(0);
  private subTargets = new Uint32Array(0);
  private subCosts = new Float64Array(0);
  private subHouseholds = new Float64Array(0);
  /** Pair key → sum of the two parts' versions when the pair was last tried without success. */
  private readonly tried = new Map<number, number>();

  constructor(n: number) {
    this.local = new Int32Array(n).fill(-1);
  }

  /**
   * One pass over the adjacent pairs in random order, skipping pairs that were tried before and have not
   * changed since (versions only grow, so an unchanged sum means neither part changed). Returns the
   * number of improved pairs and of pairs tried.
   */
  pass(st: PartState, ctx: SearchContext, treesPerPair: number): { improved: number; tried: number } {
    const { g, assign, k, version } = st;
    const members: number[][] = Array.from({ length: k }, () => []);
    for (let v = 0; v < g.n; v++) members[assign[v]!]!.push(v);
    const pairs = adjacentPairs(g, assign, k);
    shuffle(ctx.rng, pairs);
    let improved = 0;
    let tried = 0;
    for (let i = 0; i < pairs.length; i++) {
      const key = pairs[i]!;
      const a = Math.floor(key / k);
      const b = key - a * k;
      if (this.tried.get(key) === version[a]! + version[b]!) continue;
      tried++;
      if (this.recombine(st, ctx, a, b, members, treesPerPair)) improved++;
      else this.tried.set(key, version[a]! + version[b]!);
      ctx.ticker?.tick(i / pairs.length);
    }
    return { improved, tried };
  }

  /** Members of a then b, in a reused buffer. */
  private pairNodes(ma: number[], mb: number[]): Uint32Array {
    const n = ma.length + mb.length;
    if (this.nodes.length < n) this.nodes = new Uint32Array(2 * n);
    const nodes = this.nodes;
    for (let i = 0; i < ma.length; i++) nodes[i] = ma[i]!;
    for (let i = 0; i < mb.length; i++) nodes[ma.length + i] = mb[i]!;
    return nodes.subarray(0, n);
  }

  /**
   * The subgraph induced by the pair (as `induced` builds it) in buffers reused from pair to pair:
   * a fresh graph per pair made ReCom allocate several typed arrays thousands of times per pass.
   * Each call returns a new object over views, so caches keyed on the graph object stay correct.
   */
  private pairGraph(g: UnitGraph, nodes: Uint32Array, m: number): UnitGraph {
    const n = nodes.length;
    if (this.subOffsets.length < n + 1) {
      this.subOffsets = new Uint32Array(2 * n + 1);
      this.subHouseholds = new Float64Array(2 * n);
    }
    if (this.subTargets.length < m) {
      this.subTargets = new Uint32Array(2 * m);
      this.subCosts = new Float64Array(2 * m);
    }
    const local = this.local;
    const { offsets, targets, costs, households } = g;
    const off = this.subOffsets;
    const tg = this.subTargets;
    const cs = this.subCosts;
    const hh = this.subHouseholds;
    for (let i = 0; i < n; i++) local[nodes[i]!] = i;
    let at = 0;
    off[0] = 0;
    for (let i = 0; i < n; i++) {
      const v = nodes[i]!;
      hh[i] = households[v]!;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const j = local[targets[e]!]!;
        if (j >= 0) {
          tg[at] = j;
          cs[at++] = costs[e]!;
        }
      }
      off[i + 1] = at;
    }
    for (let i = 0; i < n; i++) local[nodes[i]!] = -1;
    return {
      n,
      offsets: off.subarray(0, n + 1),
      targets: tg.subarray(0, at),
      costs: cs.subarray(0, at),
      households: hh.subarray(0, n),
    };
  }

  /** Tries to re-split parts a and b; applies and returns true when the pair's score improves. */
  recombine(
    st: PartState,
    ctx: SearchContext,
    a: number,
    b: number,
    members: number[][],
    trees: number,
  ): boolean {
    const { g, assign, weight } = st;
    const { min, max, eps } = ctx;
    const total = weight[a]! + weight[b]!;
    if (total < 2 * min - eps || total > 2 * max + eps) return false;
    // Current mutual cut and the pair's internal edges, read off the whole graph so that the pairs
    // skipped below (most of them) never build a subgraph: building one per pair was 15% of a run.
    // The sums run in the order the subgraph lists its edges, so they are bit-identical to it.
    const ma = members[a]!;
    const mb = members[b]!;
    const { offsets, targets, costs } = g;
    let mutual = 0;
    let crossing = 0;
    let costSum = 0;
    let internal = 0;
    for (let i = 0; i < ma.length; i++) {
      const v = ma[i]!;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const p = assign[targets[e]!]!;
        if (p === b) {
          mutual += costs[e]!;
          crossing++;
        } else if (p !== a) continue;
        costSum += costs[e]!;
        internal++;
      }
    }
    // No crossing edge means the parts are no longer adjacent.
    if (crossing === 0) return false;
    for (let i = 0; i < mb.length; i++) {
      const v = mb[i]!;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const p = assign[targets[e]!]!;
        if (p !== a && p !== b) continue;
        costSum += costs[e]!;
        internal++;
      }
    }
    // A boundary made only of edges far cheaper than the pair's typical edge (roads) is practically
    // never improved by a re-split (measured: 0.2% of such pairs on city graphs, against 30% of the
    // others) and such pairs are the majority, so they are skipped.
    if (mutual / crossing < CHEAP_BOUNDARY * (costSum / internal)) return false;
    const n = ma.length + mb.length;
    const nodes = this.pairNodes(ma, mb);
    const sub = this.pairGraph(g, nodes, internal);
    const geo = st.geo;
    if (this.parent.length < n) {
      this.parent = new Int32Array(2 * n);
      this.bestSide = new Uint8Array(2 * n);
      this.nearSide = new Uint8Array(2 * n);
      this.x = new Float64Array(2 * n);
      this.y = new Float64Array(2 * n);
    }
    let tx = 0;
    let ty = 0;
    let tq = 0;
    if (geo) {
      for (let i = 0; i < n; i++) {
        const xv = geo.x[nodes[i]!]!;
        const yv = geo.y[nodes[i]!]!;
        const h = g.households[nodes[i]!]!;
        this.x[i] = xv;
        this.y[i] = yv;
        tx += h * xv;
        ty += h * yv;
        tq += h * (xv * xv + yv * yv);
      }
    }
    const current = mutual + st.compactOf(a) + st.compactOf(b);
    let best = current - 1e-9 * ctx.meanCost - 1e-12 * Math.abs(current);
    let found = false;
    const stats = ctx.stats;
    const parent = this.parent;
    // Window of side A, and the cheapest tree cut that misses it by little (tight bounds): a
    // candidate for the balancing local search when no tree cut both fits and improves.
    const lo = Math.max(min, total - max);
    const hi = Math.min(max, total - min);
    const near = (2 * total) / n;
    let nearCut = best;
    let nearFound = false;
    // Subtree weights the loop below can use (in the window or near it), with a margin for the
    // order of summation.
    const reachLo = lo - near - eps - 1e-9 * total;
    const reachHi = hi + near + eps + 1e-9 * total;
    for (let t = 0; t < trees; t++) {
      const root = randInt(ctx.rng, n);
      ctx.trees.draw(sub, ctx.rng, ctx.recomJitter, root, parent);
      // A tree without a subtree near side A's window offers nothing below: skip its exact cuts.
      if (!nearWindow(ctx.trees.subtreeWeights(sub, parent).weight, parent, n, reachLo, reachHi)) continue;
      stats.compute(sub, parent, root, geo ? this.x : null, geo ? this.y : null);
      const { post, weight: sw, cut, size, sx, sy, sq } = stats;
      let at = -1;
      for (let i = 0; i < n - 1; i++) {
        const v = post[i]!;
        const s = sw[v]!;
        if (s < lo - eps || s > hi + eps) {
          if (cut[v]! < nearCut && s > lo - near && s < hi + near) {
            nearCut = cut[v]!;
            nearFound = true;
            this.nearSide.fill(0, 0, n);
            for (let j = i - size[v]! + 1; j <= i; j++) this.nearSide[post[j]!] = 1;
          }
          continue;
        }
        let score = cut[v]!;
        if (geo && score < best) {
          score +=
            inertiaTerm(geo.kappa, s, sx[v]!, sy[v]!, sq[v]!) +
            inertiaTerm(geo.kappa, total - s, tx - sx[v]!, ty - sy[v]!, tq - sq[v]!);
        }
        if (score < best) {
          best = score;
          at = i;
        }
      }
      if (at >= 0) {
        found = true;
        const v = post[at]!;
        this.bestSide.fill(0, 0, n);
        for (let i = at - size[v]! + 1; i <= at; i++) this.bestSide[post[i]!] = 1;
      }
    }
    const balance = nearFound && nearCut < best && n <= BALANCE_MAX_NODES;
    if (balance && balanceBisection(sub, this.nearSide, lo, hi, eps)) {
      // Score the balanced split like a tree cut: mutual cut plus the two compactness terms.
      const side = this.nearSide;
      let c = 0;
      let s = 0;
      let sx = 0;
      let sy = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        if (!side[i]) continue;
        const h = sub.households[i]!;
        s += h;
        if (geo) {
          sx += h * this.x[i]!;
          sy += h * this.y[i]!;
          sq += h * (this.x[i]! ** 2 + this.y[i]! ** 2);
        }
        for (let e = sub.offsets[i]!; e < sub.offsets[i + 1]!; e++)
          if (!side[sub.targets[e]!]) c += sub.costs[e]!;
      }
      if (geo) {
        c +=
          inertiaTerm(geo.kappa, s, sx, sy, sq) +
          inertiaTerm(geo.kappa, total - s, tx - sx, ty - sy, tq - sq);
      }
      if (c < best) {
        found = true;
        this.bestSide.set(side.subarray(0, n));
      }
    }
    if (!found) return false;
    const newA: number[] = [];
    const newB: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = nodes[i]!;
      const to = this.bestSide[i] ? a : b;
      if (assign[v] !== to) st.move(v, to);
      (to === a ? newA : newB).push(v);
    }
    members[a] = newA;
    members[b] = newB;
    return true;
  }
}

/** Adjacent part pairs, encoded a·k + b with a < b, in order of first appearance. */
export function adjacentPairs(g: UnitGraph, assign: Int32Array, k: number): number[] {
  const seen = new Set<number>();
  const pairs: number[] = [];
  for (let v = 0; v < g.n; v++) {
    const p = assign[v]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const q = assign[g.targets[e]!]!;
      if (q === p) continue;
      const key = p < q ? p * k + q : q * k + p;
      if (!seen.has(key)) {
        seen.add(key);
        pairs.push(key);
      }
    }
  }
  return pairs;
}

/** Whether some subtree (any node but the root) weighs strictly between lo and hi. */
function nearWindow(weight: Float64Array, parent: Int32Array, n: number, lo: number, hi: number): boolean {
  for (let v = 0; v < n; v++) {
    if (parent[v]! < 0) continue;
    const s = weight[v]!;
    if (s > lo && s < hi) return true;
  }
  return false;
}
