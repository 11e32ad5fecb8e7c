/**
 * Balanced contiguous graph partitioner: splits the unit graph into k parts of [min, max] households
 * each, every part connected, minimising the cost of cut edges (plus an optional compactness term,
 * normalised as documented in state.ts). Pure TypeScript without Node imports: runs in Node, in tests
 * and in a browser Web Worker.
 *
 * Pipeline per connected region (solve.ts): recursive bisection of jittered maximum spanning trees
 * (bisect.ts, cut choice in cutChoice.ts, exact cuts of all tree edges in treeCuts.ts) → bound repair
 * if a bisection had to relax (repair.ts) → greedy boundary refinement (refine.ts) → ReCom merge–split
 * passes (recom.ts). Tiny regions the heuristics cannot split are settled exhaustively (exhaustive.ts).
 *
 * `restarts` (default 4): each region of at most 8 parts — where the cut is mostly decided — is split
 * that many times from independent seeds and the cheapest split is kept; the regions are independent
 * given the splits above them, so this picks the best combination. Measured on city graphs it gives the
 * same or a lower cut than 4 whole restarts in about a third of the time (whole restarts improved the
 * cut by < 0.3% for +40–80% time). Whole new starts are still made when a start cannot meet the bounds.
 *
 * Regions: the connected components of the free (unlocked) nodes are partitioned independently, each
 * with its own feasible k. With a fixed `k` (which counts the new parts only, not locked ones) the parts
 * are spread over the regions so that part sizes even out; without it each region takes
 * round(H_region / target) clamped to its feasible range. Locked parts are kept exactly as given (their
 * households are not checked against the bounds). Malformed options (NaN, negative or zero max, wrong
 * array lengths, non-integer k) throw a RangeError: they are caller bugs. (min > max is not malformed:
 * it yields NO_FEASIBLE_K.)
 */
import { cutCost, type UnitGraph } from '../graph/csr';
import { createRng } from '../random';
import { autoK, distributeK, householdEps, type KRange, kRange } from './chooseK';
import { Cancelled, Ticker } from './progress';
import { DEFAULT_SETTINGS, improveRegion, type SearchSettings, solveRegion } from './solve';
import { type Geometry, inertiaTerm } from './state';
import { clearLocal, components, induced } from './subgraph';
import type { PartitionFailureCode, PartitionOptions, PartitionResult } from './types';

export { DEFAULT_SETTINGS, type SearchSettings } from './solve';
export type {
  PartitionFailureCode,
  PartitionOptions,
  PartitionProgress,
  PartitionResult,
  UnitGraph,
} from './types';

const DEFAULT_TARGET = 2500;
const DEFAULT_RESTARTS = 4;
const DEFAULT_SEED = 1;

export function partition(
  graph: UnitGraph,
  options: PartitionOptions,
  settings: SearchSettings = DEFAULT_SETTINGS,
): PartitionResult {
  const ticker = new Ticker(options.onProgress);
  try {
    return run(graph, options, settings, ticker);
  } catch (error) {
    if (error instanceof Cancelled) {
      return { ok: false, code: 'CANCELLED', message: 'partitioning was cancelled by the progress callback' };
    }
    throw error;
  }
}

/**
 * Polish a valid assignment of a connected graph into parts 0..k-1 (e.g. one found by region
 * growing) with the refinement and ReCom passes of the search: a lower score, the same bounds,
 * every part still connected. Returns the input unchanged if it is not valid to begin with.
 */
export function improvePartition(
  graph: UnitGraph,
  assignment: Int32Array,
  k: number,
  options: PartitionOptions,
  settings: SearchSettings = DEFAULT_SETTINGS,
): Int32Array {
  let total = 0;
  for (let v = 0; v < graph.n; v++) total += graph.households[v]!;
  const meanCost = meanEdgeCost(graph);
  const geo = geometry(graph, options, meanCost, total / k);
  const all = Uint32Array.from({ length: graph.n }, (_, i) => i);
  const solution = improveRegion(
    {
      g: graph,
      k,
      min: options.min,
      max: options.max,
      eps: householdEps(total),
      geo: geo ? regionGeometry(geo, all) : null,
      meanCost,
    },
    assignment,
    options.seed ?? DEFAULT_SEED,
    settings,
  );
  return solution ? solution.assign : assignment;
}

