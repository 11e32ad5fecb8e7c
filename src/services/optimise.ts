/**
 * Running the optimiser: every community over the split threshold is prepared, solved and stored
 * in the active plan, spread over the worker pool (communities in parallel). Progress and the best
 * score so far go to the view store; Cancel terminates the workers.
 */
import * as Comlink from 'comlink';
import { t } from '../i18n';
import { lockedArray, type SplitPlan } from '../state/edits';
import {
  activePlan,
  type CommunityPlan,
  newId,
  type Plan,
  planOptions,
  projectStore,
} from '../state/project';
import { toast, viewStore } from '../state/view';
import { engine } from './engine';
import type { Progress } from './engineTypes';
import { syncResults } from './results';

let running: { cancelled: boolean; finished: boolean } | null = null;

export function isRunning(): boolean {
  return running !== null;
}

export function cancelOptimise(): void {
  if (!running) return;
  running.cancelled = true;
  engine.restart();
  running = null;
  viewStore.setState({ job: null });
  toast('info', t('progress.cancelled'));
  // Evaluations that were running in the terminated workers are redone.
  void syncResults();
}

/** Optimise the active plan (creating one if needed). With `keepLocked`, locked units are kept. */
export async function optimise(keepLocked = false): Promise<void> {
  const view = viewStore.getState();
  if (running || view.status !== 'ready' || !view.summary) return;
  const token = { cancelled: false, finished: false };
  running = token;
  const project = projectStore.getState();
  const params = project.params;
  const options = planOptions(params);
  let plan = activePlan(project);
  const previous = plan?.communities ?? {};
  const startedAt = performance.now();
  const communities = view.summary.communities;
  const results: Record<number, CommunityPlan> = {};
  const progress = new Map<number, number>();
  let best: number | null = null;
  const toSplit = communities.filter((c) => c.households > options.splitOver);
  const report = (phase: 'preparing' | 'solving', community: string) => {
    // Progress comes on its own message channel and can arrive after the result.
    if (token.cancelled || token.finished) return;
    let sum = 0;
    for (const v of progress.values()) sum += v;
    viewStore.setState({
      job: {
        phase,
        community,
        fraction: toSplit.length ? sum / toSplit.length : 1,
        bestScore: best,
        startedAt,
      },
    });
  };
  for (const c of communities)
    if (c.households <= options.splitOver) results[c.index] = { kind: 'whole', infeasible: null };
  report('preparing', toSplit[0]?.name ?? '');
  const lanes: (typeof toSplit)[] = Array.from({ length: engine.size }, () => []);
  for (const c of toSplit) lanes[c.index % engine.size]!.push(c);
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        for (const c of lane) {
          if (token.cancelled) return;
          progress.set(c.index, 0);
          report('preparing', c.name);
          const api = await engine.forCommunity(c.index);
          const prep = await api.prepare(c.index, options);
          if (token.cancelled) return;
          viewStore.setState((s) => ({ prep: { ...s.prep, [c.index]: prep } }));
          if (prep.infeasible.length) {
            results[c.index] = { kind: 'whole', infeasible: prep.infeasible.join('; ') };
            progress.set(c.index, 1);
            continue;
          }
          const old = previous[c.index];
          const keep =
            keepLocked && old?.kind === 'split' && old.locked.length && old.atomUnit.length === prep.atomCount
              ? (old as SplitPlan)
              : null;
          const lock = keep ? lockedArray(keep) : null;
          const fixedNew =
            keep && params.fixedUnits > 0 ? Math.max(1, params.fixedUnits - keep.locked.length) : null;
          report('solving', c.name);
          const onProgress = Comlink.proxy((p: Progress) => {
            progress.set(c.index, p.fraction);
            if (Number.isFinite(p.bestScore))
              best = best === null ? p.bestScore : Math.min(best, p.bestScore);
            report('solving', c.name);
          });
          const r = await api.solve(c.index, options, lock ? lock.locked : null, fixedNew, onProgress);
          if (token.cancelled) return;
          progress.set(c.index, 1);
          if (!r.ok) {
            results[c.index] = { kind: 'whole', infeasible: r.message };
            toast('error', t('progress.failed', { community: c.name, message: r.message }));
            continue;
          }
          const names: Record<number, string> = {};
          if (keep && lock)
            for (const [oldPart, newPart] of lock.map) {
              const n = keep.names[oldPart];
              if (n) names[newPart] = n;
            }
          results[c.index] = {
            kind: 'split',
            atomUnit: Array.from(r.atomUnit),
            k: r.k,
            locked: keep ? keep.locked.map((_, i) => i) : [],
            names,
          };
          report('solving', c.name);
        }
      }),
    );
  } catch (err) {
    if (token.cancelled) return;
    token.finished = true;
    running = null;
    viewStore.setState({ job: null });
    toast('error', t('error.worker', { message: (err as Error).message }));
    return;
  }
  if (token.cancelled) return;
  token.finished = true;
  running = null;
  viewStore.setState({ job: null });
  if (!plan) {
    plan = {
      id: newId(),
      name: t('plans.default', { n: 1 }),
      createdAt: new Date().toISOString(),
      params,
      communities: {},
    };
    const created: Plan = { ...plan, communities: results };
    projectStore.setState((s) => ({ plans: [...s.plans, created], activePlanId: created.id }));
  } else {
    const id = plan.id;
    projectStore.setState((s) => ({
      plans: s.plans.map((p) => (p.id === id ? { ...p, params, communities: results } : p)),
    }));
  }
  toast('info', t('progress.done', { seconds: ((performance.now() - startedAt) / 1000).toFixed(1) }));
}
