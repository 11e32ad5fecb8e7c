/**
 * Why a community cannot be split, in the planner's words. The most common cause with whole
 * compounds: a compound too small for a unit of its own touches only one neighbour, so the two
 * must share a unit, and such forced groups can grow past the maximum.
 */
import type { Atoms } from './atoms';

export function explainInfeasible(
  atoms: Atoms,
  atomName: (a: number) => string,
  min: number,
  max: number,
): string | null {
  const g = atoms.graph;
  const parent = Int32Array.from({ length: g.n }, (_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const households = Float64Array.from(atoms.households);
  const members: number[][] = Array.from({ length: g.n }, (_, i) => [i]);
  for (let changed = true; changed; ) {
    changed = false;
    for (let a = 0; a < g.n; a++) {
      if (find(a) !== a || households[a]! >= min) continue;
      // Distinct neighbouring groups of group a.
      const around = new Set<number>();
      for (const m of members[a]!)
        for (let e = g.offsets[m]!; e < g.offsets[m + 1]!; e++) {
          const r = find(g.targets[e]!);
          if (r !== a) around.add(r);
        }
      if (around.size !== 1) continue;
      const [b] = around as unknown as [number];
      parent[a] = b;
      households[b]! += households[a]!;
      members[b]!.push(...members[a]!);
      changed = true;
      if (households[b]! > max) {
        const names = members[b]!.filter((m) => atoms.households[m]! > 0)
          .sort((x, y) => atoms.households[y]! - atoms.households[x]!)
          .slice(0, 6)
          .map((m) => `${atomName(m)} (${atoms.households[m]})`);
        return `${names.join(', ')} can only reach the rest of the community through each other, so they must share one unit of ${households[b]} households, over the maximum ${max}`;
      }
    }
  }
  return null;
}
