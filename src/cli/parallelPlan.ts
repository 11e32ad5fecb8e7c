/**
 * Planning a district on several cores. Communities are independent, so worker threads take them
 * one at a time from a queue (largest first; a few hard communities take most of the time, so a
 * fixed deal would leave a core idle) and the results are put back in community order. The plan is
 * the same whatever the number of jobs: each community is solved on its own, seeded.
 */
import { Worker } from 'node:worker_threads';
import type { InputFiles, ReadOptions } from '../core/io/input';
import { planDistrict } from '../core/plan/planDistrict';
import type { AtomGraphExport, CommunityReport, PlanResult, Unit } from '../core/plan/result';
import type { PlanInput, PlanOptions } from '../core/types';

export interface WorkerJob {
  files: InputFiles;
  read: ReadOptions;
  options: Partial<PlanOptions>;
}

/** One community's results as a worker sends them (Maps do not cross threads as such). */
export interface CommunityShare {
  index: number;
  units: Unit[];
  assignment: [string, string][];
  report: CommunityReport;
  timingsMs: Record<string, number>;
  graph: AtomGraphExport;
}

export type ToWorker = { type: 'plan'; index: number } | { type: 'stop' };
export type FromWorker = { type: 'ready' } | { type: 'done'; share: CommunityShare };

export function planOne(input: PlanInput, options: Partial<PlanOptions>, index: number): CommunityShare {
  const plan = planDistrict(input, options, { only: (ci) => ci === index });
  return {
    index,
    units: plan.units,
    assignment: [...plan.assignment],
    report: plan.communities[0]!,
    timingsMs: plan.timingsMs,
    graph: plan.graph,
  };
}

/**
 * A planning worker. Compiled (build/cli/, next to this module's chunk) it starts on plain
 * JavaScript; from the TypeScript sources (tests, benchmarks run through tsx) it registers tsx
 * inside the thread first.
 */
function startWorker(job: WorkerJob): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./planWorker.mjs', import.meta.url), { workerData: job });
  const entry = new URL('./planWorker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: job });
}

export async function planInParallel(
  input: PlanInput,
  files: InputFiles,
  read: ReadOptions,
  options: Partial<PlanOptions>,
  jobs: number,
): Promise<PlanResult> {
  const n = input.communities.length;
  if (jobs <= 1 || n <= 1) return planDistrict(input, options);
  // Largest communities first, by a cheap proxy: households of buildings in its bounding box.
  const queue = input.communities.map((_, i) => i);
  const households = new Float64Array(n);
  const boxes = input.communities.map((c) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const p of c.polygons)
      for (const q of p[0]!)
        [x0, y0, x1, y1] = [Math.min(x0, q[0]), Math.min(y0, q[1]), Math.max(x1, q[0]), Math.max(y1, q[1])];
    return [x0, y0, x1, y1] as const;
  });
  for (const b of input.buildings)
    boxes.forEach((box, i) => {
      if (b.lon >= box[0] && b.lon <= box[2] && b.lat >= box[1] && b.lat <= box[3])
        households[i]! += b.households;
    });
  queue.sort((a, b) => households[b]! - households[a]! || a - b);
  const shares: CommunityShare[] = new Array(n);
  const running = Promise.all(
    Array.from({ length: Math.min(jobs, n) }, () => {
      const job: WorkerJob = { files, read, options };
      const worker = startWorker(job);
      return new Promise<void>((resolve, reject) => {
        const feed = () => {
          const next = queue.shift();
          worker.postMessage(
            (next === undefined ? { type: 'stop' } : { type: 'plan', index: next }) satisfies ToWorker,
          );
        };
        worker.on('message', (msg: FromWorker) => {
          if (msg.type === 'done') shares[msg.share.index] = msg.share;
          feed();
        });
        worker.once('error', reject);
        worker.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`planning worker stopped with code ${code}`)),
        );
      });
    }),
  );
  // Input problems (and buildings outside every community), as a single-thread run reports them,
  // found while the workers start.
  const { issues } = planDistrict(input, options, { only: () => false });
  await running;
  // Put everything back in community order; stage times are summed over workers (CPU time).
  const units: Unit[] = [];
  const communities: CommunityReport[] = [];
  const graph: AtomGraphExport = { nodes: [], edges: [] };
  const timingsMs: Record<string, number> = {};
  const byBuilding = new Map<string, string>();
  for (const share of shares) {
    units.push(...share.units);
    communities.push(share.report);
    graph.nodes.push(...share.graph.nodes);
    graph.edges.push(...share.graph.edges);
    for (const [b, u] of share.assignment) byBuilding.set(b, u);
    for (const [k, v] of Object.entries(share.timingsMs))
      if (k !== 'locate') timingsMs[k] = (timingsMs[k] ?? 0) + v;
  }
  const assignment = new Map<string, string>();
  for (const b of input.buildings) {
    const u = byBuilding.get(b.id);
    if (u !== undefined) assignment.set(b.id, u);
  }
  return { units, assignment, communities, issues, timingsMs, graph };
}
