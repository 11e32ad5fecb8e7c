/** Domain records in the planner's words. Coordinates are WGS84/CGCS2000 lon/lat unless noted. */

export type Position = [number, number];

export interface Building {
  id: string;
  households: number;
  /** Gated compound (小区) id, or null for a loose building. */
  compound: string | null;
  name: string;
  /** Representative point (footprint centroid or the point itself). */
  lon: number;
  lat: number;
  /** Exterior ring of the footprint, or null for a point. */
  footprint: Position[] | null;
  /** Index of the feature in its file, to name it in messages. */
  featureIndex: number;
}

export type BoundaryClass =
  | 'motorway'
  | 'trunk'
  | 'primary'
  | 'secondary'
  | 'tertiary'
  | 'residential'
  | 'service'
  | 'footway'
  | 'river'
  | 'canal'
  | 'rail'
  | 'wall'
  | 'bus_route'
  | 'road';

/** A road, river, railway or wall: a line a boundary may follow. */
export interface Barrier {
  /** The feature's id in its file (`id` property or feature id, else `#index`), for messages. */
  id: string;
  cls: BoundaryClass;
  name: string;
  coords: Position[];
}

export interface Community {
  name: string;
  code: string;
  /** Polygons → rings (first is the exterior) → positions. */
  polygons: Position[][][];
  featureIndex: number;
}

export interface Facility {
  kind: string;
  areaM2: number;
  name: string;
  lon: number;
  lat: number;
}

export type IssueSeverity = 'fatal' | 'error' | 'warning';

/** Something wrong with the input, said with the file, the feature and the field. */
export interface InputIssue {
  severity: IssueSeverity;
  code: string;
  file: string;
  /** Feature id, or `#index` when it has none. */
  feature?: string;
  field?: string;
  /** Values the message is made of (areas, counts, the other feature), for translation. */
  params?: Record<string, string | number>;
  message: string;
}

export interface PlanInput {
  buildings: Building[];
  barriers: Barrier[];
  communities: Community[];
  facilities: Facility[];
  issues: InputIssue[];
  /** Name of the buildings file, to name it in later messages. */
  buildingsFile?: string;
}

export interface PlanOptions {
  min: number;
  max: number;
  /** Communities with more households than this are split (default 6,000). */
  splitOver: number;
  target: number;
  /** Fixed number of units for every split community, or per community name/code. */
  units?: number | Record<string, number>;
  seed: number;
  restarts: number;
  /** Weight of the compactness term in the partition score. */
  compactness: number;
  /** Douglas–Peucker tolerance in metres for internal boundaries. */
  simplify: number;
  /** Minimum floor area of a service centre that counts (m²), whatever the unit's size. */
  serviceCentreMinArea: number;
  /** Floor area a service centre needs per 100 households (m²): local rules ask for 30. */
  serviceCentrePer100: number;
  /**
   * A compound over `max` households: `split` cuts it between its buildings (along its internal roads
   * where the data has them, else the widest gaps); `keep` only along internal roads, and refuses
   * the community when a block of it is still over `max`.
   */
  bigCompounds: 'split' | 'keep';
  /** Units above this many households are listed as a notice (the 2026 law's "generally ≤ 3,000"). */
  noticeOver: number;
}

/** Size presets: the practice the project was asked for, and the revised 居委会组织法 (2026). */
export const SIZE_PRESETS = {
  '1500-3500': { min: 1500, max: 3500, target: 2500 },
  '1000-3000': { min: 1000, max: 3000, target: 2000 },
} as const;
export type SizePreset = keyof typeof SIZE_PRESETS;

export const DEFAULT_PLAN_OPTIONS: PlanOptions = {
  min: 1500,
  max: 3500,
  splitOver: 6000,
  target: 2500,
  seed: 1,
  restarts: 4,
  compactness: 0,
  simplify: 1,
  serviceCentreMinArea: 300,
  serviceCentrePer100: 30,
  bigCompounds: 'split',
  noticeOver: 3000,
};
