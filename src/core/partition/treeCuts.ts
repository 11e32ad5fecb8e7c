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
  /** Children as linked lists: first child, next sibling (-1 ends). */
  private head = new Int32Array(0);
  private next = new Int32Array(0);
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
    this.head = new Int32Array(cap);
    this.next = new Int32Array(cap);
    this.stack = new Uint32Array(cap);
    this.uf = new Int32Array(cap);
    this.black = new Uint8Array(cap);
    this.lcaW = new Float64Array(cap);
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
    const { post, size, weight, cut, sx, sy, sq, head, next, stack, uf, black, lcaW } = this;
    const { offsets, targets, costs, households: h } = g;
    // Children as sibling lists, built from the last node so each list runs in ascending order (the
    // order the former CSR children had, so post-orders and the cuts chosen are unchanged): one pass
    // instead of four, for a function that runs once per tree drawn (~10^5 times at 50k nodes).
    head.fill(-1, 0, n);
    for (let v = n - 1; v >= 0; v--) {
      const p = parent[v]!;
      if (p >= 0) {
        next[v] = head[p]!;
        head[p] = v;
      }
    }
    black.fill(0, 0, n);
    lcaW.fill(0, 0, n);
    const moments = x !== null && y !== null;
    let sp = 0;
    let pi = 0;
    let u = root;
    for (;;) {
      // Entering u: its own sums; head[u] then serves as its cursor over its children.
      stack[sp++] = u;
      uf[u] = u;
      size[u] = 1;
      weight[u] = h[u]!;
      cut[u] = 0;
      if (moments) {
        const hv = h[u]!;
        const xv = x[u]!;
        const yv = y[u]!;
        sx[u] = hv * xv;
        sy[u] = hv * yv;
        sq[u] = hv * (xv * xv + yv * yv);
      }
      // Next unvisited child of the deepest node that has one, finishing the nodes passed on the way.
      let c = -1;
      while (sp > 0) {
        const top = stack[sp - 1]!;
        c = head[top]!;
        if (c >= 0) {
          head[top] = next[c]!;
          break;
        }
        sp--;
        black[top] = 1;
        // Tarjan: every graph edge is answered when its second endpoint finishes; its LCA is then the
        // root of the other endpoint's union-find set (sets are linked to their parent on finishing).
        let deg = 0;
        for (let e = offsets[top]!; e < offsets[top + 1]!; e++) {
          const w = costs[e]!;
          deg += w;
          const t = targets[e]!;
          if (black[t] && t !== top) {
            let r = t;
            while (uf[r] !== r) {
              uf[r] = uf[uf[r]!]!;
              r = uf[r]!;
            }
            lcaW[r]! += w;
          }
        }
        cut[top]! += deg - 2 * lcaW[top]!;
        post[pi++] = top;
        const p = parent[top]!;
        if (p >= 0) {
          uf[top] = p;
          size[p]! += size[top]!;
          weight[p]! += weight[top]!;
          cut[p]! += cut[top]!;
          if (moments) {
            sx[p]! += sx[top]!;
            sy[p]! += sy[top]!;
            sq[p]! += sq[top]!;
          }
        }
      }
      if (sp === 0) return;
      u = c;
    }
  }
}
