import { type BlockPlan, blockCorners, type CellPlan } from './blocks';
import { bilinear, type Vec } from './geometry';
import { type Grid, nodeAt, RiverIndex, rowEdge } from './grid';
import type { RoadClass } from './types';

/** Building setback from a road centreline by class (half the road width plus a little). */
export const MARGIN: Record<RoadClass, number> = {
  primary: 24,
  secondary: 18,
  tertiary: 11,
  residential: 8,
  canal: 10,
  river: 4,
  service: 5,
  footway: 2,
  rail: 14,
  wall: 2,
};

/** Buildings keep at least this far from the river line (the spec asks ~25 m). */
export const RIVER_CLEARANCE = 30;

/**
 * A straight road piece that others may end on: T-junction points are inserted into it, so that the
 * road lines are noded where they meet (as in OSM data).
 */
export class Segment {
  readonly inserts: Vec[] = [];

  constructor(
    readonly a: Vec,
    readonly b: Vec,
  ) {}

  insert(p: Vec): void {
    this.inserts.push(p);
  }

  points(): Vec[] {
    if (this.inserts.length === 0) return [this.a, this.b];
    const dx = this.b[0] - this.a[0];
    const dy = this.b[1] - this.a[1];
    const t = (p: Vec) => (p[0] - this.a[0]) * dx + (p[1] - this.a[1]) * dy;
    const sorted = this.inserts.slice().sort((p, q) => t(p) - t(q));
    return [this.a, ...sorted, this.b];
  }
}

export interface RoadLine {
  cls: RoadClass;
  name?: string;
  compound?: string;
  /** Pieces joined in order; a shared end point is written once. */
  parts: (Segment | Vec[])[];
}

export function linePoints(line: RoadLine): Vec[] {
  const out: Vec[] = [];
  for (const part of line.parts) {
    const pts = part instanceof Segment ? part.points() : part;
    for (const p of pts) {
      const last = out[out.length - 1];
      if (last && last[0] === p[0] && last[1] === p[1]) continue;
      out.push(p);
    }
  }
  return out;
}

export interface BlockGeom {
  index: number;
  plan: BlockPlan;
  cellIndex: number;
  /** Counter-clockwise corners: bottom-left, bottom-right, top-right, top-left. */
  corners: [Vec, Vec, Vec, Vec];
  /** Setback from each edge (bottom, right, top, left). */
  margins: [number, number, number, number];
  /** Straight road under each edge, for T-junctions; null along the river or in riverside cells. */
  edges: [Segment | null, Segment | null, Segment | null, Segment | null];
  riverSide: -1 | 0 | 1;
}

export interface Layout {
  grid: Grid;
  cells: CellPlan[];
  blocks: BlockGeom[];
  /** Arterials, river, rail and local roads (compound roads, walls and footways are added later). */
  roads: RoadLine[];
  river: RiverIndex;
}

/** Keep the runs of a polyline that stay on the cell's side of the river and clear of it. */
function clipByRiver(points: Vec[], river: RiverIndex, side: -1 | 1, clearance: number): Vec[][] {
  const dense: Vec[] = [];
  for (let k = 0; k < points.length - 1; k++) {
    const a = points[k]!;
    const b = points[k + 1]!;
    const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 10));
    dense.push(a);
    for (let s = 1; s < n; s++) dense.push([a[0] + ((b[0] - a[0]) * s) / n, a[1] + ((b[1] - a[1]) * s) / n]);
  }
  dense.push(points[points.length - 1]!);
  const ok = (p: Vec) =>
    (p[1] - river.yAt(p[0])) * side > 0 && river.distance(p[0], p[1], clearance) >= clearance;
  const runs: Vec[][] = [];
  let run: Vec[] = [];
  for (const p of dense) {
    if (ok(p)) run.push(p);
    else {
      if (run.length >= 2) runs.push(run);
      run = [];
    }
  }
  if (run.length >= 2) runs.push(run);
  // Drop the intermediate samples again except where a run was cut.
  return runs.map((r) => simplifyCollinear(r));
}

function simplifyCollinear(pts: Vec[]): Vec[] {
  if (pts.length <= 2) return pts;
  const out: Vec[] = [pts[0]!];
  for (let k = 1; k < pts.length - 1; k++) {
    const a = out[out.length - 1]!;
    const b = pts[k]!;
    const c = pts[k + 1]!;
    const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    if (Math.abs(cross) > 1e-6 * Math.hypot(c[0] - a[0], c[1] - a[1]) ** 2) out.push(b);
  }
  out.push(pts[pts.length - 1]!);
  return out;
}

/** The line extended by `ext` metres beyond its river end (the last point if the river is on top). */
function riverReach(pts: Vec[], riverSide: -1 | 0 | 1, ext: number): Vec[] {
  const [end, prev] = riverSide === -1 ? [pts[pts.length - 1]!, pts[pts.length - 2]!] : [pts[0]!, pts[1]!];
  const len = Math.hypot(end[0] - prev[0], end[1] - prev[1]) || 1;
  const far: Vec = [end[0] + ((end[0] - prev[0]) / len) * ext, end[1] + ((end[1] - prev[1]) / len) * ext];
  return riverSide === -1 ? [...pts, far] : [far, ...pts];
}

