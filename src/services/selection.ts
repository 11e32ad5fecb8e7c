/** Building/compound selection and the hand edits that act on it. */
import {
  mergeUnits,
  moveAtoms,
  neighbourParts,
  newUnit,
  partNeighbours,
  renameUnit,
  type SplitPlan,
  toggleLock,
} from '../state/edits';
import { activePlan, setCommunityPlan } from '../state/project';
import { viewStore } from '../state/view';
import type { PrepInfo } from './engineTypes';

const plannedIndex = new WeakMap<PrepInfo, Map<string, number>>();

function indexOf(prep: PrepInfo, id: string): number | undefined {
  let m = plannedIndex.get(prep);
  if (!m) {
    m = new Map(prep.plannedIds.map((b, i) => [b, i]));
    plannedIndex.set(prep, m);
  }
  return m.get(id);
}

/** Community of a building, from the current results. */
export function communityOfBuilding(id: string): number | null {
  const v = viewStore.getState();
  const unit = v.buildingUnit.get(id);
  if (unit === undefined) return null;
  return v.units.find((u) => u.id === unit)?.ci ?? null;
}

function splitPlan(ci: number): SplitPlan | null {
  const cp = activePlan()?.communities[ci];
  return cp?.kind === 'split' ? cp : null;
}

/** Atoms of the given buildings (a compound's atom comes whole). */
export function atomsOf(ci: number, ids: string[]): number[] {
  const prep = viewStore.getState().prep[ci];
  if (!prep) return [];
  const atoms = new Set<number>();
  for (const id of ids) {
    const i = indexOf(prep, id);
    if (i !== undefined) atoms.add(prep.buildingAtom[i]!);
  }
  return [...atoms];
}

export function select(ids: string[], additive = false): void {
  const counts = new Map<number, number>();
  for (const id of ids) {
    const ci = communityOfBuilding(id);
    if (ci !== null && splitPlan(ci)) counts.set(ci, (counts.get(ci) ?? 0) + 1);
  }
  if (!counts.size) {
    if (!additive) viewStore.setState({ selection: null });
    return;
  }
  const ci = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  let atoms = atomsOf(ci, ids);
  const cur = viewStore.getState().selection;
  if (additive && cur && cur.ci === ci) {
    const set = new Set(cur.atoms);
    for (const a of atoms) {
      if (set.has(a)) set.delete(a);
      else set.add(a);
    }
    atoms = [...set];
  }
  viewStore.setState({ selection: atoms.length ? { ci, atoms } : null, selectedUnit: null });
}

export function clearSelection(): void {
  viewStore.setState({ selection: null, selectedUnit: null });
}

/** Building ids of the selected atoms. */
export function selectedBuildingIds(): string[] {
  const v = viewStore.getState();
  const sel = v.selection;
  if (!sel) return [];
  const prep = v.prep[sel.ci];
  if (!prep) return [];
  const atoms = new Set(sel.atoms);
  const out: string[] = [];
  prep.buildingAtom.forEach((a, i) => {
    if (atoms.has(a)) out.push(prep.plannedIds[i]!);
  });
  return out;
}

export interface SelectionInfo {
  ci: number;
  buildings: number;
  households: number;
  parts: number[];
  neighbours: number[];
  /** Of the neighbours, those that touch the selection itself (moving there keeps units contiguous). */
  direct: number[];
}

export function selectionInfo(): SelectionInfo | null {
  const v = viewStore.getState();
  const sel = v.selection;
  if (!sel) return null;
  const cp = splitPlan(sel.ci);
  const prep = v.prep[sel.ci];
  if (!cp || !prep) return null;
  const atoms = new Set(sel.atoms);
  const parts = [...new Set(sel.atoms.map((a) => cp.atomUnit[a]!))];
  // Units touching the selection first, then the other neighbours of its unit.
  const direct = neighbourParts(cp, sel.atoms, prep.offsets, prep.targets);
  const around = parts
    .flatMap((p) => partNeighbours(cp, p, prep.offsets, prep.targets))
    .filter((p) => !parts.includes(p));
  let buildings = 0;
  let households = 0;
  prep.buildingAtom.forEach((a, i) => {
    if (atoms.has(a) && prep.plannedHouseholds[i]! > 0) {
      buildings++;
      households += prep.plannedHouseholds[i]!;
    }
  });
  return {
    ci: sel.ci,
    buildings,
    households,
    parts,
    neighbours: [...new Set([...direct, ...around])],
    direct,
  };
}

export function moveSelectionTo(part: number): void {
  const sel = viewStore.getState().selection;
  if (!sel) return;
  const cp = splitPlan(sel.ci);
  if (!cp) return;
  setCommunityPlan(sel.ci, moveAtoms(cp, sel.atoms, part));
}

export function newUnitFromSelection(): void {
  const sel = viewStore.getState().selection;
  if (!sel) return;
  const cp = splitPlan(sel.ci);
  if (!cp) return;
  setCommunityPlan(sel.ci, newUnit(cp, sel.atoms));
}

export function mergeParts(ci: number, into: number, from: number): void {
  const cp = splitPlan(ci);
  if (cp) setCommunityPlan(ci, mergeUnits(cp, into, from));
}

export function lockPart(ci: number, part: number): void {
  const cp = splitPlan(ci);
  if (cp) setCommunityPlan(ci, toggleLock(cp, part));
}

export function renamePart(ci: number, part: number, name: string): void {
  const cp = splitPlan(ci);
  if (cp) setCommunityPlan(ci, renameUnit(cp, part, name));
}

export function neighboursOfPart(ci: number, part: number): number[] {
  const cp = splitPlan(ci);
  const prep = viewStore.getState().prep[ci];
  if (!cp || !prep) return [];
  return partNeighbours(cp, part, prep.offsets, prep.targets);
}
