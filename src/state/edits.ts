/**
 * Pure hand-edit operations on a split community (atom → part arrays). Parts stay numbered
 * 0..k-1 without gaps, so evaluation never sees an empty unit by accident.
 */
import type { CommunityPlan } from './project';

export type SplitPlan = Extract<CommunityPlan, { kind: 'split' }>;

/** Move atoms to a part (a new part when target === k). */
export function moveAtoms(cp: SplitPlan, atoms: number[], target: number): SplitPlan {
  const atomUnit = cp.atomUnit.slice();
  for (const a of atoms) atomUnit[a] = target;
  return compact({ ...cp, atomUnit, k: Math.max(cp.k, target + 1) });
}

export function newUnit(cp: SplitPlan, atoms: number[]): SplitPlan {
  return moveAtoms(cp, atoms, cp.k);
}

/** Merge part `from` into part `into`. */
export function mergeUnits(cp: SplitPlan, into: number, from: number): SplitPlan {
  if (into === from) return cp;
  const atomUnit = cp.atomUnit.map((u) => (u === from ? into : u));
  return compact({ ...cp, atomUnit, locked: cp.locked.filter((p) => p !== from) });
}

export function toggleLock(cp: SplitPlan, part: number): SplitPlan {
  return {
    ...cp,
    locked: cp.locked.includes(part)
      ? cp.locked.filter((p) => p !== part)
      : [...cp.locked, part].sort((a, b) => a - b),
  };
}

export function renameUnit(cp: SplitPlan, part: number, name: string): SplitPlan {
  const names = { ...cp.names };
  if (name.trim()) names[part] = name.trim();
  else delete names[part];
  return { ...cp, names };
}

/** Renumber parts so that used parts are 0..k-1 (keeping order); names and locks follow. */
export function compact(cp: SplitPlan): SplitPlan {
  const used = new Set(cp.atomUnit);
  const map = new Map<number, number>();
  let next = 0;
  for (let p = 0; p < cp.k; p++) if (used.has(p)) map.set(p, next++);
  if (next === cp.k) return cp;
  const names: Record<number, string> = {};
  for (const [p, n] of Object.entries(cp.names)) {
    const q = map.get(Number(p));
    if (q !== undefined) names[q] = n;
  }
  return {
    kind: 'split',
    atomUnit: cp.atomUnit.map((u) => map.get(u)!),
    k: next,
    locked: cp.locked.flatMap((p) => (map.has(p) ? [map.get(p)!] : [])),
    names,
  };
}

/** Parts adjacent to a set of atoms (excluding the atoms' own part when all share one). */
export function neighbourParts(
  cp: SplitPlan,
  atoms: number[],
  offsets: ArrayLike<number>,
  targets: ArrayLike<number>,
): number[] {
  const own = new Set(atoms.map((a) => cp.atomUnit[a]!));
  const sel = new Set(atoms);
  const out = new Set<number>();
  for (const a of atoms)
    for (let e = offsets[a]!; e < offsets[a + 1]!; e++) {
      const b = targets[e]!;
      if (sel.has(b)) continue;
      const p = cp.atomUnit[b]!;
      if (!own.has(p) || own.size > 1) out.add(p);
    }
  for (const p of own) if (own.size === 1) out.delete(p);
  return [...out].sort((a, b) => a - b);
}

/** Parts adjacent to a part. */
export function partNeighbours(
  cp: SplitPlan,
  part: number,
  offsets: ArrayLike<number>,
  targets: ArrayLike<number>,
): number[] {
  const atoms: number[] = [];
  cp.atomUnit.forEach((u, a) => {
    if (u === part) atoms.push(a);
  });
  return neighbourParts(cp, atoms, offsets, targets).filter((p) => p !== part);
}

/**
 * Locked array for a re-optimisation: locked parts renumbered 0..L-1, free atoms -1.
 * Returns the array and the renumbering (old part → new).
 */
export function lockedArray(cp: SplitPlan): { locked: Int32Array; map: Map<number, number> } {
  const map = new Map<number, number>();
  cp.locked.forEach((p, i) => {
    map.set(p, i);
  });
  const locked = new Int32Array(cp.atomUnit.length).fill(-1);
  cp.atomUnit.forEach((u, a) => {
    const q = map.get(u);
    if (q !== undefined) locked[a] = q;
  });
  return { locked, map };
}
