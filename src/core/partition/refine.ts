import { shuffle } from '../random';
import type { SearchContext } from './bisect';
import type { PartState } from './state';

/** Nodes a connectivity check may visit before it conservatively says "would disconnect". */
const BFS_BUDGET = 20_000;

/**
 * Greedy boundary refinement (the positive-gain half of Fiduccia–Mattheyses): move a boundary node v
 * from its part A to an adjacent part B when the score drops, A stays ≥ min and connected without v,
 * and B stays ≤ max. Passes repeat over the nodes next to the last moves until nothing improves.
 */
export class Refiner {
  private seen: Uint32Array;
  private stamp = 0;
  private queue: Uint32Array;
  private inNext: Uint8Array;
  private readonly nbPart: number[] = [];
  private readonly nbW: number[] = [];

  constructor(n: number) {
    this.seen = new Uint32Array(n);
    this.queue = new Uint32Array(n);
    this.inNext = new Uint8Array(n);
  }

  /** Runs passes until no move improves (or maxPasses); returns the number of moves made. */
  run(st: PartState, ctx: SearchContext, maxPasses: number): number {
    const { g, assign } = st;
    let candidates: number[] = [];
    for (let v = 0; v < g.n; v++) {
      const a = assign[v]!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        if (assign[g.targets[e]!] !== a) {
          candidates.push(v);
          break;
        }
      }
    }
    let moves = 0;
    const inNext = this.inNext;
    for (let pass = 0; pass < maxPasses && candidates.length; pass++) {
      shuffle(ctx.rng, candidates);
      const next: number[] = [];
      for (const v of candidates) {
        if (!this.tryMove(st, ctx, v)) continue;
        moves++;
        for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
          const w = g.targets[e]!;
          if (!inNext[w]) {
            inNext[w] = 1;
            next.push(w);
          }
        }
        if (!inNext[v]) {
          inNext[v] = 1;
          next.push(v);
        }
      }
      for (const v of next) inNext[v] = 0;
      candidates = next;
      ctx.ticker?.tick();
    }
    return moves;
  }

  private tryMove(st: PartState, ctx: SearchContext, v: number): boolean {
    const { g, assign, weight, count } = st;
    const a = assign[v]!;
    if (count[a]! <= 1) return false;
    const h = g.households[v]!;
    if (weight[a]! - h < ctx.min - ctx.eps) return false;
    const nbPart = this.nbPart;
    const nbW = this.nbW;
    nbPart.length = 0;
    nbW.length = 0;
    let own = 0;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const p = assign[g.targets[e]!]!;
      const c = g.costs[e]!;
      if (p === a) {
        own += c;
        continue;
      }
      const i = nbPart.indexOf(p);
      if (i >= 0) nbW[i]! += c;
      else {
        nbPart.push(p);
        nbW.push(c);
      }
    }
    let best = -1;
    let bestGain = 1e-9 * ctx.meanCost;
    for (let i = 0; i < nbPart.length; i++) {
      const b = nbPart[i]!;
      if (weight[b]! + h > ctx.max + ctx.eps) continue;
      const gain = nbW[i]! - own - st.compactDelta(v, b);
      if (gain > bestGain) {
        bestGain = gain;
        best = b;
      }
    }
    if (best < 0 || !this.staysConnected(st, v)) return false;
    st.move(v, best);
    return true;
  }

  private nextStamp(): number {
    if (++this.stamp >= 0xfffffff0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** Whether v's part stays connected without v: its neighbours in the part must reach each other. */
  staysConnected(st: PartState, v: number): boolean {
    const { g, assign } = st;
    const a = assign[v]!;
    const stamp = this.nextStamp();
    const seen = this.seen;
    // Mark v's neighbours in A, then BFS from one of them in A \ {v} until all are met.
    let need = 0;
    let start = -1;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.targets[e]!;
      if (assign[w] === a && seen[w] !== stamp) {
        seen[w] = stamp;
        need++;
        if (start < 0) start = w;
      }
    }
    if (need <= 1) return true;
    // Second stamp marks BFS visits; neighbours still carrying `stamp` are the ones not yet reached.
    const visit = this.nextStamp();
    if (visit === 1) return false; // stamps just wrapped and cleared the neighbour marks
    const queue = this.queue;
    seen[v] = visit;
    seen[start] = visit;
    need--;
    queue[0] = start;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const u = queue[head++]!;
      for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
        const w = g.targets[e]!;
        if (assign[w] !== a || seen[w] === visit) continue;
        if (seen[w] === stamp && --need === 0) return true;
        seen[w] = visit;
        if (tail >= BFS_BUDGET) return false;
        queue[tail++] = w;
      }
    }
    return false;
  }
}
