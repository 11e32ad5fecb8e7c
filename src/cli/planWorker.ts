/** A worker thread planning the communities it is handed, one at a time (see parallelPlan.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { readPlanInput } from '../core/io/input';
import { type FromWorker, planOne, type ToWorker, type WorkerJob } from './parallelPlan';

const job = workerData as WorkerJob;
const input = readPlanInput(job.files, job.read);
const port = parentPort!;
port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  port.postMessage({ type: 'done', share: planOne(input, job.options, msg.index) } satisfies FromWorker);
});
port.postMessage({ type: 'ready' } satisfies FromWorker);
