/** Shapes that cross the worker boundary (structured-cloneable). */

import type { PartitionProgress } from '../core/partition/types';
import type { Evaluation, PreparedCommunity, SolveResult } from '../core/plan/community';
import type { CommunityNote } from '../core/plan/notes';
import type { Unit } from '../core/plan/result';
import type { InputIssue } from '../core/types';

export interface CommunityInfo {
  index: number;
  name: string;
  code: string;
  households: number;
  buildings: number;
  bbox: [number, number, number, number];
}

export interface LoadSummary {
  issues: InputIssue[];
  communities: CommunityInfo[];
  buildings: number;
  households: number;
  roads: number;
  facilities: number;
  bbox: [number, number, number, number] | null;
}

/** The atom graph of a prepared community, for hand edits on the main thread. */
export interface PrepInfo {
  index: number;
  signature: string;
  needsSplit: boolean;
  infeasible: string[];
  warnings: string[];
  /** The same reasons and warnings as codes, for the app to say in the planner's language. */
  notes: CommunityNote[];
  households: number;
  kRange: { lo: number; hi: number };
  atomCount: number;
  /** Planned building ids (index = planned building). */
  plannedIds: string[];
  plannedHouseholds: number[];
  buildingAtom: Int32Array;
  atomHouseholds: Float64Array;
  atomCompound: (string | null)[];
  offsets: Int32Array;
  targets: Int32Array;
}

/**
 * A solve's result as the worker sends it: the core's SolveResult (plain data: typed arrays, numbers,
 * notes), a success with the time the solve took.
 */
export type SolveOutcome =
  | (Extract<SolveResult, { ok: true }> & { ms: number })
  | Extract<SolveResult, { ok: false }>;

/**
 * A prepared community lent by the worker that tessellated it to another worker, which can then
 * solve it without tessellating again: everything but the mesh (solving does not read it).
 */
export type LentCommunity = PreparedCommunity & { mesh: null; cells: null };

/** A progress report of a solve (see SolveExtras.onProgress in the core). */
export type Progress = PartitionProgress;

export type CommunityEvaluation = Evaluation;
export type { Unit };

export interface SearchHit {
  id: string;
  name: string;
  compound: string | null;
  households: number;
  lon: number;
  lat: number;
  kind: 'building' | 'compound';
}

/** The options that change the tessellation or the atoms; other options only affect solving. */
export function prepSignature(o: {
  min: number;
  max: number;
  splitOver: number;
  units?: number | Record<string, number>;
  serviceCentreMinArea: number;
  bigCompounds: string;
}): string {
  return JSON.stringify([o.min, o.max, o.splitOver, o.units ?? null, o.serviceCentreMinArea, o.bigCompounds]);
}
