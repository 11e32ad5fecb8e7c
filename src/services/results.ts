/**
 * Keeps the derived results in step with the active plan: every community whose plan object
 * changed is re-evaluated in its worker (cached by object identity, so undo is instant), then the
 * flat unit list, colours and building → unit map are rebuilt.
 */
import type { Unit } from '../core/plan/result';
import { activePlan, type CommunityPlan, planOptions, projectStore } from '../state/project';
import { BuildingIndex, type CommunityView, type UnitView, viewStore } from '../state/view';
import { colourGraph, TouchGraphBuilder } from './colors';
import { engine } from './engine';
import { prepSignature } from './engineTypes';
import { labelPoint } from './geometry';

const cache = new WeakMap<CommunityPlan, CommunityView>();
let generation = 0;

export async function ensurePrep(ci: number): Promise<void> {
  const plan = activePlan();
  if (!plan) return;
  const opts = planOptions(plan.params);
  const api = await engine.forCommunity(ci);
  const prep = await api.prepare(ci, opts);
  viewStore.setState((s) => ({ prep: { ...s.prep, [ci]: prep } }));
}

async function evaluate(ci: number, cp: CommunityPlan): Promise<CommunityView> {
  const hit = cache.get(cp);
  if (hit) return hit;
  const plan = activePlan()!;
  const opts = planOptions(plan.params);
  const api = await engine.forCommunity(ci);
  let view: CommunityView;
  if (cp.kind === 'whole') {
    const { unit, buildingIds } = await api.whole(ci, opts, cp.infeasible !== null);
    view = {
      source: cp,
      units: [unit],
      parts: [-1],
      violations: [],
      buildingUnit: buildingIds.map((b) => [b, unit.id]),
    };
  } else {
    const ev = await api.evaluate(ci, Int32Array.from(cp.atomUnit), cp.k, opts);
    const prep = viewStore.getState().prep[ci];
    if (!prep || prep.signature !== prepSignature(opts)) await ensurePrep(ci);
    const ids = viewStore.getState().prep[ci]!.plannedIds;
    const partOf = new Map(ev.unitIds.map((id, part) => [id, part]));
    const units = ev.units.map((u) => {
      const part = partOf.get(u.id)!;
      const name = cp.names[part];
      return name ? { ...u, name } : u;
    });
    view = {
      source: cp,
      units,
      parts: units.map((u) => partOf.get(u.id)!),
      violations: ev.violations,
      buildingUnit: ids.map((id, i) => [id, ev.buildingUnit[i]!]),
    };
  }
  cache.set(cp, view);
  return view;
}

export async function syncResults(): Promise<void> {
  const gen = ++generation;
  const plan = activePlan();
  if (!plan || viewStore.getState().status !== 'ready') {
    await rebuild({}, () => false);
    return;
  }
  const entries = Object.entries(plan.communities).map(([k, cp]) => [Number(k), cp] as const);
  viewStore.setState((s) => ({ evaluating: s.evaluating + 1 }));
  try {
    const views = await Promise.all(
      entries.map(([ci, cp]) => evaluate(ci, cp).then((v) => [ci, v] as const)),
    );
    if (gen !== generation) return;
    await rebuild(Object.fromEntries(views), () => gen !== generation);
  } catch (err) {
    // Workers terminated by Cancel: the results are recomputed by the next sync.
    if ((err as Error).message !== 'engine restarted') throw err;
  } finally {
    viewStore.setState((s) => ({ evaluating: s.evaluating - 1 }));
  }
}

/** Lets the browser paint and handle input between steps (keeps every task short on big districts). */
export const yieldToMain = () => new Promise<void>((r) => setTimeout(r, 0));

/** Milliseconds of work between pauses in the steps below. */
const SLICE_MS = 10;

/**
 * `step(i)` for every i below n, pausing for the browser whenever a slice has taken SLICE_MS.
 * The milliseconds of work (pauses not counted), or null when the work went stale during a pause
 * (and was abandoned).
 */
async function sliced(n: number, step: (i: number) => void, stale: () => boolean): Promise<number | null> {
  let start = performance.now();
  let busy = 0;
  for (let i = 0; i < n; i++) {
    step(i);
    if (i + 1 < n && performance.now() - start > SLICE_MS) {
      busy += performance.now() - start;
      await yieldToMain();
      if (stale()) return null;
      start = performance.now();
    }
  }
  return busy + performance.now() - start;
}

async function rebuild(evals: Record<number, CommunityView>, stale: () => boolean): Promise<void> {
  const t0 = performance.now();
  const units: UnitView[] = [];
  const lists: [string, string][][] = [];
  for (const [k, v] of Object.entries(evals)) {
    const ci = Number(k);
    const locked = v.source.kind === 'split' ? new Set(v.source.locked) : new Set<number>();
    const problems = new Map<string, string[]>();
    const advice = new Map<string, string[]>();
    for (const x of v.violations) {
      const to = x.hard ? problems : advice;
      const list = to.get(x.subject);
      if (list) list.push(x.kind);
      else to.set(x.subject, [x.kind]);
    }
    v.units.forEach((u: Unit, i) => {
      const part = v.parts[i]!;
      units.push({
        ...u,
        ci,
        part,
        locked: locked.has(part),
        color: 0,
        problems: problems.get(u.id) ?? [],
        advice: advice.get(u.id) ?? [],
      });
    });
    lists.push(v.buildingUnit);
  }
  performance.measure('shequ:collect-units', { start: t0 });
  await yieldToMain();
  if (stale()) return;
  // Colours (the touch graph reads every vertex) and label points (cached for the map), a few
  // units at a time: one task for 280 units with 10^5 vertices is 50–100 ms.
  const touch = new TouchGraphBuilder();
  const busy = await sliced(
    units.length,
    (i) => {
      const polygons = units[i]!.polygons;
      touch.add(polygons);
      if (polygons.length) labelPoint(polygons);
    },
    stale,
  );
  if (busy === null) return;
  const tc = performance.now();
  const colours = colourGraph(touch.graph());
  units.forEach((u, i) => {
    u.color = colours[i]!;
  });
  // The work, not the pauses between slices: a measure that ends now and lasts as long as the work.
  const work = busy + performance.now() - tc;
  performance.measure('shequ:colour-units', { end: performance.now(), duration: work });
  await yieldToMain();
  if (stale()) return;
  const t1 = performance.now();
  viewStore.setState({ evals, units, buildingUnit: new BuildingIndex(lists) });
  performance.measure('shequ:render-units', { start: t1 });
}

let scheduled = false;
export function startResultSync(): () => void {
  let lastPlans = projectStore.getState().plans;
  let lastActive = projectStore.getState().activePlanId;
  return projectStore.subscribe((s) => {
    if (s.plans === lastPlans && s.activePlanId === lastActive) return;
    lastPlans = s.plans;
    lastActive = s.activePlanId;
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      void syncResults();
    });
  });
}
