/** View state: derived results, selection, job progress, dialogs. Never in undo history or autosave. */
import { createStore } from 'zustand/vanilla';
import type { Violation } from '../core/plan/community';
import type { Unit } from '../core/plan/result';
import type { LoadSummary, PrepInfo } from '../services/engineTypes';
import type { CommunityPlan } from './project';

export interface CommunityView {
  source: CommunityPlan;
  units: Unit[];
  /** Part index per unit (same order as units); -1 for a community kept whole. */
  parts: number[];
  violations: Violation[];
  /** building id → unit id */
  buildingUnit: [string, string][];
}

export interface UnitView extends Unit {
  ci: number;
  part: number;
  locked: boolean;
  color: number;
  /** Hard rule violations (the plan is a draft while any remain). */
  problems: string[];
  /** Advice (soft rules such as a missing service centre). */
  advice: string[];
}

export interface Job {
  phase: 'preparing' | 'solving';
  community: string;
  fraction: number;
  bestScore: number | null;
  startedAt: number;
}

export interface Toast {
  kind: 'info' | 'error';
  text: string;
  seq: number;
}

export class BuildingIndex {
  private map: Map<string, string> | null = null;
  constructor(private readonly parts: [string, string][][]) {}
  private index(): Map<string, string> {
    if (!this.map) {
      this.map = new Map();
      for (const list of this.parts) for (const [b, u] of list) this.map.set(b, u);
    }
    return this.map;
  }
  get(id: string): string | undefined {
    return this.index().get(id);
  }
  has(id: string): boolean {
    return this.index().has(id);
  }
  get size(): number {
    return this.index().size;
  }
}

export interface ViewState {
  status: 'empty' | 'loading' | 'ready' | 'error';
  loadMessage: string | null;
  summary: LoadSummary | null;
  /** Bumps whenever the project data is (re)loaded into the map and engine. */
  dataVersion: number;
  prep: Record<number, PrepInfo>;
  evals: Record<number, CommunityView>;
  units: UnitView[];
  /** building id → unit id, built on first use (50k entries are not built on every edit). */
  buildingUnit: BuildingIndex;
  job: Job | null;
  selection: { ci: number; atoms: number[] } | null;
  selectedUnit: string | null;
  focus: { bbox: [number, number, number, number]; seq: number; highlight?: boolean } | null;
  dialog: 'import' | 'settings' | 'shortcuts' | null;
  /** Files dropped on the app while the import dialog was closed: it opens and takes them. */
  droppedFiles: File[] | null;
  savedAt: Date | null;
  toast: Toast | null;
  evaluating: number;
}

export const viewStore = createStore<ViewState>(() => ({
  status: 'empty',
  loadMessage: null,
  summary: null,
  dataVersion: 0,
  prep: {},
  evals: {},
  units: [],
  buildingUnit: new BuildingIndex([]),
  job: null,
  selection: null,
  selectedUnit: null,
  focus: null,
  dialog: null,
  droppedFiles: null,
  savedAt: null,
  toast: null,
  evaluating: 0,
}));

let seq = 0;
export function focusOn(bbox: [number, number, number, number], highlight = false): void {
  viewStore.setState({ focus: { bbox, seq: ++seq, highlight } });
}

export function toast(kind: Toast['kind'], text: string): void {
  viewStore.setState({ toast: { kind, text, seq: ++seq } });
}

export function bboxOfPolygons(polys: number[][][][]): [number, number, number, number] {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const poly of polys)
    for (const p of poly[0] ?? []) {
      a = Math.min(a, p[0]!);
      b = Math.min(b, p[1]!);
      c = Math.max(c, p[0]!);
      d = Math.max(d, p[1]!);
    }
  return [a, b, c, d];
}
