/**
 * A pool of engine workers (one per core but one, at most 4), each holding the same data. Communities are
 * spread over the workers by index, so a community's tessellation stays cached in one worker; other
 * workers can solve it from a lent copy (restarts in parallel, see restarts.ts).
 * `restart()` terminates every worker: the hard stop used by Cancel.
 */
import * as Comlink from 'comlink';
import type { EngineApi } from '../../workers/engine.worker';
import type { InputFiles, ReadOptions } from '../core/io/input';
import type { LoadSummary } from './engineTypes';

interface Slot {
  worker: Worker;
  api: Comlink.Remote<EngineApi>;
  loaded: Promise<LoadSummary> | null;
}

function spawn(): Slot {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' });
  return { worker, api: Comlink.wrap<EngineApi>(worker), loaded: null };
}

function aborter(): { promise: Promise<never>; reject: (e: Error) => void } {
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<never>((_, r) => {
    reject = r;
  });
  promise.catch(() => undefined); // nobody may be waiting
  return { promise, reject };
}

export class EnginePool {
  private slots: Slot[] = [];
  private abort = aborter();
  private files: InputFiles | null = null;
  private read: ReadOptions = {};
  readonly size: number;

  // One worker per core, leaving one core to the page (map rendering, input): with every core
  // busy in the optimiser, panning and clicking stutter.
  constructor(size = Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency || 2) - 1))) {
    this.size = size;
  }

  private slot(i: number, load = true): Slot {
    if (!this.slots[i]) this.slots[i] = spawn();
    const s = this.slots[i]!;
    if (load && !s.loaded && this.files) s.loaded = s.api.load(this.files, this.read);
    return s;
  }

  /** Load data into every worker; resolves with the first worker's summary. */
  async load(files: InputFiles, read: ReadOptions = {}): Promise<LoadSummary> {
    this.files = files;
    this.read = read;
    for (const s of this.slots) s.loaded = null;
    const first = this.slot(0);
    // The other workers load lazily, when a community is given to them.
    return first.loaded!;
  }

  /** The worker that owns community `ci`, with data loaded. */
  async forCommunity(ci: number): Promise<Comlink.Remote<EngineApi>> {
    const s = this.slot(ci % this.size);
    await s.loaded;
    return s.api;
  }

  /**
   * Worker `i` (started if need be) without loading the data into it: for solving a lent community,
   * which needs none. A worker that only solves shares is spared parsing the whole district.
   */
  solver(i: number): Comlink.Remote<EngineApi> {
    return this.slot(i, false).api;
  }

  async primary(): Promise<Comlink.Remote<EngineApi>> {
    return this.forCommunity(0);
  }

  /**
   * A call to a worker that fails (instead of hanging for ever) when the workers are terminated
   * while it runs.
   */
  guard<T>(call: Promise<T>): Promise<T> {
    return Promise.race([call, this.abort.promise]);
  }

  /** Terminate all workers (hard cancel); they are re-created and reloaded on next use. */
  restart(): void {
    this.abort.reject(new Error('engine restarted'));
    this.abort = aborter();
    for (const s of this.slots) {
      s.api[Comlink.releaseProxy]();
      s.worker.terminate();
    }
    this.slots = [];
  }
}

export const engine = new EnginePool();
