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
  const isSeed = new Uint8Array(n);
  // A node sits at most once in each region's frontier: stamp[p·n + v] = attempt + 1 while it does.
  const stamp = new Int32Array(n * k);
  const closed = new Uint8Array(k);
  const frontier: number[][] = Array.from({ length: k }, () => []);
  for (let attempt = 0; attempt < tries; attempt++) {
    const mark = attempt + 1;
    part.fill(-1);
    load.fill(0);
    closed.fill(0);
    isSeed.fill(0);
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
    isSeed[seeds[0]!] = 1;
    hops.fill(-1);
    // Hops to the nearest seed, updated from each new seed only where it is nearer (the same
    // distances as a BFS from all seeds, without redoing it for every seed: measured, half the time
    // of a call on city graphs of 60–2,000 nodes).
    const addSource = (s: number) => {
      hops[s] = 0;
      queue[0] = s;
      let head = 0;
      let tail = 1;
      while (head < tail) {
        const v = queue[head++]!;
        const d = hops[v]! + 1;
        for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
          const w = targets[e]!;
          if (hops[w] === -1 || hops[w]! > d) {
            hops[w] = d;
            queue[tail++] = w;
          }
        }
      }
    };
    addSource(seeds[0]!);
    while (seeds.length < k) {
      let pick = pickWeighted((v) => (isSeed[v] ? 0 : Math.max(0, hops[v]!) ** 2 * households[v]!));
      if (pick < 0) pick = nonzero.find((v) => !isSeed[v])!;
      seeds.push(pick);
      isSeed[pick] = 1;
      if (seeds.length < k) addSource(pick);
    }
    const grow = (p: number, v: number) => {
      part[v] = p;
      load[p]! += households[v]!;
      const f = frontier[p]!;
      const row = p * n;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const w = targets[e]!;
        if (part[w] === -1 && stamp[row + w] !== mark) {
          stamp[row + w] = mark;
          f.push(w);
        }
      }
    };
    for (let p = 0; p < k; p++) frontier[p]!.length = 0;
    for (let p = 0; p < k; p++) grow(p, seeds[p]!);
    let assigned = k;
    const preferBig = rng() < 0.5;
    for (;;) {
      // The lightest region that can still take a neighbour grows first. A region that cannot take
      // any neighbour never can again (its load and its frontier's candidates stay as they are).
      let p = -1;
      for (let q = 0; q < k; q++) if (!closed[q] && (p < 0 || load[q]! < load[p]!)) p = q;
      if (p < 0) break;
      const f = frontier[p]!;
      const need = load[p]! < min;
      let write = 0;
      let bestNode = -1;
      let bestScore = Number.POSITIVE_INFINITY;
      for (let i = 0; i < f.length; i++) {
        const w = f[i]!;
        if (part[w] !== -1) continue;
        f[write++] = w;
        const h = households[w]!;
        if (load[p]! + h > max) continue;
        // Below the minimum, households are welcome; above it, empty land first.
        const score = need ? (preferBig ? -h : h) * 0.001 + rng() * 50 : h + rng();
        if (score < bestScore) {
          bestScore = score;
          bestNode = w;
        }
      }
      f.length = write;
      if (bestNode < 0) {
        closed[p] = 1;
        continue;
      }
      grow(p, bestNode);
      assigned++;
    }
    if (assigned < n) continue;
    let ok = true;
    for (let p = 0; p < k; p++) if (load[p]! < min || load[p]! > max) ok = false;
    if (ok) return Int32Array.from(part);
  }
  return null;
}
