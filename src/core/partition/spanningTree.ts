import type { UnitGraph } from '../graph/csr';
import type { Rng } from '../random';

/** Weight classes of the counting sort (heaviest class first). */
const BUCKETS = 512;

/**
 * Jittered maximum spanning trees (Kruskal). Strong edges (high cutting cost) go into the tree first,
 * cheap ones (roads) are left out where possible, so cutting one tree edge tends to separate along cheap
 * edges; the jitter makes every draw a different tree. Buffers are reused because the partitioner draws
 * thousands of trees for small merged pairs.
 */
export class SpanningTrees {
  /** Undirected edge list of the last graph drawn on (draws repeat on the same graph). */
  private cached: UnitGraph | null = null;
  private m = 0;
  private cmax = 0;
  private eu = new Uint32Array(0);
  private ev = new Uint32Array(0);
  private ec = new Float64Array(0);
  private bucket = new Uint16Array(0);
  private order = new Uint32Array(0);
  private counts = new Uint32Array(BUCKETS + 1);
  private uf = new Int32Array(0);
  private tu = new Uint32Array(0);
  private tv = new Uint32Array(0);
  private hhead = new Int32Array(0);
  private hnext = new Int32Array(0);
  private hto = new Uint32Array(0);
  private queue = new Uint32Array(0);
  /** Households of every subtree of the last tree drawn (see `subtreeWeights`). */
  readonly sums = { weight: new Float64Array(0), size: new Uint32Array(0) };

  private edges(g: UnitGraph): void {
    if (this.cached === g) return;
    const n = g.n;
    const m = g.targets.length >> 1;
    if (this.eu.length < m) {
      const cap = Math.max(m, this.eu.length * 2);
      this.eu = new Uint32Array(cap);
      this.ev = new Uint32Array(cap);
      this.ec = new Float64Array(cap);
      this.bucket = new Uint16Array(cap);
      this.order = new Uint32Array(cap);
    }
    if (this.uf.length < n + 1) {
      const cap = Math.max(n + 1, this.uf.length * 2);
      this.uf = new Int32Array(cap);
      this.tu = new Uint32Array(cap);
      this.tv = new Uint32Array(cap);
      this.hhead = new Int32Array(cap);
      this.hnext = new Int32Array(2 * cap);
      this.hto = new Uint32Array(2 * cap);
      this.queue = new Uint32Array(cap);
      this.sums.weight = new Float64Array(cap);
      this.sums.size = new Uint32Array(cap);
    }
    let count = 0;
    let cmax = 0;
    for (let u = 0; u < n; u++) {
      for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
        const v = g.targets[e]!;
        if (v <= u) continue;
        this.eu[count] = u;
        this.ev[count] = v;
        this.ec[count] = g.costs[e]!;
        if (g.costs[e]! > cmax) cmax = g.costs[e]!;
        count++;
      }
    }
    this.m = count;
    this.cmax = cmax;
    this.cached = g;
  }

  /**
   * Draws a maximum spanning tree of g on cost·(1 + jitter·u), u uniform in [0, 1), rooted at `root`:
   * fills parent (parent[root] = -1). Returns false when g is disconnected.
   */
  draw(g: UnitGraph, rng: Rng, jitter: number, root: number, parent: Int32Array): boolean {
    const n = g.n;
    this.edges(g);
    const { ec, bucket, order, counts, m, cmax } = this;
    // The work is in small functions of one loop each. As one function of several long loops, V8
    // compiled it on the stack at a loop (first called on a whole graph) and discarded that code
    // at the next loop, which had no type feedback yet, again on every later call: ~1,200
    // deoptimisations per run on the 10k city graph at k = H/1560; none now.
    sortByWeight(ec, m, cmax, rng, jitter, bucket, order, counts);
    const treeEdges = kruskal(n, m, order, this.eu, this.ev, this.uf, this.tu, this.tv);
    if (treeEdges !== n - 1) return false;
    rootTree(n, treeEdges, this.tu, this.tv, root, parent, this.hhead, this.hnext, this.hto, this.queue);
    return true;
  }

  /**
   * Households and node counts of every subtree of the tree the last `draw` returned (on g), summed
   * children first along the reverse BFS order: O(n) with no edge visits, a cheap look at which cuts
   * the tree offers before their exact costs are computed (SubtreeStats).
   */
  subtreeWeights(g: UnitGraph, parent: Int32Array): { weight: Float64Array; size: Uint32Array } {
    const n = g.n;
    const { queue, sums } = this;
    const { weight, size } = sums;
    weight.set(g.households.subarray(0, n));
    size.fill(1, 0, n);
    for (let i = n - 1; i > 0; i--) {
      const v = queue[i]!;
      const p = parent[v]!;
      weight[p]! += weight[v]!;
      size[p]! += size[v]!;
    }
    return sums;
  }
}

