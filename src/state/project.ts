/**
 * The project: data (normalised GeoJSON texts per role), field mapping, parameters and plans.
 * A vanilla zustand store; the plans are under zundo so every edit can be undone.
 */

import { temporal } from 'zundo';
import { createStore } from 'zustand/vanilla';
import type { FieldMapping } from '../core/io/formats/guess';
import type { CommunityNote } from '../core/plan/notes';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../core/types';

export type Role = 'buildings' | 'roads' | 'communities' | 'facilities';
export const ROLES: Role[] = ['buildings', 'roads', 'communities', 'facilities'];

export interface DataFile {
  name: string;
  text: string;
}

export type ProjectData = Partial<Record<Role, DataFile>> & { buildings: DataFile; communities: DataFile };

/** Field mapping remembered per project (source field name per meaning). */
export type { FieldMapping };

export interface Params {
  min: number;
  max: number;
  target: number;
  splitOver: number;
  /** 0 = auto. */
  fixedUnits: number;
  compactness: number;
  seed: number;
  restarts: number;
  /** Optional: projects saved before these existed take the engine's defaults. */
  bigCompounds?: PlanOptions['bigCompounds'];
  serviceRoomMin?: number;
  serviceRoomPer100?: number;
}

export const DEFAULT_PARAMS: Params = {
  min: DEFAULT_PLAN_OPTIONS.min,
  max: DEFAULT_PLAN_OPTIONS.max,
  target: DEFAULT_PLAN_OPTIONS.target,
  splitOver: DEFAULT_PLAN_OPTIONS.splitOver,
  fixedUnits: 0,
  compactness: DEFAULT_PLAN_OPTIONS.compactness,
  seed: DEFAULT_PLAN_OPTIONS.seed,
  restarts: DEFAULT_PLAN_OPTIONS.restarts,
  bigCompounds: DEFAULT_PLAN_OPTIONS.bigCompounds,
  serviceRoomMin: DEFAULT_PLAN_OPTIONS.serviceCentreMinArea,
  serviceRoomPer100: DEFAULT_PLAN_OPTIONS.serviceCentrePer100,
};

export function planOptions(p: Params): PlanOptions {
  return {
    ...DEFAULT_PLAN_OPTIONS,
    min: p.min,
    max: p.max,
    target: p.target,
    splitOver: p.splitOver,
    compactness: p.compactness,
    seed: p.seed,
    restarts: p.restarts,
    bigCompounds: p.bigCompounds ?? DEFAULT_PLAN_OPTIONS.bigCompounds,
    serviceCentreMinArea: p.serviceRoomMin ?? DEFAULT_PLAN_OPTIONS.serviceCentreMinArea,
    serviceCentrePer100: p.serviceRoomPer100 ?? DEFAULT_PLAN_OPTIONS.serviceCentrePer100,
    ...(p.fixedUnits > 0 ? { units: p.fixedUnits } : {}),
  };
}

/** One community in a plan: split (atom → part) or kept whole. */
export type CommunityPlan =
  | {
      kind: 'split';
      atomUnit: number[];
      k: number;
      /** Locked part indices. */
      locked: number[];
      /** Names given by hand, per part index. */
      names: Record<number, string>;
      /** What the engine said about it (e.g. a compound over the maximum split along its roads). */
      notes?: CommunityNote[];
    }
  | {
      kind: 'whole';
      /** Why it could not be split, in English (projects saved before notes existed have only this). */
      infeasible: string | null;
      /** The same reasons (and any warnings) as codes, said in the planner's language. */
      notes?: CommunityNote[];
    };

export interface Plan {
  id: string;
  name: string;
  createdAt: string;
  params: Params;
  communities: Record<number, CommunityPlan>;
}

export interface ProjectState {
  name: string;
  data: ProjectData | null;
  mapping: FieldMapping;
  params: Params;
  plans: Plan[];
  activePlanId: string | null;
}

export const EMPTY_PROJECT: ProjectState = {
  name: '',
  data: null,
  mapping: {},
  params: DEFAULT_PARAMS,
  plans: [],
  activePlanId: null,
};

export const projectStore = createStore<ProjectState>()(
  temporal(() => ({ ...EMPTY_PROJECT }), {
    // Only the plans are history; data, parameters and mapping are not undone with the edits.
    partialize: (s) => ({ plans: s.plans, activePlanId: s.activePlanId }),
    equality: (a, b) => a.plans === b.plans && a.activePlanId === b.activePlanId,
    limit: 200,
  }),
);

export const history = () => projectStore.temporal.getState();

export function activePlan(s: ProjectState = projectStore.getState()): Plan | null {
  return s.plans.find((p) => p.id === s.activePlanId) ?? null;
}

export function newId(): string {
  return `p${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Replace one community of the active plan (one undo step). */
export function setCommunityPlan(ci: number, cp: CommunityPlan): void {
  projectStore.setState((s) => ({
    plans: s.plans.map((p) =>
      p.id === s.activePlanId ? { ...p, communities: { ...p.communities, [ci]: cp } } : p,
    ),
  }));
}

export function updateActivePlan(fn: (p: Plan) => Plan): void {
  projectStore.setState((s) => ({ plans: s.plans.map((p) => (p.id === s.activePlanId ? fn(p) : p)) }));
}

/** Load a whole project without recording history, and clear the history. */
export function replaceProject(state: ProjectState): void {
  projectStore.setState(state, true);
  projectStore.temporal.getState().clear();
}
