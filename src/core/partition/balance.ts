import type { UnitGraph } from '../graph/csr';

/** Connectivity checks one balancing step may spend on candidate swaps. */
const SWAP_CHECKS = 200;

/**
 * Local search for a two-way split whose side A must weigh within [lo, hi], starting from a tree cut
 * that just missed the window. Each step strictly reduces the distance to the window, keeping both
 * sides connected and non-empty, cheapest cut first:
 * - move one boundary node to the other side;
 * - when no single node fits (nodes are coarse next to a narrow window), swap two nodes: one across
 *   the boundary and one back, so the net change can be small.
 * `inA` is updated in place; returns whether the window was reached. Each step costs O(n + m) per
 * connectivity check, so this is meant for small regions.
 */
export function balanceBisection(
  g: UnitGraph,
  inA: Uint8Array,
  lo: number,
  hi: number,
  eps: number,
): boolean {
  const n = g.n;
  const h = g.households;
  let sA = 0;
  for (let v = 0; v < n; v++) if (inA[v]) sA += h[v]!;
  const dist = (s: number) => (s < lo - eps ? lo - s : s > hi + eps ? s - hi : 0);
  const check = new ConnectivityCheck(n);
  for (let iter = 0; iter < 2 * n; iter++) {
    const d = dist(sA);
    if (d === 0) return true;
    // Side A is too light: nodes go B → A (and back A → B in a swap); too heavy: the reverse.
    const from = sA < lo ? 0 : 1;
    const sign = from === 0 ? 1 : -1;
    const out = boundary(g, inA, from);
    const moves = out
      .map((v) => ({ v, after: dist(sA + sign * h[v]!), cost: cutDelta(g, inA, v) }))
      .filter((m) => m.after < d)
      .sort((a, b) => a.after - b.after || a.cost - b.cost);
    let moved = false;
    for (const m of moves) {
      inA[m.v] = 1 - from;
      if (check.connected(g, inA, 0) && check.connected(g, inA, 1)) {
        sA += sign * h[m.v]!;
        moved = true;
        break;
      }
      inA[m.v] = from;
    }
    if (moved) continue;
    // Swaps: v crosses (from → other side), w comes back; net change sign·(h_v − h_w).
    const swaps: { v: number; w: number; after: number }[] = [];
    for (const v of out) {
      inA[v] = 1 - from;
      for (const w of boundary(g, inA, 1 - from)) {
        if (w === v) continue;
        const after = dist(sA + sign * (h[v]! - h[w]!));
        if (after < d) swaps.push({ v, w, after });
      }
      inA[v] = from;
    }
    swaps.sort((a, b) => a.after - b.after);
    let checks = 0;
    for (const s of swaps) {
      if (++checks > SWAP_CHECKS) break;
      inA[s.v] = 1 - from;
      inA[s.w] = from;
      if (check.connected(g, inA, 0) && check.connected(g, inA, 1)) {
        sA += sign * (h[s.v]! - h[s.w]!);
        moved = true;
        break;
      }
      inA[s.v] = from;
      inA[s.w] = 1 - from;
    }
    if (!moved) return false;
  }
  return dist(sA) === 0;
}

/** Nodes of `side` with a neighbour on the other side. */
function boundary(g: UnitGraph, inA: Uint8Array, side: number): number[] {
  const out: number[] = [];
  for (let v = 0; v < g.n; v++) {
    if (inA[v] !== side) continue;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      if (inA[g.targets[e]!] !== side) {
        out.push(v);
        break;
      }
    }
  }
  return out;
}

/** Change of the cut when v switches sides. */
function cutDelta(g: UnitGraph, inA: Uint8Array, v: number): number {
  let delta = 0;
  for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
    delta += inA[g.targets[e]!] === inA[v] ? g.costs[e]! : -g.costs[e]!;
  }
  return delta;
}

class ConnectivityCheck {
  private readonly seen: Uint8Array;
  private readonly stack: Uint32Array;

  constructor(n: number) {
    this.seen = new Uint8Array(n);
    this.stack = new Uint32Array(n);
  }

  /** Whether the nodes with inA = side form one non-empty connected piece. */
  connected(g: UnitGraph, inA: Uint8Array, side: number): boolean {
    const { seen, stack } = this;
    let start = -1;
    let count = 0;
    for (let v = 0; v < g.n; v++) {
      if (inA[v] === side) {
        count++;
        if (start < 0) start = v;
      }
    }
    if (start < 0) return false;
    seen.fill(0);
    seen[start] = 1;
    let reached = 1;
    let sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      const u = stack[--sp]!;
      for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
        const w = g.targets[e]!;
        if (seen[w] || inA[w] !== side) continue;
        seen[w] = 1;
        reached++;
        stack[sp++] = w;
      }
    }
    return reached === count;
  }
}
