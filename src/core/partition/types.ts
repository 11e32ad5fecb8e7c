import type { UnitGraph } from '../graph/csr';

export interface PartitionOptions {
  /** Household bounds every part must respect. */
  min: number;
  max: number;
  /** Fixed number of parts; when absent, k = round(H / target) clamped to the feasible range. */
  k?: number;
  /** Preferred part size used to choose k (default 2,500). */
  target?: number;
  /** Seed of the run: the same seed gives the same assignment. */
  seed?: number;
  /** Independent starts; the best (lowest score) is kept. Default 4. */
  restarts?: number;
  /**
   * Nodes already fixed to a part (locked units), -1 for free nodes. Locked parts keep their ids
   * and members; only free nodes are partitioned, into parts numbered after the largest locked id.
   */
  locked?: Int32Array;
  /** Node positions in metres (x0, y0, x1, y1, …) for the compactness term. */
  coords?: Float64Array;
  /** Weight of the compactness term (0 = cut cost only). */
  compactness?: number;
  /**
   * Progress callback, at most every INTERVAL_MS (progress.ts) and within a region's restarts too;
   * returning false cancels the run (CANCELLED). It never changes what the search does.
   */
  onProgress?: (progress: PartitionProgress) => unknown;
}

export interface PartitionProgress {
  /** 0..1, never going back within a run. */
  fraction: number;
  /** Best score found so far (lower is better); Infinity until a first split is found. */
  bestScore: number;
}

export type PartitionFailureCode =
  | 'NO_FEASIBLE_K' // no k with k·min ≤ H ≤ k·max (or the fixed k is outside that range)
  | 'NODE_OVER_MAX' // a single node holds more than max households
  | 'COMPONENT_INFEASIBLE' // a connected piece of the graph cannot be split within the bounds
  | 'NO_BALANCED_SPLIT' // search found no assignment within bounds
  | 'CANCELLED';

export type PartitionResult =
  | {
      ok: true;
      /** Part of each node, 0..k-1. */
      assignment: Int32Array;
      k: number;
      /** Sum of the costs of cut edges. */
      cut: number;
      /** Households per part. */
      partHouseholds: Float64Array;
      /** Score that was minimised (cut plus weighted compactness). */
      score: number;
    }
  | { ok: false; code: PartitionFailureCode; message: string };

export type { UnitGraph };
