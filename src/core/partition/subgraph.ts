import type { UnitGraph } from '../graph/csr';

/**
 * The subgraph induced by `nodes` (listed in the order they get as local ids). `local` maps a node of g
 * to its local id or -1; it must hold -1 for every node outside `nodes` and is left filled for the
 * caller to reset (pass a scratch array to avoid an O(g.n) allocation per call).
 */
export function induced(g: UnitGraph, nodes: ArrayLike<number>, local: Int32Array): UnitGraph {
  const n = nodes.length;
  const offsets = new Uint32Array(n + 1);
  const households = new Float64Array(n);
  // One pass over the edges into scratch rows, then exact-size copies, instead of a counting pass
  // that looked every edge up twice (the bisection calls this for every side of every cut).
  // (Each loop is a function of its own, so V8 does not keep discarding code compiled mid-loop.)
  const cap = markLocal(g, nodes, local);
  if (scratchTargets.length < cap) {
    scratchTargets = new Uint32Array(Math.max(cap, 2 * scratchTargets.length));
    scratchCosts = new Float64Array(scratchTargets.length);
  }
  const m = fillRows(g, nodes, local, offsets, households, scratchTargets, scratchCosts);
  return {
    n,
    offsets,
    targets: scratchTargets.slice(0, m),
    costs: scratchCosts.slice(0, m),
    households,
  };
}

/** Sets local ids; returns the nodes' total degree. */
function markLocal(g: UnitGraph, nodes: ArrayLike<number>, local: Int32Array): number {
  let cap = 0;
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i]!;
    local[v] = i;
    cap += g.offsets[v + 1]! - g.offsets[v]!;
  }
  return cap;
}

let scratchTargets = new Uint32Array(0);
let scratchCosts = new Float64Array(0);

function fillRows(
  g: UnitGraph,
  nodes: ArrayLike<number>,
  local: Int32Array,
  offsets: Uint32Array,
  households: Float64Array,
  targets: Uint32Array,
  costs: Float64Array,
): number {
  const { offsets: off, targets: to, costs: cost, households: h } = g;
  let at = 0;
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i]!;
    households[i] = h[v]!;
    for (let e = off[v]!; e < off[v + 1]!; e++) {
      const j = local[to[e]!]!;
      if (j >= 0) {
        targets[at] = j;
        costs[at++] = cost[e]!;
      }
    }
    offsets[i + 1] = at;
  }
  return at;
}

/** Resets the entries `induced` wrote into `local`. */
export function clearLocal(nodes: ArrayLike<number>, local: Int32Array): void {
  for (let i = 0; i < nodes.length; i++) local[nodes[i]!] = -1;
}

/**
 * Connected components of the nodes with include[v] (all nodes when include is absent), using only
 * edges between included nodes. Components are listed by their smallest node, members ascending.
 */
export function components(g: UnitGraph, include?: (v: number) => boolean): Uint32Array[] {
  const seen = new Uint8Array(g.n);
  const out: Uint32Array[] = [];
  const stack: number[] = [];
  const members: number[] = [];
  for (let s = 0; s < g.n; s++) {
    if (seen[s] || (include && !include(s))) continue;
    seen[s] = 1;
    stack.push(s);
    members.length = 0;
    while (stack.length) {
      const v = stack.pop()!;
      members.push(v);
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (!seen[w] && (!include || include(w))) {
          seen[w] = 1;
          stack.push(w);
        }
      }
    }
    out.push(Uint32Array.from(members).sort());
  }
  return out;
}
