import type { UnitGraph } from '../graph/csr';
import { type Rng, randInt } from '../random';
import { balanceBisection } from './balance';
import { type Choice, chooseCut, GOOD_ENOUGH, mayCut } from './cutChoice';
import type { Ticker } from './progress';
import type { SpanningTrees } from './spanningTree';
import { clearLocal, induced } from './subgraph';
import type { SubtreeStats } from './treeCuts';

/** Shared machinery and settings of one search (one region, one restart). */
export interface SearchContext {
  min: number;
  max: number;
  /** Tolerance for household comparisons (sums of non-integer households are not exact). */
  eps: number;
  rng: Rng;
  trees: SpanningTrees;
  stats: SubtreeStats;
  ticker: Ticker | null;
  /** Relative jitter of edge costs when drawing spanning trees for bisection. */
  jitter: number;
  /** The same for ReCom: more diversity pays there, since only improving splits are kept. */
  recomJitter: number;
  /** Tree draws for a region before its split counts as failed. */
  retries: number;
  /** Mean edge cost of the input graph (scale of the balance penalty). */
  meanCost: number;
  /** Weight of the balance penalty in a bisection (in units of meanCost·√n). */
  balanceWeight: number;
}

/** Regions of at most this many parts are split with backtracking (see splitSmall). */
const SMALL_K = 8;
/** Attempts at each level of the backtracking split. */
const SMALL_ATTEMPTS = 4;
/** Extra trees drawn for a better-balanced cut once one tree had a feasible cut. */
const QUALITY_DRAWS = 3;
/** Tree draws for a small split before trying the balancing local search. */
const LEAF_DRAWS = 4;
/** Tree draws without the slack requirement when the balancing local search failed too. */
const LOOSE_DRAWS = 8;
/** Largest region the two-way balancing local search is run on (it costs O(n·(n + m))). */
const BALANCE_MAX_NODES = 400;

/**
 * Work allowance of one backtracking split, in tree draws: backtracking is exponential in the depth,
 * and infeasible tight regions would otherwise try every combination. Typical splits use ~10–40.
 */
interface Budget {
  left: number;
}

/**
 * Running cost of one alternative of a backtracking split: every edge between its final parts is cut
 * at exactly one level, so once the cuts made so far exceed the best alternative's whole cut it
 * cannot win and is abandoned (`pruned`). Measured on the 10k city graph at k = H/1560: 36% of the
 * alternatives are abandoned early, and the mean cut over 6 seeds is the same within noise.
 */
interface Bound {
  spent: number;
  limit: number;
  pruned: boolean;
}
const SMALL_BUDGET = 150;
/** A balancing local search counts as this many tree draws. */
const BALANCE_COST = 4;

interface Task {
  g: UnitGraph;
  /** Local node → node of the top graph (null: identity). */
  map: Uint32Array | null;
  /** Inherited spanning tree (both sides of a tree cut are still spanned by their part of the tree). */
  parent: Int32Array | null;
  root: number;
  k: number;
  base: number;
  /** Local node → local node of the task this one was split from. */
  parentLocal: Uint32Array | null;
  /**
   * Households of a one-part task of a backtracking split, made without its subgraph, tree or node
   * map (it only checks its weight): then `g` is the parent's graph and must not be read.
   */
  leafWeight?: number;
  /**
   * The cut a backtracking split takes from the inherited tree (null: none fits), once computed.
   * It uses no randomness, so the alternatives of a region share it, and the sub-tasks it makes
   * (Cut.children), down to the first random draw, instead of recomputing the same inherited trees
   * for every alternative (measured: 6% less CPU for `shequ partition` on the 50k city graph at
   * k = H/1560).
   */
  inheritedCut: Cut | null | undefined;
}

/** A chosen split of a task: side A (inA) gets k1 parts. */
interface Cut {
  choice: Choice;
  inA: Uint8Array;
  /** The tree the cut was made in (inherited by both sides), null after a balancing local search. */
  parent: Int32Array | null;
  root: number;
  /** Root of side A's subtree. */
  v: number;
  /** The two sub-tasks of a backtracking split, once made (see Task.inheritedCut). */
  children: [Task, Task] | null;
}