function fail(code: PartitionFailureCode, message: string): PartitionResult {
  return { ok: false, code, message };
}

/** Households and other sums in messages: integers as such, otherwise two decimals. */
function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** Why no k fits H households on n nodes (the range lo..hi is empty). */
function whyNoK(H: number, n: number, min: number, max: number, range: KRange): string {
  if (H < min) return `${fmt(H)} is less than one part's minimum`;
  const byWeight = min > 0 ? Math.floor(H / min + householdEps(H)) : Infinity;
  if (byWeight >= range.lo) return `${range.lo} parts are needed but there are only ${n} nodes`;
  return `at least ${range.lo} parts are needed to stay ≤ ${fmt(max)}, but at most ${byWeight} can each reach ${fmt(min)}`;
}

function validate(graph: UnitGraph, o: PartitionOptions): void {
  const num = (name: string, x: unknown) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
      throw new RangeError(`partition: ${name} must be a non-negative finite number, got ${String(x)}`);
    }
  };
  num('min', o.min);
  num('max', o.max);
  if (o.max === 0) throw new RangeError('partition: max must be positive');
  if (o.k !== undefined && (!Number.isInteger(o.k) || o.k < 1)) {
    throw new RangeError(`partition: k must be a positive integer, got ${o.k}`);
  }
  if (o.target !== undefined && !(o.target > 0 && Number.isFinite(o.target))) {
    throw new RangeError(`partition: target must be a positive number, got ${o.target}`);
  }
  if (o.restarts !== undefined && (!Number.isInteger(o.restarts) || o.restarts < 1)) {
    throw new RangeError(`partition: restarts must be a positive integer, got ${o.restarts}`);
  }
  if (o.seed !== undefined && !Number.isFinite(o.seed))
    throw new RangeError(`partition: seed must be a number`);
  if (o.locked && o.locked.length !== graph.n) {
    throw new RangeError(`partition: locked has ${o.locked.length} entries for ${graph.n} nodes`);
  }
  if (o.coords && o.coords.length !== 2 * graph.n) {
    throw new RangeError(`partition: coords has ${o.coords.length} entries, expected 2·${graph.n}`);
  }
  if (o.compactness !== undefined) num('compactness', o.compactness);
  for (let v = 0; v < graph.n; v++) {
    const h = graph.households[v]!;
    if (!(h >= 0) || !Number.isFinite(h)) {
      throw new RangeError(`partition: node ${v} has invalid households ${h}`);
    }
  }
}

