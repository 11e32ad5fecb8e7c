import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';

/** Options of the synthetic district generator. */
export interface DistrictOptions {
  /** Target number of buildings; the result is within ±10% (normally exact). From 500 to 200,000. */
  buildings: number;
  /** Seed: the same seed and options always give the same district. */
  seed: number;
  /** Centre [lon, lat]; default near 114.06°E 22.55°N, moved a little by the seed. */
  centre?: [number, number];
  /** Share of buildings given as Points instead of footprints (urban villages first). Default 0.2. */
  pointShare?: number;
  /**
   * Which big compounds carry their internal roads. `all` (the default): every compound over 3,500
   * households is cut by its own service roads into parts under 3,500. `none`, as compound outlines
   * from a map service come: no compound has an internal road, and half the high-rise blocks are
   * mega-compounds of 4,000–8,000 households (some enclosing a small compound that reaches the rest
   * only through them; rarely one slab of over 3,500). `some`: those mega-compounds too, half of the
   * big compounds with internal roads.
   */
  compoundRoads?: CompoundRoads;
}

export type CompoundRoads = 'all' | 'some' | 'none';

export const COMPOUND_ROADS: readonly CompoundRoads[] = ['all', 'some', 'none'];

/** What a district made with `compoundRoads` other than `all` holds that the planner finds hard. */
export interface BigCompoundSummary {
  compoundRoads: CompoundRoads;
  /** Compounds of 4,000–8,000 households filling one block. */
  megaCompounds: number;
  /** Compounds over 3,500 households with no internal road of their own. */
  withoutRoads: number;
  /** Small compounds enclosed by a mega-compound: they reach the rest only through it. */
  enclosed: number;
  /** Single buildings of over 3,500 households. */
  giantSlabs: number;
}

export type RoadClass =
  | 'primary'
  | 'secondary'
  | 'tertiary'
  | 'residential'
  | 'service'
  | 'footway'
  | 'river'
  | 'canal'
  | 'rail'
  | 'wall';

export const ROAD_CLASSES: readonly RoadClass[] = [
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
];

export type FacilityKind = 'service_centre' | 'school' | 'clinic' | 'kindergarten';

export const FACILITY_KINDS: readonly FacilityKind[] = ['service_centre', 'school', 'clinic', 'kindergarten'];

export interface BuildingProps {
  id: string;
  households: number;
  compound?: string;
  name: string;
  floors: number;
}

export interface RoadProps {
  class: RoadClass;
  name?: string;
  /** Compound whose internal road or wall this is. */
  compound?: string;
}

export interface CommunityProps {
  name: string;
  code: string;
  /** Households of the buildings inside (informational). */
  households: number;
}

export interface FacilityProps {
  id: string;
  kind: FacilityKind;
  area_m2: number;
  name: string;
}

export interface CommunitySummary {
  name: string;
  code: string;
  households: number;
  buildings: number;
}

export interface DistrictSummary {
  seed: number;
  centre: [number, number];
  areaKm2: number;
  buildings: number;
  pointBuildings: number;
  households: number;
  communities: number;
  communitiesOver6000: number;
  compounds: number;
  compoundsOver3500: number;
  roads: Record<RoadClass, number>;
  roadKm: Record<RoadClass, number>;
  facilities: Record<FacilityKind, number>;
  communityList: CommunitySummary[];
  /** Only when `compoundRoads` is not `all` (so default districts stay as they were). */
  bigCompounds?: BigCompoundSummary;
}

export interface District {
  buildings: FeatureCollection<Polygon | Point, BuildingProps>;
  roads: FeatureCollection<LineString, RoadProps>;
  communities: FeatureCollection<Polygon, CommunityProps>;
  facilities: FeatureCollection<Point, FacilityProps>;
  /** Outer boundary of the district (the union of the communities). */
  boundary: Feature<Polygon, { name: string }>;
  summary: DistrictSummary;
}
