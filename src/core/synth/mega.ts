/**
 * Mega-compounds (`compoundRoads` none or some): one gated compound of 4,000–8,000 households filling
 * a whole high-rise block, as in Chinese new towns, drawn the way map services give them: an outline
 * and towers, no internal road. Made to be hard for the planner rather than pretty: rows of uneven
 * depth and spacing, towers of uneven width, gaps and holes, households that vary from tower to
 * tower; sometimes a small compound enclosed in the middle (it reaches the rest of the community only
 * through the mega-compound), rarely one slab of over 3,500 households.
 */
import { shuffle } from '../random';
import { throughRoad } from './estates';
import type { BlockGeom } from './layout';
import { chance, intBetween, pick, uniform } from './rng';
import { type Frame, rectFits } from './slots';
import { type FillContext, newCompound, wallRing } from './store';

/** Households a part between internal roads may hold (as the other generators keep under 3,500). */
const PART_CAP = 3400;
/** Most households a tower of a mega-compound gets on average (40–50 floors of 8–10 flats). */
const PER_TOWER_MAX = 420;
/** Fewest towers a mega-compound is made of; a block with room for fewer gets ordinary compounds. */
export const MEGA_MIN_TOWERS = 12;

/** A tower in frame coordinates: centre (a, b), size w along a and d along b, its row. */
interface Tower {
  a: number;
  b: number;
  w: number;
  d: number;
  row: number;
  /** Position in its row, from 0. */
  k: number;
}

interface RowDraw {
  depth: number;
  gap: number;
  start: number;
}

interface TowerDraw {
  width: number;
  gap: number;
  skip: boolean;
  shift: number;
  depthShare: number;
}

const ROWS = 40;
const PER_ROW = 64;

/**
 * Rows of towers at gap scale `s`: the random draws are fixed beforehand, so a larger `s` spreads the
 * same towers out and the count falls as `s` grows (bisected to meet the block's budget).
 */
function layRows(
  f: Frame,
  across: boolean,
  rows: readonly RowDraw[],
  towers: readonly TowerDraw[],
  s: number,
): Tower[] {
  // u runs along a row, v across the rows.
  const [umin, umax, vmin, vmax] = across
    ? [f.bmin, f.bmax, f.amin, f.amax]
    : [f.amin, f.amax, f.bmin, f.bmax];
  const out: Tower[] = [];
  let v = vmin + rows[0]!.start;
  for (let r = 0; r < ROWS && v < vmax; r++) {
    const row = rows[r]!;
    let u = umin + row.start;
    let k = 0;
    for (let t = 0; t < PER_ROW && u < umax; t++) {
      const tw = towers[r * PER_ROW + t]!;
      const depth = row.depth * tw.depthShare;
      const uc = u + tw.width / 2;
      const vc = v + row.depth / 2 + tw.shift;
      u += tw.width + (8 + 22 * tw.gap * s);
      if (tw.skip) continue;
      const [a, b, w, d] = across ? [vc, uc, depth, tw.width] : [uc, vc, tw.width, depth];
      if (!rectFits(f, a, b, w / 2, d / 2)) continue;
      out.push({ a, b, w, d, row: r, k: k++ });
    }
    // Rows never touch: a tower strays at most 2 m from its row band, and rows are ≥ 14 m apart.
    v += row.depth + 14 + 30 * row.gap * s;
  }
  return out;
}

function byRow(towers: readonly Tower[]): Map<number, Tower[]> {
  const rows = new Map<number, Tower[]>();
  for (const t of towers) {
    const list = rows.get(t.row);
    if (list) list.push(t);
    else rows.set(t.row, [t]);
  }
  return rows;
}

/** Does the frame rectangle [a0, a1] × [b0, b1] overlap tower t? */
function overlaps(t: Tower, a0: number, a1: number, b0: number, b1: number): boolean {
  return t.a + t.w / 2 > a0 && t.a - t.w / 2 < a1 && t.b + t.d / 2 > b0 && t.b - t.d / 2 < b1;
}

