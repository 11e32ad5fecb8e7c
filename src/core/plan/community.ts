/**
 * One community through the engine, in three steps that the CLI, the worker and the editor share:
 * prepare (tessellate, cells, atoms — the heavy part, done once), solve (partition the atom graph),
 * evaluate (shapes, metrics and rule checks for any atom → unit assignment, e.g. after a hand edit).
 */

import { polsbyPopper, ringPerimeter, ringSignedArea, StripeIndex } from '../geo/ring';
import type { UnitGraph } from '../graph/csr';
import { cutCost, feasibleK, graphComponents, partPieces, withExtraEdges } from '../graph/csr';
import { DEFAULT_SETTINGS, improvePartition, partition, type SearchSettings } from '../partition';
import { clearLocal, components, induced } from '../partition/subgraph';
import type { PartitionOptions } from '../partition/types';
import type { Building, Community, Facility, PlanOptions } from '../types';
import { type Atoms, buildAtoms } from './atoms';
import { contractBigCompounds, contractGlue } from './bigCompounds';
import { growCells, triangleCentroids } from './cells';
import { findForcedGroup } from './diagnose';
import { type PreparedDistrict, projectRing, unprojectRing } from './district';
import { EXACT_MAX_OCCUPIED, EXACT_WORK, type ExactOutcome, exactSplit } from './exactSplit';
import { growPartition } from './growFallback';
import { buildMesh, type Mesh } from './mesh';
import { type CommunityNote, note, type Piece, type PlanNote } from './notes';
import type { AtomGraphExport, CommunityReport, Unit } from './result';
import { traceUnits, type UnitPolygon } from './shapes';

export type Timer = <T>(name: string, fn: () => T) => T;

export interface PreparedCommunity {
  index: number;
  community: Community;
  /** Buildings of the community with households > 0. */
  residents: Building[];
  /** Buildings that take part in the tessellation (residents and compound members). */
  planned: Building[];
  facilities: Facility[];
  households: number;
  kRange: { lo: number; hi: number };
  /** Over the split threshold. */
  needsSplit: boolean;
  /** Fixed number of units asked for, if any. */
  fixedK: number | undefined;
  /** Rings in metres (polygons → rings). */
  rings: Float64Array[][];
  areaM2: number;
  spacing: number;
  mesh: Mesh | null;
  /** Planned building (index into planned) whose cell each triangle is in, -1 for none. */
  cells: Int32Array | null;
  atoms: Atoms | null;
  /**
   * Atoms that are one building over the maximum: each is a unit of its own (flagged), and the rest
   * of the community is split within the bounds.
   */
  overMax: Set<number>;
  /**
   * Groups of atoms that must share a unit: the places of a compound within the maximum that lie
   * apart (a tower of a neighbouring compound between them), with the atoms that join them.
   */
  glue: number[][];
  /** English texts of the warnings in `notes` (CLI, report.json). */
  warnings: string[];
  /** English texts of the reasons in `notes` this community cannot be split; empty when it can. */
  infeasible: string[];
  /** Reasons and warnings as codes with parameters, for the app to say in the planner's language. */
  notes: CommunityNote[];
}

/** Records a reason the community cannot be split. */
export function refuse(pc: PreparedCommunity, n: PlanNote): void {
  pc.notes.push({ ...n, severity: 'infeasible' });
  pc.infeasible.push(n.text);
}

/** Records something the planner should know about the plan of this community. */
export function warn(pc: PreparedCommunity, n: PlanNote): void {
  pc.notes.push({ ...n, severity: 'warning' });
  pc.warnings.push(n.text);
}

export type ViolationKind =
  | 'households-low'
  | 'households-high'
  | 'not-contiguous'
  | 'compound-split'
  | 'no-service-centre'
  | 'empty-unit'
  /** Advice: a unit that is one building over the maximum (allowed, flagged). */
  | 'building-over-max'
  /** Advice: a compound over the maximum cut into parts (allowed, said how). */
  | 'compound-cut'
  /** Notice: over the law's "generally ≤ 3,000" but within the planner's maximum. */
  | 'households-notice';

export interface Violation {
  kind: ViolationKind;
  /** Unit id, or the compound id for compound-split and compound-cut. */
  subject: string;
  message: string;
  /** Hard rule (a plan with it is a draft) or advice. */
  hard: boolean;
  /** Numbers the message quotes, for the app to say it in the planner's language. */
  params?: Record<string, string | number>;
  /** The same as an engine note, when it is one (report.json's notes). */
  note?: PlanNote;
}

/** Floor area a unit's service centre needs: 30 m² per 100 households, at least 300 m² (defaults). */
export function serviceRoomNeeded(households: number, options: PlanOptions): number {
  return Math.max(options.serviceCentreMinArea, (options.serviceCentrePer100 * households) / 100);
}

export interface Evaluation {
  units: Unit[];
  /** Unit id per unit index (the solver's part number). */
  unitIds: string[];
  /** Unit id per planned building (index into PreparedCommunity.planned). */
  buildingUnit: string[];
  violations: Violation[];
  metrics: NonNullable<CommunityReport['metrics']>;
}

const identity: Timer = (_name, fn) => fn();

function fixedUnits(options: PlanOptions, c: Community): number | undefined {
  const u = options.units;
  if (u === undefined) return undefined;
  if (typeof u === 'number') return u;
  return u[c.name] ?? u[c.code];
}

export function polygonMetrics(polys: UnitPolygon[]): { area: number; perimeter: number } {
  let area = 0;
  let perimeter = 0;
  for (const p of polys) {
    area += Math.abs(ringSignedArea(p.outer));
    perimeter += ringPerimeter(p.outer);
    for (const h of p.holes) {
      area -= Math.abs(ringSignedArea(h));
      perimeter += ringPerimeter(h);
    }
  }
  return { area, perimeter };
}

