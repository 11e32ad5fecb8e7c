import fc from 'fast-check';
import { orient2d } from 'robust-predicates';
import { describe, expect, it } from 'vitest';
import { nodeNetwork, type RoadNetwork } from '../../src/core/plan/noding';

/**
 * Brute force over all pairs: pieces that cross in their interiors, overlap, or run through a
 * vertex they do not end at. Exact orientation tests, so "touching" means touching.
 */
function conflicts(net: RoadNetwork): string[] {
  const P = net.points.coords;
  const n = net.kinds.length;
  const out: string[] = [];
  const xy = (v: number) => [P[2 * v]!, P[2 * v + 1]!] as const;
  const inside = (a: number, b: number, v: number) => {
    const [ax, ay] = xy(a);
    const [bx, by] = xy(b);
    const [vx, vy] = xy(v);
    if ((vx === ax && vy === ay) || (vx === bx && vy === by)) return false;
    return (
      orient2d(ax, ay, bx, by, vx, vy) === 0 &&
      vx >= Math.min(ax, bx) &&
      vx <= Math.max(ax, bx) &&
      vy >= Math.min(ay, by) &&
      vy <= Math.max(ay, by)
    );
  };
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const a = net.pieces[2 * i]!;
    const b = net.pieces[2 * i + 1]!;
    if (a === b) out.push(`piece ${i} has length 0`);
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(key)) out.push(`piece ${i} repeated`);
    seen.add(key);
    for (let v = 0; v < net.points.size; v++)
      if (v !== a && v !== b && inside(a, b, v)) out.push(`vertex ${v} inside piece ${i}`);
    for (let j = i + 1; j < n; j++) {
      const c = net.pieces[2 * j]!;
      const d = net.pieces[2 * j + 1]!;
      const [ax, ay] = xy(a);
      const [bx, by] = xy(b);
      const [cx, cy] = xy(c);
      const [dx, dy] = xy(d);
      const o1 = Math.sign(orient2d(ax, ay, bx, by, cx, cy));
      const o2 = Math.sign(orient2d(ax, ay, bx, by, dx, dy));
      const o3 = Math.sign(orient2d(cx, cy, dx, dy, ax, ay));
      const o4 = Math.sign(orient2d(cx, cy, dx, dy, bx, by));
      if (o1 * o2 < 0 && o3 * o4 < 0) out.push(`pieces ${i} and ${j} cross`);
    }
  }
  return out;
}

/** How far a point is from the segment a–b. */
function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/**
 * Every input segment is still there: its two ends are joined by a path of pieces that stays
 * within `reach` of it (vertices move at most a snapping distance or two, never further).
 */
function missingSegments(net: RoadNetwork, lines: Float64Array[], reach: number): string[] {
  const P = net.points.coords;
  const nv = net.points.size;
  const adj: number[][] = Array.from({ length: nv }, () => []);
  for (let i = 0; i < net.kinds.length; i++) {
    adj[net.pieces[2 * i]!]!.push(net.pieces[2 * i + 1]!);
    adj[net.pieces[2 * i + 1]!]!.push(net.pieces[2 * i]!);
  }
  const out: string[] = [];
  lines.forEach((c, li) => {
    for (let k = 0; k + 3 < c.length; k += 2) {
      const [ax, ay, bx, by] = [c[k]!, c[k + 1]!, c[k + 2]!, c[k + 3]!];
      if (ax === bx && ay === by) continue; // a point, not a line: nothing to cover
      const nearSeg = (v: number) => distToSegment(P[2 * v]!, P[2 * v + 1]!, ax, ay, bx, by) <= reach;
      const near = (v: number, x: number, y: number) => Math.hypot(P[2 * v]! - x, P[2 * v + 1]! - y) <= reach;
      const start: number[] = [];
      const goal = new Set<number>();
      for (let v = 0; v < nv; v++) {
        if (near(v, ax, ay)) start.push(v);
        if (near(v, bx, by)) goal.add(v);
      }
      const seen = new Set(start);
      const stack = [...start];
      let found = false;
      while (stack.length && !found) {
        const v = stack.pop()!;
        if (goal.has(v)) found = true;
        for (const w of adj[v]!)
          if (!seen.has(w) && nearSeg(w)) {
            seen.add(w);
            stack.push(w);
          }
      }
      if (!found) out.push(`line ${li} segment ${k / 2} (${ax},${ay})–(${bx},${by}) is not covered`);
    }
  });
  return out;
}

// Coordinates that make trouble: on a 1 m or 0.5 m lattice (collinear overlaps, T-junctions, lines
// through vertices) or arbitrary to the millimetre (shallow crossings, near misses).
const coordinate = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 0, max: 40 }).map((v) => v / 2),
  fc.integer({ min: 0, max: 20000 }).map((v) => v / 1000),
);
const polyline = fc.array(fc.tuple(coordinate, coordinate), { minLength: 2, maxLength: 4 });
// A near-duplicate: the same line again, shifted by up to 40 cm, as real data repeats a street.
const network = fc
  .tuple(
    fc.array(polyline, { minLength: 1, maxLength: 10 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: -400, max: 400 }), fc.integer({ min: -400, max: 400 })), {
      maxLength: 3,
    }),
    fc.boolean(),
  )
  .map(([lines, copies, outline]) => {
    const all = lines.map((l) => l.flat());
    for (const [which, dx, dy] of copies) {
      const l = all[which % all.length]!;
      all.push(l.map((v, i) => v + (i % 2 ? dy : dx) / 1000));
    }
    return { lines: all.map((l) => Float64Array.from(l)), outline };
  });

describe('nodeNetwork on random road networks', () => {
  it('leaves no two pieces crossing, overlapping or running through a vertex, and drops no line', () => {
    fc.assert(
      fc.property(network, ({ lines, outline }) => {
        const rings = outline ? [Float64Array.from([2, 2, 18, 2.3, 17.7, 18, 2.1, 17.6])] : [];
        const net = nodeNetwork({
          rings,
          lines: lines.map((coords) => ({ coords, kind: 6 })),
          spacing: 3,
          margin: 100,
        });
        expect(conflicts(net)).toEqual([]);
        expect(
          missingSegments(
            net,
            [...rings.map((r) => Float64Array.from([...r, r[0]!, r[1]!])), ...lines],
            1.05,
          ),
        ).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
