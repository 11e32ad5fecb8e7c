import type { UnitGraph } from '../graph/csr';

/**
 * The subgraph induced by `nodes` (listed in the order they get as local ids). `local` maps a node of g
 * to its local id or -1; it must hold -1 for every node outside `nodes` and is left filled for the
 * caller to reset (pass a scratch array to avoid an O(g.n) allocation per call).
 */
export function induced(g: UnitGraph, nodes: ArrayLike<number>, local: Int32Array): UnitGraph {
  const n = nodes.length;
  for (let i = 0; i < n; i++) local[nodes[i]!] = i;
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = nodes[i]!;
    let d = 0;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) if (local[g.targets[e]!]! >= 0) d++;
    offsets[i + 1] = offsets[i]! + d;
  }
  const targets = new Uint32Array(offsets[n]!);
  const costs = new Float64Array(offsets[n]!);
  const households = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = nodes[i]!;
    households[i] = g.households[v]!;
    let at = offsets[i]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const j = local[g.targets[e]!]!;
      if (j >= 0) {
        targets[at] = j;
        costs[at++] = g.costs[e]!;
      }
    }
  }
  return { n, offsets, targets, costs, households };
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
