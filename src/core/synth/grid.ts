import type { Vec } from './geometry';
import { type Rng, uniform } from './rng';
import type { RoadClass } from './types';

/**
 * The arterial grid: (nx+1)×(ny+1) jittered nodes joined by straight arterial edges, except one
 * interior row line which is the river (a sinuous curve through its nodes). Superblocks are the grid
 * cells; communities are unions of cells, so neighbours share edges vertex for vertex.
 */
export interface Grid {
  nx: number;
  ny: number;
  /** Node (i, j) at index j * (nx + 1) + i. */
  nodes: Vec[];
  /** Index of the row line that is the river. */
  riverRow: number;
  /** The river polyline from node(0, r) to node(nx, r), x strictly increasing (a function of x). */
  river: Vec[];
  /** Index in `river` of node(i, r), i = 0..nx. */
  riverNodeIdx: number[];
  rowClass: RoadClass[];
  colClass: RoadClass[];
  /** Column line with a railway beside it, or -1. */
  railCol: number;
  /** Mean arterial spacing in metres. */
  spacing: number;
}

export function nodeAt(g: Grid, i: number, j: number): Vec {
  return g.nodes[j * (g.nx + 1) + i]!;
}

/** Offsets of jittered grid lines: n gaps of about `spacing` (±22%) so it is not a perfect lattice. */
function lineOffsets(rng: Rng, n: number, spacing: number): number[] {
  const out = [0];
  for (let k = 0; k < n; k++) out.push(out[k]! + spacing * uniform(rng, 0.78, 1.22));
  return out;
}

function arterialClasses(rng: Rng, n: number): RoadClass[] {
  const out: RoadClass[] = [];
  for (let k = 0; k <= n; k++) out.push(rng() < 0.42 ? 'primary' : 'secondary');
  if (!out.includes('primary')) out[Math.floor(n / 2)] = 'primary';
  return out;
}

export function makeGrid(rng: Rng, nx: number, ny: number, spacing: number): Grid {
  const xs = lineOffsets(rng, nx, spacing);
  const ys = lineOffsets(rng, ny, spacing);
  // The river takes an interior row line near the middle.
  const riverRow = Math.max(1, Math.min(ny - 1, Math.floor(ny / 2) + (rng() < 0.5 ? 0 : ny > 3 ? 1 : 0)));
  const rowGap = Math.min(ys[riverRow]! - ys[riverRow - 1]!, ys[riverRow + 1]! - ys[riverRow]!);
  // Meanders: a long wave plus a short one; amplitudes stay well inside the neighbouring rows.
  const a1 = rowGap * uniform(rng, 0.08, 0.14);
  const a2 = rowGap * uniform(rng, 0.02, 0.04);
  const l1 = spacing * uniform(rng, 1.8, 3.0);
  const l2 = spacing * uniform(rng, 0.6, 0.95);
  const f1 = uniform(rng, 0, Math.PI * 2);
  const f2 = uniform(rng, 0, Math.PI * 2);
  const yr = ys[riverRow]!;
  const riverY = (x: number) =>
    yr + a1 * Math.sin((2 * Math.PI * x) / l1 + f1) + a2 * Math.sin((2 * Math.PI * x) / l2 + f2);

  const jitter = spacing * 0.06;
  const nodes: Vec[] = [];
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const x = xs[i]! + uniform(rng, -jitter, jitter);
      const y = j === riverRow ? riverY(x) : ys[j]! + uniform(rng, -jitter, jitter);
      nodes.push([x, y]);
    }
  }

  // River samples every ~15 m between its nodes, so the line and the cell edges are the same points.
  const river: Vec[] = [];
  const riverNodeIdx: number[] = [];
  const step = 15;
  for (let i = 0; i <= nx; i++) {
    const a = nodes[riverRow * (nx + 1) + i]!;
    riverNodeIdx.push(river.length);
    river.push(a);
    if (i === nx) break;
    const b = nodes[riverRow * (nx + 1) + i + 1]!;
    const k = Math.max(1, Math.round((b[0] - a[0]) / step));
    for (let s = 1; s < k; s++) {
      const x = a[0] + ((b[0] - a[0]) * s) / k;
      river.push([x, riverY(x)]);
    }
  }

  const rowClass = arterialClasses(rng, ny);
  rowClass[riverRow] = 'river';
  const colClass = arterialClasses(rng, nx);
  let railCol = -1;
  if (nx >= 3 && rng() < 0.6) {
    railCol = 1 + Math.floor(rng() * (nx - 1));
    colClass[railCol] = 'primary';
  }
  return { nx, ny, nodes, riverRow, river, riverNodeIdx, rowClass, colClass, railCol, spacing };
}

