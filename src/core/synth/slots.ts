import { clipLine, halfPlanes, type Vec } from './geometry';
import type { RiverIndex } from './grid';
import { type BlockGeom, RIVER_CLEARANCE } from './layout';

/**
 * A block seen in its own frame: origin at the centre, axis e1 along its bottom/top roads, e2 across.
 * Buildings are axis-aligned rectangles in this frame, so "inside the block, clear of every road and
 * of the river" is a handful of dot products per candidate.
 */
export interface Frame {
  ox: number;
  oy: number;
  /** Unit axis along the block; e2 = (-e1y, e1x). */
  e1x: number;
  e1y: number;
  /** Edge constraints in frame coordinates: p1·a + p2·b ≥ c (margin included). */
  p1: Float64Array;
  p2: Float64Array;
  c: Float64Array;
  /** Raw constraints without margins (to clip roads drawn inside the block). */
  c0: Float64Array;
  amin: number;
  amax: number;
  bmin: number;
  bmax: number;
  river: RiverIndex | null;
  riverSide: -1 | 0 | 1;
}

export function makeFrame(block: BlockGeom, river: RiverIndex): Frame {
  const [q0, q1, q2, q3] = block.corners;
  let ex = q1[0] - q0[0] + (q2[0] - q3[0]);
  let ey = q1[1] - q0[1] + (q2[1] - q3[1]);
  const len = Math.hypot(ex, ey) || 1;
  ex /= len;
  ey /= len;
  const ox = (q0[0] + q1[0] + q2[0] + q3[0]) / 4;
  const oy = (q0[1] + q1[1] + q2[1] + q3[1]) / 4;
  const planes = halfPlanes(block.corners);
  const p1 = new Float64Array(4);
  const p2 = new Float64Array(4);
  const c = new Float64Array(4);
  const c0 = new Float64Array(4);
  planes.forEach((h, k) => {
    p1[k] = h.nx * ex + h.ny * ey;
    p2[k] = -h.nx * ey + h.ny * ex;
    c0[k] = h.c - (h.nx * ox + h.ny * oy);
    c[k] = c0[k]! + block.margins[k]!;
  });
  let amin = Infinity;
  let amax = -Infinity;
  let bmin = Infinity;
  let bmax = -Infinity;
  for (const q of block.corners) {
    const dx = q[0] - ox;
    const dy = q[1] - oy;
    const a = dx * ex + dy * ey;
    const b = -dx * ey + dy * ex;
    amin = Math.min(amin, a);
    amax = Math.max(amax, a);
    bmin = Math.min(bmin, b);
    bmax = Math.max(bmax, b);
  }
  return {
    ox,
    oy,
    e1x: ex,
    e1y: ey,
    p1,
    p2,
    c,
    c0,
    amin,
    amax,
    bmin,
    bmax,
    river: block.riverSide === 0 ? null : river,
    riverSide: block.riverSide,
  };
}

export function toWorld(f: Frame, a: number, b: number): Vec {
  return [f.ox + a * f.e1x - b * f.e1y, f.oy + a * f.e1y + b * f.e1x];
}

/** Does the rectangle centred at (a, b) with half sizes hw × hd fit in the block, clear of roads and river? */
export function rectFits(f: Frame, a: number, b: number, hw: number, hd: number): boolean {
  for (let k = 0; k < 4; k++) {
    const p1 = f.p1[k]!;
    const p2 = f.p2[k]!;
    if (p1 * a + p2 * b - hw * Math.abs(p1) - hd * Math.abs(p2) < f.c[k]!) return false;
  }
  if (f.river) {
    const [x, y] = toWorld(f, a, b);
    if ((y - f.river.yAt(x)) * f.riverSide <= 0) return false;
    const need = RIVER_CLEARANCE + Math.hypot(hw, hd);
    if (f.river.distance(x, y, need) < need) return false;
  }
  return true;
}

/**
 * Clip the line a·e1 + b·e2 through frame point (a, b) in frame direction (da, db) to the block
 * (road centrelines); returns the two end points in frame coordinates and which edges they lie on.
 */
