/**
 * Atoms are what the partitioner moves: a whole gated compound (its buildings' cells merged), a
 * loose building, or a piece of a block with no households. A compound over the household maximum
 * is the exception: by default each of its buildings becomes an atom, joined to its neighbours by
 * edges that are dear across a narrow gap and cheap along an internal road, so the partitioner cuts
 * it as little as it can, along its roads where the data has them and else between building rows;
 * with the `keep` policy it becomes one atom per block and can only be cut along its own roads.
 */
import { buildGraph, type UnitGraph } from '../graph/csr';
import { barrierKind, kindCost, OPEN } from './barriers';
import type { TriangleCentroids } from './cells';
import { floodOpenPieces } from './flood';
import { MinHeap } from './heap';
import type { Mesh } from './mesh';

export interface AtomBuilding {
  households: number;
  compound: string | null;
  /** Representative point in metres. */
  x: number;
  y: number;
  /** Radius of a circle of the footprint's area (m), 0 for a point: gaps are measured between. */
  radius: number;
}

/** How compounds over the maximum are cut into atoms. */
export interface CompoundPolicy {
  /** `split`: per building; `keep`: per block (cut only along internal roads). */
  bigCompounds: 'split' | 'keep';
  /** Compounds split per building whatever their size (members of a forced group over the max). */
  alsoSplit?: ReadonlySet<string>;
}

/** A compound the partitioner may cut, and why. */
export interface SplitCompound {
  compound: string;
  households: number;
  /** `over-max`: it alone exceeds the maximum; `forced-group`: it is in a group that must share a unit. */
  reason: 'over-max' | 'forced-group';
  /** Cut between its buildings (`buildings`) or only along its internal roads (`roads`, the keep policy). */
  by: 'buildings' | 'roads';
}

export interface Atoms {
  count: number;
  triangleAtom: Int32Array;
  households: Float64Array;
  area: Float64Array;
  cx: Float64Array;
  cy: Float64Array;
  compound: (string | null)[];
  /** Local building indices per atom. */
  buildings: number[][];
  /** Atom of each local building, -1 for buildings without one (non-residential, loose). */
  buildingAtom: Int32Array;
  graph: UnitGraph;
  /** Compounds the partitioner may cut (over max, or in a forced group over max). */
  splitCompounds: SplitCompound[];
  /** Compounds whose buildings are not contiguous on the ground. */
  scatteredCompounds: string[];
  /** Buildings whose point coincided with another building's, attached to the nearest atom. */
  orphanBuildings: number[];
}

/** Gap (m) between two buildings of a compound at which open ground costs what it costs elsewhere ×2. */
const GAP_REF_M = 20;
const INSIDE_COMPOUND = 2;

const WALL = barrierKind('wall');

/** Labels unlabelled inside triangles with the nearest label reachable over open ground and walls. */
function spreadAcrossWalls(mesh: Mesh, centroids: TriangleCentroids, label: Int32Array): void {
  const { halfedges, edgeKind, inside } = mesh;
  const n = label.length;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const heap = new MinHeap(1024);
  for (let t = 0; t < n; t++)
    if (inside[t] && label[t]! >= 0) {
      dist[t] = 0;
      heap.push(0, t);
    }
  while (heap.size) {
    const d = heap.peekKey();
    const t = heap.pop();
    if (d > dist[t]!) continue;
    for (let k = 0; k < 3; k++) {
      const e = 3 * t + k;
      const kind = edgeKind[e]!;
      if (kind !== OPEN && kind !== WALL) continue;
      const o = halfedges[e]!;
      if (o < 0) continue;
      const u = (o / 3) | 0;
      if (!inside[u]) continue;
      // Only empty ground is taken: a labelled triangle keeps its own label.
      if (dist[u] === 0) continue;
      const nd = d + Math.hypot(centroids.x[u]! - centroids.x[t]!, centroids.y[u]! - centroids.y[t]!);
      if (nd < dist[u]!) {
        dist[u] = nd;
        label[u] = label[t]!;
        heap.push(nd, u);
      }
    }
  }
}

