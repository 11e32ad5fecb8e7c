/**
 * The planning engine: for every community over the split threshold, tessellate it, build the
 * atom graph, partition it within the household bounds, and derive the unit shapes and metrics.
 * Communities at or under the threshold stay one unit. A community that cannot be split says why
 * and the others are still solved.
 */
import { feasibleK } from '../graph/csr';
import { createLocalProjection, type LocalProjection } from '../geo/projection';
import { polsbyPopper, ringPerimeter, ringSignedArea, StripeIndex } from '../geo/ring';
import { partition } from '../partition';
import {
  type Building,
  type Community,
  DEFAULT_PLAN_OPTIONS,
  type Facility,
  type InputIssue,
  type PlanInput,
  type PlanOptions,
  type Position,
} from '../types';
import { buildAtoms } from './atoms';
import { barrierKind } from './barriers';
import { growCells, triangleCentroids } from './cells';
import { buildMesh } from './mesh';
import type { AtomGraphExport, CommunityReport, PlanResult, Unit } from './result';
import { traceUnits, type UnitPolygon } from './shapes';

export interface PlanProgress {
  community: string;
  done: number;
  total: number;
}

export interface PlanHooks {
  onProgress?: (p: PlanProgress) => void;
  now?: () => number;
}

interface District {
  projection: LocalProjection;
  lines: { coords: Float64Array; kind: number }[];
}

