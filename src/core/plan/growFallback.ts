/**
 * A last resort when the tree-based partitioner finds no split: randomised simultaneous region
 * growing from spread-out seeds, smallest region first, each region taking what keeps it within
 * the maximum. Communities made of a few large compounds and many empty blocks are lumpy: every
 * spanning tree may miss the few feasible splits, while growing tries them directly. Cheap enough
 * to try hundreds of times on the small graphs where it is needed.
 */
import type { UnitGraph } from '../graph/csr';
import { createRng } from '../random';

export function growPartition(
  graph: UnitGraph,
  k: number,
  min: number,
  max: number,
  seed: number,
  tries: number,
): Int32Array | null {
  const { n, offsets, targets, households } = graph;
  const rng = createRng(seed);
  const nonzero: number[] = [];
  for (let v = 0; v < n; v++) if (households[v]! > 0) nonzero.push(v);
  if (nonzero.length < k) return null;
  const part = new Int32Array(n);
  const load = new Float64Array(k);
  const hops = new Int32Array(n);
  const queue = new Int32Array(n);
  for (let attempt = 0; attempt < tries; attempt++) {
    part.fill(-1);
    load.fill(0);
    // Seeds far apart (in hops), k-means++ style.
    // Seeds favour big atoms (a unit forms around a compound), spread out in hops (k-means++).
    const pickWeighted = (w: (v: number) => number): number => {
      let total = 0;
      for (const v of nonzero) total += w(v);
      if (total <= 0) return -1;
      let r = rng() * total;
      for (const v of nonzero) {
        r -= w(v);
        if (r <= 0) return v;
      }
      return nonzero[nonzero.length - 1]!;
    };
    const seeds = [pickWeighted((v) => households[v]!)];
    while (seeds.length < k) {
      hops.fill(-1);
      let head = 0;
      let tail = 0;
      for (const s of seeds) {
        hops[s] = 0;
        queue[tail++] = s;
      }
      while (head < tail) {
        const v = queue[head++]!;
        for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
          const w = targets[e]!;
          if (hops[w] === -1) {
            hops[w] = hops[v]! + 1;
            queue[tail++] = w;
          }
        }
      }
      const pick = pickWeighted((v) => (seeds.includes(v) ? 0 : Math.max(0, hops[v]!) ** 2 * households[v]!));
      seeds.push(pick >= 0 ? pick : nonzero.find((v) => !seeds.includes(v))!);
    }
    if (seeds.length < k) continue;
    seeds.forEach((s, p) => {
      part[s] = p;
      load[p] = households[s]!;
    });
    let assigned = k;
    const preferBig = rng() < 0.5;
    // Each region's frontier: unassigned neighbours (lazily cleaned).
    const frontier: number[][] = seeds.map((s) => {
      const f: number[] = [];
      for (let e = offsets[s]!; e < offsets[s + 1]!; e++) f.push(targets[e]!);
      return f;
    });
    for (;;) {
      // The lightest region that can still take a neighbour grows first.
      let best = -1;
      let bestNode = -1;
      let bestScore = Number.POSITIVE_INFINITY;
      for (let p = 0; p < k; p++) {
        const f = frontier[p]!;
        let write = 0;
        for (let i = 0; i < f.length; i++) {
          const w = f[i]!;
          if (part[w] !== -1) continue;
          f[write++] = w;
          if (load[p]! + households[w]! > max) continue;
          const h = households[w]!;
          // Below the minimum, households are welcome; above it, empty land first.
          const need = load[p]! < min;
          const score = load[p]! * 4 + (need ? (preferBig ? -h : h) * 0.001 : h) + rng() * (need ? 50 : 1);
          if (score < bestScore) {
            bestScore = score;
            best = p;
            bestNode = w;
          }
        }
        f.length = write;
      }
      if (best < 0) break;
      part[bestNode] = best;
      load[best]! += households[bestNode]!;
      assigned++;
      const f = frontier[best]!;
      for (let e = offsets[bestNode]!; e < offsets[bestNode + 1]!; e++) {
        const w = targets[e]!;
        if (part[w] === -1) f.push(w);
      }
    }
    if (assigned < n) continue;
    let ok = true;
    for (let p = 0; p < k; p++) if (load[p]! < min || load[p]! > max) ok = false;
    if (ok) return Int32Array.from(part);
  }
  return null;
}
