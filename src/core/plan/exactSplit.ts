/**
 * Exact answer for communities whose households sit in a few atoms (a handful of compounds among
 * empty blocks): either a valid split, or a proof that none exists. The heuristics can only say
 * "not found" there; the planner deserves "impossible, and why".
 *
 * Only atoms with households decide the bounds, so the search enumerates groupings of those
 * (restricted growth strings, pruned by the maximum), and for each grouping asks whether the groups
 * can be joined into disjoint connected parts through the empty atoms (backtracking over which empty
 * atom each group grows into next). Empty atoms left over afterwards join any neighbouring part
 * without changing its households, so that is the whole question.
 */
import type { UnitGraph } from '../graph/csr';

/** Largest number of atoms with households searched (the groupings grow like Bell numbers). */
export const EXACT_MAX_OCCUPIED = 14;
/** Work (node and edge visits) before giving up with 'unknown': some milliseconds. */
export const EXACT_WORK = 100_000;
/** Groupings kept for the full search; more than this and the answer is 'unknown'. */
const MAX_CANDIDATES = 2000;

/** Work left for exact checks; one budget can be shared by the checks of several k. */
export interface ExactBudget {
  left: number;
}

export type ExactOutcome =
  | { status: 'found'; assignment: Int32Array }
  | { status: 'none' }
  | { status: 'unknown' };