function boxOf(towers: readonly Tower[], m: number) {
  let a0 = Infinity;
  let a1 = -Infinity;
  let b0 = Infinity;
  let b1 = -Infinity;
  for (const t of towers) {
    a0 = Math.min(a0, t.a - t.w / 2 - m);
    a1 = Math.max(a1, t.a + t.w / 2 + m);
    b0 = Math.min(b0, t.b - t.d / 2 - m);
    b1 = Math.max(b1, t.b + t.d / 2 + m);
  }
  return { a0, a1, b0, b1 };
}

/** Share `total` households among weights, whole numbers of at least `floor`, adding up exactly. */
function share(weights: readonly number[], total: number, floor: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const out = weights.map((w) => Math.max(floor, Math.round((w / sum) * total)));
  let diff = total - out.reduce((s, h) => s + h, 0);
  // Settle the rounding on the largest towers, one household at a time never below the floor.
  const order = out.map((_, i) => i).sort((x, y) => out[y]! - out[x]!);
  for (let it = 0; diff !== 0 && it < 100000; it++) {
    const i = order[it % order.length]!;
    if (diff > 0) {
      out[i]!++;
      diff--;
    } else if (out[i]! > floor) {
      out[i]!--;
      diff++;
    }
  }
  return out;
}

/**
 * Fill a high-rise block with one mega-compound of about `budget` towers. Returns false (and places
 * nothing) when the block has room for fewer than MEGA_MIN_TOWERS towers.
 */
