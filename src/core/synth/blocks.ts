import { shuffle } from '../random';
import { bilinear, ringArea, type Vec } from './geometry';
import { type Grid, nodeAt } from './grid';
import { intBetween, type Rng, uniform, weightedIndex } from './rng';
import type { RoadClass } from './types';

export type BlockKind = 'tower' | 'walkup' | 'village' | 'school' | 'office' | 'mall' | 'industrial' | 'park';

/** Share of the block area given to each kind; tuned so a building holds about 16 households on average. */
const AREA_SHARE: Record<BlockKind, number> = {
  village: 0.2,
  park: 0.06,
  school: 0.05,
  office: 0.04,
  mall: 0.02,
  industrial: 0.05,
  tower: 0.3,
  walkup: 0.28,
};

/** Buildings per hectare of block (road centre to road centre) at natural density. */
export const NATURAL_DENSITY: Record<BlockKind, number> = {
  tower: 2.6,
  walkup: 4.2,
  village: 40,
  school: 2.2,
  office: 2.5,
  mall: 0.6,
  industrial: 4.5,
  park: 0,
};

/** Expected buildings per hectare of a district with the default mix, to size it from the target count. */
export const MEAN_DENSITY = (Object.keys(AREA_SHARE) as BlockKind[]).reduce(
  (s, k) => s + AREA_SHARE[k] * NATURAL_DENSITY[k],
  0,
);

/** How a superblock (grid cell) is cut by local roads into nu × nv blocks. */
export interface CellPlan {
  i: number;
  j: number;
  /** Split parameters including 0 and 1. */
  us: number[];
  vs: number[];
  /** Class of each interior u-line (constant u) and v-line. */
  uClass: RoadClass[];
  vClass: RoadClass[];
  /** -1: the river is the top edge; +1: the river is the bottom edge; 0: no river. */
  riverSide: -1 | 0 | 1;
}

export interface BlockPlan {
  /** Index into the cell plans. */
  cell: number;
  /** Column (u) and row (v) of the block inside its cell. */
  a: number;
  b: number;
  kind: BlockKind;
  /** Area in m² at the unscaled grid. */
  area: number;
  /** Density multiplier so blocks of one kind are not all alike. */
  density: number;
}

const LAYOUTS: [number, number][] = [
  [2, 1],
  [1, 2],
  [2, 2],
  [3, 1],
  [1, 3],
  [3, 2],
  [2, 3],
];

function splits(rng: Rng, n: number): number[] {
  const out = [0];
  for (let k = 1; k < n; k++) out.push(k / n + uniform(rng, -0.08, 0.08) / n);
  out.push(1);
  return out;
}

/** Local road classes: the line through the middle is tertiary, the others residential, a few canals. */
function localClasses(rng: Rng, n: number, main: boolean): RoadClass[] {
  const out: RoadClass[] = [];
  const mid = Math.floor(n / 2);
  for (let k = 0; k < n; k++) {
    if (rng() < 0.05) out.push('canal');
    else out.push(main && k === mid ? 'tertiary' : 'residential');
  }
  return out;
}

export function planCells(rng: Rng, g: Grid): CellPlan[] {
  const cells: CellPlan[] = [];
  for (let j = 0; j < g.ny; j++) {
    for (let i = 0; i < g.nx; i++) {
      const p00 = nodeAt(g, i, j);
      const p10 = nodeAt(g, i + 1, j);
      const p01 = nodeAt(g, i, j + 1);
      const w = p10[0] - p00[0];
      const h = p01[1] - p00[1];
      // Prefer layouts whose blocks are not slivers; 4 blocks is the most common.
      const weights = LAYOUTS.map(([nu, nv]) => {
        const aspect = Math.abs(Math.log(w / nu / (h / nv)));
        return Math.exp(-2 * aspect) * (nu * nv === 4 ? 1.6 : 1);
      });
      const [nu, nv] = LAYOUTS[weightedIndex(rng, weights)]!;
      const uMain = nu >= nv;
      cells.push({
        i,
        j,
        us: splits(rng, nu),
        vs: splits(rng, nv),
        uClass: localClasses(rng, nu - 1, uMain),
        vClass: localClasses(rng, nv - 1, !uMain),
        riverSide: j + 1 === g.riverRow ? -1 : j === g.riverRow ? 1 : 0,
      });
    }
  }
  return cells;
}