export function buildAtoms(
  mesh: Mesh,
  centroids: TriangleCentroids,
  cellLabel: Int32Array,
  buildings: AtomBuilding[],
  max: number,
  policy: CompoundPolicy = { bigCompounds: 'split' },
): Atoms {
  const { triangles, halfedges, edgeKind, inside, block } = mesh;
  const nTri = triangles.length / 3;
  const nb = buildings.length;

  // Block of each building (from its cell), and compound totals.
  const buildingBlock = new Int32Array(nb).fill(-1);
  for (let t = 0; t < nTri; t++) {
    const b = cellLabel[t]!;
    if (b >= 0 && buildingBlock[b] === -1) buildingBlock[b] = block[t]!;
  }
  const compoundTotal = new Map<string, number>();
  for (const b of buildings)
    if (b.compound) compoundTotal.set(b.compound, (compoundTotal.get(b.compound) ?? 0) + b.households);

  // Group buildings into provisional atoms.
  const groupIndex = new Map<string, number>();
  const groupOf = new Int32Array(nb).fill(-1);
  const groupCompound: (string | null)[] = [];
  const split = new Map<string, SplitCompound>();
  const perBuilding = (c: string) => split.get(c)?.by === 'buildings';
  for (const [c, households] of compoundTotal) {
    if (policy.alsoSplit?.has(c))
      split.set(c, {
        compound: c,
        households,
        reason: households > max ? 'over-max' : 'forced-group',
        by: 'buildings',
      });
    else if (households > max)
      split.set(c, {
        compound: c,
        households,
        reason: 'over-max',
        by: policy.bigCompounds === 'split' ? 'buildings' : 'roads',
      });
  }
  for (let i = 0; i < nb; i++) {
    const b = buildings[i]!;
    if (!b.compound && b.households <= 0) continue;
    let key: string;
    const s = b.compound ? split.get(b.compound) : undefined;
    if (!b.compound) key = `b:${i}`;
    else if (!s) key = `c:${b.compound}`;
    // A non-residential member of a compound cut per building stays with the nearest home of it
    // (through the empty-ground filler), so only homes become atoms of their own.
    else if (s.by === 'buildings')
      key = b.households > 0 ? `c:${b.compound}#${i}` : `c:${b.compound}@${buildingBlock[i]}`;
    else key = `c:${b.compound}@${buildingBlock[i]}`;
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groupCompound.length;
      groupIndex.set(key, g);
      groupCompound.push(b.compound);
    }
    groupOf[i] = g;
  }

  const provisional = new Int32Array(nTri).fill(-1);
  for (let t = 0; t < nTri; t++) {
    const b = cellLabel[t]!;
    if (b >= 0) provisional[t] = groupOf[b]!;
  }
  // Empty ground that a wall (a compound's outline) keeps from the cells — the strip between a
  // compound and the roads round its block — goes with the nearest group across it, so no ring of
  // empty ground is left around a compound as an atom of its own (a unit holding that ring wraps
  // round its neighbour). Roads, rivers and the outline still stop it.
  spreadAcrossWalls(mesh, centroids, provisional);
  // Blocks with no households: one filler group per empty piece of a block.
  const groups = floodOpenPieces(halfedges, edgeKind, inside, provisional, groupCompound.length);
  while (groupCompound.length < groups) groupCompound.push(null);
  const stack: number[] = [];

  // Atoms = connected pieces of the groups (a group on the ground in two places becomes two atoms).
  const triangleAtom = new Int32Array(nTri).fill(-1);
  const atomGroup: number[] = [];
  for (let t0 = 0; t0 < nTri; t0++) {
    if (!inside[t0] || triangleAtom[t0] !== -1) continue;
    const a = atomGroup.length;
    const g = provisional[t0]!;
    atomGroup.push(g);
    triangleAtom[t0] = a;
    stack.push(t0);
    while (stack.length) {
      const t = stack.pop()!;
      for (let k = 0; k < 3; k++) {
        const o = halfedges[3 * t + k]!;
        if (o < 0) continue;
        const u = (o / 3) | 0;
        if (inside[u] && triangleAtom[u] === -1 && provisional[u] === g) {
          triangleAtom[u] = a;
          stack.push(u);
        }
      }
    }
  }
  const count = atomGroup.length;
  const piecesOfGroup = new Map<number, number>();
  for (const g of atomGroup) piecesOfGroup.set(g, (piecesOfGroup.get(g) ?? 0) + 1);

  const area = new Float64Array(count);
  const cx = new Float64Array(count);
  const cy = new Float64Array(count);
  for (let t = 0; t < nTri; t++) {
    const a = triangleAtom[t]!;
    if (a < 0) continue;
    const w = centroids.area[t]!;
    area[a]! += w;
    cx[a]! += centroids.x[t]! * w;
    cy[a]! += centroids.y[t]! * w;
  }
  for (let a = 0; a < count; a++) {
    if (area[a]! > 0) {
      cx[a]! /= area[a]!;
      cy[a]! /= area[a]!;
    }
  }

  // Each building joins the atom holding its cell; a building that lost its cell (its point
  // coincides with another building's) joins the nearest atom of its group, else the nearest atom.
  const buildingAtom = new Int32Array(nb).fill(-1);
  for (let t = 0; t < nTri; t++) {
    const b = cellLabel[t]!;
    if (b >= 0 && buildingAtom[b] === -1) buildingAtom[b] = triangleAtom[t]!;
  }
  const atomsOfGroup = new Map<number, number[]>();
  atomGroup.forEach((g, a) => {
    const list = atomsOfGroup.get(g);
    if (list) list.push(a);
    else atomsOfGroup.set(g, [a]);
  });
  const orphans: number[] = [];
  for (let i = 0; i < nb; i++) {
    if (groupOf[i] === -1 || buildingAtom[i] !== -1) continue;
    const candidates = atomsOfGroup.get(groupOf[i]!);
    if (candidates?.length) buildingAtom[i] = candidates[0]!;
    else orphans.push(i);
  }
  for (const i of orphans) {
    const b = buildings[i]!;
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let a = 0; a < count; a++) {
      const d = (cx[a]! - b.x) ** 2 + (cy[a]! - b.y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = a;
      }
    }
    buildingAtom[i] = best;
  }
  const households = new Float64Array(count);
  const atomBuildings: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < nb; i++) {
    const a = buildingAtom[i]!;
    if (a < 0) continue;
    households[a]! += buildings[i]!.households;
    atomBuildings[a]!.push(i);
  }

  // A compound cut per building: between two of its buildings a metre of open ground is dearer than
  // elsewhere (a compound is cut only where it must be), the more so the narrower the gap between
  // them, so cuts run along the widest gaps between building rows; roads keep their own price.
  const homeOf = new Int32Array(count).fill(-1);
  for (let a = 0; a < count; a++) {
    const c = atomGroup[a] !== undefined ? groupCompound[atomGroup[a]!] : null;
    if (c && perBuilding(c) && atomBuildings[a]!.length) homeOf[a] = atomBuildings[a]![0]!;
  }
  const gapFactor = (a: number, b: number): number => {
    const i = homeOf[a]!;
    const j = homeOf[b]!;
    if (i < 0 || j < 0) return 1;
    const p = buildings[i]!;
    const q = buildings[j]!;
    if (p.compound !== q.compound) return 1;
    const gap = Math.max(1, Math.hypot(p.x - q.x, p.y - q.y) - p.radius - q.radius);
    return INSIDE_COMPOUND * Math.min(4, Math.max(0.5, GAP_REF_M / gap));
  };

  // Edges: shared boundary length between atoms, priced by what it runs along.
  const eu: number[] = [];
  const ev: number[] = [];
  const ec: number[] = [];
  const { coords } = mesh;
  for (let e = 0; e < halfedges.length; e++) {
    const o = halfedges[e]!;
    if (o < e) continue;
    const ta = (e / 3) | 0;
    const tb = (o / 3) | 0;
    const a = triangleAtom[ta]!;
    const b = triangleAtom[tb]!;
    if (a < 0 || b < 0 || a === b) continue;
    const p = triangles[e]! * 2;
    const q = triangles[e % 3 === 2 ? e - 2 : e + 1]! * 2;
    const len = Math.hypot(coords[p]! - coords[q]!, coords[p + 1]! - coords[q + 1]!);
    eu.push(a);
    ev.push(b);
    const kind = edgeKind[e]!;
    ec.push(len * kindCost(kind) * (kind < 0 ? gapFactor(a, b) : 1));
  }
  const graph = buildGraph(households, { u: eu, v: ev, cost: ec });

  const splitCompounds = [...split.values()];
  const scattered = new Set<string>();
  for (const [g, pieces] of piecesOfGroup) {
    const c = groupCompound[g];
    // (A compound cut per building may be cut anywhere: where its pieces lie does not matter.)
    if (pieces > 1 && c && !perBuilding(c)) scattered.add(c);
  }
  return {
    count,
    triangleAtom,
    households,
    area,
    cx,
    cy,
    compound: atomGroup.map((g) => groupCompound[g] ?? null),
    buildings: atomBuildings,
    buildingAtom,
    graph,
    splitCompounds,
    scatteredCompounds: [...scattered],
    orphanBuildings: orphans,
  };
}
