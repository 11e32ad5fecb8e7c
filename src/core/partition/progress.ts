import type { PartitionOptions } from './types';

/** Thrown inside the search when the progress callback asks to stop; caught by `partition`. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/**
 * Minimum time between two progress callbacks, so reporting costs nothing measurable: in the app each
 * one is a message to the main thread and a redraw of the progress bar, and ten a second is smooth.
 */
export const INTERVAL_MS = 100;

/**
 * Throttled progress reporting. The search calls `tick` at coarse points (a bisection, one of the
 * restarts of a region, a ReCom pair, a refinement pass); the callback itself runs at most every
 * INTERVAL_MS. Timing only decides *when* the callback runs, never what the search does, so results
 * stay deterministic for a seed.
 */
export class Ticker {
  private last = -Infinity;
  /** Fraction of the whole run done before the current piece of work, and the size of that piece. */
  private base = 0;
  private span = 1;
  bestScore = Infinity;

  constructor(private readonly callback?: PartitionOptions['onProgress']) {}

  /** Whether anyone listens: work done only for the report (scoring a candidate) is skipped otherwise. */
  get active(): boolean {
    return this.callback !== undefined;
  }

  /** Fraction last reported: reports never go backwards, whatever the estimate of the moment. */
  private fraction = 0;

  /** Reports unconditionally (start of the run); throws Cancelled when the callback returns false. */
  report(fraction: number): void {
    if (!this.callback) return;
    this.last = now();
    this.fraction = Math.max(this.fraction, clamp01(fraction));
    if (this.callback({ fraction: this.fraction, bestScore: this.bestScore }) === false)
      throw new Cancelled();
  }

  /** Scopes later `tick(local)` calls to [base, base + span] of the whole run. */
  scope(base: number, span: number): void {
    this.base = base;
    this.span = span;
  }

  /** Progress `local` (0..1) within the current scope; without it, only a chance to cancel. */
  tick(local?: number): void {
    if (!this.callback) return;
    const t = now();
    if (t - this.last < INTERVAL_MS) return;
    this.report(local === undefined ? this.fraction : this.base + this.span * clamp01(local));
  }
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