export function buildLayout(grid: Grid, cells: CellPlan[], plans: BlockPlan[]): Layout {
  const river = new RiverIndex(grid.river);
  const { nx, ny } = grid;
  // rowSeg[j][i]: node(i,j)→node(i+1,j); colSeg[i][j]: node(i,j)→node(i,j+1).
  const rowSeg: (Segment | null)[][] = [];
  for (let j = 0; j <= ny; j++) {
    const row: (Segment | null)[] = [];
    for (let i = 0; i < nx; i++)
      row.push(j === grid.riverRow ? null : new Segment(nodeAt(grid, i, j), nodeAt(grid, i + 1, j)));
    rowSeg.push(row);
  }
  const colSeg: Segment[][] = [];
  for (let i = 0; i <= nx; i++) {
    const col: Segment[] = [];
    for (let j = 0; j < ny; j++) col.push(new Segment(nodeAt(grid, i, j), nodeAt(grid, i, j + 1)));
    colSeg.push(col);
  }

  const roads: RoadLine[] = [];
  for (let j = 0; j <= ny; j++) {
    const parts: (Segment | Vec[])[] = [];
    for (let i = 0; i < nx; i++) parts.push(rowSeg[j]![i] ?? rowEdge(grid, i, j));
    roads.push({ cls: grid.rowClass[j]!, parts });
  }
  for (let i = 0; i <= nx; i++) roads.push({ cls: grid.colClass[i]!, parts: colSeg[i]! });
  if (grid.railCol >= 0) {
    // A railway beside an arterial (as metro viaducts and rail corridors often run).
    const pts: Vec[] = [];
    for (let j = 0; j <= ny; j++) {
      const p = nodeAt(grid, grid.railCol, j);
      pts.push([p[0] + 10, p[1]]);
    }
    roads.push({ cls: 'rail', parts: [pts] });
  }

  const blocks: BlockGeom[] = [];
  const byCell = new Map<number, BlockPlan[]>();
  for (const p of plans) {
    const list = byCell.get(p.cell);
    if (list) list.push(p);
    else byCell.set(p.cell, [p]);
  }

  cells.forEach((c, ci) => {
    const p00 = nodeAt(grid, c.i, c.j);
    const p10 = nodeAt(grid, c.i + 1, c.j);
    const p11 = nodeAt(grid, c.i + 1, c.j + 1);
    const p01 = nodeAt(grid, c.i, c.j + 1);
    const nu = c.us.length - 1;
    const nv = c.vs.length - 1;
    const bottom = rowSeg[c.j]![c.i] ?? null;
    const top = rowSeg[c.j + 1]![c.i] ?? null;
    const left = colSeg[c.i]![c.j]!;
    const right = colSeg[c.i + 1]![c.j]!;
    const riverCell = c.riverSide !== 0;
    // uSeg[k][b]: piece of interior u-line k between v-lines b and b+1 (straight cells only).
    const uSeg: Segment[][] = [];
    for (let k = 1; k < nu; k++) {
      const pts = c.vs.map((v) => bilinear(p00, p10, p11, p01, c.us[k]!, v));
      const cls = c.uClass[k - 1]!;
      if (riverCell) {
        // Run on past the chord to the riverbank (the river may bulge away from the chord).
        const reach = riverReach(pts, c.riverSide, grid.spacing * 0.3);
        for (const run of clipByRiver(reach, river, c.riverSide as -1 | 1, 12)) {
          if (run[0] === pts[0]) bottom?.insert(pts[0]!);
          if (run[run.length - 1] === pts[nv]) top?.insert(pts[nv]!);
          roads.push({ cls, parts: [run] });
        }
        uSeg.push([]);
        continue;
      }
      bottom?.insert(pts[0]!);
      top?.insert(pts[pts.length - 1]!);
      const segs: Segment[] = [];
      for (let b = 0; b < nv; b++) segs.push(new Segment(pts[b]!, pts[b + 1]!));
      uSeg.push(segs);
      roads.push({ cls, parts: segs });
    }
    const vSeg: Segment[][] = [];
    for (let k = 1; k < nv; k++) {
      const pts = c.us.map((u) => bilinear(p00, p10, p11, p01, u, c.vs[k]!));
      const cls = c.vClass[k - 1]!;
      if (riverCell) {
        for (const run of clipByRiver(pts, river, c.riverSide as -1 | 1, 12)) {
          if (run[0] === pts[0]) left.insert(pts[0]!);
          if (run[run.length - 1] === pts[nu]) right.insert(pts[nu]!);
          roads.push({ cls, parts: [run] });
        }
        vSeg.push([]);
        continue;
      }
      left.insert(pts[0]!);
      right.insert(pts[pts.length - 1]!);
      const segs: Segment[] = [];
      for (let a = 0; a < nu; a++) segs.push(new Segment(pts[a]!, pts[a + 1]!));
      vSeg.push(segs);
      roads.push({ cls, parts: segs });
    }

    for (const plan of byCell.get(ci) ?? []) {
      const { a, b } = plan;
      const clsBottom = b === 0 ? grid.rowClass[c.j]! : c.vClass[b - 1]!;
      const clsTop = b === nv - 1 ? grid.rowClass[c.j + 1]! : c.vClass[b]!;
      const clsLeft = a === 0 ? grid.colClass[c.i]! : c.uClass[a - 1]!;
      const clsRight = a === nu - 1 ? grid.colClass[c.i + 1]! : c.uClass[a]!;
      const edges: BlockGeom['edges'] = riverCell
        ? [null, null, null, null]
        : [
            b === 0 ? bottom : vSeg[b - 1]![a]!,
            a === nu - 1 ? right : uSeg[a]![b]!,
            b === nv - 1 ? top : vSeg[b]![a]!,
            a === 0 ? left : uSeg[a - 1]![b]!,
          ];
      blocks.push({
        index: blocks.length,
        plan,
        cellIndex: ci,
        corners: blockCorners(grid, c, a, b),
        margins: [MARGIN[clsBottom], MARGIN[clsRight], MARGIN[clsTop], MARGIN[clsLeft]],
        edges,
        riverSide: c.riverSide,
      });
    }
  });
  return { grid, cells, blocks, roads, river };
}