/** Corners (CCW) of block (a, b) of a cell. */
export function blockCorners(g: Grid, c: CellPlan, a: number, b: number): [Vec, Vec, Vec, Vec] {
  const p00 = nodeAt(g, c.i, c.j);
  const p10 = nodeAt(g, c.i + 1, c.j);
  const p11 = nodeAt(g, c.i + 1, c.j + 1);
  const p01 = nodeAt(g, c.i, c.j + 1);
  const u0 = c.us[a]!;
  const u1 = c.us[a + 1]!;
  const v0 = c.vs[b]!;
  const v1 = c.vs[b + 1]!;
  return [
    bilinear(p00, p10, p11, p01, u0, v0),
    bilinear(p00, p10, p11, p01, u1, v0),
    bilinear(p00, p10, p11, p01, u1, v1),
    bilinear(p00, p10, p11, p01, u0, v1),
  ];
}

/**
 * Give every block a kind so that the area shares come out right at any size: urban villages in
 * clusters of whole superblocks, parks preferably by the river, then non-residential blocks, then
 * high-rise compounds and walk-up estates by whichever is further behind its share.
 */
export function assignKinds(rng: Rng, g: Grid, cells: CellPlan[]): BlockPlan[] {
  const blocks: BlockPlan[] = [];
  cells.forEach((c, ci) => {
    for (let b = 0; b < c.vs.length - 1; b++) {
      for (let a = 0; a < c.us.length - 1; a++) {
        const area = ringArea(blockCorners(g, c, a, b));
        blocks.push({ cell: ci, a, b, kind: 'tower', area, density: uniform(rng, 0.85, 1.15) });
      }
    }
  });
  const total = blocks.reduce((s, b) => s + b.area, 0);
  const assigned = new Set<number>();
  const areaOf: Record<BlockKind, number> = {
    tower: 0,
    walkup: 0,
    village: 0,
    school: 0,
    office: 0,
    mall: 0,
    industrial: 0,
    park: 0,
  };
  const give = (bi: number, kind: BlockKind) => {
    blocks[bi]!.kind = kind;
    areaOf[kind] += blocks[bi]!.area;
    assigned.add(bi);
  };
  const fits = (kind: BlockKind, bi: number) =>
    areaOf[kind] + blocks[bi]!.area * 0.5 <= AREA_SHARE[kind] * total;

  // Urban villages: whole superblocks, block after block.
  const byCell: number[][] = cells.map(() => []);
  blocks.forEach((b, bi) => {
    byCell[b.cell]!.push(bi);
  });
  const cellOrder = shuffle(
    rng,
    cells.map((_, ci) => ci),
  );
  for (const ci of cellOrder) {
    for (const bi of byCell[ci]!) if (fits('village', bi)) give(bi, 'village');
  }

  // Parks: riverside first.
  const free = () =>
    shuffle(
      rng,
      blocks.map((_, bi) => bi).filter((bi) => !assigned.has(bi)),
    );
  const riverFirst = free().sort(
    (x, y) => Math.abs(cells[blocks[y]!.cell]!.riverSide) - Math.abs(cells[blocks[x]!.cell]!.riverSide),
  );
  for (const bi of riverFirst) if (fits('park', bi)) give(bi, 'park');
  if (areaOf.park === 0 && blocks.length >= 6 && riverFirst.length > 0) give(riverFirst[0]!, 'park');

  const nonRes: BlockKind[] = ['school', 'office', 'mall', 'industrial'];
  for (const bi of free()) {
    const deficits = nonRes.map((k) => AREA_SHARE[k] * total - areaOf[k] - blocks[bi]!.area * 0.5);
    const best = deficits.indexOf(Math.max(...deficits));
    if (deficits[best]! >= 0) give(bi, nonRes[best]!);
  }

  for (const bi of free()) {
    const dt = AREA_SHARE.tower * total - areaOf.tower;
    const dw = AREA_SHARE.walkup * total - areaOf.walkup;
    const kind: BlockKind =
      rng() < Math.max(dt, 1) / (Math.max(dt, 1) + Math.max(dw, 1)) ? 'tower' : 'walkup';
    give(bi, kind);
  }

  // Every district has at least one high-rise compound block (it carries most households).
  if (areaOf.tower === 0) {
    let best = -1;
    for (let bi = 0; bi < blocks.length; bi++) {
      const k = blocks[bi]!.kind;
      if (k === 'village' || k === 'park') continue;
      if (best < 0 || blocks[bi]!.area > blocks[best]!.area) best = bi;
    }
    if (best < 0) best = intBetween(rng, 0, blocks.length - 1);
    blocks[best]!.kind = 'tower';
  }
  return blocks;
}