function find(uf: Int32Array, x: number): number {
  while (uf[x] !== x) {
    uf[x] = uf[uf[x]!]!;
    x = uf[x]!;
  }
  return x;
}

/**
 * Kruskal needs the edges by decreasing weight cost·(1 + jitter·u): a counting sort into BUCKETS
 * weight classes is O(m) (a comparison sort dominated the run time). Order inside a class is
 * immaterial: the jitter already spreads each cost over many classes. Fills order[0..m).
 */
function sortByWeight(
  ec: Float64Array,
  m: number,
  cmax: number,
  rng: Rng,
  jitter: number,
  bucket: Uint16Array,
  order: Uint32Array,
  counts: Uint32Array,
): void {
  const eps = 1e-9 + 1e-6 * cmax;
  const classes = Math.min(BUCKETS, 16 + 2 * m); // small trees: fewer classes to clear and sum
  const scale = classes / ((cmax + eps) * (1 + jitter));
  counts.fill(0, 0, classes + 1);
  classify(ec, m, eps, scale, classes, rng, jitter, bucket, counts);
  for (let b = 0; b < classes; b++) counts[b + 1]! += counts[b]!;
  scatter(m, bucket, counts, order);
}

function classify(
  ec: Float64Array,
  m: number,
  eps: number,
  scale: number,
  classes: number,
  rng: Rng,
  jitter: number,
  bucket: Uint16Array,
  counts: Uint32Array,
): void {
  for (let i = 0; i < m; i++) {
    const w = (ec[i]! + eps) * (1 + jitter * rng());
    const b = classes - 1 - Math.min(classes - 1, Math.floor(w * scale));
    bucket[i] = b;
    counts[b + 1]!++;
  }
}

function scatter(m: number, bucket: Uint16Array, counts: Uint32Array, order: Uint32Array): void {
  for (let i = 0; i < m; i++) order[counts[bucket[i]!]!++] = i;
}

/** Tree edges (tu, tv) taken in `order` while they join two components; returns their count. */
function kruskal(
  n: number,
  m: number,
  order: Uint32Array,
  eu: Uint32Array,
  ev: Uint32Array,
  uf: Int32Array,
  tu: Uint32Array,
  tv: Uint32Array,
): number {
  identity(uf, n);
  let treeEdges = 0;
  for (let i = 0; i < m && treeEdges < n - 1; i++) {
    const idx = order[i]!;
    const a = find(uf, eu[idx]!);
    const b = find(uf, ev[idx]!);
    if (a === b) continue;
    uf[a] = b;
    tu[treeEdges] = eu[idx]!;
    tv[treeEdges] = ev[idx]!;
    treeEdges++;
  }
  return treeEdges;
}

/**
 * Roots the tree by BFS over its edges as linked lists of half-edges (one pass to build, against
 * three for CSR adjacency); a rooted tree has one parent array whatever the traversal order.
 * Fills parent (parent[root] = -1) and leaves the BFS order in queue[0..n).
 */
function rootTree(
  n: number,
  treeEdges: number,
  tu: Uint32Array,
  tv: Uint32Array,
  root: number,
  parent: Int32Array,
  hhead: Int32Array,
  hnext: Int32Array,
  hto: Uint32Array,
  queue: Uint32Array,
): void {
  hhead.fill(-1, 0, n);
  linkHalfEdges(treeEdges, tu, tv, hhead, hnext, hto);
  parent.fill(-2, 0, n);
  parent[root] = -1;
  queue[0] = root;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const v = queue[head++]!;
    for (let h = hhead[v]!; h >= 0; h = hnext[h]!) {
      const w = hto[h]!;
      if (parent[w] === -2) {
        parent[w] = v;
        queue[tail++] = w;
      }
    }
  }
}

function identity(a: Int32Array, n: number): void {
  for (let v = 0; v < n; v++) a[v] = v;
}

function linkHalfEdges(
  treeEdges: number,
  tu: Uint32Array,
  tv: Uint32Array,
  hhead: Int32Array,
  hnext: Int32Array,
  hto: Uint32Array,
): void {
  for (let i = 0, h = 0; i < treeEdges; i++, h += 2) {
    const a = tu[i]!;
    const b = tv[i]!;
    hto[h] = b;
    hnext[h] = hhead[a]!;
    hhead[a] = h;
    hto[h + 1] = a;
    hnext[h + 1] = hhead[b]!;
    hhead[b] = h + 1;
  }
}
