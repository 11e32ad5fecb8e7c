import type { BoundaryClass } from '../types';

/** Edge kinds in the mesh: -1 open ground, 0 the community's own boundary, 1.. a barrier class. */
export const OPEN = -1;
export const COMMUNITY_EDGE = 0;

export const BARRIER_CLASSES: BoundaryClass[] = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'residential',
  'service',
  'footway',
  'river',
  'canal',
  'rail',
  'wall',
  'bus_route',
  'road',
];

export function barrierKind(cls: BoundaryClass): number {
  return BARRIER_CLASSES.indexOf(cls) + 1;
}

/**
 * Cost of cutting one metre of boundary, by what the boundary runs along. Open ground inside a
 * block costs 1; a main road or river almost nothing; lanes and paths in between. Roads still cost
 * a little so that, of two road routes, the shorter (more compact) one wins.
 */
const CLASS_COST: Record<BoundaryClass, number> = {
  motorway: 0.05,
  trunk: 0.05,
  primary: 0.06,
  secondary: 0.07,
  tertiary: 0.09,
  residential: 0.12,
  service: 0.25,
  footway: 0.35,
  river: 0.05,
  canal: 0.06,
  rail: 0.05,
  wall: 0.15,
  bus_route: 0.07,
  road: 0.15,
};

export const KIND_COST: Float64Array = Float64Array.from([0, ...BARRIER_CLASSES.map((c) => CLASS_COST[c])]);

/** Cost per metre for an edge kind (OPEN = 1). */
export function kindCost(kind: number): number {
  return kind < 0 ? 1 : KIND_COST[kind]!;
}