/**
 * Initial partition of a connected graph into k parts by recursive bisection of spanning trees. Each
 * side of a tree cut is spanned by its part of the tree, so every part is connected by construction,
 * and the tree is reused down the recursion; new trees are drawn when the inherited one offers no
 * well-balanced cut. Regions of few parts are split with backtracking (a failed side makes its parent
 * try another cut), which is what makes tight bounds work, `alternatives` times each with the cheapest
 * kept. When even that fails, strict mode returns null; otherwise the region takes its least-violating
 * cut and `relaxed` is set (the caller repairs the bounds).
 *
 * Progress (ctx.ticker, within its scope): the share of nodes placed, counting each of the
 * alternatives of a region as its share of that region, so a run with many restarts moves steadily.
 */
export function treeBisect(
  g: UnitGraph,
  k: number,
  ctx: SearchContext,
  strict: boolean,
  /** Independent splits tried for each region of at most SMALL_K parts (the cheapest is kept). */
  alternatives = 1,
  /**
   * Called with each split of the whole graph kept as the best so far among the alternatives (only
   * when k ≤ SMALL_K, where the alternatives split the whole graph), for progress reports.
   */
  onBest?: (assign: Int32Array) => void,
): { assign: Int32Array; relaxed: boolean } | null {
  const assign = new Int32Array(g.n);
  const local = new Int32Array(g.n).fill(-1);
  const stack: Task[] = [
    { g, map: null, parent: null, root: 0, k, base: 0, parentLocal: null, inheritedCut: undefined },
  ];
  let relaxed = false;
  let done = 0;
  let total = 0;
  for (let v = 0; v < g.n; v++) total += g.households[v]!;
  const mean = total / k;
  const write = (t: Task, parts: Int32Array | null) => {
    for (let i = 0; i < t.g.n; i++) assign[t.map ? t.map[i]! : i] = t.base + (parts ? parts[i]! : 0);
    done += t.g.n;
    ctx.ticker?.tick(done / g.n);
  };
  while (stack.length) {
    const t = stack.pop()!;
    if (t.k === 1) {
      write(t, null);
      continue;
    }
    if (t.k <= SMALL_K) {
      // The cut is mostly decided down here, and these regions are independent given the splits
      // above: trying several seeded alternatives per region and keeping the cheapest beats whole
      // restarts (measured: same or better cut for a third of the time).
      let parts: Int32Array | null = null;
      let bestCut = Infinity;
      let failures = 0;
      for (let alt = 0; alt < alternatives && failures < 2; alt++) {
        // An alternative is dropped as soon as its cuts so far cost more than the best split's.
        const bound: Bound = { spent: 0, limit: bestCut + 1e-9 * bestCut, pruned: false };
        const p = splitSmall(t, ctx, mean, local, { left: SMALL_BUDGET }, bound);
        // A region that failed twice will not do better: save the budget.
        if (!p && !bound.pruned) failures++;
        const c = p ? internalCut(t.g, p) : Infinity;
        if (c < bestCut) {
          bestCut = c;
          parts = p;
          if (onBest && !t.map) onBest(p!);
        }
        ctx.ticker?.tick((done + (t.g.n * (alt + 1)) / alternatives) / g.n);
      }
      if (parts) {
        write(t, parts);
        continue;
      }
      if (strict) return null;
    }
    let cut = pickCut(t, ctx, mean, true);
    if (!cut) {
      if (strict) return null;
      relaxed = true;
      cut = relaxedCut(t, ctx, mean);
    }
    const [a, b] = splitTask(t, cut, local);
    stack.push(b, a);
  }
  return { assign, relaxed };
}

/**
 * Splits a region of few parts with backtracking: try a cut, split both sides recursively, and try
 * another cut when a side fails. Returns local part ids 0..k-1, or null.
 */
