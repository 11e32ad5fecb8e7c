import type { Vec } from './geometry';
import type { BlockGeom, RoadLine } from './layout';
import type { NameBook } from './names';
import type { Rng } from './rng';
import { clipRectToBlock, type Frame, riverSafe, toWorld } from './slots';
import type { CompoundRoads, FacilityKind } from './types';

/**
 * Buildings as parallel arrays (struct of arrays): 200,000 buildings stay cheap until the features
 * are written at the very end.
 */
export class BuildingStore {
  readonly cx: number[] = [];
  readonly cy: number[] = [];
  /** Half sizes along the block axis and across it. */
  readonly hw: number[] = [];
  readonly hd: number[] = [];
  /** Block axis (unit vector). */
  readonly ex: number[] = [];
  readonly ey: number[] = [];
  readonly households: number[] = [];
  readonly floors: number[] = [];
  /** Index into the compounds, or -1. */
  readonly compound: number[] = [];
  readonly name: string[] = [];
  readonly block: number[] = [];
  /** Drawn as a point (set at the end). */
  readonly point: boolean[] = [];

  get length(): number {
    return this.cx.length;
  }

  add(
    f: Frame,
    a: number,
    b: number,
    w: number,
    d: number,
    households: number,
    floors: number,
    compound: number,
    name: string,
    block: number,
  ): number {
    this.cx.push(f.ox + a * f.e1x - b * f.e1y);
    this.cy.push(f.oy + a * f.e1y + b * f.e1x);
    this.hw.push(w / 2);
    this.hd.push(d / 2);
    this.ex.push(f.e1x);
    this.ey.push(f.e1y);
    this.households.push(households);
    this.floors.push(floors);
    this.compound.push(compound);
    this.name.push(name);
    this.block.push(block);
    this.point.push(false);
    return this.cx.length - 1;
  }
}

export interface Compound {
  id: string;
  name: string;
  block: number;
  /** Split by through service roads into parts under 3,500 households. */
  big: boolean;
}

/** A facility placed while filling blocks; named once communities are known. */
export interface FacilitySite {
  kind: FacilityKind;
  x: number;
  y: number;
  areaM2: number;
  name: string;
  block: number;
}

export interface FillContext {
  rng: Rng;
  names: NameBook;
  store: BuildingStore;
  roads: RoadLine[];
  compounds: Compound[];
  sites: FacilitySite[];
  /** Big (3,600–6,000-household) compounds still to place. */
  bigLeft: number;
  /** Chance that an eligible high-rise block becomes a big compound. */
  bigChance: number;
  /** Village name per superblock, so a village spanning blocks keeps one name and numbering. */
  villages: Map<number, { name: string; next: number }>;
  /** Which big compounds keep their internal roads (see DistrictOptions). */
  compoundRoads: CompoundRoads;
  /** Mega-compound bookkeeping; null for `all`, which draws nothing more than it always did. */
  big: BigCompoundState | null;
}

export interface BigCompoundState {
  /** Its own stream, for choices made where the default district draws from `rng`. */
  rng: Rng;
  megaCompounds: number;
  enclosed: number;
}

export function newCompound(ctx: FillContext, name: string, block: BlockGeom, big: boolean): number {
  const n = ctx.compounds.length + 1;
  ctx.compounds.push({ id: `C${String(n).padStart(4, '0')}`, name, block: block.index, big });
  return n - 1;
}

/** Closed wall ring (world coordinates) around a frame rectangle, cut to stay inside the block. */
export function wallRing(f: Frame, a0: number, a1: number, b0: number, b1: number): Vec[] {
  const poly = clipRectToBlock(f, a0, a1, b0, b1, 3);
  // By the river, a corner of the box may reach the bank: no wall then (walls are optional).
  const clear = poly.every((p, i) => {
    const q = poly[(i + 1) % poly.length]!;
    const safe = riverSafe(f, p, q, 10);
    return safe !== null && safe[0] === p && safe[1] === q;
  });
  if (poly.length < 3 || !clear) return [];
  const ring = poly.map(([a, b]) => toWorld(f, a, b));
  ring.push(ring[0]!);
  return ring;
}
