import type { Slots } from './slots';

/**
 * Group the slots of a block into rectangular pieces (one per compound): strips of whole lattice
 * columns, each cut into runs of rows. Rectangles in lattice space never interleave, so walls and
 * internal roads of neighbouring compounds cannot cross each other's buildings. `target()` is asked
 * once per strip, left to right; `stripOf` receives the strip of each piece.
 */
export function groupPieces(s: Slots, target: () => number, stripOf?: number[]): number[][] {
  const n = s.a.length;
  if (n === 0) return [];
  const byCol = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const list = byCol.get(s.col[k]!);
    if (list) list.push(k);
    else byCol.set(s.col[k]!, [k]);
  }
  const cols = [...byCol.keys()].sort((x, y) => x - y);
  const perCol = n / cols.length;
  const strips: { slots: number[]; t: number }[] = [];
  let c = 0;
  while (c < cols.length) {
    const t = target();
    const width = Math.max(1, Math.min(cols.length - c, Math.round(t / perCol)));
    const slots: number[] = [];
    for (let k = c; k < c + width; k++) slots.push(...byCol.get(cols[k]!)!);
    strips.push({ slots, t });
    c += width;
  }
  // A last strip much smaller than its target joins the previous one.
  if (strips.length >= 2) {
    const last = strips[strips.length - 1]!;
    if (last.slots.length < last.t * 0.4) {
      strips.pop();
      strips[strips.length - 1]!.slots.push(...last.slots);
    }
  }
  const pieces: number[][] = [];
  for (const [si, strip] of strips.entries()) {
    const sorted = strip.slots.slice().sort((x, y) => s.row[x]! - s.row[y]! || s.col[x]! - s.col[y]!);
    const parts = Math.max(1, Math.round(sorted.length / strip.t));
    let start = 0;
    for (let p = 1; p <= parts; p++) {
      // Cut at a row boundary at or after the balanced position.
      let end = p === parts ? sorted.length : Math.round((sorted.length * p) / parts);
      if (end <= start) continue;
      while (end < sorted.length && s.row[sorted[end]!] === s.row[sorted[end - 1]!]) end++;
      pieces.push(sorted.slice(start, end));
      stripOf?.push(si);
      start = end;
    }
  }
  return pieces;
}

/**
 * Split the lattice lines (columns when there are several, else rows) into k consecutive groups with
 * balanced slot counts; returns the slot indices of each group and the positions of the gaps between.
 */
export function splitLines(s: Slots, k: number): { groups: number[][]; gaps: number[]; alongCols: boolean } {
  const cols = new Set(s.col);
  const alongCols = cols.size >= 2;
  const key = alongCols ? s.col : s.row;
  const order = s.a.map((_, i) => i).sort((x, y) => key[x]! - key[y]!);
  const groups: number[][] = [];
  const gaps: number[] = [];
  let start = 0;
  for (let p = 1; p <= k && start < order.length; p++) {
    let end = p === k ? order.length : Math.round((order.length * p) / k);
    while (end < order.length && end > start && key[order[end]!] === key[order[end - 1]!]) end++;
    if (end <= start) continue;
    groups.push(order.slice(start, end));
    if (end < order.length) {
      const lo = key[order[end - 1]!]!;
      const hi = key[order[end]!]!;
      gaps.push(alongCols ? s.a0 + ((lo + hi) / 2) * s.px : s.b0 + ((lo + hi) / 2) * s.py);
    }
    start = end;
  }
  return { groups, gaps, alongCols };
}