function polygonContains(polys: UnitPolygon[], x: number, y: number): boolean {
  for (const p of polys) {
    if (!new StripeIndex([p.outer]).contains(x, y)) continue;
    if (p.holes.some((h) => new StripeIndex([h]).contains(x, y))) continue;
    return true;
  }
  return false;
}

/** Tessellate the community and build its atom graph (only when it needs splitting). */
export function prepareCommunity(
  district: PreparedDistrict,
  index: number,
  options: PlanOptions,
  time: Timer = identity,
): PreparedCommunity {
  const { input, projection } = district;
  const community = input.communities[index]!;
  const members = district.buildingsOf[index]!.map((i) => input.buildings[i]!);
  const residents = members.filter((b) => b.households > 0);
  const planned = members.filter((b) => b.households > 0 || b.compound);
  const households = residents.reduce((s, b) => s + b.households, 0);
  const rings = community.polygons.map((poly) => poly.map((r) => projectRing(projection, r)));
  let areaM2 = 0;
  for (const poly of rings) {
    areaM2 += Math.abs(ringSignedArea(poly[0]!));
    for (const h of poly.slice(1)) areaM2 -= Math.abs(ringSignedArea(h));
  }
  const pc: PreparedCommunity = {
    index,
    community,
    residents,
    planned,
    facilities: district.facilitiesOf[index]!.map((i) => input.facilities[i]!),
    households,
    kRange: feasibleK(households, options.min, options.max),
    needsSplit: households > options.splitOver,
    fixedK: fixedUnits(options, community),
    rings,
    areaM2,
    spacing: Math.min(40, Math.max(8, Math.sqrt(areaM2 / (2 * Math.max(1, planned.length))))),
    mesh: null,
    cells: null,
    atoms: null,
    overMax: new Set(),
    glue: [],
    warnings: [],
    infeasible: [],
    notes: [],
  };
  if (!pc.needsSplit) return pc;
  const { kRange, fixedK } = pc;
  // With a building over the maximum (a unit of its own) the count checks are the search's to make.
  const bigBuildings = residents.some((b) => b.households > options.max);
  if (bigBuildings) {
    // nothing to check before the atoms exist
  } else if (kRange.hi < 2 && kRange.lo <= kRange.hi) {
    refuse(pc, note('too-few-households', { households, twoMin: 2 * options.min }));
    return pc;
  }
  if (kRange.lo > kRange.hi) {
    refuse(
      pc,
      note('no-k-fits', {
        households,
        min: options.min,
        max: options.max,
        perMax: (households / options.max).toFixed(2),
        perMin: (households / options.min).toFixed(2),
      }),
    );
    return pc;
  }
  if (fixedK !== undefined && (fixedK < kRange.lo || fixedK > kRange.hi)) {
    refuse(pc, note('fixed-k-out-of-range', { k: fixedK, lo: kRange.lo, hi: kRange.hi, households }));
    return pc;
  }

  // Seeds: each planned building's point plus a few footprint corners (so cells wrap footprints).
  const points = planned.map((b) => projection.forward(b.lon, b.lat));
  const seeds: { x: number; y: number; building: number; point?: boolean }[] = [];
  planned.forEach((b, i) => {
    seeds.push({ x: points[i]![0], y: points[i]![1], building: i, point: true });
    const fp = b.footprint;
    if (fp) {
      const step = Math.max(1, Math.ceil(fp.length / 8));
      for (let k = 0; k < fp.length; k += step) {
        const [px, py] = projection.forward(fp[k]![0], fp[k]![1]);
        seeds.push({ x: px, y: py, building: i });
      }
    }
  });
  const mesh = time('mesh', () =>
    buildMesh({ rings: rings.flat(), lines: district.lines, seeds, spacing: pc.spacing }),
  );
  const centroids = time('cells', () => triangleCentroids(mesh));
  const cells = time('cells', () => growCells(mesh, centroids));
  const atomBuildings = planned.map((b, i) => ({
    households: b.households,
    compound: b.compound,
    x: points[i]![0],
    y: points[i]![1],
    radius: b.footprint
      ? Math.sqrt(Math.abs(ringSignedArea(projectRing(projection, b.footprint))) / Math.PI)
      : 0,
  }));
  pc.mesh = mesh;
  pc.cells = cells;
  // Compounds that must share a unit with each other (a forced group) and together exceed the
  // maximum are cut between their buildings too, one group at a time, until none is left or the
  // group is of loose buildings that no cut can separate.
  const piece = (a: number) => atomPiece(pc, a);
  const attempt = (alsoSplit: ReadonlySet<string>) => {
    const atoms = time('atoms', () =>
      buildAtoms(mesh, centroids, cells, atomBuildings, options.max, {
        bigCompounds: options.bigCompounds,
        alsoSplit,
      }),
    );
    pc.atoms = atoms;
    const overMax = overMaxBuildingAtoms(pc, atoms, options.max);
    return { atoms, overMax, forced: findForcedGroup(atoms, piece, options.min, options.max, overMax) };
  };
  let alsoSplit = new Set<string>();
  let built = attempt(alsoSplit);
  while (built.forced && options.bigCompounds === 'split') {
    // The group's largest compound not yet cut per building is opened first: often that alone
    // dissolves the group.
    const size = new Map<string, number>();
    for (const a of built.forced.atoms) {
      const c = built.atoms.compound[a];
      if (!c || built.atoms.splitCompounds.some((s) => s.compound === c && s.by === 'buildings')) continue;
      size.set(c, (size.get(c) ?? 0) + built.atoms.households[a]!);
    }
    const largest = [...size].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
    if (!largest) break;
    alsoSplit.add(largest[0]);
    built = attempt(alsoSplit);
  }
  // Then every compound that the groups turn out not to need is closed again, so only those
  // that must be are cut.
  if (!built.forced && alsoSplit.size > 1) {
    for (const c of [...alsoSplit]) {
      const fewer = new Set([...alsoSplit].filter((x) => x !== c));
      if (!attempt(fewer).forced) alsoSplit = fewer;
    }
    built = attempt(alsoSplit);
  }
  const { atoms, overMax, forced } = built;
  const forcedGroups = [...alsoSplit];
  tieDetachedPieces(pc, atoms, options);
  pc.overMax = overMax;
  if (forcedGroups.length)
    warn(pc, note('forced-group-split', { compounds: forcedGroups.join(', '), max: options.max }));
  pc.glue = glueScattered(atoms, options.max);
  const glued = new Set(pc.glue.map((g) => atoms.compound[g[0]!]));
  for (const c of atoms.scatteredCompounds)
    if (!glued.has(c)) warn(pc, note('compound-scattered', { compound: c }));
  if (atoms.orphanBuildings.length)
    warn(
      pc,
      note('buildings-joined', {
        count: atoms.orphanBuildings.length,
        buildings: atoms.orphanBuildings
          .slice(0, 5)
          .map((i) => planned[i]!.id)
          .join(', '),
      }),
    );
  if (mesh.failedConstraints > 0)
    warn(
      pc,
      note('segments-unused', {
        failed: mesh.failedConstraints,
        total: mesh.constraintCount,
        features: mesh.failedFeatures.join(', ') || '-',
      }),
    );
  if (forced) refuse(pc, forced.note);
  for (let a = 0; a < atoms.count; a++) {
    if (atoms.households[a]! <= options.max || overMax.has(a)) continue;
    // Only the keep policy leaves a piece over the maximum that is more than one building.
    const c = atoms.compound[a];
    const first = planned[atoms.buildings[a]![0]!];
    const households = atoms.households[a]!;
    refuse(
      pc,
      c
        ? note('compound-over-max', { compound: c, households, max: options.max })
        : note('building-over-max', { building: first?.id ?? String(a), households, max: options.max }),
    );
  }
  return pc;
}

