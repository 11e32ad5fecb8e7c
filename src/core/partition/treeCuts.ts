import type { UnitGraph } from '../graph/csr';

/**
 * Per-subtree sums for a rooted spanning tree of a connected graph, in one DFS:
 * - weight[v]: households of subtree(v), size[v]: its node count;
 * - cut[v]: the exact cost of the graph edges leaving subtree(v), i.e. the cut of the bisection made by
 *   removing the tree edge (v, parent v). cut(subtree v) = Σ weighted degrees in the subtree − 2·(cost of
 *   edges whose lowest common ancestor lies in the subtree); LCAs come from Tarjan's offline algorithm,
 *   so all n cuts cost O((n + m)·α) instead of O(n·m);
 * - sx/sy/sq[v]: household-weighted Σx, Σy, Σ(x²+y²) of the subtree (compactness), when coords are given.
 * `post` lists nodes in post-order: subtree(v) is post[i − size[v] + 1 .. i] where post[i] = v.
 * Arrays are reused between calls: read them before the next `compute`.
 */
export class SubtreeStats {
  post = new Uint32Array(0);
  size = new Uint32Array(0);
  weight = new Float64Array(0);
  cut = new Float64Array(0);
  sx = new Float64Array(0);
  sy = new Float64Array(0);
  sq = new Float64Array(0);
  private childOff = new Uint32Array(0);
  private childList = new Uint32Array(0);
  private ptr = new Uint32Array(0);
  private stack = new Uint32Array(0);
  private uf = new Int32Array(0);
  private black = new Uint8Array(0);
  private lcaW = new Float64Array(0);

  private ensure(n: number): void {
    if (this.post.length >= n) return;
    const cap = Math.max(n, this.post.length * 2);
    this.post = new Uint32Array(cap);
    this.size = new Uint32Array(cap);
    this.weight = new Float64Array(cap);
    this.cut = new Float64Array(cap);
    this.sx = new Float64Array(cap);
    this.sy = new Float64Array(cap);
    this.sq = new Float64Array(cap);
    this.childOff = new Uint32Array(cap + 1);
    this.childList = new Uint32Array(cap);
    this.ptr = new Uint32Array(cap);
    this.stack = new Uint32Array(cap);
    this.uf = new Int32Array(cap);
    this.black = new Uint8Array(cap);
    this.lcaW = new Float64Array(cap);
  }

  private init(
    v: number,
    h: Float64Array,
    x: Float64Array | null,
    y: Float64Array | null,
    moments: boolean,
  ): void {
    this.size[v] = 1;
    this.weight[v] = h[v]!;
    this.cut[v] = 0;
    if (moments) {
      const hv = h[v]!;
      const xv = x![v]!;
      const yv = y![v]!;
      this.sx[v] = hv * xv;
      this.sy[v] = hv * yv;
      this.sq[v] = hv * (xv * xv + yv * yv);
    }
  }

  /** x/y: local coordinates per node (or null to skip the moment sums). */
  compute(
    g: UnitGraph,
    parent: Int32Array,
    root: number,
    x: Float64Array | null,
    y: Float64Array | null,
  ): void {
    const n = g.n;
    this.ensure(n);
    const { post, size, weight, cut, sx, sy, sq, childOff, childList, ptr, stack, uf, black, lcaW } = this;
    // Children in CSR form from the parent array.
    childOff.fill(0, 0, n + 1);
    for (let v = 0; v < n; v++) if (parent[v]! >= 0) childOff[parent[v]! + 1]!++;
    for (let v = 0; v < n; v++) childOff[v + 1]! += childOff[v]!;
    for (let v = 0; v < n; v++) ptr[v] = childOff[v]!;
    for (let v = 0; v < n; v++) if (parent[v]! >= 0) childList[ptr[parent[v]!]!++] = v;
    black.fill(0, 0, n);
    lcaW.fill(0, 0, n);
    const h = g.households;
    const moments = x !== null && y !== null;
    let sp = 0;
    let pi = 0;
    stack[sp++] = root;
    uf[root] = root;
    ptr[root] = childOff[root]!;
    this.init(root, h, x, y, moments);
    while (sp > 0) {
      const u = stack[sp - 1]!;
      if (ptr[u]! < childOff[u + 1]!) {
        const c = childList[ptr[u]!++]!;
        uf[c] = c;
        ptr[c] = childOff[c]!;
        this.init(c, h, x, y, moments);
        stack[sp++] = c;
        continue;
      }
      sp--;
      black[u] = 1;
      // Tarjan: every graph edge is answered when its second endpoint finishes; its LCA is then the
      // root of the other endpoint's union-find set (sets are linked to their parent on finishing).
      let deg = 0;
      for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
        const w = g.costs[e]!;
        deg += w;
        const t = g.targets[e]!;
        if (black[t] && t !== u) {
          let r = t;
          while (uf[r] !== r) {
            uf[r] = uf[uf[r]!]!;
            r = uf[r]!;
          }
          lcaW[r]! += w;
        }
      }
      cut[u]! += deg - 2 * lcaW[u]!;
      post[pi++] = u;
      const p = parent[u]!;
      if (p >= 0) {
        uf[u] = p;
        size[p]! += size[u]!;
        weight[p]! += weight[u]!;
        cut[p]! += cut[u]!;
        if (moments) {
          sx[p]! += sx[u]!;
          sy[p]! += sy[u]!;
          sq[p]! += sq[u]!;
        }
      }
    }
  }
}