export function clipToBlock(
  f: Frame,
  a: number,
  b: number,
  da: number,
  db: number,
): { from: [number, number]; to: [number, number]; edgeFrom: number; edgeTo: number } | null {
  const planes = [0, 1, 2, 3].map((k) => ({ nx: f.p1[k]!, ny: f.p2[k]!, c: f.c0[k]! }));
  const range = clipLine([a, b], [da, db], planes);
  if (!range) return null;
  const [t0, t1] = range;
  const edgeAt = (t: number) => {
    let best = 0;
    let bestErr = Infinity;
    for (let k = 0; k < 4; k++) {
      const err = Math.abs(f.p1[k]! * (a + da * t) + f.p2[k]! * (b + db * t) - f.c0[k]!);
      if (err < bestErr) {
        bestErr = err;
        best = k;
      }
    }
    return best;
  };
  return {
    from: [a + da * t0, b + db * t0],
    to: [a + da * t1, b + db * t1],
    edgeFrom: edgeAt(t0),
    edgeTo: edgeAt(t1),
  };
}

/** Building size and the gaps between buildings at pitch scale 1. */
export interface SlotSpec {
  w: number;
  d: number;
  gx: number;
  gy: number;
  /** Allowed range of the gap scale. */
  sMin: number;
  sMax: number;
}

/** Valid slots of a block at one gap scale: centres and their column/row indices. */
export interface Slots {
  a: number[];
  b: number[];
  col: number[];
  row: number[];
  px: number;
  py: number;
  /** Frame position of column 0 and row 0. */
  a0: number;
  b0: number;
}

/** Walk the slot lattice at gap scale s; count only (when out is null) or collect. */
function lattice(f: Frame, spec: SlotSpec, s: number, out: Slots | null): number {
  const px = spec.w + spec.gx * s;
  const py = spec.d + spec.gy * s;
  const spanA = f.amax - f.amin - spec.w;
  const spanB = f.bmax - f.bmin - spec.d;
  if (spanA < 0 || spanB < 0) return 0;
  const na = Math.floor(spanA / px) + 1;
  const nb = Math.floor(spanB / py) + 1;
  // Centre the lattice on the block so the leftovers are shared by both sides.
  const a0 = (f.amin + f.amax) / 2 - ((na - 1) * px) / 2;
  const b0 = (f.bmin + f.bmax) / 2 - ((nb - 1) * py) / 2;
  const hw = spec.w / 2;
  const hd = spec.d / 2;
  let n = 0;
  for (let j = 0; j < nb; j++) {
    const b = b0 + j * py;
    // Each edge bounds a on this row; only columns inside all four bounds (widened a hair, the
    // exact test follows) need testing: a row costs its buildings, not the block's width.
    let lo = 0;
    let hi = na - 1;
    for (let k = 0; k < 4; k++) {
      const p1 = f.p1[k]!;
      const p2 = f.p2[k]!;
      const rhs = f.c[k]! + hw * Math.abs(p1) + hd * Math.abs(p2) - p2 * b;
      if (Math.abs(p1) < 1e-9) {
        if (rhs > 1e-6) hi = -1;
        continue;
      }
      const bound = (rhs / p1 - a0) / px;
      if (p1 > 0) lo = Math.max(lo, Math.ceil(bound - 1e-6));
      else hi = Math.min(hi, Math.floor(bound + 1e-6));
    }
    for (let i = lo; i <= hi; i++) {
      const a = a0 + i * px;
      if (!rectFits(f, a, b, hw, hd)) continue;
      n++;
      if (out) {
        out.a.push(a);
        out.b.push(b);
        out.col.push(i);
        out.row.push(j);
      }
    }
  }
  if (out) {
    out.px = px;
    out.py = py;
    out.a0 = a0;
    out.b0 = b0;
  }
  return n;
}

/** Most buildings the block can take (at the tightest gaps). */
export function capacity(f: Frame, spec: SlotSpec): number {
  return lattice(f, spec, spec.sMin, null);
}

/**
 * The sparsest lattice that still has at least `budget` slots (bisection on the gap scale), so a block
 * gets exactly its share of the district's buildings while looking as spacious as it can.
 */
export function fitSlots(f: Frame, spec: SlotSpec, budget: number): Slots {
  let lo = spec.sMin;
  let hi = spec.sMax;
  if (lattice(f, spec, hi, null) >= budget) lo = hi;
  else {
    for (let it = 0; it < 12; it++) {
      const mid = (lo + hi) / 2;
      if (lattice(f, spec, mid, null) >= budget) lo = mid;
      else hi = mid;
    }
  }
  const out: Slots = { a: [], b: [], col: [], row: [], px: 0, py: 0, a0: 0, b0: 0 };
  lattice(f, spec, lo, out);
  return out;
}

