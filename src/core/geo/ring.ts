/** Planar ring helpers on flat [x0, y0, x1, y1, …] arrays in metres (rings are not closed). */

export function ringSignedArea(ring: ArrayLike<number>): number {
  const n = ring.length / 2;
  let sum = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    sum += (ring[j * 2]! - ring[i * 2]!) * (ring[j * 2 + 1]! + ring[i * 2 + 1]!);
  }
  return sum / 2;
}

export function ringPerimeter(ring: ArrayLike<number>): number {
  const n = ring.length / 2;
  let sum = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    sum += Math.hypot(ring[i * 2]! - ring[j * 2]!, ring[i * 2 + 1]! - ring[j * 2 + 1]!);
  }
  return sum;
}

/** Polsby–Popper compactness 4πA/P²: 1 for a circle, ~0.785 for a square, → 0 for slivers. */
export function polsbyPopper(area: number, perimeter: number): number {
  return perimeter > 0 ? (4 * Math.PI * area) / (perimeter * perimeter) : 0;
}

/**
 * Point-in-polygon for many queries: ring edges bucketed into horizontal stripes so each query
 * only tests the edges that span its y. Rings are flat arrays; holes count by parity.
 */
export class StripeIndex {
  private readonly y0: number;
  private readonly stripeHeight: number;
  private readonly stripes: number[][];
  private readonly edges: Float64Array;

  constructor(rings: ArrayLike<number>[]) {
    let count = 0;
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const r of rings) {
      count += r.length / 2;
      for (let i = 1; i < r.length; i += 2) {
        if (r[i]! < minY) minY = r[i]!;
        if (r[i]! > maxY) maxY = r[i]!;
      }
    }
    this.edges = new Float64Array(count * 4);
    const nStripes = Math.max(1, Math.min(4096, Math.ceil(count / 4)));
    this.y0 = minY;
    this.stripeHeight = (maxY - minY) / nStripes || 1;
    this.stripes = Array.from({ length: nStripes }, () => []);
    let e = 0;
    for (const r of rings) {
      const n = r.length / 2;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const ax = r[j * 2]!;
        const ay = r[j * 2 + 1]!;
        const bx = r[i * 2]!;
        const by = r[i * 2 + 1]!;
        this.edges.set([ax, ay, bx, by], e * 4);
        const s0 = this.stripeOf(Math.min(ay, by));
        const s1 = this.stripeOf(Math.max(ay, by));
        for (let s = s0; s <= s1; s++) this.stripes[s]!.push(e);
        e++;
      }
    }
  }

  private stripeOf(y: number): number {
    const s = Math.floor((y - this.y0) / this.stripeHeight);
    return s < 0 ? 0 : s >= this.stripes.length ? this.stripes.length - 1 : s;
  }

  contains(x: number, y: number): boolean {
    const stripe = this.stripes[this.stripeOf(y)]!;
    let inside = false;
    const E = this.edges;
    for (const e of stripe) {
      const ax = E[e * 4]!;
      const ay = E[e * 4 + 1]!;
      const bx = E[e * 4 + 2]!;
      const by = E[e * 4 + 3]!;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    }
    return inside;
  }
}

/** Bounding box [minX, minY, maxX, maxY] of flat rings. */
export function ringsBBox(rings: ArrayLike<number>[]): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const r of rings)
    for (let i = 0; i < r.length; i += 2) {
      minX = Math.min(minX, r[i]!);
      maxX = Math.max(maxX, r[i]!);
      minY = Math.min(minY, r[i + 1]!);
      maxY = Math.max(maxY, r[i + 1]!);
    }
  return [minX, minY, maxX, maxY];
}