function splitSmall(
  t: Task,
  ctx: SearchContext,
  mean: number,
  local: Int32Array,
  budget: Budget,
  bound: Bound,
): Int32Array | null {
  if (t.k === 1) {
    const w = t.leafWeight ?? sum(t.g.households);
    const n = t.parentLocal ? t.parentLocal.length : t.g.n;
    return w >= ctx.min - ctx.eps && w <= ctx.max + ctx.eps ? new Int32Array(n) : null;
  }
  const n = t.g.n;
  const attempts = t.k === 2 ? 1 : n > 5000 ? 2 : SMALL_ATTEMPTS;
  for (let attempt = 0; attempt < attempts; attempt++) {
    // A few trees (requiring sides of several parts to keep slack for their own split), then the
    // balancing local search (cheaper than many more trees when the window is narrow), then the
    // remaining tree draws without the slack requirement.
    // (For two parts the requirement is void, so more draws would only repeat the first ones.)
    const cut =
      pickCut(t, ctx, mean, attempt === 0, LEAF_DRAWS, true, budget) ??
      balancedCut(t, ctx, mean, budget) ??
      (t.k > 2 ? pickCut(t, ctx, mean, false, LOOSE_DRAWS, false, budget) : null);
    if (!cut) return null;
    const spent = bound.spent;
    bound.spent += sideCut(t.g, cut.inA);
    if (bound.spent > bound.limit) {
      bound.pruned = true;
      return null;
    }
    cut.children ??= splitTask(t, cut, local, true);
    const [a, b] = cut.children;
    const pa = splitSmall(a, ctx, mean, local, budget, bound);
    if (bound.pruned) return null;
    if (pa) {
      const pb = splitSmall(b, ctx, mean, local, budget, bound);
      if (bound.pruned) return null;
      if (pb) {
        const out = new Int32Array(n);
        const la = a.parentLocal!;
        const lb = b.parentLocal!;
        for (let i = 0; i < la.length; i++) out[la[i]!] = pa[i]!;
        for (let i = 0; i < lb.length; i++) out[lb[i]!] = a.k + pb[i]!;
        return out;
      }
    }
    bound.spent = spent; // backtrack: this cut is undone
  }
  return null;
}

/** Cost of the edges leaving side A. */
function sideCut(g: UnitGraph, inA: Uint8Array): number {
  let c = 0;
  for (let v = 0; v < g.n; v++) {
    if (!inA[v]) continue;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) if (!inA[g.targets[e]!]) c += g.costs[e]!;
  }
  return c;
}

/**
 * Best cut of the region over its inherited tree (when `useInherited`) and fresh jittered trees:
 * stops drawing once a cut is balanced enough (GOOD_ENOUGH) or after ctx.retries draws. Null when no
 * tree had a feasible cut.
 */
function pickCut(
  t: Task,
  ctx: SearchContext,
  mean: number,
  useInherited: boolean,
  draws = ctx.retries,
  firm = false,
  budget: Budget | null = null,
): Cut | null {
  const tg = t.g;
  const n = tg.n;
  const H = sum(tg.households);
  const parent = new Int32Array(n);
  let best: Cut | null = null;
  const inherited = useInherited && t.parent !== null;
  let firstFeasible = -1;
  for (let attempt = 0; attempt <= draws; attempt++) {
    if (budget && budget.left-- <= 0) break;
    // Once some tree offers a feasible cut, only a few more draws are spent looking for a better one.
    if (firstFeasible >= 0 && attempt - firstFeasible > QUALITY_DRAWS) break;
    let root: number;
    if (attempt === 0 && inherited && firm && t.inheritedCut !== undefined) {
      const memo = t.inheritedCut;
      if (!memo) continue;
      firstFeasible = 0;
      best = memo;
      if (memo.choice.penalty <= GOOD_ENOUGH) return best;
      continue;
    }
    if (attempt === 0 && inherited) {
      parent.set(t.parent!);
      root = t.root;
    } else {
      root = randInt(ctx.rng, n);
      if (!ctx.trees.draw(tg, ctx.rng, ctx.jitter, root, parent)) throw new Error('region is not connected');
      if (attempt > 0) ctx.ticker?.tick();
      const { weight, size } = ctx.trees.subtreeWeights(tg, parent);
      if (!mayCut(weight, size, parent, n, H, t.k, ctx, mean, firm)) continue;
    }
    ctx.stats.compute(tg, parent, root, null, null);
    const c =
      chooseCut(ctx.stats, n, H, t.k, ctx, 'balanced', mean, firm) ??
      chooseCut(ctx.stats, n, H, t.k, ctx, 'any', mean, firm);
    if (c && firstFeasible < 0) firstFeasible = attempt;
    if (attempt === 0 && inherited && firm) {
      t.inheritedCut = c ? makeCut(ctx.stats, n, c, parent.slice(), root) : null;
      if (!c) continue;
      best = t.inheritedCut;
      if (c.penalty <= GOOD_ENOUGH) return best;
      continue;
    }
    if (c && (!best || c.score < best.choice.score)) {
      best = makeCut(ctx.stats, n, c, parent.slice(), root);
      if (c.penalty <= GOOD_ENOUGH) return best;
    }
  }
  return best;
}