function projectRing(proj: LocalProjection, ring: Position[]): Float64Array {
  const out = new Float64Array(ring.length * 2);
  ring.forEach((p, i) => {
    const [x, y] = proj.forward(p[0], p[1]);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

function unprojectRing(proj: LocalProjection, ring: Float64Array): Position[] {
  const n = ring.length / 2;
  const out: Position[] = [];
  for (let i = 0; i < n; i++) {
    const [lon, lat] = proj.inverse(ring[2 * i]!, ring[2 * i + 1]!);
    out.push([round7(lon), round7(lat)]);
  }
  out.push([out[0]![0], out[0]![1]]);
  return out;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Which community each building lies in (by its representative point), or -1. */
function locateBuildings(buildings: Building[], communities: Community[]): Int32Array {
  const indexes = communities.map((c) => {
    const rings = c.polygons.flat().map((r) => Float64Array.from(r.flat()));
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const r of rings)
      for (let i = 0; i < r.length; i += 2) {
        minX = Math.min(minX, r[i]!);
        maxX = Math.max(maxX, r[i]!);
        minY = Math.min(minY, r[i + 1]!);
        maxY = Math.max(maxY, r[i + 1]!);
      }
    return { index: new StripeIndex(rings), minX, minY, maxX, maxY };
  });
  const out = new Int32Array(buildings.length).fill(-1);
  buildings.forEach((b, i) => {
    for (let c = 0; c < indexes.length; c++) {
      const ix = indexes[c]!;
      if (b.lon < ix.minX || b.lon > ix.maxX || b.lat < ix.minY || b.lat > ix.maxY) continue;
      if (ix.index.contains(b.lon, b.lat)) {
        out[i] = c;
        return;
      }
    }
  });
  return out;
}

function unitsFor(options: PlanOptions, c: Community): number | undefined {
  const u = options.units;
  if (u === undefined) return undefined;
  if (typeof u === 'number') return u;
  return u[c.name] ?? u[c.code];
}

function polygonMetrics(polys: UnitPolygon[]): { area: number; perimeter: number } {
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

export function planDistrict(input: PlanInput, partial: Partial<PlanOptions> = {}, hooks: PlanHooks = {}): PlanResult {
  const options: PlanOptions = { ...DEFAULT_PLAN_OPTIONS, ...partial };
  const now = hooks.now ?? (() => performance.now());
  const timings: Record<string, number> = {};
  const stage = <T>(name: string, fn: () => T): T => {
    const t0 = now();
    const r = fn();
    timings[name] = (timings[name] ?? 0) + (now() - t0);
    return r;
  };
  const issues: InputIssue[] = [...input.issues];
  if (options.min > options.max) {
    throw new RangeError(`min (${options.min}) is larger than max (${options.max})`);
  }

  // One local projection for the whole district, so neighbouring communities share coordinates.
  let minLon = Number.POSITIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (const c of input.communities)
    for (const poly of c.polygons)
      for (const p of poly[0]!) {
        minLon = Math.min(minLon, p[0]);
        maxLon = Math.max(maxLon, p[0]);
        minLat = Math.min(minLat, p[1]);
        maxLat = Math.max(maxLat, p[1]);
      }
  const projection = createLocalProjection((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  const district: District = stage('project', () => ({
    projection,
    lines: input.barriers.map((b) => ({ coords: projectRing(projection, b.coords), kind: barrierKind(b.cls) })),
  }));

  const where = stage('locate', () => locateBuildings(input.buildings, input.communities));
  const byCommunity: number[][] = input.communities.map(() => []);
  where.forEach((c, i) => {
    const b = input.buildings[i]!;
    if (c >= 0) byCommunity[c]!.push(i);
    else if (b.households > 0)
      issues.push({
        severity: 'error',
        code: 'OUTSIDE_COMMUNITY',
        file: 'buildings',
        feature: b.id,
        message: `building ${b.id} (${b.households} households) lies outside every community; it is not planned`,
      });
  });
  const facilityWhere = locateBuildings(
    input.facilities.map((f) => ({ lon: f.lon, lat: f.lat }) as Building),
    input.communities,
  );

  const units: Unit[] = [];
  const assignment = new Map<string, string>();
  const reports: CommunityReport[] = [];
  const graph: AtomGraphExport = { nodes: [], edges: [] };

  input.communities.forEach((community, ci) => {
    hooks.onProgress?.({ community: community.name, done: ci, total: input.communities.length });
    const members = byCommunity[ci]!.map((i) => input.buildings[i]!);
    const facilities = input.facilities.filter((_, fi) => facilityWhere[fi] === ci);
    const report = stage('communities', () =>
      planCommunity(community, members, facilities, district, options, units, assignment, graph, now),
    );
    reports.push(report);
  });
  hooks.onProgress?.({ community: '', done: input.communities.length, total: input.communities.length });
  for (const r of reports)
    for (const [k, v] of Object.entries(r.timingsMs)) timings[k] = (timings[k] ?? 0) + v;
  delete timings.communities;
  return { units, assignment, communities: reports, issues, timingsMs: timings, graph };
}

function planCommunity(
  community: Community,
  members: Building[],
  facilities: Facility[],
  district: District,
  options: PlanOptions,
  units: Unit[],
  assignment: Map<string, string>,
  graphOut: AtomGraphExport,
  now: () => number,
): CommunityReport {
  const { projection } = district;
  const timings: Record<string, number> = {};
  const stage = <T>(name: string, fn: () => T): T => {
    const t0 = now();
    const r = fn();
    timings[name] = (timings[name] ?? 0) + (now() - t0);
    return r;
  };
  const residents = members.filter((b) => b.households > 0);
  const households = residents.reduce((s, b) => s + b.households, 0);
  const kRange = feasibleK(households, options.min, options.max);
  const report: CommunityReport = {
    name: community.name,
    code: community.code,
    households,
    buildings: residents.length,
    status: 'unchanged',
    kRange,
    k: 1,
    warnings: [],
    infeasible: [],
    metrics: null,
    timingsMs: timings,
    unitIds: [],
  };
  const rings = community.polygons.map((poly) => poly.map((r) => projectRing(projection, r)));
  const keepWhole = (status: 'unchanged' | 'infeasible') => {
    const id = `${community.code}-01`;
    const polys: UnitPolygon[] = rings.map((poly) => ({ outer: poly[0]!, holes: poly.slice(1) }));
    const { area, perimeter } = polygonMetrics(polys);
    const centres = facilities.filter(
      (f) => f.kind === 'service_centre' && f.areaM2 >= options.serviceCentreMinArea,
    );
    const compounds = new Set(residents.map((b) => b.compound).filter(Boolean));
    units.push({
      id,
      community: community.name,
      communityCode: community.code,
      name: community.name,
      status: status === 'unchanged' ? 'unchanged' : 'infeasible',
      households,
      buildings: residents.length,
      compounds: compounds.size,
      areaM2: area,
      perimeterM: perimeter,
      polsbyPopper: polsbyPopper(area, perimeter),
      roadBoundaryShare: 0,
      hasServiceCentre: centres.length > 0,
      serviceCentres: centres.map((f) => f.name),
      polygons: community.polygons.map((poly) => poly.map((r) => [...r, r[0]!])),
    });
    for (const b of residents) assignment.set(b.id, id);
    report.unitIds = [id];
    report.status = status;
    return report;
  };

  if (households <= options.splitOver) return keepWhole('unchanged');
  const fixedK = unitsFor(options, community);
  if (kRange.lo > kRange.hi) {
    report.infeasible.push(
      `${households} households cannot be split into units of ${options.min}–${options.max}: no whole number of units fits (${households}/${options.max} = ${(households / options.max).toFixed(2)}, ${households}/${options.min} = ${(households / options.min).toFixed(2)})`,
    );
    return keepWhole('infeasible');
  }
  if (fixedK !== undefined && (fixedK < kRange.lo || fixedK > kRange.hi)) {
    report.infeasible.push(
      `the fixed number of units ${fixedK} is outside the feasible range ${kRange.lo}–${kRange.hi} for ${households} households`,
    );
    return keepWhole('infeasible');
  }

  // Seeds: each planned building's point plus a few footprint corners (so cells wrap footprints).
  const planned = members.filter((b) => b.households > 0 || b.compound);
  const seeds: { x: number; y: number; building: number }[] = [];
  const points = planned.map((b) => projection.forward(b.lon, b.lat));
  planned.forEach((b, i) => {
    const [x, y] = points[i]!;
    seeds.push({ x, y, building: i });
    const fp = b.footprint;
    if (fp) {
      const step = Math.max(1, Math.ceil(fp.length / 8));
      for (let k = 0; k < fp.length; k += step) {
        const [px, py] = projection.forward(fp[k]![0], fp[k]![1]);
        seeds.push({ x: px, y: py, building: i });
      }
    }
  });
  let area = 0;
  for (const poly of rings) {
    area += Math.abs(ringSignedArea(poly[0]!));
    for (const h of poly.slice(1)) area -= Math.abs(ringSignedArea(h));
  }
  const spacing = Math.min(40, Math.max(8, Math.sqrt(area / (2 * Math.max(1, planned.length)))));
  const mesh = stage('mesh', () =>
    buildMesh({ rings: rings.flat(), lines: district.lines, seeds, spacing }),
  );
  const centroids = stage('cells', () => triangleCentroids(mesh));
  const cells = stage('cells', () => growCells(mesh, centroids));
  const atoms = stage('atoms', () =>
    buildAtoms(
      mesh,
      centroids,
      cells,
      planned.map((b, i) => ({ households: b.households, compound: b.compound, x: points[i]![0], y: points[i]![1] })),
      options.max,
    ),
  );
  for (const s of atoms.splitCompounds)
    report.warnings.push(
      `compound ${s.compound} has ${s.households} households (over ${options.max}); it is split along its internal roads into ${s.parts} part(s)`,
    );
  for (const c of atoms.scatteredCompounds)
    report.warnings.push(`compound ${c} lies in separate places (not contiguous); its parts are planned separately`);
  if (mesh.failedConstraints > 0)
    report.warnings.push(
      `${mesh.failedConstraints} of ${mesh.constraintCount} road/boundary segments could not be used as edges (overlapping or crossing noise in the data)`,
    );
  for (let a = 0; a < atoms.count; a++) {
    if (atoms.households[a]! <= options.max) continue;
    const c = atoms.compound[a];
    const names = atoms.buildings[a]!.map((i) => planned[i]!.id);
    report.infeasible.push(
      c
        ? `compound ${c} has ${atoms.households[a]} households in one block (over ${options.max}) with no internal road to split it along`
        : `building ${names[0]} alone has ${atoms.households[a]} households, over ${options.max}`,
    );
  }
  if (report.infeasible.length) return keepWhole('infeasible');

  const coords = new Float64Array(atoms.count * 2);
  for (let a = 0; a < atoms.count; a++) {
    coords[2 * a] = atoms.cx[a]!;
    coords[2 * a + 1] = atoms.cy[a]!;
  }
  const result = stage('partition', () =>
    partition(atoms.graph, {
      min: options.min,
      max: options.max,
      target: options.target,
      ...(fixedK !== undefined ? { k: fixedK } : {}),
      seed: options.seed,
      restarts: options.restarts,
      coords,
      compactness: options.compactness,
    }),
  );

  // The atom graph goes out whatever the result, so other partitioners can be tried on it.
  const atomId = (a: number) => `${community.code}:${a}`;
  for (let a = 0; a < atoms.count; a++) {
    const [lon, lat] = projection.inverse(atoms.cx[a]!, atoms.cy[a]!);
    graphOut.nodes.push({
      id: atomId(a),
      households: atoms.households[a]!,
      x: round7(lon),
      y: round7(lat),
      buildings: atoms.buildings[a]!.map((i) => planned[i]!.id),
    });
  }
  const g = atoms.graph;
  for (let a = 0; a < g.n; a++)
    for (let e = g.offsets[a]!; e < g.offsets[a + 1]!; e++) {
      const b = g.targets[e]!;
      if (b > a) graphOut.edges.push({ u: atomId(a), v: atomId(b), length: Math.round(g.costs[e]! * 100) / 100 });
    }

  if (!result.ok) {
    report.infeasible.push(result.message);
    return keepWhole('infeasible');
  }
  report.status = 'split';
  report.k = result.k;

  const triUnit = new Int32Array(atoms.triangleAtom.length);
  for (let t = 0; t < triUnit.length; t++) {
    const a = atoms.triangleAtom[t]!;
    triUnit[t] = a < 0 ? -1 : result.assignment[a]!;
  }
  const shapes = stage('shapes', () =>
    traceUnits(mesh, triUnit, result.k, { tolerance: options.simplify, openTolerance: spacing * 0.5 }),
  );

  return stage('metrics', () => {
    // Internal boundary length and the part of it on roads, per unit, from the mesh edges.
    const internal = new Float64Array(result.k);
    const onRoad = new Float64Array(result.k);
    const { triangles, halfedges, edgeKind, coords: mc } = mesh;
    let totalInternal = 0;
    let totalRoad = 0;
    for (let e = 0; e < halfedges.length; e++) {
      const o = halfedges[e]!;
      if (o < e) continue;
      const ua = triUnit[(e / 3) | 0]!;
      const ub = triUnit[(o / 3) | 0]!;
      if (ua < 0 || ub < 0 || ua === ub) continue;
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
    }
    const unitHouseholds = new Float64Array(result.k);
    const unitBuildings = new Uint32Array(result.k);
    const unitCompounds: Set<string>[] = Array.from({ length: result.k }, () => new Set());
    const compoundUnits = new Map<string, Set<number>>();
    planned.forEach((b, i) => {
      const u = result.assignment[atoms.buildingAtom[i]!]!;
      if (b.households > 0) {
        unitHouseholds[u]! += b.households;
        unitBuildings[u]!++;
      }
      if (b.compound) {
        unitCompounds[u]!.add(b.compound);
        let s = compoundUnits.get(b.compound);
        if (!s) compoundUnits.set(b.compound, (s = new Set()));
        s.add(u);
      }
    });
    const centres = facilities
      .filter((f) => f.kind === 'service_centre')
      .map((f) => {
        const [x, y] = projection.forward(f.lon, f.lat);
        const unit = shapes.findIndex((polys) => polygonContains(polys, x, y));
        return { f, unit };
      });
    // Continuity: the unit holding the old service centre (the largest one) keeps the old name;
    // without one, the unit with the most households keeps it.
    const oldCentre = centres.filter((c) => c.unit >= 0).sort((a, b) => b.f.areaM2 - a.f.areaM2)[0];
    let keeper = oldCentre ? oldCentre.unit : 0;
    if (!oldCentre) for (let u = 1; u < result.k; u++) if (unitHouseholds[u]! > unitHouseholds[keeper]!) keeper = u;
    const centroidY = shapes.map((polys) => {
      const p = polys[0]?.outer;
      if (!p) return 0;
      let s = 0;
      for (let i = 1; i < p.length; i += 2) s += p[i]!;
      return s / (p.length / 2);
    });
    const centroidX = shapes.map((polys) => {
      const p = polys[0]?.outer;
      if (!p) return 0;
      let s = 0;
      for (let i = 0; i < p.length; i += 2) s += p[i]!;
      return s / (p.length / 2);
    });
    const order = [...Array(result.k).keys()]
      .filter((u) => u !== keeper)
      .sort((a, b) => centroidY[b]! - centroidY[a]! || centroidX[a]! - centroidX[b]!);
    order.unshift(keeper);
    const unitId: string[] = [];
    const pps: number[] = [];
    const without: string[] = [];
    order.forEach((u, rank) => {
      const id = `${community.code}-${String(rank + 1).padStart(2, '0')}`;
      unitId[u] = id;
      const name = rank === 0 ? community.name : `${community.name}-${rank + 1}`;
      const { area: a, perimeter } = polygonMetrics(shapes[u]!);
      const pp = polsbyPopper(a, perimeter);
      pps.push(pp);
      const own = centres.filter((c) => c.unit === u && c.f.areaM2 >= options.serviceCentreMinArea);
      if (!own.length) without.push(id);
      units.push({
        id,
        community: community.name,
        communityCode: community.code,
        name,
        status: 'new',
        households: unitHouseholds[u]!,
        buildings: unitBuildings[u]!,
        compounds: unitCompounds[u]!.size,
        areaM2: a,
        perimeterM: perimeter,
        polsbyPopper: pp,
        roadBoundaryShare: internal[u]! > 0 ? onRoad[u]! / internal[u]! : 1,
        hasServiceCentre: own.length > 0,
        serviceCentres: own.map((c) => c.f.name),
        polygons: shapes[u]!.map((p) => [unprojectRing(projection, p.outer), ...p.holes.map((h) => unprojectRing(projection, h))]),
      });
    });
    planned.forEach((b, i) => {
      if (b.households > 0) assignment.set(b.id, unitId[result.assignment[atoms.buildingAtom[i]!]!]!);
    });
    let split = 0;
    for (const s of compoundUnits.values()) if (s.size > 1) split++;
    report.unitIds = order.map((u) => unitId[u]!);
    report.metrics = {
      unitHouseholdsMin: Math.min(...unitHouseholds),
      unitHouseholdsMax: Math.max(...unitHouseholds),
      polsbyPopperMean: pps.reduce((s, v) => s + v, 0) / pps.length,
      polsbyPopperMin: Math.min(...pps),
      roadBoundaryShare: totalInternal > 0 ? totalRoad / totalInternal : 1,
      internalBoundaryM: totalInternal,
      compoundsSplit: split,
      unitsWithoutServiceCentre: without,
      atoms: atoms.count,
      cutCost: result.cut,
      failedConstraints: mesh.failedConstraints,
    };
    if (without.length && centres.length)
      report.warnings.push(`${without.length} of ${result.k} units have no service centre of ≥ ${options.serviceCentreMinArea} m²: ${without.join(', ')}`);
    return report;
  });
}
