/**
 * The engine in a Web Worker, exposed through comlink. It only adapts the pure core
 * (src/core/plan/*) to messages: parse, prepare (cached per community and option signature), solve,
 * evaluate. Cancellation is by terminating the worker (a busy worker cannot read messages).
 */
import * as Comlink from 'comlink';
import { type InputFiles, type ReadOptions, readPlanInput } from '../src/core/io/input';
import {
  evaluateCommunity,
  type PreparedCommunity,
  prepareCommunity,
  solveCommunity,
  wholeUnit,
} from '../src/core/plan/community';
import { type PreparedDistrict, prepareDistrict } from '../src/core/plan/district';
import type { PlanOptions } from '../src/core/types';
import {
  type CommunityInfo,
  type LentCommunity,
  type LoadSummary,
  type PrepInfo,
  type Progress,
  prepSignature,
  type SearchHit,
  type SolveOutcome,
} from '../src/services/engineTypes';

let district: PreparedDistrict | null = null;
const prepared = new Map<number, { signature: string; pc: PreparedCommunity }>();

function need(): PreparedDistrict {
  if (!district) throw new Error('no data loaded in the engine worker');
  return district;
}

function ensure(ci: number, options: PlanOptions): PreparedCommunity {
  const signature = prepSignature(options);
  const hit = prepared.get(ci);
  if (hit && hit.signature === signature) return hit.pc;
  const pc = prepareCommunity(need(), ci, options);
  prepared.set(ci, { signature, pc });
  return pc;
}

function bboxOf(coords: number[][]): [number, number, number, number] {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const p of coords) {
    a = Math.min(a, p[0]!);
    b = Math.min(b, p[1]!);
    c = Math.max(c, p[0]!);
    d = Math.max(d, p[1]!);
  }
  return [a, b, c, d];
}