/** Keep only the slots whose indices are listed (in that order). */
export function keepSlots(s: Slots, keep: readonly number[]): Slots {
  return {
    a: keep.map((k) => s.a[k]!),
    b: keep.map((k) => s.b[k]!),
    col: keep.map((k) => s.col[k]!),
    row: keep.map((k) => s.row[k]!),
    px: s.px,
    py: s.py,
    a0: s.a0,
    b0: s.b0,
  };
}

/**
 * The longest stretch of the frame segment from → to that stays on the block's side of the river and
 * at least `clearance` from it (the whole segment away from the river); null if none is left.
 */
export function riverSafe(
  f: Frame,
  from: [number, number],
  to: [number, number],
  clearance = 12,
): [[number, number], [number, number]] | null {
  const river = f.river;
  if (!river) return [from, to];
  const len = Math.hypot(to[0] - from[0], to[1] - from[1]);
  const n = Math.max(1, Math.ceil(len / 5));
  let best: [number, number] | null = null;
  let runStart = -1;
  for (let k = 0; k <= n + 1; k++) {
    let ok = false;
    if (k <= n) {
      const t = k / n;
      const [x, y] = toWorld(f, from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t);
      ok = (y - river.yAt(x)) * f.riverSide > 0 && river.distance(x, y, clearance) >= clearance;
    }
    if (ok && runStart < 0) runStart = k;
    if (!ok && runStart >= 0) {
      if (!best || k - 1 - runStart > best[1] - best[0]) best = [runStart, k - 1];
      runStart = -1;
    }
  }
  if (!best || best[1] === best[0]) return null;
  const at = (k: number): [number, number] => [
    from[0] + ((to[0] - from[0]) * k) / n,
    from[1] + ((to[1] - from[1]) * k) / n,
  ];
  return [best[0] === 0 ? from : at(best[0]), best[1] === n ? to : at(best[1])];
}

/**
 * Half-plane offset `slack` metres nearer the road than the building setback of edge k (never past
 * the road centreline): walls and compound roads may come closer to the street than buildings.
 */
function looseC(f: Frame, k: number, slack: number): number {
  return Math.max(f.c0[k]!, f.c[k]! - slack);
}

/**
 * The frame rectangle cut down to the block (up to `slack` metres outside the building setbacks):
 * the bounding box of a compound's buildings can poke out of a skewed block at a corner.
 */
export function clipRectToBlock(
  f: Frame,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  slack: number,
): [number, number][] {
  let poly: [number, number][] = [
    [a0, b0],
    [a1, b0],
    [a1, b1],
    [a0, b1],
  ];
  for (let k = 0; k < 4 && poly.length > 0; k++) {
    const p1 = f.p1[k]!;
    const p2 = f.p2[k]!;
    const c = looseC(f, k, slack);
    const side = (p: [number, number]) => p1 * p[0] + p2 * p[1] - c;
    const next: [number, number][] = [];
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i]!;
      const q = poly[(i + 1) % poly.length]!;
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) next.push(p);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        next.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
      }
    }
    poly = next;
  }
  return poly;
}

/** The part of a frame segment inside the block (up to `slack` metres outside the setbacks), or null. */
export function clipSegmentToBlock(
  f: Frame,
  from: [number, number],
  to: [number, number],
  slack: number,
): [[number, number], [number, number]] | null {
  const planes = [0, 1, 2, 3].map((k) => ({ nx: f.p1[k]!, ny: f.p2[k]!, c: looseC(f, k, slack) }));
  const range = clipLine(from, [to[0] - from[0], to[1] - from[1]], planes);
  if (!range) return null;
  const t0 = Math.max(0, range[0]);
  const t1 = Math.min(1, range[1]);
  if (t1 <= t0) return null;
  const at = (t: number): [number, number] => [
    from[0] + (to[0] - from[0]) * t,
    from[1] + (to[1] - from[1]) * t,
  ];
  return [t0 === 0 ? from : at(t0), t1 === 1 ? to : at(t1)];
}
