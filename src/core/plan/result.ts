import type { InputIssue, Position } from '../types';
import type { CommunityNote } from './notes';

export interface UnitMetrics {
  households: number;
  buildings: number;
  compounds: number;
  areaM2: number;
  perimeterM: number;
  polsbyPopper: number;
  /** Share of this unit's boundary with other new units that runs on roads, rivers or walls. */
  roadBoundaryShare: number;
  hasServiceCentre: boolean;
  serviceCentres: string[];
}

export interface Unit extends UnitMetrics {
  id: string;
  /** Name of the source community. */
  community: string;
  communityCode: string;
  name: string;
  /** Unit geometry in lon/lat: polygons → rings (exterior first, closed). */
  polygons: Position[][][];
  /** 'new' for units of a split community, 'unchanged' for communities kept whole. */
  status: 'new' | 'unchanged' | 'infeasible';
}

export interface CommunityReport {
  name: string;
  code: string;
  households: number;
  buildings: number;
  status: 'unchanged' | 'split' | 'infeasible';
  /** Feasible numbers of units: k with k·min ≤ H ≤ k·max. */
  kRange: { lo: number; hi: number };
  k: number;
  warnings: string[];
  infeasible: string[];
  /** The same reasons and warnings as codes with parameters (for tools and translations). */
  notes: CommunityNote[];
  metrics: {
    unitHouseholdsMin: number;
    unitHouseholdsMax: number;
    polsbyPopperMean: number;
    polsbyPopperMin: number;
    roadBoundaryShare: number;
    internalBoundaryM: number;
    /**
     * Of the internal boundary, the metres through compounds over the maximum across open ground
     * (their data has no internal roads there): what keeps the road share down where that is so.
     */
    compoundCutM: number;
    compoundsSplit: number;
    unitsWithoutServiceCentre: string[];
    atoms: number;
    cutCost: number;
    failedConstraints: number;
  } | null;
  timingsMs: Record<string, number>;
  unitIds: string[];
}

export interface AtomGraphExport {
  nodes: { id: string; households: number; x: number; y: number; buildings: string[] }[];
  edges: { u: string; v: string; length: number }[];
}

export interface PlanResult {
  units: Unit[];
  /** building id → unit id, for every building with households > 0 that was planned. */
  assignment: Map<string, string>;
  communities: CommunityReport[];
  issues: InputIssue[];
  timingsMs: Record<string, number>;
  graph: AtomGraphExport;
}