function makeCut(stats: SubtreeStats, n: number, choice: Choice, parent: Int32Array, root: number): Cut {
  const { post, size } = stats;
  const v = post[choice.at]!;
  const inA = new Uint8Array(n);
  for (let i = choice.at - size[v]! + 1; i <= choice.at; i++) inA[post[i]!] = 1;
  return { choice, inA, parent, root, v, children: null };
}

/** Least-violating cut on a fresh tree (last resort of the non-strict mode). */
function relaxedCut(t: Task, ctx: SearchContext, mean: number): Cut {
  const tg = t.g;
  const n = tg.n;
  const H = sum(tg.households);
  const parent = new Int32Array(n);
  const root = randInt(ctx.rng, n);
  if (!ctx.trees.draw(tg, ctx.rng, ctx.jitter, root, parent)) throw new Error('region is not connected');
  ctx.stats.compute(tg, parent, root, null, null);
  const choice = chooseCut(ctx.stats, n, H, t.k, ctx, 'relaxed', mean);
  if (!choice) throw new Error('no tree edge can split the region');
  return makeCut(ctx.stats, n, choice, parent, root);
}

/**
 * Split when no tree cut lands in its window (narrow windows, coarse nodes): take the tree cut nearest
 * to feasibility and balance it by local moves and swaps. The sides are no longer tree-shaped
 * afterwards, so they inherit no tree.
 */
function balancedCut(t: Task, ctx: SearchContext, mean: number, budget: Budget): Cut | null {
  const tg = t.g;
  const n = tg.n;
  if (n > BALANCE_MAX_NODES || budget.left <= 0) return null;
  budget.left -= BALANCE_COST;
  const H = sum(tg.households);
  const parent = new Int32Array(n);
  const root = randInt(ctx.rng, n);
  if (!ctx.trees.draw(tg, ctx.rng, ctx.jitter, root, parent)) throw new Error('region is not connected');
  ctx.stats.compute(tg, parent, root, null, null);
  const choice = chooseCut(ctx.stats, n, H, t.k, ctx, 'relaxed', mean);
  if (!choice) return null;
  const k1 = choice.k1;
  const k2 = t.k - k1;
  // Aim for a window that leaves a side of several parts half of its fair slack, so its own split
  // is not an exact-sum problem; fall back to plain feasibility when that window is empty.
  const [lo1, hi1] = sideWindow(k1, mean, ctx);
  const [lo2, hi2] = sideWindow(k2, mean, ctx);
  let lo = Math.max(lo1, H - hi2);
  let hi = Math.min(hi1, H - lo2);
  if (lo > hi + ctx.eps) {
    lo = Math.max(k1 * ctx.min, H - k2 * ctx.max);
    hi = Math.min(k1 * ctx.max, H - k2 * ctx.min);
  }
  if (lo > hi + ctx.eps) return null;
  const cut = makeCut(ctx.stats, n, choice, parent, root);
  if (!balanceBisection(tg, cut.inA, lo, hi, ctx.eps)) return null;
  return { ...cut, parent: null, children: null };
}