/**
 * Pieces of the community that touch the rest only at a point (or not at all) and hold too few
 * households for a unit of their own: numerical crumbs are dropped; real detached pieces are tied
 * to the nearest atom by a free edge, so the partitioner sees one connected graph, and the planner
 * is told that the unit holding them is in separate pieces.
 */
function tieDetachedPieces(pc: PreparedCommunity, atoms: Atoms, options: PlanOptions): void {
  const comps = graphComponents(atoms.graph);
  if (comps.length <= 1) return;
  const hh = (c: number[]) => c.reduce((s, a) => s + atoms.households[a]!, 0);
  const main = comps.reduce((best, c) => (hh(c) > hh(best) ? c : best), comps[0]!);
  const extra: { u: number; v: number; cost: number }[] = [];
  for (const comp of comps) {
    if (comp === main || hh(comp) >= options.min) continue;
    const inComp = new Set(comp);
    let best = { u: -1, v: -1, d: Number.POSITIVE_INFINITY };
    for (const a of comp)
      for (let b = 0; b < atoms.count; b++) {
        if (inComp.has(b) || atoms.area[b] === 0) continue;
        const d = (atoms.cx[a]! - atoms.cx[b]!) ** 2 + (atoms.cy[a]! - atoms.cy[b]!) ** 2;
        if (d < best.d) best = { u: a, v: b, d };
      }
    if (best.u < 0) continue;
    extra.push({ u: best.u, v: best.v, cost: 0 });
    const area = comp.reduce((s, a) => s + atoms.area[a]!, 0);
    if (area < 1 && hh(comp) === 0) {
      // A sliver left by rounding: not a piece of land anyone would draw.
      for (let t = 0; t < atoms.triangleAtom.length; t++)
        if (inComp.has(atoms.triangleAtom[t]!)) atoms.triangleAtom[t] = -1;
      for (const a of comp) atoms.area[a] = 0;
    } else {
      const [lon, lat] = [atoms.cx[best.u]!, atoms.cy[best.u]!];
      warn(
        pc,
        note('detached-piece', {
          area: Math.round(area),
          households: hh(comp),
          x: lon.toFixed(0),
          y: lat.toFixed(0),
        }),
      );
    }
  }
  if (extra.length) atoms.graph = withExtraEdges(atoms.graph, extra);
}

/**
 * The places of each compound within the maximum that lies apart, joined by the fewest atoms
 * between them, while the whole still fits in a unit; the compound then stays in one unit. The
 * atoms between are usually buildings of a compound cut per building, which may go anywhere.
 */
function glueScattered(atoms: Atoms, max: number): number[][] {
  const g = atoms.graph;
  const out: number[][] = [];
  const prev = new Int32Array(g.n);
  for (const c of atoms.scatteredCompounds) {
    const places: number[] = [];
    for (let a = 0; a < atoms.count; a++) if (atoms.compound[a] === c) places.push(a);
    const inGroup = new Set([places[0]!]);
    let households = atoms.households[places[0]!]!;
    let ok = true;
    // Join the nearest place not yet joined, by a breadth-first search from the whole group.
    while (ok && places.some((a) => !inGroup.has(a))) {
      prev.fill(-2);
      const queue = [...inGroup];
      for (const a of queue) prev[a] = -1;
      let found = -1;
      for (let i = 0; i < queue.length && found < 0; i++) {
        const v = queue[i]!;
        for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
          const w = g.targets[e]!;
          if (prev[w] !== -2) continue;
          prev[w] = v;
          if (atoms.compound[w] === c) {
            found = w;
            break;
          }
          queue.push(w);
        }
      }
      if (found < 0) ok = false;
      else
        for (let v = found; v >= 0 && !inGroup.has(v); v = prev[v]!) {
          inGroup.add(v);
          households += atoms.households[v]!;
        }
      if (households > max) ok = false;
    }
    if (ok) out.push([...inGroup]);
  }
  return out;
}