function run(
  graph: UnitGraph,
  o: PartitionOptions,
  settings: SearchSettings,
  ticker: Ticker,
): PartitionResult {
  validate(graph, o);
  ticker.report(0);
  const { min, max } = o;
  const n = graph.n;
  const locked = o.locked;
  const isFree = (v: number) => !locked || locked[v]! < 0;
  let firstFree = 0;
  if (locked) for (let v = 0; v < n; v++) firstFree = Math.max(firstFree, locked[v]! + 1);
  const what = locked && firstFree > 0 ? 'free region' : 'component';

  let total = 0;
  let freeCount = 0;
  for (let v = 0; v < n; v++) {
    if (!isFree(v)) continue;
    const h = graph.households[v]!;
    if (h > max + householdEps(max)) {
      return fail(
        'NODE_OVER_MAX',
        `node ${v} has ${fmt(h)} households, more than the maximum ${fmt(max)} per part`,
      );
    }
    total += h;
    freeCount++;
  }
  if (freeCount === 0 && n > 0) return finish(graph, o, new Int32Array(locked!), firstFree, null, ticker);

  // Global feasibility first: its message is the most useful one.
  const range = kRange(total, freeCount, min, max);
  const bounds = `${fmt(min)}–${fmt(max)} households per part`;
  let k = o.k;
  if (k !== undefined) {
    if (k * min > total + householdEps(total) || k * max < total - householdEps(total)) {
      const feasible = range.lo <= range.hi ? `; feasible k: ${range.lo}–${range.hi}` : '; no k fits';
      return fail(
        'NO_FEASIBLE_K',
        `k = ${k} cannot hold ${fmt(total)} households with ${bounds} ` +
          `(${k} parts hold ${fmt(k * min)}–${fmt(k * max)})${feasible}`,
      );
    }
    if (k > freeCount) {
      return fail(
        'NO_FEASIBLE_K',
        `k = ${k} is more than the ${freeCount} nodes to split (each part needs a node)`,
      );
    }
  } else if (range.lo > range.hi) {
    return fail(
      'NO_FEASIBLE_K',
      `no number of parts fits ${fmt(total)} households with ${bounds}: ${whyNoK(total, freeCount, min, max, range)}`,
    );
  }

  const comps = components(graph, isFree);
  const compH = comps.map((c) => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += graph.households[c[i]!]!;
    return s;
  });
  const ranges: KRange[] = comps.map((c, i) => kRange(compH[i]!, c.length, min, max));
  for (let i = 0; i < comps.length; i++) {
    if (ranges[i]!.lo > ranges[i]!.hi) {
      return fail(
        'COMPONENT_INFEASIBLE',
        `${what} ${i + 1} of ${comps.length} (${comps[i]!.length} nodes from node ${comps[i]![0]}, ` +
          `${fmt(compH[i]!)} households) cannot be split into parts of ${bounds}: ` +
          whyNoK(compH[i]!, comps[i]!.length, min, max, ranges[i]!),
      );
    }
  }
  let ks: number[];
  if (k !== undefined) {
    const spread = distributeK(k, compH, ranges);
    if (!spread) {
      const need = ranges.map((r) => `${r.lo}–${r.hi}`).join(', ');
      return fail(
        'NO_FEASIBLE_K',
        `k = ${k} cannot be spread over the ${comps.length} ${what}s of the graph, which need ${need} parts`,
      );
    }
    ks = spread;
  } else {
    const target = o.target ?? DEFAULT_TARGET;
    ks = comps.map((_, i) => autoK(compH[i]!, target, ranges[i]!));
  }
  k = ks.reduce((a, b) => a + b, 0);

  const meanCost = meanEdgeCost(graph);
  const geo = geometry(graph, o, meanCost, total / k);
  const assignment = locked ? Int32Array.from(locked) : new Int32Array(n);
  const restarts = o.restarts ?? DEFAULT_RESTARTS;
  const master = createRng(o.seed ?? DEFAULT_SEED);
  const local = new Int32Array(n).fill(-1);
  let base = firstFree;
  let doneNodes = 0;
  let scoreSoFar = 0;
  for (let c = 0; c < comps.length; c++) {
    const nodes = comps[c]!;
    const kc = ks[c]!;
    const seed = Math.floor(master() * 2 ** 32);
    if (kc === 1) {
      for (let i = 0; i < nodes.length; i++) assignment[nodes[i]!] = base;
    } else {
      const g = induced(graph, nodes, local);
      clearLocal(nodes, local);
      const solution = solveRegion(
        {
          g,
          k: kc,
          min,
          max,
          eps: householdEps(compH[c]!),
          geo: geo ? regionGeometry(geo, nodes) : null,
          meanCost,
        },
        seed,
        restarts,
        settings,
        ticker,
        doneNodes / freeCount,
        nodes.length / freeCount,
        scoreSoFar,
      );
      if (!solution) {
        const where =
          comps.length === 1 && !locked
            ? 'the graph'
            : `${what} ${c + 1} of ${comps.length} (${nodes.length} nodes, ${fmt(compH[c]!)} households)`;
        return fail(
          'NO_BALANCED_SPLIT',
          `no split of ${where} into ${kc} connected parts of ${bounds} was found in ${restarts} restarts`,
        );
      }
      scoreSoFar += solution.score;
      const renumber = new Int32Array(kc).fill(-1);
      let nextPart = 0;
      for (let i = 0; i < nodes.length; i++) {
        const p = solution.assign[i]!;
        if (renumber[p] === -1) renumber[p] = nextPart++;
        assignment[nodes[i]!] = base + renumber[p]!;
      }
    }
    base += kc;
    doneNodes += nodes.length;
  }
  return finish(graph, o, assignment, base, geo, ticker);
}