export function fillMegaCompound(ctx: FillContext, block: BlockGeom, f: Frame, budget: number): boolean {
  const rng = ctx.rng;
  const across = chance(rng, 0.5);
  const rows: RowDraw[] = [];
  for (let r = 0; r < ROWS; r++) {
    // Mostly tight rows, now and then a wide gap (a garden, a car park).
    const wide = chance(rng, 0.15);
    rows.push({
      depth: uniform(rng, 14, 24),
      gap: wide ? uniform(rng, 1.2, 2.6) : uniform(rng, 0.05, 0.9),
      start: uniform(rng, 0, 14),
    });
  }
  const draws: TowerDraw[] = [];
  for (let t = 0; t < ROWS * PER_ROW; t++) {
    const wide = chance(rng, 0.1);
    draws.push({
      width: uniform(rng, 18, 34),
      gap: wide ? uniform(rng, 1.3, 3) : uniform(rng, 0.05, 1.1),
      skip: chance(rng, 0.07),
      shift: uniform(rng, -2, 2),
      depthShare: uniform(rng, 0.8, 1),
    });
  }
  const count = (s: number) => layRows(f, across, rows, draws, s).length;
  let lo = 0.3;
  let hi = 3;
  if (count(hi) >= budget) lo = hi;
  else
    for (let it = 0; it < 12; it++) {
      const mid = (lo + hi) / 2;
      if (count(mid) >= budget) lo = mid;
      else hi = mid;
    }
  let towers = layRows(f, across, rows, draws, lo);
  if (towers.length < MEGA_MIN_TOWERS) return false;

  // Rows and their end towers stay, so that an enclosed compound stays enclosed; holes go inside.
  const rowsOf = byRow(towers);
  const rowIds = [...rowsOf.keys()].sort((x, y) => x - y);
  const edgeRow = new Set([rowIds[0], rowIds[rowIds.length - 1]]);
  const isEnd = (t: Tower) => t.k === 0 || t.k === rowsOf.get(t.row)!.length - 1;
  if (towers.length > budget) {
    const inner = shuffle(
      rng,
      towers.map((_, i) => i).filter((i) => !edgeRow.has(towers[i]!.row) && !isEnd(towers[i]!)),
    );
    const outer = shuffle(
      rng,
      towers.map((_, i) => i).filter((i) => edgeRow.has(towers[i]!.row) || isEnd(towers[i]!)),
    );
    const drop = new Set([...inner, ...outer].slice(0, towers.length - budget));
    towers = towers.filter((_, i) => !drop.has(i));
  }

  // An enclosed compound: towers of middle rows in a middle window, never a row's first or last.
  let enclosed: Tower[] = [];
  if (rowIds.length >= 5 && chance(rng, 0.35)) {
    const i1 = intBetween(rng, 1, rowIds.length - 3);
    const i2 = Math.min(rowIds.length - 2, i1 + intBetween(rng, 1, 2));
    const midRows = new Set(rowIds.slice(i1, i2 + 1));
    const [umin, umax] = across ? [f.bmin, f.bmax] : [f.amin, f.amax];
    const centre = (umin + umax) / 2 + uniform(rng, -0.1, 0.1) * (umax - umin);
    const half = uniform(rng, 0.14, 0.24) * (umax - umin);
    const kept = byRow(towers);
    enclosed = towers.filter((t) => {
      const list = kept.get(t.row)!;
      const u = across ? t.b : t.a;
      return (
        midRows.has(t.row) && t !== list[0] && t !== list[list.length - 1] && Math.abs(u - centre) <= half
      );
    });
    if (enclosed.length < 2) enclosed = [];
  }
  const inEnclosed = new Set(enclosed);

  // Rarely one slab: a run of 3–5 neighbouring towers of one row (not by the enclosed one) as one.
  let slab: Tower | null = null;
  if (chance(rng, 0.12)) {
    const kept = byRow(towers);
    const candidates: Tower[][] = [];
    for (const list of kept.values()) {
      if (list.some((t) => inEnclosed.has(t))) continue;
      for (let i = 0; i + 3 <= list.length; i++) {
        const run = list.slice(i, i + intBetween(rng, 3, 5));
        // Only towers that follow each other in the row (no skipped or dropped one between).
        if (run.length >= 3 && run.every((t, j) => j === 0 || t.k === run[j - 1]!.k + 1))
          candidates.push(run);
      }
    }
    if (candidates.length > 0) {
      const run = pick(rng, candidates);
      const box = boxOf(run, 0);
      const cand: Tower = {
        a: (box.a0 + box.a1) / 2,
        b: (box.b0 + box.b1) / 2,
        w: box.a1 - box.a0,
        d: box.b1 - box.b0,
        row: run[0]!.row,
        k: run[0]!.k,
      };
      const others = towers.filter((t) => !run.includes(t));
      if (
        rectFits(f, cand.a, cand.b, cand.w / 2, cand.d / 2) &&
        !others.some((t) => overlaps(t, box.a0, box.a1, box.b0, box.b1))
      ) {
        slab = cand;
        towers = [...others, cand].sort((x, y) => x.row - y.row || (across ? x.b - y.b : x.a - y.a));
      }
    }
  }

  const mega = towers.filter((t) => !inEnclosed.has(t) && t !== slab);
  const slabHouseholds = slab ? intBetween(rng, 3600, 5000) : 0;
  const total = slab
    ? uniform(rng, Math.max(4000, slabHouseholds + 1500), 8000)
    : uniform(rng, 4000, Math.min(8000, Math.max(4000, PER_TOWER_MAX * mega.length)));
  const perFloor = mega.map(() => pick(rng, [4, 6, 6, 8, 8, 10]));
  const weights = mega.map((_, i) => intBetween(rng, 30, 50) * perFloor[i]! * uniform(rng, 0.75, 1.25));
  // At least 60 a tower, unless so many towers would take the compound past its total (a block
  // with ~150 small towers made a compound of 8,769).
  const rest = Math.round(total) - slabHouseholds;
  const households = share(weights, rest, Math.min(60, Math.floor(rest / Math.max(1, mega.length))));

  const name = ctx.names.name('tower');
  const cid = newCompound(ctx, name, block, true);
  const id = ctx.compounds[cid]!.id;
  const placed = new Map<Tower, number>();
  let number = 1;
  for (const t of towers) {
    if (inEnclosed.has(t)) continue;
    if (t === slab) {
      const floors = intBetween(rng, 45, 60);
      placed.set(
        t,
        ctx.store.add(
          f,
          t.a,
          t.b,
          t.w,
          t.d,
          slabHouseholds,
          floors,
          cid,
          `${name}${number++}栋`,
          block.index,
        ),
      );
      continue;
    }
    const i = mega.indexOf(t);
    const hh = households[i]!;
    const floors = Math.min(60, Math.max(30, Math.round(hh / perFloor[i]!)));
    placed.set(t, ctx.store.add(f, t.a, t.b, t.w, t.d, hh, floors, cid, `${name}${number++}栋`, block.index));
  }
  ctx.big!.megaCompounds++;

  if (enclosed.length > 0) {
    // An older, smaller compound the new towers grew around: under 1,500 households, so it cannot
    // be a community of its own and must share one with part of the mega-compound.
    const innerName = ctx.names.name('walkup');
    const innerId = newCompound(ctx, innerName, block, false);
    const innerTotal = intBetween(rng, 500, 1400);
    const innerHh = share(
      enclosed.map(() => uniform(rng, 0.7, 1.3)),
      innerTotal,
      20,
    );
    enclosed.forEach((t, k) => {
      const w = t.w * 0.85;
      const d = t.d * 0.85;
      ctx.store.add(
        f,
        t.a,
        t.b,
        w,
        d,
        innerHh[k]!,
        intBetween(rng, 7, 18),
        innerId,
        `${innerName}${k + 1}栋`,
        block.index,
      );
    });
    const box = boxOf(enclosed, 4);
    if (
      !towers.some((t) => !inEnclosed.has(t) && overlaps(t, box.a0 - 1, box.a1 + 1, box.b0 - 1, box.b1 + 1))
    )
      ctx.roads.push({
        cls: 'wall',
        compound: ctx.compounds[innerId]!.id,
        parts: [wallRing(f, box.a0, box.a1, box.b0, box.b1)],
      });
    ctx.big!.enclosed++;
  }

  const box = boxOf(towers, 5);
  // `some`: half the mega-compounds have service roads between rows, each part under the cap; never
  // with an enclosed compound or a slab (a road would cut the one open, and the other is over the cap).
  if (ctx.compoundRoads === 'some' && !slab && enclosed.length === 0 && chance(rng, 0.5)) {
    const rowHh = new Map<number, number>();
    const rowPos = new Map<number, number[]>();
    for (const [t, i] of placed) {
      rowHh.set(t.row, (rowHh.get(t.row) ?? 0) + ctx.store.households[i]!);
      const v = across ? t.a : t.b;
      const h = (across ? t.w : t.d) / 2;
      const [lo0, hi0] = rowPos.get(t.row) ?? [Infinity, -Infinity];
      rowPos.set(t.row, [Math.min(lo0!, v - h), Math.max(hi0!, v + h)]);
    }
    const order = [...rowHh.keys()].sort((x, y) => x - y);
    const cuts: number[] = [];
    let part = 0;
    let ok = true;
    order.forEach((r, k) => {
      const hh = rowHh.get(r)!;
      if (hh > PART_CAP) ok = false;
      if (k > 0 && part + hh > PART_CAP) {
        const g = (rowPos.get(order[k - 1]!)![1]! + rowPos.get(r)![0]!) / 2;
        // Irregular rows can overlap: a road there would run through a tower, so this compound
        // gets none (seed 2147483634 ran one through a building).
        if ([...rowPos.values()].some(([lo, hi]) => lo! < g + 3 && hi! > g - 3)) ok = false;
        cuts.push(g);
        part = 0;
      }
      part += hh;
    });
    if (ok) for (const g of cuts) throughRoad(ctx, block, f, box, g, across, name, id);
  }
  ctx.roads.push({ cls: 'wall', compound: id, parts: [wallRing(f, box.a0, box.a1, box.b0, box.b1)] });
  return true;
}