/** The same grid with every coordinate multiplied by k (used to fit the district to its building count). */
export function scaleGrid(g: Grid, k: number): Grid {
  const s = (p: Vec): Vec => [p[0] * k, p[1] * k];
  return { ...g, nodes: g.nodes.map(s), river: g.river.map(s), spacing: g.spacing * k };
}

/** Row edge from node(i, j) to node(i+1, j): two points, or the river samples on the river row. */
export function rowEdge(g: Grid, i: number, j: number): Vec[] {
  if (j === g.riverRow) return g.river.slice(g.riverNodeIdx[i]!, g.riverNodeIdx[i + 1]! + 1);
  return [nodeAt(g, i, j), nodeAt(g, i + 1, j)];
}

/**
 * Counter-clockwise ring (not closed) of the rectangle of cells [i0, i1) × [j0, j1), walking every
 * grid node on its boundary so that neighbours share exactly the same vertices.
 */
export function rectRing(g: Grid, i0: number, i1: number, j0: number, j1: number): Vec[] {
  const ring: Vec[] = [];
  for (let i = i0; i < i1; i++) {
    const e = rowEdge(g, i, j0);
    for (let k = 0; k < e.length - 1; k++) ring.push(e[k]!);
  }
  for (let j = j0; j < j1; j++) ring.push(nodeAt(g, i1, j));
  for (let i = i1 - 1; i >= i0; i--) {
    const e = rowEdge(g, i, j1);
    for (let k = e.length - 1; k > 0; k--) ring.push(e[k]!);
  }
  for (let j = j1; j > j0; j--) ring.push(nodeAt(g, i0, j));
  return ring;
}

/**
 * Fast queries against the river polyline, which is a function of x: which side a point is on and
 * how far it is, looking only at the segments within the distance of interest.
 */
export class RiverIndex {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;

  /** 1 / sqrt(1 + steepest slope²): a point at height h above the river is at least h times this away. */
  private readonly slopeFactor: number;

  constructor(points: readonly Vec[]) {
    this.xs = Float64Array.from(points, (p) => p[0]);
    this.ys = Float64Array.from(points, (p) => p[1]);
    let slope = 0;
    for (let i = 1; i < points.length; i++) {
      const dx = this.xs[i]! - this.xs[i - 1]!;
      if (dx > 0) slope = Math.max(slope, Math.abs(this.ys[i]! - this.ys[i - 1]!) / dx);
    }
    this.slopeFactor = 1 / Math.sqrt(1 + slope * slope);
  }

  /** Index of the last sample with x ≤ the given x (clamped). */
  private indexAt(x: number): number {
    const xs = this.xs;
    let lo = 0;
    let hi = xs.length - 1;
    if (x <= xs[0]!) return 0;
    if (x >= xs[hi]!) return hi - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Height of the river at x. */
  yAt(x: number): number {
    const i = this.indexAt(x);
    const x0 = this.xs[i]!;
    const x1 = this.xs[i + 1]!;
    const t = x1 > x0 ? Math.min(1, Math.max(0, (x - x0) / (x1 - x0))) : 0;
    return this.ys[i]! + (this.ys[i + 1]! - this.ys[i]!) * t;
  }

  /** Distance from (x, y) to the river, or `cap` when it is farther than that. */
  distance(x: number, y: number, cap: number): number {
    const xs = this.xs;
    const ys = this.ys;
    // Far above or below the river: no need to look at its segments.
    if (Math.abs(y - this.yAt(x)) * this.slopeFactor >= cap) return cap;
    let best = cap;
    // Any point of the river within `cap` has |Δx| ≤ cap, so only those segments matter.
    let i = this.indexAt(x - cap);
    const last = xs.length - 1;
    for (; i < last && xs[i]! <= x + cap; i++) {
      const ax = xs[i]!;
      const ay = ys[i]!;
      const bx = xs[i + 1]!;
      const by = ys[i + 1]!;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
      t = Math.min(1, Math.max(0, t));
      const d = Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
      if (d < best) best = d;
    }
    return best;
  }
}
