/**
 * Running the optimiser: every community over the split threshold is prepared, solved and stored
 * in the active plan, spread over the worker pool (communities in parallel; when there are fewer
 * communities than workers, the restarts of a community in parallel too, see restarts.ts). Progress
 * and the best score so far go to the view store; Cancel terminates the workers.
 */
import * as Comlink from 'comlink';
import { localeStore, noteText, t } from '../i18n';
import { lockedArray, type SplitPlan } from '../state/edits';
import {
  activePlan,
  type CommunityPlan,
  newId,
  type Plan,
  planOptions,
  projectStore,
} from '../state/project';
import { toast, type ViewState, viewStore } from '../state/view';
import { engine } from './engine';
import type { CommunityInfo, LentCommunity, PrepInfo, Progress, SolveOutcome } from './engineTypes';
import { pickWinner, preferredUnits, restartShares, ShareProgress, sharesPerCommunity } from './restarts';
import { syncResults } from './results';
import { Throttled } from './throttle';

/** The progress bar and its text change at most this often (ms): ten times a second, as the engine reports. */
const PROGRESS_MS = 100;

/**
 * Which workers are busy. A task waits for its own worker (`strict`: the one holding the community's
 * tessellation) or takes any free one, preferring `want`. Solving goes ahead of preparing the next
 * community, so communities finish one after another as they did with one queue per worker.
 */
class Workers {
  private busy: boolean[];
  private waiting: { want: number; strict: boolean; take: (w: number) => void }[] = [];

  constructor(size: number) {
    this.busy = new Array<boolean>(size).fill(false);
  }

  acquire(want: number, strict: boolean, urgent: boolean): Promise<number> {
    return new Promise((take) => {
      const entry = { want, strict, take };
      if (urgent) this.waiting.unshift(entry);
      else this.waiting.push(entry);
      this.dispatch();
    });
  }

  release(w: number): void {
    this.busy[w] = false;
    this.dispatch();
  }

  private dispatch(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const q = this.waiting[i]!;
      const w = !this.busy[q.want] ? q.want : q.strict ? -1 : this.busy.indexOf(false);
      if (w < 0) {
        i++;
        continue;
      }
      this.busy[w] = true;
      this.waiting.splice(i, 1);
      q.take(w);
    }
  }
}

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
  /** Best score so far per community (scores of different communities do not compare). */
  const best = new Map<number, number>();
  const toSplit = communities.filter((c) => c.households > options.splitOver);
  const shown = new Throttled<ViewState['job']>((job) => {
    if (!token.cancelled && !token.finished) viewStore.setState({ job });
  }, PROGRESS_MS);
  /** The job as of now, shown with the community `c` (the one whose news it is) and its best score. */
  const report = (phase: 'preparing' | 'solving', c: CommunityInfo | undefined) => {
    // Progress comes on its own message channel and can arrive after the result.
    if (token.cancelled || token.finished) return;
    let sum = 0;
    for (const v of progress.values()) sum += v;
    shown.push({
      phase,
      community: c?.name ?? '',
      fraction: toSplit.length ? sum / toSplit.length : 1,
      bestScore: c ? (best.get(c.index) ?? null) : null,
      startedAt,
    });
  };
  for (const c of communities)
    if (c.households <= options.splitOver) results[c.index] = { kind: 'whole', infeasible: null };
  report('preparing', toSplit[0]);
  const pool = new Workers(engine.size);
  const shareCounts = sharesPerCommunity(
    toSplit.map((c) => c.households),
    engine.size,
    options.restarts,
  );
  // Workers that will solve lent communities start now, while the owners tessellate.
  if (shareCounts.some((n) => n > 1)) for (let w = 0; w < engine.size; w++) engine.solver(w);
  try {
    await Promise.all(
      toSplit.map(async (c, position) => {
        const owner = c.index % engine.size;
        const shares = restartShares(options.seed, options.restarts, shareCounts[position]!);
        const parallel = shares.length > 1;
        const preparer = await pool.acquire(owner, true, false);
        let lent: LentCommunity | null = null;
        let prep: PrepInfo;
        try {
          if (token.cancelled) return;
          progress.set(c.index, 0);
          report('preparing', c);
          const api = await engine.forCommunity(c.index);
          prep = await api.prepare(c.index, options);
          if (parallel && !prep.infeasible.length) lent = await api.lend(c.index, options);
        } finally {
          pool.release(preparer);
        }
        if (token.cancelled) return;
        viewStore.setState((s) => ({ prep: { ...s.prep, [c.index]: prep } }));
        if (prep.infeasible.length) {
          results[c.index] = {
            kind: 'whole',
            infeasible: prep.infeasible.join('; '),
            notes: prep.notes,
          };
          progress.set(c.index, 1);
          return;
        }
        const old = previous[c.index];
        const keep =
          keepLocked && old?.kind === 'split' && old.locked.length && old.atomUnit.length === prep.atomCount
            ? (old as SplitPlan)
            : null;
        const lock = keep ? lockedArray(keep) : null;
        const fixedNew =
          keep && params.fixedUnits > 0 ? Math.max(1, params.fixedUnits - keep.locked.length) : null;
        report('solving', c);
        // Each share reports its own progress (restarts i of n, then the polishing) and best score.
        const shareProgress = new ShareProgress(shares.length);
        const outcomes = await Promise.all(
          shares.map(async (share): Promise<SolveOutcome | null> => {
            const w = await pool.acquire(owner, !lent, true);
            try {
              if (token.cancelled) return null;
              const onProgress = Comlink.proxy((p: Progress) => {
                shareProgress.update(share.index, p.fraction, p.bestScore);
                progress.set(c.index, shareProgress.fraction);
                const score = shareProgress.bestScore;
                if (score !== null) best.set(c.index, score);
                report('solving', c);
              });
              const api = w === owner ? await engine.forCommunity(c.index) : engine.solver(w);
              const shareOptions = { ...options, seed: share.seed, restarts: share.restarts };
              return await api.solve(
                c.index,
                shareOptions,
                lock ? lock.locked : null,
                fixedNew,
                onProgress,
                w === owner ? null : lent,
              );
            } finally {
              pool.release(w);
            }
          }),
        );
        if (token.cancelled) return;
        progress.set(c.index, 1);
        const won = pickWinner(
          outcomes.map((r) => (r?.ok ? r : null)),
          preferredUnits(prep.households, options.target, prep.kRange),
        );
        const r = won >= 0 ? outcomes[won] : outcomes[0];
        if (!r?.ok) {
          const message = r ? r.message : 'no result';
          results[c.index] = {
            kind: 'whole',
            infeasible: message,
            notes: [...prep.notes, ...(r?.note ? [{ ...r.note, severity: 'infeasible' as const }] : [])],
          };
          const said = r?.note ? noteText(localeStore.getState().locale, r.note) : message;
          toast('error', t('progress.failed', { community: c.name, message: said }));
          return;
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
          notes: [...prep.notes, ...r.notes.map((n) => ({ ...n, severity: 'warning' as const }))],
        };
        best.set(c.index, r.score);
        report('solving', c);
      }),
    );
  } catch (err) {
    shown.cancel();
    if (token.cancelled) return;
    token.finished = true;
    running = null;
    viewStore.setState({ job: null });
    toast('error', t('error.worker', { message: (err as Error).message }));
    return;
  }
  shown.cancel();
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