/** Weights a side of `parts` parts should have: feasible, and for several parts halfway to the mean. */
function sideWindow(parts: number, mean: number, ctx: SearchContext): [number, number] {
  if (parts === 1) return [ctx.min, ctx.max];
  return [parts * (ctx.min + mean) * 0.5, parts * (ctx.max + mean) * 0.5];
}

/**
 * The two sub-tasks of a cut: side A (k1 parts) and the rest. Within a backtracking split (`small`)
 * tasks need no node map, and one-part tasks no subgraph either, which halves the subgraphs built
 * (10k city graph: 1,915 → 922 at k = H/2500, 6,719 → 3,189 at k = H/1560).
 */
function splitTask(t: Task, cut: Cut, local: Int32Array, small = false): [Task, Task] {
  const n = t.g.n;
  const { inA } = cut;
  // Loops live in helpers of one loop each: V8 otherwise kept discarding this function's code
  // compiled on the stack (~2,500 deoptimisations per run on the 50k city graph at k = H/1560).
  const nA = countSet(inA, n);
  const a = new Uint32Array(nA);
  const b = new Uint32Array(n - nA);
  splitIndices(inA, n, a, b);
  return [
    child(t, a, cut.parent, cut.v, cut.choice.k1, t.base, local, small),
    child(t, b, cut.parent, cut.root, t.k - cut.choice.k1, t.base + cut.choice.k1, local, small),
  ];
}

/** Sub-task for one side of a cut: induced graph, node maps and the inherited tree (if any). */
function child(
  t: Task,
  nodes: Uint32Array,
  parent: Int32Array | null,
  root: number,
  k: number,
  base: number,
  local: Int32Array,
  small: boolean,
): Task {
  if (small && k === 1) {
    let w = 0;
    for (let j = 0; j < nodes.length; j++) w += t.g.households[nodes[j]!]!;
    return {
      g: t.g,
      map: null,
      parent: null,
      root: 0,
      k,
      base,
      parentLocal: nodes,
      leafWeight: w,
      inheritedCut: undefined,
    };
  }
  const g = induced(t.g, nodes, local);
  let map: Uint32Array | null = null;
  if (!small) map = t.map ? compose(t.map, nodes) : nodes.slice();
  let p: Int32Array | null = null;
  let r = 0;
  if (parent) {
    p = localTree(nodes, parent, root, local);
    r = local[root]!;
  }
  clearLocal(nodes, local);
  return { g, map, parent: p, root: r, k, base, parentLocal: nodes, inheritedCut: undefined };
}

function countSet(flags: Uint8Array, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) c += flags[i]!;
  return c;
}

/** Indices with inA set into a, the others into b, ascending. */
function splitIndices(inA: Uint8Array, n: number, a: Uint32Array, b: Uint32Array): void {
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < n; i++) {
    if (inA[i]) a[ia++] = i;
    else b[ib++] = i;
  }
}

/** map ∘ nodes. */
function compose(map: Uint32Array, nodes: Uint32Array): Uint32Array {
  const out = new Uint32Array(nodes.length);
  for (let j = 0; j < nodes.length; j++) out[j] = map[nodes[j]!]!;
  return out;
}

/** The inherited tree in local ids of `nodes` (their root gets -1). */
function localTree(nodes: Uint32Array, parent: Int32Array, root: number, local: Int32Array): Int32Array {
  const p = new Int32Array(nodes.length);
  for (let j = 0; j < nodes.length; j++) {
    const u = nodes[j]!;
    p[j] = u === root ? -1 : local[parent[u]!]!;
  }
  return p;
}

function sum(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

/** Cost of the edges between different parts of a region. */
function internalCut(g: UnitGraph, parts: Int32Array): number {
  let c = 0;
  for (let v = 0; v < g.n; v++) {
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.targets[e]!;
      if (w > v && parts[w] !== parts[v]) c += g.costs[e]!;
    }
  }
  return c;
}