function finish(
  graph: UnitGraph,
  o: PartitionOptions,
  assignment: Int32Array,
  k: number,
  geo: Geometry | null,
  ticker: Ticker,
): PartitionResult {
  const partHouseholds = new Float64Array(k);
  for (let v = 0; v < graph.n; v++) partHouseholds[assignment[v]!]! += graph.households[v]!;
  const cut = cutCost(graph, assignment);
  let score = cut;
  if (geo) {
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const sq = new Float64Array(k);
    for (let v = 0; v < graph.n; v++) {
      const p = assignment[v]!;
      const h = graph.households[v]!;
      sx[p]! += h * geo.x[v]!;
      sy[p]! += h * geo.y[v]!;
      sq[p]! += h * (geo.x[v]! ** 2 + geo.y[v]! ** 2);
    }
    for (let p = 0; p < k; p++) score += inertiaTerm(geo.kappa, partHouseholds[p]!, sx[p]!, sy[p]!, sq[p]!);
  }
  ticker.bestScore = score;
  if (o.onProgress) o.onProgress({ fraction: 1, bestScore: score });
  return { ok: true, assignment, k, cut, partHouseholds, score };
}

function meanEdgeCost(graph: UnitGraph): number {
  const m = graph.costs.length;
  if (m === 0) return 1;
  let sum = 0;
  for (let e = 0; e < m; e++) sum += graph.costs[e]!;
  return sum / m > 0 ? sum / m : 1;
}

/**
 * Whole-graph geometry for the compactness term (normalisation documented in state.ts), with
 * coordinates centred on their mean so the moment sums do not lose precision. Null when compactness
 * is off, coords are missing or all edges have zero length.
 */
function geometry(
  graph: UnitGraph,
  o: PartitionOptions,
  meanCost: number,
  meanPart: number,
): Geometry | null {
  const coords = o.coords;
  if (!coords || !o.compactness) return null;
  const n = graph.n;
  let mx = 0;
  let my = 0;
  for (let v = 0; v < n; v++) {
    mx += coords[2 * v]!;
    my += coords[2 * v + 1]!;
  }
  mx /= n;
  my /= n;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    x[v] = coords[2 * v]! - mx;
    y[v] = coords[2 * v + 1]! - my;
  }
  let lengths = 0;
  let edges = 0;
  for (let v = 0; v < n; v++) {
    for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++) {
      const w = graph.targets[e]!;
      if (w <= v) continue;
      lengths += Math.hypot(x[v]! - x[w]!, y[v]! - y[w]!);
      edges++;
    }
  }
  const meanLength = edges ? lengths / edges : 0;
  if (!(meanLength > 0) || !Number.isFinite(meanLength) || !(meanPart > 0)) return null;
  return { x, y, kappa: (o.compactness * meanCost) / (meanPart * meanLength * meanLength) };
}

/** Geometry of one region in local ids, re-centred on the region. */
function regionGeometry(geo: Geometry, nodes: Uint32Array): Geometry {
  const n = nodes.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += geo.x[nodes[i]!]!;
    my += geo.y[nodes[i]!]!;
  }
  mx /= n;
  my /= n;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = geo.x[nodes[i]!]! - mx;
    y[i] = geo.y[nodes[i]!]! - my;
  }
  return { x, y, kappa: geo.kappa };
}