/** Atoms holding a single building with more households than the maximum. */
function overMaxBuildingAtoms(pc: PreparedCommunity, atoms: Atoms, max: number): Set<number> {
  const out = new Set<number>();
  for (let a = 0; a < atoms.count; a++) {
    if (atoms.households[a]! <= max) continue;
    const homes = atoms.buildings[a]!.filter((i) => pc.planned[i]!.households > 0);
    if (homes.length === 1) out.add(a);
  }
  return out;
}

function countOccupied(g: { n: number; households: Float64Array }): number {
  let m = 0;
  for (let a = 0; a < g.n; a++) if (g.households[a]! > 0) m++;
  return m;
}

/** An atom in the planner's words: its compound, or its (first) building. */
function atomPiece(pc: PreparedCommunity, a: number): Piece {
  const atoms = pc.atoms!;
  const c = atoms.compound[a];
  const households = atoms.households[a]!;
  if (!c) return { kind: 'building', id: pc.planned[atoms.buildings[a]![0]!]?.id ?? String(a), households };
  // A compound over the maximum is split along its own roads into several atoms.
  const part = atoms.splitCompounds.some((s) => s.compound === c);
  return { kind: part ? 'compound-part' : 'compound', id: c, households };
}

export interface SolveExtras {
  /** Atom → locked unit (-1 free); locked units are kept as they are. */
  locked?: Int32Array;
  /**
   * Progress of the whole solve, 0..1 and never going back, with the best score so far (Infinity
   * until a split is found); at most every INTERVAL_MS of the partitioner (src/core/partition/
   * progress.ts). Returning false cancels (the result is then a failure).
   */
  onProgress?: PartitionOptions['onProgress'];
}

/**
 * Progress over the partition runs of one solve, each reporting 0..1 of its own: the first run
 * (which settles ordinary communities) spans the whole bar, each later one the first half of what is
 * left, so the bar never goes back; a run that succeeds reports 1 as it ends.
 */
export class RunsProgress {
  private from = 0;
  private to = 1;
  private shown = 0;
  /** A run has started (the next one gets the next share of the bar). */
  started = false;

  start(): void {
    this.started = true;
  }

  constructor(private readonly report: NonNullable<PartitionOptions['onProgress']>) {}

  /** Called before every run but the first. */
  next(): void {
    this.from = this.shown;
    this.to = this.shown + (1 - this.shown) / 2;
  }

  readonly callback: NonNullable<PartitionOptions['onProgress']> = (p) => {
    const f = p.fraction >= 1 ? 1 : this.from + (this.to - this.from) * p.fraction;
    this.shown = Math.max(this.shown, f);
    return this.report({ fraction: this.shown, bestScore: p.bestScore });
  };
}

export type SolveResult =
  | {
      ok: true;
      atomUnit: Int32Array;
      k: number;
      cut: number;
      /** What the search minimised (cut plus the compactness term), to compare runs. */
      score: number;
      /** What the planner should know about how the split was found. */
      notes: PlanNote[];
    }
  | {
      ok: false;
      note: PlanNote;
      /** English text of the note. */
      message: string;
      /** The planner cancelled (nothing else should be tried). */
      cancelled?: boolean;
    };

/** A split found by the tree search: its score is the one the search minimised. */
function searched(r: { assignment: Int32Array; k: number; cut: number; score: number }): SolveResult {
  return { ok: true, atomUnit: r.assignment, k: r.k, cut: r.cut, score: r.score, notes: [] };
}

/** A split found another way (growing, exact search) and polished: scored by its cut. */
function polishedSplit(atomUnit: Int32Array, k: number, cut: number, notes: PlanNote[] = []): SolveResult {
  return { ok: true, atomUnit, k, cut, score: cut, notes };
}

function failWith(n: PlanNote, cancelled = false): SolveResult {
  return { ok: false, note: n, message: n.text, ...(cancelled ? { cancelled } : {}) };
}

export function solveCommunity(
  pc: PreparedCommunity,
  options: PlanOptions,
  extras: SolveExtras = {},
): SolveResult {
  const atoms = pc.atoms;
  if (!atoms || pc.infeasible.length)
    return failWith(note('engine-message', { message: pc.infeasible.join('; ') || 'not prepared' }));
  const coords = new Float64Array(atoms.count * 2);
  for (let a = 0; a < atoms.count; a++) {
    coords[2 * a] = atoms.cx[a]!;
    coords[2 * a + 1] = atoms.cy[a]!;
  }
  const progress = extras.onProgress ? new RunsProgress(extras.onProgress) : null;
  const span: Span = {
    households: pc.households,
    kRange: pc.kRange,
    fixedK: pc.fixedK,
    aroundBigBuildings: true,
  };
  // Glued atoms (a compound's places that lie apart) are searched as one node each.
  const glued = pc.glue.length && !extras.locked && !pc.overMax.size ? contractGlue(pc) : null;
  const found = searchGraph(
    pc,
    span,
    glued ? glued.graph : atoms.graph,
    glued ? glued.coords : coords,
    (v) => atomPiece(pc, glued ? glued.representative[v]! : v),
    options,
    extras,
    progress,
    'full',
  );
  const first: SolveResult =
    glued && found.ok
      ? {
          ...found,
          atomUnit: Int32Array.from({ length: atoms.count }, (_, a) => found.atomUnit[glued.node[a]!]!),
        }
      : found;
  // A compound over the maximum should end in the fewest parts its size allows. The search on the
  // atoms usually does that; when it cut one more often, the compound is tried again as fixed
  // groups of whole buildings (each part one node), quick search only, and kept if a plan is found.
  // (Trying the groups first cost ~0.7 s a community when they failed: 37k district, 振华社区.)
  if (!first.ok || extras.locked || pc.overMax.size || fewestParts(pc, first.atomUnit, options.max))
    return first;
  const contracted = contractBigCompounds(pc, options);
  if (!contracted) return first;
  const r = searchGraph(
    pc,
    span,
    contracted.graph,
    contracted.coords,
    (v) => atomPiece(pc, contracted.representative[v]!),
    options,
    extras,
    progress,
    'quick',
  );
  if (!r.ok) return first;
  const atomUnit = new Int32Array(atoms.count);
  for (let a = 0; a < atoms.count; a++) atomUnit[a] = r.atomUnit[contracted.node[a]!]!;
  return { ...r, atomUnit };
}