export function exactSplit(
  g: UnitGraph,
  k: number,
  min: number,
  max: number,
  budget: ExactBudget = { left: EXACT_WORK },
): ExactOutcome {
  const n = g.n;
  const occupied: number[] = [];
  for (let v = 0; v < n; v++) if (g.households[v]! > 0) occupied.push(v);
  const m = occupied.length;
  if (m > EXACT_MAX_OCCUPIED || k < 1) return { status: 'unknown' };
  if (m < k) return { status: 'none' };
  // Heaviest first: the maximum prunes early.
  occupied.sort((a, b) => g.households[b]! - g.households[a]!);
  let total = 0;
  for (const v of occupied) total += g.households[v]!;
  const label = new Int32Array(n).fill(-1);
  const weight = new Float64Array(k);
  const ban = new Int32Array(n).fill(-1);
  const seen = new Int32Array(n);
  let stamp = 0;
  const stack: number[] = [];
  let outOfBudget = false;
  /** Charges `work` to the budget; false (and stop) once it is spent. */
  const spend = (work: number): boolean => {
    budget.left -= work;
    if (budget.left < 0) outOfBudget = true;
    return !outOfBudget;
  };

  /** Part p's nodes reachable from `from` through nodes of p; returns whether all of p's occupied atoms are among them. */
  const component = (p: number, from: number, out: number[]): boolean => {
    stamp++;
    out.length = 0;
    seen[from] = stamp;
    stack.push(from);
    while (stack.length) {
      const v = stack.pop()!;
      out.push(v);
      spend(1 + g.offsets[v + 1]! - g.offsets[v]!);
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (label[w] === p && seen[w] !== stamp) {
          seen[w] = stamp;
          stack.push(w);
        }
      }
    }
    spend(m);
    for (const v of occupied) if (label[v] === p && seen[v] !== stamp) return false;
    return true;
  };

  const first = new Int32Array(k);
  const comp: number[] = [];
  /** Grows the first part that is not yet connected; true when every part is. */
  const connect = (p: number): boolean => {
    if (outOfBudget) return false;
    while (p < k && component(p, first[p]!, comp)) p++;
    if (p === k) return true;
    // The frontier of part p's first piece: empty atoms not taken by any part nor banned for p here.
    const frontier: number[] = [];
    stamp++;
    for (const v of comp) {
      spend(1 + g.offsets[v + 1]! - g.offsets[v]!);
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (label[w] === -1 && ban[w] !== p && seen[w] !== stamp) {
          seen[w] = stamp;
          frontier.push(w);
        }
      }
    }
    // Each frontier atom is either taken (and explored) or banned for the rest of this branch, so
    // every connected extension is visited once.
    const banned: number[] = [];
    let ok = false;
    for (const w of frontier) {
      label[w] = p;
      ok = connect(p);
      if (ok) break; // keep the labels: they are the answer
      label[w] = -1;
      if (outOfBudget) break;
      banned.push(w, ban[w]!);
      ban[w] = p;
    }
    for (let i = banned.length - 2; i >= 0; i -= 2) ban[banned[i]!] = banned[i + 1]!;
    return ok;
  };

  let found: Int32Array | null = null;
  /** Groupings that pass the quick necessary test but not the quick sufficient one. */
  const candidates: number[][] = [];
  /**
   * A quick necessary condition: each group's atoms must reach each other without crossing another
   * group's atoms. Most groupings that fail, fail here, without the search over empty atoms.
   */
  const reachable = (): boolean => {
    for (let p = 0; p < k; p++) {
      stamp++;
      const from = first[p]!;
      seen[from] = stamp;
      stack.push(from);
      while (stack.length) {
        const v = stack.pop()!;
        spend(1 + g.offsets[v + 1]! - g.offsets[v]!);
        for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
          const w = g.targets[e]!;
          if (seen[w] !== stamp && (label[w] === -1 || label[w] === p)) {
            seen[w] = stamp;
            stack.push(w);
          }
        }
      }
      for (const v of occupied) if (label[v] === p && seen[v] !== stamp) return false;
    }
    return true;
  };

  /**
   * A quick sufficient condition: empty atoms go to the group whose atoms reach them first (a
   * breadth-first Voronoi split); if every group is then connected, that is a split. Otherwise the
   * labels are put back and the full search decides.
   */
  const queue: number[] = [];
  const voronoi = (): boolean => {
    queue.length = 0;
    for (const v of occupied) queue.push(v);
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      spend(1 + g.offsets[v + 1]! - g.offsets[v]!);
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (label[w] === -1) {
          label[w] = label[v]!;
          queue.push(w);
        }
      }
    }
    let ok = true;
    for (let p = 0; p < k && ok; p++) ok = component(p, first[p]!, comp);
    if (!ok) for (let i = m; i < queue.length; i++) label[queue[i]!] = -1;
    return ok;
  };

  /**
   * Another quick sufficient condition: each group in turn joins its atoms by shortest paths
   * through empty atoms no earlier group took. Labels are put back when it fails.
   */
  const parent = new Int32Array(n);
  const paths = (): boolean => {
    const taken: number[] = [];
    let ok = true;
    for (let p = 0; p < k && ok; p++) {
      for (;;) {
        if (component(p, first[p]!, comp)) break;
        // Breadth-first from the group's first piece to the nearest of its other atoms.
        stamp++;
        queue.length = 0;
        for (const v of comp) {
          seen[v] = stamp;
          parent[v] = -1;
          queue.push(v);
        }
        let hit = -1;
        for (let head = 0; head < queue.length && hit < 0; head++) {
          const v = queue[head]!;
          spend(1 + g.offsets[v + 1]! - g.offsets[v]!);
          for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
            const w = g.targets[e]!;
            if (seen[w] === stamp || (label[w] !== -1 && label[w] !== p)) continue;
            seen[w] = stamp;
            parent[w] = v;
            if (label[w] === p) {
              hit = w;
              break;
            }
            queue.push(w);
          }
        }
        if (hit < 0) {
          ok = false;
          break;
        }
        for (let v = parent[hit]!; v >= 0 && label[v] === -1; v = parent[v]!) {
          label[v] = p;
          taken.push(v);
        }
      }
    }
    if (!ok) for (const v of taken) label[v] = -1;
    return ok;
  };

  let overflow = false;
  const group = (i: number, used: number, rest: number): void => {
    if (found || !spend(1 + used)) return;
    if (k - used > m - i) return;
    // Households still to place must lift every part to the minimum.
    let short = 0;
    for (let p = 0; p < used; p++) short += Math.max(0, min - weight[p]!);
    if (short + (k - used) * min > rest) return;
    if (i === m) {
      for (let p = 0; p < k; p++) if (weight[p]! < min) return;
      if (!reachable()) return;
      if (paths() || voronoi()) found = completed();
      // The full search is exponential: first try every grouping the quick ways.
      else if (candidates.length < MAX_CANDIDATES) candidates.push(occupied.map((v) => label[v]!));
      else overflow = true;
      return;
    }
    const v = occupied[i]!;
    const h = g.households[v]!;
    for (let p = 0; p <= Math.min(used, k - 1); p++) {
      if (weight[p]! + h > max) continue;
      label[v] = p;
      weight[p]! += h;
      if (p === used) first[p] = v;
      group(i + 1, Math.max(used, p + 1), rest - h);
      weight[p]! -= h;
      label[v] = -1;
      if (found || outOfBudget) return;
    }
  };

  /** The connected parts found, with the empty atoms left over joined to a neighbouring part. */
  const completed = (): Int32Array => {
    const out = Int32Array.from(label);
    const queue: number[] = [];
    for (let v = 0; v < n; v++) if (out[v]! >= 0) queue.push(v);
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (out[w] === -1) {
          out[w] = out[v]!;
          queue.push(w);
        }
      }
    }
    return out;
  };

  group(0, 0, total);
  for (const c of candidates) {
    if (found || outOfBudget) break;
    c.forEach((p, i) => {
      label[occupied[i]!] = p;
    });
    for (let i = m - 1; i >= 0; i--) first[c[i]!] = occupied[i]!;
    if (connect(0)) found = completed();
    for (let v = 0; v < n; v++) label[v] = -1;
  }
  if (found) {
    const assignment: Int32Array = found;
    // A graph in pieces leaves atoms no part reaches: not a valid split.
    if (assignment.every((p) => p >= 0)) return { status: 'found', assignment };
    return { status: 'unknown' };
  }
  return outOfBudget || overflow ? { status: 'unknown' } : { status: 'none' };
}