function hull(points: number[][]): number[][] {
  const pts = [...points].sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!);
  if (pts.length < 3) return pts;
  const cross = (o: number[], a: number[], b: number[]) =>
    (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
  const lower: number[][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: number[][] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return lower.concat(upper);
}

const api = {
  load(files: InputFiles, read: ReadOptions = {}): LoadSummary {
    prepared.clear();
    const input = readPlanInput(files, read);
    const fatal = input.issues.some((i) => i.severity === 'fatal');
    district = fatal ? null : prepareDistrict(input);
    const issues = district ? district.issues : input.issues;
    const communities: CommunityInfo[] = input.communities.map((c, index) => {
      const members = district ? district.buildingsOf[index]! : [];
      let households = 0;
      let buildings = 0;
      for (const i of members) {
        const b = input.buildings[i]!;
        if (b.households > 0) {
          households += b.households;
          buildings++;
        }
      }
      return { index, name: c.name, code: c.code, households, buildings, bbox: bboxOf(c.polygons.flat(2)) };
    });
    const all = communities.map((c) => c.bbox);
    return {
      issues,
      communities,
      buildings: input.buildings.length,
      households: input.buildings.reduce((s, b) => s + b.households, 0),
      roads: input.barriers.length,
      facilities: input.facilities.length,
      bbox: all.length
        ? [
            Math.min(...all.map((b) => b[0])),
            Math.min(...all.map((b) => b[1])),
            Math.max(...all.map((b) => b[2])),
            Math.max(...all.map((b) => b[3])),
          ]
        : null,
    };
  },

  prepare(ci: number, options: PlanOptions): PrepInfo {
    const pc = ensure(ci, options);
    const atoms = pc.atoms;
    return {
      index: ci,
      signature: prepSignature(options),
      needsSplit: pc.needsSplit,
      infeasible: pc.infeasible,
      warnings: pc.warnings,
      notes: pc.notes,
      households: pc.households,
      kRange: pc.kRange,
      atomCount: atoms ? atoms.count : 0,
      plannedIds: pc.planned.map((b) => b.id),
      plannedHouseholds: pc.planned.map((b) => b.households),
      buildingAtom: atoms ? Int32Array.from(atoms.buildingAtom) : new Int32Array(0),
      atomHouseholds: atoms ? Float64Array.from(atoms.households) : new Float64Array(0),
      atomCompound: atoms ? Array.from(atoms.compound) : [],
      offsets: atoms ? Int32Array.from(atoms.graph.offsets) : new Int32Array(1),
      targets: atoms ? Int32Array.from(atoms.graph.targets) : new Int32Array(0),
    };
  },

  /** The prepared community without its mesh, for another worker to solve a share of its restarts. */
  lend(ci: number, options: PlanOptions): LentCommunity {
    return { ...ensure(ci, options), mesh: null, cells: null };
  },

  /**
   * Solve community `ci` — prepared here, or `lent` by the worker that prepared it (not cached: this
   * worker has no mesh for it, and evaluating needs one).
   */
  solve(
    ci: number,
    options: PlanOptions,
    locked: Int32Array | null,
    fixedNewParts: number | null,
    onProgress?: (p: Progress) => void,
    lent?: LentCommunity | null,
  ): SolveOutcome {
    const t0 = performance.now();
    const base: PreparedCommunity = lent ?? ensure(ci, options);
    // With locked parts, a fixed number of units counts the new parts only.
    const pc: PreparedCommunity = locked ? { ...base, fixedK: fixedNewParts ?? undefined } : base;
    const r = solveCommunity(pc, options, {
      ...(locked ? { locked } : {}),
      onProgress: (p) => {
        onProgress?.({ fraction: p.fraction, bestScore: p.bestScore });
        return undefined;
      },
    });
    if (!r.ok) return r;
    const out = { ...r, ms: performance.now() - t0 };
    return Comlink.transfer(out, [r.atomUnit.buffer]);
  },

  evaluate(ci: number, atomUnit: Int32Array, k: number, options: PlanOptions) {
    const pc = ensure(ci, options);
    return evaluateCommunity(pc, need(), atomUnit, k, options);
  },

  whole(ci: number, options: PlanOptions, infeasible: boolean) {
    const pc = ensure(ci, options);
    const unit = wholeUnit(pc, need(), options, infeasible);
    return { unit, buildingIds: pc.residents.map((b) => b.id) };
  },

  /** Compound outlines (convex hull of their buildings) as GeoJSON. */
  compounds() {
    const d = need();
    const groups = new Map<string, number[][]>();
    for (const b of d.input.buildings) {
      if (!b.compound) continue;
      let g = groups.get(b.compound);
      if (!g) {
        g = [];
        groups.set(b.compound, g);
      }
      if (b.footprint) for (const p of b.footprint) g.push(p);
      else g.push([b.lon, b.lat]);
    }
    const features = [];
    for (const [name, pts] of groups) {
      const h = hull(pts);
      if (h.length < 3) continue;
      features.push({
        type: 'Feature' as const,
        properties: { compound: name },
        geometry: { type: 'Polygon' as const, coordinates: [[...h, h[0]!]] },
      });
    }
    return { type: 'FeatureCollection' as const, features };
  },

  search(query: string, limit = 20): SearchHit[] {
    const q = query.trim().toLowerCase();
    if (!q || !district) return [];
    const out: SearchHit[] = [];
    const compounds = new Set<string>();
    for (const b of district.input.buildings) {
      if (out.length >= limit) break;
      if (b.compound && !compounds.has(b.compound) && b.compound.toLowerCase().includes(q)) {
        compounds.add(b.compound);
        out.push({
          id: b.id,
          name: b.compound,
          compound: b.compound,
          households: 0,
          lon: b.lon,
          lat: b.lat,
          kind: 'compound',
        });
      }
      if (b.name.toLowerCase().includes(q) || b.id.toLowerCase() === q)
        out.push({
          id: b.id,
          name: b.name,
          compound: b.compound,
          households: b.households,
          lon: b.lon,
          lat: b.lat,
          kind: 'building',
        });
    }
    return out;
  },

  /** Building records for exports and hover (id, name, compound, households). */
  buildingTable() {
    const d = need();
    return d.input.buildings.map((b) => ({
      id: b.id,
      name: b.name,
      compound: b.compound,
      households: b.households,
    }));
  },
};

export type EngineApi = typeof api;
Comlink.expose(api);
