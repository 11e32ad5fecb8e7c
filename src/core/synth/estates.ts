import { shuffle } from '../random';
import type { Vec } from './geometry';
import type { BlockGeom } from './layout';
import { groupPieces, splitLines } from './pieces';
import { chance, intBetween, uniform } from './rng';
import {
  clipSegmentToBlock,
  clipToBlock,
  type Frame,
  fitSlots,
  keepSlots,
  riverSafe,
  type SlotSpec,
  type Slots,
  toWorld,
} from './slots';
import { type FillContext, newCompound, wallRing } from './store';

/** Households a compound may hold unless it is split by internal roads. */
const COMPOUND_CAP = 3400;

export function towerSpec(rng: () => number): SlotSpec {
  return {
    w: uniform(rng, 22, 30),
    d: uniform(rng, 15, 20),
    gx: uniform(rng, 26, 36),
    gy: uniform(rng, 34, 46),
    sMin: 0.5,
    sMax: 3,
  };
}

export function walkupSpec(rng: () => number): SlotSpec {
  return {
    w: uniform(rng, 38, 62),
    d: uniform(rng, 10, 13),
    gx: uniform(rng, 8, 14),
    gy: uniform(rng, 16, 22),
    sMin: 0.5,
    sMax: 4,
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Floors of a tower from its households: 4, 6 or 8 flats a floor, 18–33 floors. */
function towerFloors(households: number): number {
  const perFloor = households <= 100 ? 4 : households <= 200 ? 6 : 8;
  return clamp(Math.round(households / perFloor), 18, 33);
}

/** Scale the households of the given buildings down so their sum stays within the cap. */
function capHouseholds(ctx: FillContext, ids: number[], cap: number, floor: number): void {
  const hh = ctx.store.households;
  let sum = 0;
  for (const i of ids) sum += hh[i]!;
  if (sum <= cap) return;
  const factor = cap / sum;
  for (const i of ids) if (hh[i]! > 0) hh[i] = Math.max(floor, Math.floor(hh[i]! * factor));
}

/** Slots to keep when a block has more than its budget: drop the ones nearest the centre (a garden). */
function keepOuter(s: Slots, budget: number): Slots {
  if (s.a.length <= budget) return s;
  const order = s.a
    .map((_, i) => i)
    .sort((x, y) => Math.hypot(s.a[y]!, s.b[y]!) - Math.hypot(s.a[x]!, s.b[x]!));
  return keepSlots(
    s,
    order.slice(0, budget).sort((x, y) => x - y),
  );
}

function keepRandom(ctx: FillContext, s: Slots, budget: number): Slots {
  if (s.a.length <= budget) return s;
  const idx = shuffle(
    ctx.rng,
    s.a.map((_, i) => i),
  );
  return keepSlots(
    s,
    idx.slice(0, budget).sort((x, y) => x - y),
  );
}

export interface PieceBox {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Frame rectangle around a piece's buildings, `m` metres out. */
export function pieceBox(s: Slots, piece: number[], spec: SlotSpec, m: number): PieceBox {
  let a0 = Infinity;
  let a1 = -Infinity;
  let b0 = Infinity;
  let b1 = -Infinity;
  for (const k of piece) {
    a0 = Math.min(a0, s.a[k]! - spec.w / 2 - m);
    a1 = Math.max(a1, s.a[k]! + spec.w / 2 + m);
    b0 = Math.min(b0, s.b[k]! - spec.d / 2 - m);
    b1 = Math.max(b1, s.b[k]! + spec.d / 2 + m);
  }
  return { a0, a1, b0, b1 };
}

/**
 * An internal road of a compound along the gap between its middle columns (or rows); when the
 * compound reaches the block edge in that direction the road runs out to the street as its gate.
 */
function spineRoad(
  ctx: FillContext,
  block: BlockGeom,
  f: Frame,
  s: Slots,
  piece: number[],
  box: PieceBox,
  compoundId: string,
  gateDown: boolean,
  gateUp: boolean,
): void {
  const cols = [...new Set(piece.map((k) => s.col[k]!))].sort((x, y) => x - y);
  const rows = [...new Set(piece.map((k) => s.row[k]!))].sort((x, y) => x - y);
  let pts: Vec[];
  if (cols.length >= 2) {
    const mid = Math.floor(cols.length / 2);
    const a = s.a0 + ((cols[mid - 1]! + cols[mid]!) / 2) * s.px;
    const inside = clipSegmentToBlock(f, [a, box.b0], [a, box.b1], 3);
    if (!inside) return;
    let [from, to] = inside;
    const clip = gateDown || gateUp ? clipToBlock(f, a, 0, 0, 1) : null;
    if (clip && gateDown) from = clip.from;
    if (clip && gateUp) to = clip.to;
    const safe = riverSafe(f, from, to);
    if (!safe) return;
    pts = [toWorld(f, safe[0][0], safe[0][1]), toWorld(f, safe[1][0], safe[1][1])];
    // A gate that reaches the street is a T-junction on it.
    if (clip && safe[0] === clip.from) block.edges[clip.edgeFrom]?.insert(pts[0]!);
    if (clip && safe[1] === clip.to) block.edges[clip.edgeTo]?.insert(pts[1]!);
  } else if (rows.length >= 2) {
    const mid = Math.floor(rows.length / 2);
    const b = s.b0 + ((rows[mid - 1]! + rows[mid]!) / 2) * s.py;
    const inside = clipSegmentToBlock(f, [box.a0, b], [box.a1, b], 3);
    if (!inside) return;
    pts = [toWorld(f, inside[0][0], inside[0][1]), toWorld(f, inside[1][0], inside[1][1])];
  } else return;
  ctx.roads.push({ cls: 'service', compound: compoundId, parts: [pts] });
}

/** Gated high-rise compounds: towers of 60–300 households, a clubhouse or kindergarten, walls, roads. */
export function fillTowers(
  ctx: FillContext,
  block: BlockGeom,
  f: Frame,
  spec: SlotSpec,
  budget: number,
): void {
  const s = keepOuter(fitSlots(f, spec, budget), budget);
  const n = s.a.length;
  if (n === 0) return;
  const lines = Math.max(new Set(s.col).size, new Set(s.row).size);
  if (ctx.bigLeft > 0 && n >= 16 && n <= 90 && lines >= 2 && chance(ctx.rng, ctx.bigChance)) {
    ctx.bigLeft--;
    bigCompound(ctx, block, f, spec, s);
    return;
  }
  // Compounds of mostly 500–3,000 households at 70–190 households a tower.
  const perStrip: number[] = [];
  const stripOf: number[] = [];
  const pieces = groupPieces(
    s,
    () => {
      const perTower = uniform(ctx.rng, 70, 190);
      perStrip.push(perTower);
      return clamp(Math.round((500 + 2500 * ctx.rng() ** 1.3) / perTower), 2, 24);
    },
    stripOf,
  );
  const m = Math.min(6, 0.35 * (s.px - spec.w), 0.35 * (s.py - spec.d));
  const colRange = pieces.map((p) => {
    const cols = p.map((k) => s.col[k]!);
    return [Math.min(...cols), Math.max(...cols)] as const;
  });
  pieces.forEach((piece, pi) => {
    const perTower = perStrip[stripOf[pi]!]!;
    const name = ctx.names.name('tower');
    const cid = newCompound(ctx, name, block, false);
    const ids = placeTowers(ctx, block, f, spec, s, piece, cid, name, perTower, piece.length >= 6 ? 1 : 0);
    capHouseholds(ctx, ids, COMPOUND_CAP, 60);
    const box = pieceBox(s, piece, spec, m);
    const id = ctx.compounds[cid]!.id;
    if (chance(ctx.rng, 0.75))
      ctx.roads.push({ cls: 'wall', compound: id, parts: [wallRing(f, box.a0, box.a1, box.b0, box.b1)] });
    // Gates open to the street where no other compound of the same strip lies beyond.
    const [c0, c1] = colRange[pi]!;
    const rows = piece.map((k) => s.row[k]!);
    let below = false;
    let above = false;
    pieces.forEach((other, oi) => {
      if (oi === pi || colRange[oi]![1] < c0 || colRange[oi]![0] > c1) return;
      const oRows = other.map((k) => s.row[k]!);
      if (Math.min(...oRows) < Math.min(...rows)) below = true;
      if (Math.max(...oRows) > Math.max(...rows)) above = true;
    });
    if (ctx.compoundRoads !== 'none') spineRoad(ctx, block, f, s, piece, box, id, !below, !above);
  });
}

/** Towers of one compound; `ancillary` slots nearest its centre become a clubhouse or kindergarten. */
function placeTowers(
  ctx: FillContext,
  block: BlockGeom,
  f: Frame,
  spec: SlotSpec,
  s: Slots,
  piece: number[],
  cid: number,
  name: string,
  perTower: number,
  ancillary: number,
): number[] {
  const ca = piece.reduce((t, k) => t + s.a[k]!, 0) / piece.length;
  const cb = piece.reduce((t, k) => t + s.b[k]!, 0) / piece.length;
  const central = new Set(
    piece
      .slice()
      .sort((x, y) => Math.hypot(s.a[x]! - ca, s.b[x]! - cb) - Math.hypot(s.a[y]! - ca, s.b[y]! - cb))
      .slice(0, ancillary),
  );
  const ids: number[] = [];
  let k = 1;
  for (const slot of piece) {
    if (central.has(slot)) {
      const kinder = perTower * piece.length >= 900 && chance(ctx.rng, 0.6);
      const label = kinder ? `${name}幼儿园` : `${name}会所`;
      ctx.store.add(
        f,
        s.a[slot]!,
        s.b[slot]!,
        spec.w * 0.8,
        spec.d * 0.7,
        0,
        kinder ? 3 : 2,
        cid,
        label,
        block.index,
      );
      if (kinder) {
        const [x, y] = toWorld(f, s.a[slot]!, s.b[slot]!);
        ctx.sites.push({
          kind: 'kindergarten',
          x,
          y,
          areaM2: Math.round(uniform(ctx.rng, 1500, 4000)),
          name: label,
          block: block.index,
        });
      }
      continue;
    }
    const hh = clamp(Math.round(perTower * uniform(ctx.rng, 0.85, 1.15)), 60, 300);
    ids.push(
      ctx.store.add(
        f,
        s.a[slot]!,
        s.b[slot]!,
        spec.w,
        spec.d,
        hh,
        towerFloors(hh),
        cid,
        `${name}${k}栋`,
        block.index,
      ),
    );
    k++;
  }
  return ids;
}

/**
 * Continue a road end away from `other` until it crosses the river (within 80 m), or leave it.
 * In slot coordinates (metres).
 */
function toRiverBank(f: Frame, end: [number, number], other: [number, number]): [number, number] {
  const river = f.river;
  if (!river) return end;
  const len = Math.hypot(end[0] - other[0], end[1] - other[1]) || 1;
  const ux = (end[0] - other[0]) / len;
  const uy = (end[1] - other[1]) / len;
  const side = (t: number) => {
    const [x, y] = toWorld(f, end[0] + ux * t, end[1] + uy * t);
    return (y - river.yAt(x)) * f.riverSide;
  };
  if (side(0) <= 0) return end;
  for (let t = 1; t <= 80; t++) {
    if (side(t) <= 0) return [end[0] + ux * (t + 0.5), end[1] + uy * (t + 0.5)];
  }
  return end;
}

/**
 * A rare big compound (3,600–6,000 households) filling its whole block, cut by through service roads
 * into parts under 3,500 households, so the planner can split it along them.
 */
function bigCompound(ctx: FillContext, block: BlockGeom, f: Frame, spec: SlotSpec, s: Slots): void {
  const n = s.a.length;
  const target = uniform(ctx.rng, 3600, Math.min(6000, 0.88 * 300 * (n - 1)));
  const { groups, gaps, alongCols } = splitLines(s, Math.max(2, Math.ceil(target / 3000)));
  const name = ctx.names.name('tower');
  const cid = newCompound(ctx, name, block, true);
  const id = ctx.compounds[cid]!.id;
  const perTower = target / (n - 1);
  let number = 1;
  groups.forEach((group, gi) => {
    // One kindergarten in the first part.
    const ids = placeTowers(ctx, block, f, spec, s, group, cid, name, perTower, gi === 0 ? 1 : 0);
    // Renumber so building names run on across parts.
    for (const i of ids) ctx.store.name[i] = `${name}${number++}栋`;
    capHouseholds(ctx, ids, COMPOUND_CAP, 60);
  });
  const m = Math.min(6, 0.35 * (s.px - spec.w), 0.35 * (s.py - spec.d));
  const box = pieceBox(
    s,
    s.a.map((_, i) => i),
    spec,
    m,
  );
  // Without internal roads (as map-service outlines come) the compound is one piece in its block.
  const roads =
    ctx.compoundRoads === 'all' ||
    (ctx.compoundRoads === 'some' && ctx.big !== null && chance(ctx.big.rng, 0.5));
  if (roads) for (const g of gaps) throughRoad(ctx, block, f, box, g, alongCols, name, id);
  ctx.roads.push({ cls: 'wall', compound: id, parts: [wallRing(f, box.a0, box.a1, box.b0, box.b1)] });
}

/**
 * A service road of compound `id` through the whole block at frame position `g` (constant a when
 * `alongCols`, else constant b), from street to street: it cuts the compound in two.
 */
export function throughRoad(
  ctx: FillContext,
  block: BlockGeom,
  f: Frame,
  box: PieceBox,
  g: number,
  alongCols: boolean,
  name: string,
  id: string,
): void {
  const clip = alongCols ? clipToBlock(f, g, 0, 0, 1) : clipToBlock(f, 0, g, 1, 0);
  const safe = clip && riverSafe(f, clip.from, clip.to);
  if (!clip || !safe) return;
  // The road always runs through the compound's wall at both ends (1 m past it), so it really
  // cuts the compound in two: a road that stops short inside the wall separates nothing.
  const through = (p: [number, number], outward: number): [number, number] => {
    if (alongCols) {
      const edge = outward < 0 ? box.b0 - 1 : box.b1 + 1;
      return [p[0], outward < 0 ? Math.min(p[1], edge) : Math.max(p[1], edge)];
    }
    const edge = outward < 0 ? box.a0 - 1 : box.a1 + 1;
    return [outward < 0 ? Math.min(p[0], edge) : Math.max(p[0], edge), p[1]];
  };
  const axis = alongCols ? 1 : 0;
  const dir = Math.sign(safe[1][axis] - safe[0][axis]) || 1;
  // Where the block ends at an open riverside strip, the road runs on to the river itself.
  const from = toWorld(f, ...toRiverBank(f, through(safe[0], -dir), safe[1]));
  const to = toWorld(f, ...toRiverBank(f, through(safe[1], dir), safe[0]));
  if (safe[0] === clip.from) block.edges[clip.edgeFrom]?.insert(from);
  if (safe[1] === clip.to) block.edges[clip.edgeTo]?.insert(to);
  ctx.roads.push({ cls: 'service', name: `${name}内环路`, compound: id, parts: [[from, to]] });
}

/** Old walk-up estates: 5–7-floor slabs of 20–50 households, mostly gated into compounds. */
export function fillWalkups(
  ctx: FillContext,
  block: BlockGeom,
  f: Frame,
  spec: SlotSpec,
  budget: number,
): void {
  const s = keepRandom(ctx, fitSlots(f, spec, budget), budget);
  const pieces = groupPieces(s, () => intBetween(ctx.rng, 15, 55));
  const m = Math.min(5, 0.35 * (s.px - spec.w), 0.35 * (s.py - spec.d));
  const stairs = clamp(Math.round(spec.w / 16), 2, 4);
  for (const piece of pieces) {
    const gated = chance(ctx.rng, 0.7);
    const name = ctx.names.name('walkup');
    const cid = gated ? newCompound(ctx, name, block, false) : -1;
    const ids: number[] = [];
    let k = 1;
    for (const slot of piece) {
      if (chance(ctx.rng, 0.04)) {
        ctx.store.add(
          f,
          s.a[slot]!,
          s.b[slot]!,
          spec.w * 0.4,
          spec.d * 0.8,
          0,
          1,
          cid,
          `${name}配套用房`,
          block.index,
        );
        continue;
      }
      const floors = intBetween(ctx.rng, 5, 7);
      const hh = clamp(floors * stairs * 2 - intBetween(ctx.rng, 0, 4), 20, 50);
      ids.push(
        ctx.store.add(
          f,
          s.a[slot]!,
          s.b[slot]!,
          spec.w,
          spec.d,
          hh,
          floors,
          cid,
          `${name}${k}栋`,
          block.index,
        ),
      );
      k++;
    }
    if (!gated) continue;
    capHouseholds(ctx, ids, COMPOUND_CAP, 20);
    const id = ctx.compounds[cid]!.id;
    const box = pieceBox(s, piece, spec, m);
    if (chance(ctx.rng, 0.6))
      ctx.roads.push({ cls: 'wall', compound: id, parts: [wallRing(f, box.a0, box.a1, box.b0, box.b1)] });
    if (chance(ctx.rng, 0.6) && ctx.compoundRoads !== 'none')
      spineRoad(ctx, block, f, s, piece, box, id, false, false);
  }
}
