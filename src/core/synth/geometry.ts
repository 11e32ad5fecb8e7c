/** Planar helpers in local metres (x east, y north). */
export type Vec = [number, number];

/** Point of the bilinear patch over the quad p00, p10, p11, p01 (iso-lines of a bilinear patch are straight). */
export function bilinear(p00: Vec, p10: Vec, p11: Vec, p01: Vec, u: number, v: number): Vec {
  const a = (1 - u) * (1 - v);
  const b = u * (1 - v);
  const c = u * v;
  const d = (1 - u) * v;
  return [
    a * p00[0] + b * p10[0] + c * p11[0] + d * p01[0],
    a * p00[1] + b * p10[1] + c * p11[1] + d * p01[1],
  ];
}

/** Signed area (shoelace), positive for counter-clockwise rings; the ring may or may not be closed. */
export function ringArea(ring: readonly Vec[]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

export function dist(a: Vec, b: Vec): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

/**
 * A half-plane n·p ≥ c with a unit inward normal: the edges of a convex block, so that "a rectangle
 * keeps a margin from every road" is four dot products instead of a polygon clip.
 */
export interface HalfPlane {
  nx: number;
  ny: number;
  c: number;
}

/** Inward half-planes of a counter-clockwise convex polygon. */
export function halfPlanes(ring: readonly Vec[]): HalfPlane[] {
  const out: HalfPlane[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    const len = dist(a, b) || 1;
    const nx = -(b[1] - a[1]) / len;
    const ny = (b[0] - a[0]) / len;
    out.push({ nx, ny, c: nx * a[0] + ny * a[1] });
  }
  return out;
}

/**
 * Clip the infinite line through p with direction d against a convex CCW polygon; returns the
 * parameter range [t0, t1] inside, or null.
 */
export function clipLine(p: Vec, d: Vec, planes: readonly HalfPlane[]): [number, number] | null {
  let t0 = -Infinity;
  let t1 = Infinity;
  for (const h of planes) {
    const den = h.nx * d[0] + h.ny * d[1];
    const num = h.c - (h.nx * p[0] + h.ny * p[1]);
    if (Math.abs(den) < 1e-12) {
      if (num > 0) return null;
      continue;
    }
    const t = num / den;
    if (den > 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
  }
  return t0 < t1 ? [t0, t1] : null;
}