/** Every compound cut per building for being over `max` is in ⌈households / max⌉ units at most. */
function fewestParts(pc: PreparedCommunity, atomUnit: Int32Array, max: number): boolean {
  const atoms = pc.atoms!;
  for (const s of atoms.splitCompounds) {
    if (s.by !== 'buildings' || s.households <= max) continue;
    const units = new Set<number>();
    for (let a = 0; a < atoms.count; a++)
      if (atoms.compound[a] === s.compound && atoms.households[a]! > 0) units.add(atomUnit[a]!);
    if (units.size > Math.ceil(s.households / max)) return false;
  }
  return true;
}

/** What a search splits: its households, the numbers of units that fit, the planner's fixed number. */
interface Span {
  households: number;
  kRange: { lo: number; hi: number };
  fixedK: number | undefined;
  /** Buildings over the maximum are made units of their own first (the community's own search). */
  aroundBigBuildings: boolean;
}

/**
 * The search for one community's split on a graph of its atoms (or of groups of them): `quick` is
 * the quick tree search alone; `full` adds region growing and then the long search.
 */
function searchGraph(
  pc: PreparedCommunity,
  span: Span,
  g: UnitGraph,
  coords: Float64Array,
  piece: (node: number) => Piece,
  options: PlanOptions,
  extras: SolveExtras,
  progress: RunsProgress | null,
  effort: 'quick' | 'full',
): SolveResult {
  /** One partition run of the graph, its progress mapped onto the solve's. */
  const runPartition = (o: PartitionOptions, settings?: SearchSettings) => {
    if (progress?.started) progress.next();
    progress?.start();
    return partition(g, o, settings);
  };
  const base = {
    min: options.min,
    max: options.max,
    target: options.target,
    seed: options.seed,
    restarts: options.restarts,
    coords,
    compactness: options.compactness,
    ...(extras.locked ? { locked: extras.locked } : {}),
    ...(progress ? { onProgress: progress.callback } : {}),
  };
  const bigLocks = span.aroundBigBuildings ? lockBigBuildings(pc, options, extras.locked) : null;
  if (bigLocks) {
    // Each building over the maximum is a unit of its own; the rest is split around them. When the
    // rest is one piece it is searched like any community (every k, growing, the long search).
    const free: number[] = [];
    for (let v = 0; v < g.n; v++) if (bigLocks.locked[v]! < 0) free.push(v);
    const local = new Int32Array(g.n).fill(-1);
    const sub = induced(g, free, local);
    clearLocal(free, local);
    let next = 0;
    for (const v of bigLocks.locked) next = Math.max(next, v + 1);
    if (free.length && components(sub).length === 1) {
      const households = free.reduce((t, v) => t + g.households[v]!, 0);
      const subCoords = new Float64Array(2 * free.length);
      free.forEach((v, i) => {
        subCoords[2 * i] = coords[2 * v]!;
        subCoords[2 * i + 1] = coords[2 * v + 1]!;
      });
      const rest: Span = {
        households,
        kRange: feasibleK(households, options.min, options.max),
        fixedK: span.fixedK !== undefined ? Math.max(1, span.fixedK - bigLocks.units) : undefined,
        aroundBigBuildings: false,
      };
      const { locked: _planner, ...free_extras } = extras;
      const r = searchGraph(
        pc,
        rest,
        sub,
        subCoords,
        (i) => piece(free[i]!),
        options,
        free_extras,
        progress,
        effort,
      );
      if (!r.ok) return r;
      const atomUnit = Int32Array.from(bigLocks.locked);
      free.forEach((v, i) => {
        atomUnit[v] = next + r.atomUnit[i]!;
      });
      return { ...r, atomUnit, k: next + r.k };
    }
    const o = {
      ...base,
      locked: bigLocks.locked,
      ...(span.fixedK !== undefined ? { k: Math.max(1, span.fixedK - bigLocks.units) } : {}),
    };
    let r = runPartition(o, { ...DEFAULT_SETTINGS, extraStarts: 1 });
    if (!r.ok && r.code === 'NO_BALANCED_SPLIT') r = runPartition(o);
    return r.ok
      ? searched(r)
      : failWith(note('engine-message', { message: r.message }), r.code === 'CANCELLED');
  }
  if (span.fixedK !== undefined || extras.locked) {
    const r = runPartition(span.fixedK !== undefined ? { ...base, k: span.fixedK } : base);
    return r.ok
      ? searched(r)
      : failWith(note('engine-message', { message: r.message }), r.code === 'CANCELLED');
  }
  // The preferred number of units and its two nearest neighbours, in that order: whole compounds
  // can make one impossible while a neighbour works. Lumpy communities (a few big compounds among
  // empty blocks) can defeat the tree search while region growing finds a split. So, per k: a quick
  // tree search (one fresh start when the bounds are hard to meet), then growing polished by the
  // search's refinement; the preferred k is worth a grown split before the others are tried. Then
  // the thorough search. Ordinary communities finish in the first call, with the full quality.
  const preferred = Math.min(
    span.kRange.hi,
    Math.max(span.kRange.lo, Math.round(span.households / options.target)),
  );
  // With households in only a few atoms, each k is settled exactly: impossible ones are skipped,
  // and when none is possible the planner gets that as a fact instead of "no split found".
  const exact = new Map<number, ExactOutcome>();
  if (countOccupied(g) <= EXACT_MAX_OCCUPIED) {
    // One budget for all k: some milliseconds at most, whatever the answer.
    const budget = { left: EXACT_WORK };
    for (let k = span.kRange.lo; k <= span.kRange.hi; k++)
      exact.set(k, exactSplit(g, k, options.min, options.max, budget));
    if ([...exact.values()].every((r) => r.status === 'none')) {
      const occupied = [];
      for (let a = 0; a < g.n; a++) if (g.households[a]! > 0) occupied.push(a);
      occupied.sort((x, y) => g.households[y]! - g.households[x]!);
      const ks =
        span.kRange.lo === span.kRange.hi ? `${span.kRange.lo}` : `${span.kRange.lo}–${span.kRange.hi}`;
      return failWith(
        note('no-grouping', {
          count: occupied.length,
          pieces: occupied.map(piece),
          ks,
          min: options.min,
          max: options.max,
        }),
      );
    }
  }
  const possible = (k: number) => exact.get(k)?.status !== 'none';
  const others = [];
  for (let k = span.kRange.lo; k <= span.kRange.hi; k++) if (k !== preferred && possible(k)) others.push(k);
  others.sort((a, b) => Math.abs(a - preferred) - Math.abs(b - preferred) || a - b);
  const ks = possible(preferred) ? [preferred, ...others.slice(0, 2)] : others.slice(0, 3);
  const quick = { ...DEFAULT_SETTINGS, extraStarts: 1 };
  for (const k of ks) {
    const r = runPartition({ ...base, k }, quick);
    if (r.ok) return searched(r);
    if (r.code !== 'NO_BALANCED_SPLIT')
      return failWith(note('engine-message', { message: r.message }), r.code === 'CANCELLED');
    if (effort === 'quick') continue;
    const tries = Math.max(20, Math.min(300, Math.floor(6e5 / (g.n * k + 1))));
    const grown = growPartition(g, k, options.min, options.max, options.seed, tries);
    if (!grown) continue;
    // Growing gives a valid but rough split; the search's own polishing tidies its boundaries.
    const polished = improvePartition(g, grown, k, { ...base, k });
    return polishedSplit(polished, k, cutCost(g, polished), [note('grown-split')]);
  }
  for (const k of effort === 'full' ? ks : []) {
    const r = runPartition({ ...base, k });
    if (r.ok) return searched(r);
    if (r.code === 'CANCELLED') return failWith(note('engine-message', { message: r.message }), true);
  }
  for (const k of ks) {
    const r = exact.get(k);
    if (r?.status !== 'found') continue;
    const polished = improvePartition(g, r.assignment, k, { ...base, k });
    return polishedSplit(polished, k, cutCost(g, polished));
  }
  const bounds = { k: ks[0] ?? preferred, min: options.min, max: options.max };
  return failWith(
    ks.length > 1
      ? note('no-split-found', { ...bounds, others: ks.slice(1).join(', ') })
      : note('no-split-found-single', bounds),
  );
}

