/**
 * The planning engine end to end: every community over the split threshold is tessellated,
 * partitioned within the household bounds and given unit shapes and metrics. Communities at or
 * under the threshold stay one unit. A community that cannot be split says why; the others are
 * still solved.
 */
import { DEFAULT_PLAN_OPTIONS, type PlanInput, type PlanOptions } from '../types';
import {
  evaluateCommunity,
  exportAtomGraph,
  prepareCommunity,
  refuse,
  solveCommunity,
  type Timer,
  warn,
  wholeUnit,
} from './community';
import { type PreparedDistrict, prepareDistrict } from './district';
import { note } from './notes';
import type { AtomGraphExport, CommunityReport, PlanResult, Unit } from './result';

export interface PlanHooks {
  onProgress?: (p: { community: string; done: number; total: number }) => void;
  now?: () => number;
  /** Plan only the communities this returns true for (to share a district among workers). */
  only?: (communityIndex: number) => boolean;
}

/**
 * Deal communities to `jobs` workers, largest first to the least loaded (by households), so each
 * worker gets a similar share. The same input always gives the same deal.
 */
export function dealCommunities(input: PlanInput, jobs: number): Int32Array {
  const district = prepareDistrict(input);
  const load = new Float64Array(jobs);
  const owner = new Int32Array(input.communities.length);
  const weight = district.buildingsOf.map((bs) => bs.reduce((s, i) => s + input.buildings[i]!.households, 0));
  const order = weight.map((_, i) => i).sort((a, b) => weight[b]! - weight[a]! || a - b);
  for (const c of order) {
    let best = 0;
    for (let j = 1; j < jobs; j++) if (load[j]! < load[best]!) best = j;
    owner[c] = best;
    load[best]! += weight[c]!;
  }
  return owner;
}

/** One district preparation per input, reused when communities are planned a few at a time. */
const preparedDistricts = new WeakMap<PlanInput, PreparedDistrict>();

export function planDistrict(
  input: PlanInput,
  partial: Partial<PlanOptions> = {},
  hooks: PlanHooks = {},
): PlanResult {
  const options: PlanOptions = { ...DEFAULT_PLAN_OPTIONS, ...partial };
  if (!(options.min > 0) || !(options.max >= options.min))
    throw new RangeError(`need 0 < min ≤ max (got min ${options.min}, max ${options.max})`);
  const now = hooks.now ?? (() => performance.now());
  const timings: Record<string, number> = {};
  const time: Timer = (name, fn) => {
    const t0 = now();
    const r = fn();
    timings[name] = (timings[name] ?? 0) + (now() - t0);
    return r;
  };
  let district = preparedDistricts.get(input);
  if (!district) {
    district = time('locate', () => prepareDistrict(input));
    preparedDistricts.set(input, district);
  }
  const units: Unit[] = [];
  const assignment = new Map<string, string>();
  const reports: CommunityReport[] = [];
  const graph: AtomGraphExport = { nodes: [], edges: [] };
  const total = input.communities.length;

  input.communities.forEach((community, ci) => {
    if (hooks.only && !hooks.only(ci)) return;
    hooks.onProgress?.({ community: community.name, done: ci, total });
    const t0 = now();
    const pc = prepareCommunity(district, ci, options, time);
    const t1 = now();
    const report: CommunityReport = {
      name: community.name,
      code: community.code,
      households: pc.households,
      buildings: pc.residents.length,
      status: 'unchanged',
      kRange: pc.kRange,
      k: 1,
      warnings: pc.warnings,
      infeasible: pc.infeasible,
      notes: pc.notes,
      metrics: null,
      timingsMs: {},
      unitIds: [],
    };
    reports.push(report);
    exportAtomGraph(pc, district, graph);
    const solved =
      pc.needsSplit && !pc.infeasible.length ? time('partition', () => solveCommunity(pc, options)) : null;
    report.timingsMs = { prepare: t1 - t0, partition: now() - t1 };
    if (solved && !solved.ok) refuse(pc, solved.note);
    if (solved?.ok) for (const n of solved.notes) warn(pc, n);
    if (!solved?.ok) {
      const unit = wholeUnit(pc, district, options, pc.needsSplit);
      units.push(unit);
      for (const b of pc.residents) assignment.set(b.id, unit.id);
      report.status = pc.needsSplit ? 'infeasible' : 'unchanged';
      report.unitIds = [unit.id];
      return;
    }
    const evaluation = evaluateCommunity(pc, district, solved.atomUnit, solved.k, options, time);
    const broken = evaluation.violations.filter((v) => v.hard);
    if (broken.length) {
      // A plan that breaks a hard rule is never returned as a success.
      for (const v of broken) refuse(pc, note('internal-check', { message: v.message }));
      const unit = wholeUnit(pc, district, options, true);
      units.push(unit);
      for (const b of pc.residents) assignment.set(b.id, unit.id);
      report.status = 'infeasible';
      report.unitIds = [unit.id];
      return;
    }
    units.push(...evaluation.units);
    pc.planned.forEach((b, i) => {
      if (b.households > 0) assignment.set(b.id, evaluation.buildingUnit[i]!);
    });
    report.status = 'split';
    report.k = solved.k;
    report.unitIds = evaluation.units.map((u) => u.id);
    report.metrics = { ...evaluation.metrics, cutCost: solved.cut };
    // Advice: an allowed exception goes in as the note it is, the rest as its text.
    for (const v of evaluation.violations)
      if (v.note) warn(pc, v.note);
      else report.warnings.push(v.message);
  });
  hooks.onProgress?.({ community: '', done: total, total });
  // The table lists buildings in the input's order, however the communities were dealt out.
  const ordered = new Map<string, string>();
  for (const b of input.buildings) {
    const u = assignment.get(b.id);
    if (u !== undefined) ordered.set(b.id, u);
  }
  return {
    units,
    assignment: ordered,
    communities: reports,
    issues: district.issues,
    timingsMs: timings,
    graph,
  };
}
