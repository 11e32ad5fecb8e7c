/**
 * A compound over the household maximum is cut in the fewest parts its size allows: before the
 * community's search, each such compound's building atoms are split (by the partitioner, on the
 * compound alone) into ⌈households / max⌉ connected parts of whole buildings, cut where it is
 * cheapest — along its internal roads, else across the widest gaps between rows (see atoms.ts) —
 * and each part is contracted into one node. The community is then searched on that smaller graph;
 * the plan is expanded back to the atoms, so the atom graph itself never changes.
 */
import { buildGraph, type UnitGraph } from '../graph/csr';
import { partition } from '../partition';
import { clearLocal, components, induced } from '../partition/subgraph';
import type { PlanOptions } from '../types';
import type { PreparedCommunity } from './community';

export interface Contraction {
  graph: UnitGraph;
  /** Node of the contracted graph per atom. */
  node: Int32Array;
  /** One atom per contracted node (to name it). */
  representative: Int32Array;
  coords: Float64Array;
}

/** How many more parts than the fewest are tried when the fewest cannot be balanced. */
const EXTRA_PARTS = 2;
/** An uneven cut is taken when it costs under this share of the even one (it runs on roads). */
const ROAD_PREFERENCE = 0.5;

/**
 * Groups of atoms per compound part, or null when no compound is cut per building (or none of
 * them can be divided as asked: then the search cuts them freely).
 */
export function contractBigCompounds(pc: PreparedCommunity, options: PlanOptions): Contraction | null {
  const atoms = pc.atoms!;
  const g = atoms.graph;
  const group = new Int32Array(g.n).fill(-1);
  let groups = 0;
  const local = new Int32Array(g.n).fill(-1);
  let parted = false;
  for (const s of atoms.splitCompounds) {
    if (s.by !== 'buildings' || s.households <= options.max) continue;
    const members: number[] = [];
    for (let a = 0; a < atoms.count; a++) if (atoms.compound[a] === s.compound) members.push(a);
    const sub = induced(g, members, local);
    clearLocal(members, local);
    // A compound in separate places is left to the search: its places cannot be grouped here.
    if (components(sub).length !== 1) continue;
    const fewest = Math.ceil(s.households / options.max);
    for (let parts = fewest; parts <= fewest + EXTRA_PARTS && parts <= members.length; parts++) {
      const cut = (slack: number) => {
        // Parts about even (each can still take in some neighbours), never over the maximum.
        const even = s.households / parts;
        const min = Math.max(1, s.households - (parts - 1) * options.max, Math.floor((1 - slack) * even));
        const max = Math.min(options.max, Math.ceil((1 + slack) * even));
        if (min > max) return null;
        const r = partition(sub, { min, max, k: parts, seed: options.seed, restarts: 2 });
        return r.ok ? r : null;
      };
      const even = cut(0.15) ?? cut(0.35);
      const loose = cut(1);
      // An uneven cut along the compound's own roads beats an even one through its buildings: a
      // road as the boundary is what the planner wants (a road metre costs a tenth or less).
      const r = even && loose ? (loose.cut < ROAD_PREFERENCE * even.cut ? loose : even) : (even ?? loose);
      if (!r) continue;
      for (let i = 0; i < members.length; i++) group[members[i]!] = groups + r.assignment[i]!;
      groups += parts;
      parted = true;
      break;
    }
  }
  if (!parted) return null;
  // A glued group's atoms join the group of the first that has one.
  for (const glue of pc.glue) {
    const into = glue.map((a) => group[a]!).find((x) => x >= 0) ?? groups++;
    for (const a of glue) if (group[a]! < 0) group[a] = into;
  }
  return contractGroups(pc, group, groups);
}

/** The community's graph with the glued groups of atoms (see PreparedCommunity.glue) as one node each. */
export function contractGlue(pc: PreparedCommunity): Contraction {
  const group = new Int32Array(pc.atoms!.count).fill(-1);
  pc.glue.forEach((glue, i) => {
    for (const a of glue) group[a] = i;
  });
  return contractGroups(pc, group, pc.glue.length);
}

/** Contracts atoms with group ≥ 0 into nodes 0..groups-1; every other atom is a node of its own after them. */
function contractGroups(pc: PreparedCommunity, group: Int32Array, groups: number): Contraction {
  const atoms = pc.atoms!;
  const g = atoms.graph;
  const node = new Int32Array(g.n);
  let n = groups;
  for (let a = 0; a < g.n; a++) node[a] = group[a]! >= 0 ? group[a]! : n++;
  const households = new Float64Array(n);
  const area = new Float64Array(n);
  const coords = new Float64Array(2 * n);
  const representative = new Int32Array(n).fill(-1);
  for (let a = 0; a < g.n; a++) {
    const v = node[a]!;
    households[v]! += g.households[a]!;
    const w = Math.max(atoms.area[a]!, 1e-9);
    area[v]! += w;
    coords[2 * v]! += atoms.cx[a]! * w;
    coords[2 * v + 1]! += atoms.cy[a]! * w;
    if (representative[v] === -1 || g.households[a]! > g.households[representative[v]!]!)
      representative[v] = a;
  }
  for (let v = 0; v < n; v++) {
    coords[2 * v]! /= area[v]!;
    coords[2 * v + 1]! /= area[v]!;
  }
  const u: number[] = [];
  const t: number[] = [];
  const cost: number[] = [];
  for (let a = 0; a < g.n; a++)
    for (let e = g.offsets[a]!; e < g.offsets[a + 1]!; e++) {
      const b = g.targets[e]!;
      if (b <= a) continue;
      u.push(node[a]!);
      t.push(node[b]!);
      cost.push(g.costs[e]!);
    }
  return { graph: buildGraph(households, { u, v: t, cost }), node, representative, coords };
}