/**
 * Locks for the buildings over the maximum, each a unit of its own (numbered after the planner's
 * locked units), and for the pieces of the rest that they cut off with too few households for a
 * unit: those join a neighbouring big building's unit. Null when there is no such building.
 */
function lockBigBuildings(
  pc: PreparedCommunity,
  options: PlanOptions,
  planner: Int32Array | undefined,
): { locked: Int32Array; units: number } | null {
  const g = pc.atoms!.graph;
  const big = [...pc.overMax].filter((a) => !planner || planner[a]! < 0);
  if (!big.length) return null;
  const locked = planner ? Int32Array.from(planner) : new Int32Array(g.n).fill(-1);
  let next = 0;
  for (const v of locked) next = Math.max(next, v + 1);
  for (const a of big) locked[a] = next++;
  const seen = new Uint8Array(g.n);
  for (let s = 0; s < g.n; s++) {
    if (locked[s]! >= 0 || seen[s]) continue;
    const piece = [s];
    seen[s] = 1;
    let households = 0;
    let host = -1;
    for (let i = 0; i < piece.length; i++) {
      const v = piece[i]!;
      households += g.households[v]!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (locked[w]! >= 0) {
          if (host < 0 && pc.overMax.has(w)) host = locked[w]!;
        } else if (!seen[w]) {
          seen[w] = 1;
          piece.push(w);
        }
      }
    }
    if (households < options.min && host >= 0) for (const v of piece) locked[v] = host;
  }
  return { locked, units: big.length };
}

/** The community kept whole as one unit (under the threshold, or when it cannot be split). */
export function wholeUnit(
  pc: PreparedCommunity,
  district: PreparedDistrict,
  options: PlanOptions,
  infeasible: boolean,
): Unit {
  const polys: UnitPolygon[] = pc.rings.map((poly) => ({ outer: poly[0]!, holes: poly.slice(1) }));
  const { area, perimeter } = polygonMetrics(polys);
  const need = serviceRoomNeeded(pc.households, options);
  const centres = pc.facilities.filter((f) => f.kind === 'service_centre' && f.areaM2 >= need);
  const compounds = new Set(pc.residents.map((b) => b.compound).filter(Boolean));
  return {
    id: `${pc.community.code}-01`,
    community: pc.community.name,
    communityCode: pc.community.code,
    name: pc.community.name,
    status: infeasible ? 'infeasible' : 'unchanged',
    households: pc.households,
    buildings: pc.residents.length,
    compounds: compounds.size,
    areaM2: area,
    perimeterM: perimeter,
    polsbyPopper: polsbyPopper(area, perimeter),
    roadBoundaryShare: 0,
    hasServiceCentre: centres.length > 0,
    serviceCentres: centres.map((f) => f.name),
    polygons: pc.rings.map((poly) => poly.map((r) => unprojectRing(district.projection, r))),
  };
}

