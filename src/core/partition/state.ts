import type { UnitGraph } from '../graph/csr';

/**
 * Local coordinates and compactness weight of one region.
 *
 * Normalisation (documented contract): the compactness term of a part p is
 *   kappa · I_p,  I_p = Σ_{v∈p} h_v·|x_v − c_p|² (household-weighted moment of inertia about the centroid),
 *   kappa = compactness · c̄ / (P̄ · ℓ̄²),
 * with c̄ the mean cost of an edge, ℓ̄ the mean edge length in metres and P̄ = H/k the mean households of a
 * part. A part's term is then ≈ compactness × c̄ × (its mean squared radius measured in edge lengths):
 * a compact part of N nodes scores ≈ N/(2π) "edges", about as much as its boundary cut (≈ 2√(πN) edges)
 * for the few hundred nodes a real part has, so compactness 1 weighs shape about as much as the cut.
 */
export interface Geometry {
  x: Float64Array;
  y: Float64Array;
  kappa: number;
}

/** Compactness term of a part from its sums W = Σh, sx = Σhx, sy = Σhy, sq = Σh(x²+y²). */
export function inertiaTerm(kappa: number, w: number, sx: number, sy: number, sq: number): number {
  if (w <= 0) return 0;
  const v = sq - (sx * sx + sy * sy) / w;
  return v > 0 ? kappa * v : 0;
}

/** Assignment of a connected region plus per-part sums kept current under moves. */
export class PartState {
  readonly weight: Float64Array;
  readonly count: Int32Array;
  readonly sx: Float64Array;
  readonly sy: Float64Array;
  readonly sq: Float64Array;
  /** Bumped whenever a part gains or loses a node: lets ReCom skip pairs that did not change. */
  readonly version: Uint32Array;

  constructor(
    readonly g: UnitGraph,
    readonly k: number,
    readonly assign: Int32Array,
    readonly geo: Geometry | null,
  ) {
    this.weight = new Float64Array(k);
    this.count = new Int32Array(k);
    const mk = geo ? k : 0;
    this.sx = new Float64Array(mk);
    this.sy = new Float64Array(mk);
    this.sq = new Float64Array(mk);
    this.version = new Uint32Array(k);
    this.recount();
  }

  recount(): void {
    const { g, assign, weight, count, geo, sx, sy, sq } = this;
    for (let p = 0; p < this.k; p++) this.version[p]!++;
    weight.fill(0);
    count.fill(0);
    sx.fill(0);
    sy.fill(0);
    sq.fill(0);
    for (let v = 0; v < g.n; v++) {
      const p = assign[v]!;
      const h = g.households[v]!;
      weight[p]! += h;
      count[p]!++;
      if (geo) {
        const x = geo.x[v]!;
        const y = geo.y[v]!;
        sx[p]! += h * x;
        sy[p]! += h * y;
        sq[p]! += h * (x * x + y * y);
      }
    }
  }

  compactOf(p: number): number {
    return this.geo ? inertiaTerm(this.geo.kappa, this.weight[p]!, this.sx[p]!, this.sy[p]!, this.sq[p]!) : 0;
  }

  /** Change of the compactness term when v moves from its part to `to`. */
  compactDelta(v: number, to: number): number {
    const geo = this.geo;
    if (!geo) return 0;
    const from = this.assign[v]!;
    const h = this.g.households[v]!;
    const x = geo.x[v]!;
    const y = geo.y[v]!;
    const q = x * x + y * y;
    const { weight, sx, sy, sq } = this;
    const before = this.compactOf(from) + this.compactOf(to);
    const after =
      inertiaTerm(geo.kappa, weight[from]! - h, sx[from]! - h * x, sy[from]! - h * y, sq[from]! - h * q) +
      inertiaTerm(geo.kappa, weight[to]! + h, sx[to]! + h * x, sy[to]! + h * y, sq[to]! + h * q);
    return after - before;
  }

  move(v: number, to: number): void {
    const from = this.assign[v]!;
    const h = this.g.households[v]!;
    this.assign[v] = to;
    this.weight[from]! -= h;
    this.weight[to]! += h;
    this.count[from]!--;
    this.count[to]!++;
    this.version[from]!++;
    this.version[to]!++;
    const geo = this.geo;
    if (geo) {
      const x = geo.x[v]!;
      const y = geo.y[v]!;
      const q = x * x + y * y;
      this.sx[from]! -= h * x;
      this.sy[from]! -= h * y;
      this.sq[from]! -= h * q;
      this.sx[to]! += h * x;
      this.sy[to]! += h * y;
      this.sq[to]! += h * q;
    }
  }

  cut(): number {
    const { g, assign } = this;
    let cut = 0;
    for (let v = 0; v < g.n; v++) {
      const a = assign[v]!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (w > v && assign[w] !== a) cut += g.costs[e]!;
      }
    }
    return cut;
  }

  compact(): number {
    let sum = 0;
    for (let p = 0; p < this.k; p++) sum += this.compactOf(p);
    return sum;
  }

  score(): number {
    return this.cut() + this.compact();
  }
}
