/**
 * Why a community cannot be split, in the planner's words. With whole compounds the usual cause is
 * a part of the community that hangs off the rest through a single atom (a compound, or one empty
 * block) and holds too few households for a unit of its own: it must share that atom's unit, and
 * such forced groups can grow past the maximum. Found by contracting, again and again, every piece
 * of the graph cut off by one articulation atom whose households are under the minimum.
 */
import type { Atoms } from './atoms';
import { note, type Piece, type PlanNote } from './notes';

export function explainInfeasible(
  atoms: Atoms,
  piece: (a: number) => Piece,
  min: number,
  max: number,
): PlanNote | null {
  return findForcedGroup(atoms, piece, min, max)?.note ?? null;
}

/**
 * The first group of atoms that must share one unit and holds more than the maximum, with its
 * atoms; null when there is none. Groups holding an `exempt` atom (a building over the maximum,
 * which is a unit of its own anyway) are passed over.
 */
export function findForcedGroup(
  atoms: Atoms,
  piece: (a: number) => Piece,
  min: number,
  max: number,
  exempt: ReadonlySet<number> = new Set(),
): { note: PlanNote; atoms: number[] } | null {
  const g = atoms.graph;
  const n = g.n;
  const group = Int32Array.from({ length: n }, (_, i) => i);
  const find = (a: number): number => {
    while (group[a] !== a) {
      group[a] = group[group[a]!]!;
      a = group[a]!;
    }
    return a;
  };
  const weight = Float64Array.from(atoms.households);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const merge = (into: number, from: number) => {
    group[from] = into;
    weight[into]! += weight[from]!;
    members[into]!.push(...members[from]!);
    members[from] = [];
  };
  for (let round = 0; round < 100; round++) {
    // The contracted graph: one node per group.
    const roots: number[] = [];
    const index = new Int32Array(n).fill(-1);
    for (let a = 0; a < n; a++)
      if (find(a) === a) {
        index[a] = roots.length;
        roots.push(a);
      }
    const m = roots.length;
    const adj: Set<number>[] = Array.from({ length: m }, () => new Set());
    for (let a = 0; a < n; a++)
      for (let e = g.offsets[a]!; e < g.offsets[a + 1]!; e++) {
        const x = index[find(a)]!;
        const y = index[find(g.targets[e]!)]!;
        if (x !== y) adj[x]!.add(y);
      }
    const lists = adj.map((s) => [...s]);
    // Iterative Tarjan: for every DFS child subtree cut off by its parent, its total weight.
    const disc = new Int32Array(m).fill(-1);
    const low = new Int32Array(m);
    const sub = new Float64Array(m);
    const cnt = new Int32Array(m);
    const parent = new Int32Array(m).fill(-1);
    const it = new Int32Array(m);
    const cuts: { at: number; child: number }[] = [];
    let time = 0;
    for (let s = 0; s < m; s++) {
      if (disc[s] !== -1) continue;
      const stack = [s];
      disc[s] = low[s] = time++;
      sub[s] = weight[roots[s]!]!;
      cnt[s] = 1;
      while (stack.length) {
        const v = stack[stack.length - 1]!;
        if (it[v]! < lists[v]!.length) {
          const w = lists[v]![it[v]!++]!;
          if (disc[w] === -1) {
            parent[w] = v;
            disc[w] = low[w] = time++;
            sub[w] = weight[roots[w]!]!;
            cnt[w] = 1;
            stack.push(w);
          } else if (w !== parent[v]) low[v] = Math.min(low[v]!, disc[w]!);
        } else {
          stack.pop();
          const p = parent[v]!;
          if (p >= 0) {
            low[p] = Math.min(low[p]!, low[v]!);
            sub[p]! += sub[v]!;
            cnt[p]! += cnt[v]!;
            // v's subtree hangs off p alone.
            if (low[v]! >= disc[p]!) cuts.push({ at: p, child: v });
          }
        }
      }
    }
    let total = 0;
    for (const r of roots) total += weight[r]!;
    // Pieces cut off by one atom: each separated child subtree, and for a non-root cut atom the
    // rest of the graph above it. A piece under the minimum must join the cut atom's unit.
    const byAt = new Map<number, number[]>();
    for (const { at, child } of cuts) byAt.set(at, [...(byAt.get(at) ?? []), child]);
    const pieces: { at: number; inPiece: (v: number) => boolean; weight: number }[] = [];
    for (const [at, children] of byAt) {
      for (const c of children)
        pieces.push({
          at,
          weight: sub[c]!,
          inPiece: (v) => disc[v]! >= disc[c]! && disc[v]! < disc[c]! + cnt[c]!,
        });
      if (parent[at] !== -1) {
        const below = children.reduce((acc, c) => acc + sub[c]!, 0);
        const inChild = (v: number) =>
          children.some((c) => disc[v]! >= disc[c]! && disc[v]! < disc[c]! + cnt[c]!);
        pieces.push({
          at,
          weight: total - weight[roots[at]!]! - below,
          inPiece: (v) => v !== at && !inChild(v),
        });
      }
    }
    // Every such constraint holds at once: apply them all, then look for a group over the maximum.
    let changed = false;
    for (const piece of pieces) {
      if (piece.weight >= min) continue;
      const host = find(roots[piece.at]!);
      for (let v = 0; v < m; v++) {
        if (!piece.inPiece(v)) continue;
        const r = find(roots[v]!);
        const h = find(host);
        if (r !== h) {
          merge(h, r);
          changed = true;
        }
      }
    }
    for (const r of roots) {
      const h = find(r);
      if (h !== r || weight[h]! <= max) continue;
      if (members[h]!.some((a) => exempt.has(a))) continue;
      const pieces = members[h]!.filter((a) => atoms.households[a]! > 0)
        .sort((x, y) => atoms.households[y]! - atoms.households[x]!)
        .slice(0, 6)
        .map(piece);
      return { note: note('forced-group', { pieces, households: weight[h]!, max }), atoms: [...members[h]!] };
    }
    if (!changed) return null;
  }
  return null;
}