/** Shapes, metrics and rule checks for an atom → unit assignment with units 0..k-1. */
export function evaluateCommunity(
  pc: PreparedCommunity,
  district: PreparedDistrict,
  atomUnit: Int32Array,
  k: number,
  options: PlanOptions,
  time: Timer = identity,
): Evaluation {
  const { mesh, atoms, planned, community } = pc;
  if (!mesh || !atoms) throw new Error(`community ${community.name} was not prepared for splitting`);
  const { projection } = district;
  const triUnit = new Int32Array(atoms.triangleAtom.length);
  for (let t = 0; t < triUnit.length; t++) {
    const a = atoms.triangleAtom[t]!;
    triUnit[t] = a < 0 ? -1 : atomUnit[a]!;
  }
  const shapes = time('shapes', () =>
    traceUnits(mesh, triUnit, k, {
      tolerance: options.simplify,
      openTolerance: pc.spacing * 0.5,
    }),
  );
  return time('metrics', () => {
    // Internal boundary length and the part of it on roads, per unit, from the mesh edges.
    const internal = new Float64Array(k);
    const onRoad = new Float64Array(k);
    const { triangles, halfedges, edgeKind, coords: mc } = mesh;
    let totalInternal = 0;
    let totalRoad = 0;
    // Compounds cut somewhere across open ground (not along a road, river or wall).
    const cutInTheOpen = new Set<string>();
    let compoundCut = 0;
    for (let e = 0; e < halfedges.length; e++) {
      const o = halfedges[e]!;
      if (o < e) continue;
      const ua = triUnit[(e / 3) | 0]!;
      const ub = triUnit[(o / 3) | 0]!;
      if (ua < 0 || ub < 0 || ua === ub) continue;
      let inCompound = false;
      if (edgeKind[e]! < 0) {
        const ca = atoms.compound[atoms.triangleAtom[(e / 3) | 0]!];
        if (ca && ca === atoms.compound[atoms.triangleAtom[(o / 3) | 0]!]) {
          cutInTheOpen.add(ca);
          inCompound = true;
        }
      }
      const p = triangles[e]! * 2;
      const q = triangles[e % 3 === 2 ? e - 2 : e + 1]! * 2;
      const len = Math.hypot(mc[p]! - mc[q]!, mc[p + 1]! - mc[q + 1]!);
      const road = edgeKind[e]! > 0 ? len : 0;
      internal[ua]! += len;
      internal[ub]! += len;
      onRoad[ua]! += road;
      onRoad[ub]! += road;
      totalInternal += len;
      totalRoad += road;
      if (inCompound) compoundCut += len;
    }
    const unitHouseholds = new Float64Array(k);
    const unitBuildings = new Uint32Array(k);
    const unitCompounds: Set<string>[] = Array.from({ length: k }, () => new Set());
    const compoundUnits = new Map<string, Set<number>>();
    planned.forEach((b, i) => {
      const u = atomUnit[atoms.buildingAtom[i]!]!;
      if (b.households > 0) {
        unitHouseholds[u]! += b.households;
        unitBuildings[u]!++;
      }
      if (b.compound) {
        unitCompounds[u]!.add(b.compound);
        let s = compoundUnits.get(b.compound);
        if (!s) {
          s = new Set();
          compoundUnits.set(b.compound, s);
        }
        s.add(u);
      }
    });
    const centres = pc.facilities
      .filter((f) => f.kind === 'service_centre')
      .map((f) => {
        const [x, y] = projection.forward(f.lon, f.lat);
        return { f, unit: shapes.findIndex((polys) => polygonContains(polys, x, y)) };
      });
    // Continuity: the unit holding the old service centre (the largest one) keeps the old name;
    // without one, the unit with the most households keeps it.
    const oldCentre = centres.filter((c) => c.unit >= 0).sort((a, b) => b.f.areaM2 - a.f.areaM2)[0];
    let keeper = oldCentre ? oldCentre.unit : 0;
    if (!oldCentre) for (let u = 1; u < k; u++) if (unitHouseholds[u]! > unitHouseholds[keeper]!) keeper = u;
    const centre = (u: number, axis: 0 | 1) => {
      const p = shapes[u]![0]?.outer;
      if (!p) return 0;
      let s = 0;
      for (let i = axis; i < p.length; i += 2) s += p[i]!;
      return s / (p.length / 2);
    };
    // The others are numbered north to south, then west to east, so names read like a map.
    const order = [...Array(k).keys()]
      .filter((u) => u !== keeper)
      .sort((a, b) => centre(b, 1) - centre(a, 1) || centre(a, 0) - centre(b, 0));
    order.unshift(keeper);
    const unitIds: string[] = [];
    const units: Unit[] = [];
    const pps: number[] = [];
    const without: string[] = [];
    const needs = new Map<string, number>();
    const violations: Violation[] = [];
    const pieces = partPieces(atoms.graph, atomUnit, k);
    // A unit holding a building over the maximum is allowed over it (flagged, not a hard rule).
    const bigBuilding = new Map<number, number>();
    for (const a of pc.overMax) bigBuilding.set(atomUnit[a]!, a);
    order.forEach((u, rank) => {
      const id = `${community.code}-${String(rank + 1).padStart(2, '0')}`;
      unitIds[u] = id;
      const name = rank === 0 ? community.name : `${community.name}-${rank + 1}`;
      const { area, perimeter } = polygonMetrics(shapes[u]!);
      const pp = polsbyPopper(area, perimeter);
      pps.push(pp);
      const hh = unitHouseholds[u]!;
      const need = serviceRoomNeeded(hh, options);
      const own = centres.filter((c) => c.unit === u && c.f.areaM2 >= need);
      if (!own.length) without.push(id);
      needs.set(id, need);
      if (pieces[u] === 0)
        violations.push({ kind: 'empty-unit', subject: id, hard: true, message: `unit ${id} has no area` });
      else if (pieces[u]! > 1)
        violations.push({
          kind: 'not-contiguous',
          subject: id,
          hard: true,
          message: `unit ${id} is in ${pieces[u]} separate pieces`,
        });
      if (hh < options.min)
        violations.push({
          kind: 'households-low',
          subject: id,
          hard: true,
          message: `unit ${id} has ${hh} households, under the minimum ${options.min}`,
        });
      const big = bigBuilding.get(u);
      if (hh > options.max && big !== undefined) {
        const building = planned.find((b, i) => b.households > 0 && atoms.buildingAtom[i] === big)!;
        const n = note('building-over-max-unit', {
          building: building.name ? `${building.id} ${building.name}` : building.id,
          households: building.households,
          max: options.max,
          unit: id,
        });
        violations.push({
          kind: 'building-over-max',
          subject: id,
          hard: false,
          message: n.text,
          params: { building: String(n.params.building), households: building.households },
          note: n,
        });
      } else if (hh > options.max)
        violations.push({
          kind: 'households-high',
          subject: id,
          hard: true,
          message: `unit ${id} has ${hh} households, over the maximum ${options.max}`,
        });
      else if (hh > options.noticeOver && options.noticeOver >= options.min)
        violations.push({
          kind: 'households-notice',
          subject: id,
          hard: false,
          message: `unit ${id} has ${hh} households, over ${options.noticeOver} (the 2026 law says generally 1,000–3,000; larger "according to actual need")`,
          params: { notice: options.noticeOver },
        });
      units.push({
        id,
        community: community.name,
        communityCode: community.code,
        name,
        status: 'new',
        households: hh,
        buildings: unitBuildings[u]!,
        compounds: unitCompounds[u]!.size,
        areaM2: area,
        perimeterM: perimeter,
        polsbyPopper: pp,
        roadBoundaryShare: internal[u]! > 0 ? onRoad[u]! / internal[u]! : 1,
        hasServiceCentre: own.length > 0,
        serviceCentres: own.map((c) => c.f.name),
        polygons: shapes[u]!.map((p) => [
          unprojectRing(projection, p.outer),
          ...p.holes.map((h) => unprojectRing(projection, h)),
        ]),
      });
    });
    const allowedSplit = new Map(atoms.splitCompounds.map((s) => [s.compound, s]));
    // A compound that lies in separate places is planned per place, so its places may part.
    const scattered = new Set(atoms.scatteredCompounds);
    let split = 0;
    for (const [c, s] of compoundUnits) {
      if (s.size <= 1) continue;
      split++;
      const ids = [...s].map((u) => unitIds[u]!).sort();
      const allowed = allowedSplit.get(c);
      if (allowed) {
        const code =
          allowed.by === 'roads' || !cutInTheOpen.has(c)
            ? 'compound-split-roads'
            : allowed.reason === 'forced-group'
              ? 'compound-split-group'
              : 'compound-split-buildings';
        const n = note(code, {
          compound: c,
          households: allowed.households,
          max: options.max,
          parts: s.size,
          units: ids.join(', '),
        });
        violations.push({
          kind: 'compound-cut',
          subject: c,
          hard: false,
          message: n.text,
          params: { households: allowed.households, parts: s.size, units: ids.join(', '), how: code },
          note: n,
        });
      } else if (!scattered.has(c))
        violations.push({
          kind: 'compound-split',
          subject: c,
          hard: true,
          message: `compound ${c} is cut between units ${ids.join(', ')}`,
        });
    }
    if (centres.length)
      for (const id of without)
        violations.push({
          kind: 'no-service-centre',
          subject: id,
          hard: false,
          message: `unit ${id} has no service centre of at least ${Math.round(needs.get(id)!)} m²`,
          params: { area: Math.round(needs.get(id)!) },
        });
    const buildingUnit = planned.map((_, i) => unitIds[atomUnit[atoms.buildingAtom[i]!]!]!);
    return {
      units,
      unitIds,
      buildingUnit,
      violations,
      metrics: {
        unitHouseholdsMin: Math.min(...unitHouseholds),
        unitHouseholdsMax: Math.max(...unitHouseholds),
        polsbyPopperMean: pps.reduce((s, v) => s + v, 0) / Math.max(1, pps.length),
        polsbyPopperMin: Math.min(...pps),
        roadBoundaryShare: totalInternal > 0 ? totalRoad / totalInternal : 1,
        internalBoundaryM: totalInternal,
        compoundCutM: compoundCut,
        compoundsSplit: split,
        unitsWithoutServiceCentre: centres.length ? without : [],
        atoms: atoms.count,
        cutCost: 0,
        failedConstraints: mesh.failedConstraints,
      },
    };
  });
}

/** The atom graph in the exchange format, so other partitioners can run on the same input. */
export function exportAtomGraph(
  pc: PreparedCommunity,
  district: PreparedDistrict,
  out: AtomGraphExport,
): void {
  const { atoms, planned, community } = pc;
  if (!atoms) return;
  const id = (a: number) => `${community.code}:${a}`;
  for (let a = 0; a < atoms.count; a++) {
    const [lon, lat] = district.projection.inverse(atoms.cx[a]!, atoms.cy[a]!);
    out.nodes.push({
      id: id(a),
      households: atoms.households[a]!,
      x: Math.round(lon * 1e7) / 1e7,
      y: Math.round(lat * 1e7) / 1e7,
      buildings: atoms.buildings[a]!.map((i) => planned[i]!.id),
    });
  }
  const g = atoms.graph;
  for (let a = 0; a < g.n; a++)
    for (let e = g.offsets[a]!; e < g.offsets[a + 1]!; e++) {
      const b = g.targets[e]!;
      if (b > a) out.edges.push({ u: id(a), v: id(b), length: Math.round(g.costs[e]! * 100) / 100 });
    }
}
