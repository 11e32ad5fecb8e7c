/**
 * One benchmark case in its own process (so its peak memory is its own):
 *   tsx tests/bench/engine-case.ts --buildings 5000 --seed 1 --runs 5 [--baseline] [--compound-roads none]
 *   tsx tests/bench/engine-case.ts --real DIR --runs 3 [--baseline]
 * Prints one JSON line: median time per stage, quality of the plan, the baseline's, peak RSS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberArg, parseArgs } from '../../src/cli/args';
import { planInParallel } from '../../src/cli/parallelPlan';
import { type InputFiles, readPlanInput } from '../../src/core/io/input';
import { assignmentCsv, reportJson, unitsGeoJson } from '../../src/core/io/output';
import { prepareCommunity } from '../../src/core/plan/community';
import { prepareDistrict } from '../../src/core/plan/district';
import type { PlanResult } from '../../src/core/plan/result';
import { generateDistrict } from '../../src/core/synth/generate';
import { COMPOUND_ROADS, type CompoundRoads } from '../../src/core/synth/types';
import { DEFAULT_PLAN_OPTIONS } from '../../src/core/types';
import { forcedGroup, someKFits } from '../helpers/planChecks';
import { sweepLineScore } from './baseline';

const args = parseArgs(process.argv.slice(2));
const runs = numberArg(args, 'runs', 3);
// One thread by default, as the CLI (see --jobs there).
const jobs = numberArg(args, 'jobs', 1);
let files: InputFiles;
let label: string;
const real = args.get('real');
if (real) {
  label = real.split('/').pop()!;
  const text = (f: string) => ({ name: f, text: readFileSync(join(real, f), 'utf8') });
  files = {
    buildings: text('buildings.geojson'),
    communities: text('boundary.geojson'),
    roads: text('roads.geojson'),
  };
} else {
  const n = numberArg(args, 'buildings', 5000);
  const seed = numberArg(args, 'seed', 1);
  const compoundRoads = (args.get('compound-roads') ?? 'all') as CompoundRoads;
  if (!COMPOUND_ROADS.includes(compoundRoads)) throw new Error(`--compound-roads ${compoundRoads}?`);
  label = compoundRoads === 'none' ? `mega-compounds, no internal roads ${n}` : `synthetic ${n}`;
  if (compoundRoads === 'some') label = `mega-compounds, some roads ${n}`;
  const d = generateDistrict({ buildings: n, seed, compoundRoads });
  files = {
    buildings: { name: 'buildings.geojson', text: JSON.stringify(d.buildings) },
    communities: { name: 'communities.geojson', text: JSON.stringify(d.communities) },
    roads: { name: 'roads.geojson', text: JSON.stringify(d.roads) },
    facilities: { name: 'facilities.geojson', text: JSON.stringify(d.facilities) },
  };
}

const options = { ...DEFAULT_PLAN_OPTIONS };
const samples: Record<string, number[]> = {};
let plan: PlanResult | null = null;
let input = readPlanInput(files);
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  input = readPlanInput(files);
  const tRead = performance.now() - t0;
  plan = await planInParallel(input, files, {}, options, jobs);
  const t1 = performance.now();
  unitsGeoJson(plan);
  assignmentCsv(plan);
  reportJson(plan);
  const tWrite = performance.now() - t1;
  const stages = { read: tRead, ...plan.timingsMs, write: tWrite, total: performance.now() - t0 };
  for (const [k, v] of Object.entries(stages)) {
    samples[k] ??= [];
    samples[k].push(v);
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p = plan!;
const newUnits = p.units.filter((u) => u.status === 'new');
const split = p.communities.filter((c) => c.status === 'split');
const internal = split.reduce((s, c) => s + c.metrics!.internalBoundaryM, 0);
const onRoad = split.reduce((s, c) => s + c.metrics!.internalBoundaryM * c.metrics!.roadBoundaryShare, 0);
// Boundary through compounds over the maximum whose data has no roads there (no road to follow).
const inCompounds = split.reduce((s, c) => s + c.metrics!.compoundCutM, 0);

// Compounds that could be kept whole (≤ max) but were split.
const compoundHh = new Map<string, number>();
for (const b of input.buildings)
  if (b.compound) compoundHh.set(b.compound, (compoundHh.get(b.compound) ?? 0) + b.households);
const unitOfCompound = new Map<string, Set<string>>();
for (const b of input.buildings) {
  const u = p.assignment.get(b.id);
  if (!b.compound || !u) continue;
  const s = unitOfCompound.get(b.compound) ?? new Set<string>();
  s.add(u);
  unitOfCompound.set(b.compound, s);
}
let avoidableSplits = 0;
for (const [c, s] of unitOfCompound) if (s.size > 1 && compoundHh.get(c)! <= options.max) avoidableSplits++;

let baseline: Record<string, number> | null = null;
if (args.has('baseline')) {
  const district = prepareDistrict(input);
  const pps: number[] = [];
  let bInternal = 0;
  let bRoad = 0;
  let bSplit = 0;
  let bCompounds = 0;
  p.communities.forEach((c, i) => {
    if (c.status !== 'split') return;
    const pc = prepareCommunity(district, i, options);
    const s = sweepLineScore(pc, options.target);
    if (!s) return;
    pps.push(...s.polsbyPopper);
    bInternal += s.internalM;
    bRoad += s.onRoadM;
    bSplit += s.compoundsSplit;
    bCompounds += s.compounds;
  });
  baseline = {
    polsbyPopperMean: pps.reduce((a, b) => a + b, 0) / pps.length,
    roadBoundaryShare: bRoad / bInternal,
    compoundsSplit: bSplit,
    compounds: bCompounds,
  };
}

// Communities planned: split, kept because small enough, or kept because the benchmark's own check
// (tests/helpers/planChecks.ts) finds that no plan of whole compounds exists: no whole number of
// units fits (a building over max counted as a unit of its own), or a forced group over max.
// Big-compound splits: the engine's compound-split notes in the communities it split.
const buildingById = new Map(input.buildings.map((b) => [b.id, b]));
const unitCommunity = new Map(p.units.map((u) => [u.id, u.communityCode]));
const byCommunity = new Map<string, number[]>();
for (const [b, u] of p.assignment) {
  const code = unitCommunity.get(u)!;
  const list = byCommunity.get(code) ?? [];
  list.push(buildingById.get(b)!.households);
  byCommunity.set(code, list);
}
const householdsOf = (b: string) => buildingById.get(b)?.households ?? 0;
const divisible = (b: string) => {
  const c = buildingById.get(b)?.compound;
  return !!c && compoundHh.get(c)! > options.max;
};
let planned = 0;
let compoundSplits = 0;
for (const c of p.communities) {
  const hh = byCommunity.get(c.code) ?? [];
  const total = hh.reduce((s, h) => s + h, 0);
  const slabs = hh.filter((h) => h > options.max);
  const rest = total - slabs.reduce((s, h) => s + h, 0);
  const fits = rest === 0 ? slabs.length >= 2 : someKFits(rest, options.min, options.max);
  const impossible =
    !fits || forcedGroup(c.code, p.graph, householdsOf, divisible, options.min, options.max) !== null;
  if (c.status === 'split' || (total <= options.splitOver ? c.status === 'unchanged' : impossible)) planned++;
  if (c.status === 'split')
    compoundSplits += c.notes.filter((n) => n.code.startsWith('compound-split')).length;
}

const brokenCount = p.communities.filter((c) => c.status === 'infeasible').length;
console.log(
  JSON.stringify({
    label,
    buildings: input.buildings.length,
    households: input.buildings.reduce((s, b) => s + b.households, 0),
    communities: p.communities.length,
    split: split.length,
    planned,
    compoundSplits,
    infeasible: brokenCount,
    infeasibleReasons: p.communities
      .filter((c) => c.status === 'infeasible')
      .map((c) => `${c.name}: ${c.infeasible[0]}`),
    units: newUnits.length,
    runs,
    jobs,
    medianMs: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))])),
    quality: {
      polsbyPopperMean: newUnits.reduce((s, u) => s + u.polsbyPopper, 0) / Math.max(1, newUnits.length),
      polsbyPopperMin: Math.min(...newUnits.map((u) => u.polsbyPopper)),
      roadBoundaryShare: internal > 0 ? onRoad / internal : 1,
      compoundCutShare: internal > 0 ? inCompounds / internal : 0,
      compoundsSplitAvoidable: avoidableSplits,
      compounds: compoundHh.size,
      unitHouseholdsMin: Math.min(...newUnits.map((u) => u.households)),
      unitHouseholdsMax: Math.max(...newUnits.map((u) => u.households)),
      // Road/outline segments the triangulation could not use (split communities): should be 0.
      unusableSegments: split.reduce((s, c) => s + c.metrics!.failedConstraints, 0),
    },
    baseline,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
