import { shuffle } from '../random';
import { type Rng, uniform } from './rng';

/** Communities are rectangles of superblocks: [i0, i1) × [j0, j1) in grid cells. */
export interface CellRect {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
}

export const COMMUNITY_MIN = 2000;
export const COMMUNITY_MAX = 30000;

/**
 * Existing communities drawn as target sizes (about half of them over 6,000 households, the ones the
 * planner must split) and carved out of the superblock grid by recursive guillotine cuts along
 * arterials or the river, each cut chosen so both sides come near their share of the targets.
 */
export function groupCells(
  rng: Rng,
  nx: number,
  ny: number,
  riverRow: number,
  cellHouseholds: ArrayLike<number>,
): CellRect[] {
  const stride = nx + 1;
  const prefix = new Float64Array((nx + 1) * (ny + 1));
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      prefix[(j + 1) * stride + i + 1] =
        cellHouseholds[j * nx + i]! +
        prefix[j * stride + i + 1]! +
        prefix[(j + 1) * stride + i]! -
        prefix[j * stride + i]!;
    }
  }
  const sum = (r: CellRect) =>
    prefix[r.j1 * stride + r.i1]! -
    prefix[r.j0 * stride + r.i1]! -
    prefix[r.j1 * stride + r.i0]! +
    prefix[r.j0 * stride + r.i0]!;

  const all: CellRect = { i0: 0, i1: nx, j0: 0, j1: ny };
  const total = sum(all);
  const targets: number[] = [];
  let drawn = 0;
  while (drawn < total) {
    const t = rng() < 0.5 ? uniform(rng, 6500, 16000) : uniform(rng, 2500, 6000);
    targets.push(t);
    drawn += t;
  }
  if (total < 2 * COMMUNITY_MIN) targets.splice(1);
  shuffle(rng, targets);

  const out: CellRect[] = [];
  const recurse = (r: CellRect, ws: number[]) => {
    const hh = sum(r);
    const cells = (r.i1 - r.i0) * (r.j1 - r.j0);
    if (ws.length === 1) {
      if (hh <= COMMUNITY_MAX - 2000 || cells === 1) {
        out.push(r);
        return;
      }
      ws = [ws[0]! / 2, ws[0]! / 2];
    }
    const wTotal = ws.reduce((s, w) => s + w, 0);
    let best: Cut | null = null;
    const take = (c: Cut | null) => {
      if (c && (!best || c.score < best.score)) best = c;
    };
    for (let i = r.i0 + 1; i < r.i1; i++) take(scoreCut({ ...r, i1: i }, { ...r, i0: i }, ws, wTotal, hh, 0));
    for (let j = r.j0 + 1; j < r.j1; j++) {
      // The river makes a natural boundary: prefer it a little.
      take(scoreCut({ ...r, j1: j }, { ...r, j0: j }, ws, wTotal, hh, j === riverRow ? 0.03 : 0));
    }
    const chosen = best as Cut | null;
    if (!chosen) {
      out.push(r);
      return;
    }
    recurse(chosen.a, chosen.wa);
    recurse(chosen.b, chosen.wb);
  };

  interface Cut {
    a: CellRect;
    b: CellRect;
    wa: number[];
    wb: number[];
    score: number;
  }

  /** How well cutting into a and b matches the split of the targets (lower is better), or null. */
  const scoreCut = (a: CellRect, b: CellRect, ws: number[], wTotal: number, hh: number, bonus: number) => {
    const ha = sum(a);
    const hb = hh - ha;
    if (ha < COMMUNITY_MIN || hb < COMMUNITY_MIN) return null;
    let best: Cut | null = null;
    for (const m of new Set([Math.floor(ws.length / 2), Math.ceil(ws.length / 2)])) {
      for (const flip of [false, true]) {
        const wa = flip ? ws.slice(m) : ws.slice(0, m);
        const wb = flip ? ws.slice(0, m) : ws.slice(m);
        if (wa.length === 0 || wb.length === 0) continue;
        const share = wa.reduce((s, w) => s + w, 0) / wTotal;
        let score = Math.abs(ha / hh - share) - bonus;
        for (const [rect, w, h] of [
          [a, wa, ha],
          [b, wb, hb],
        ] as const) {
          const cw = rect.i1 - rect.i0;
          const ch = rect.j1 - rect.j0;
          const aspect = Math.max(cw / ch, ch / cw);
          if (aspect > 3) score += 0.05 * (aspect - 3);
          if (w.length === 1 && h > COMMUNITY_MAX) score += 1;
        }
        if (!best || score < best.score) best = { a, b, wa, wb, score };
      }
    }
    return best;
  };
  recurse(all, targets);
  return out;
}
