import { describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import { colourGraph, touchGraph } from '../../src/services/colors';
import {
  compact,
  lockedArray,
  mergeUnits,
  moveAtoms,
  neighbourParts,
  newUnit,
  type SplitPlan,
  toggleLock,
} from '../../src/state/edits';
import { DEFAULT_PARAMS, type ProjectState } from '../../src/state/project';
import { PROJECT_VERSION, readProjectFile, toProjectFile } from '../../src/state/projectFile';
import { square } from './squares';

// A path of 6 atoms: 0-1-2-3-4-5.
const offsets = [0, 1, 3, 5, 7, 9, 10];
const targets = [1, 0, 2, 1, 3, 2, 4, 3, 5, 4];
const plan: SplitPlan = {
  kind: 'split',
  atomUnit: [0, 0, 1, 1, 2, 2],
  k: 3,
  locked: [2],
  names: { 1: 'Middle', 2: 'East' },
};

describe('hand edits', () => {
  it('moves atoms and keeps parts numbered without gaps', () => {
    const moved = moveAtoms(plan, [2, 3], 0);
    expect(moved.atomUnit).toEqual([0, 0, 0, 0, 1, 1]);
    expect(moved.k).toBe(2);
    expect(moved.names).toEqual({ 1: 'East' });
    expect(moved.locked).toEqual([1]);
  });
  it('creates a unit from a selection', () => {
    const created = newUnit(plan, [5]);
    expect(created.k).toBe(4);
    expect(created.atomUnit[5]).toBe(3);
  });
  it('merges two units', () => {
    const merged = mergeUnits(plan, 0, 1);
    expect(merged.atomUnit).toEqual([0, 0, 0, 0, 1, 1]);
    expect(merged.k).toBe(2);
  });
  it('finds neighbouring parts of a selection', () => {
    expect(neighbourParts(plan, [2], offsets, targets)).toEqual([0]);
    expect(neighbourParts(plan, [3], offsets, targets)).toEqual([2]);
  });
  it('builds the locked array for re-optimising (locked parts renumbered from 0)', () => {
    const { locked, map } = lockedArray(toggleLock(plan, 0));
    expect([...locked]).toEqual([0, 0, -1, -1, 1, 1]);
    expect([...map.entries()]).toEqual([
      [0, 0],
      [2, 1],
    ]);
  });
  it('compact is the identity on a plan without gaps', () => {
    expect(compact(plan)).toBe(plan);
  });
});

describe('project file', () => {
  const project: ProjectState = {
    name: 'p',
    data: { buildings: { name: 'b', text: '{}' }, communities: { name: 'c', text: '{}' } },
    mapping: { households: '户数' },
    params: DEFAULT_PARAMS,
    plans: [
      {
        id: 'a',
        name: '方案 1',
        createdAt: 'x',
        params: DEFAULT_PARAMS,
        communities: { 0: { kind: 'whole', infeasible: null } },
      },
    ],
    activePlanId: 'a',
  };
  it('round-trips the current version', () => {
    const file = toProjectFile(project, new Date(0));
    expect(readProjectFile(JSON.stringify(file)).project).toEqual(project);
  });
  it('migrates version 1 (one plan) to version 2 (named plans)', () => {
    const v1 = {
      format: 'shequ-planner-project',
      version: 1,
      savedAt: '2026-01-01T00:00:00.000Z',
      data: project.data,
      params: { min: 1200 },
      plan: { params: DEFAULT_PARAMS, communities: { 0: { kind: 'whole', infeasible: null } } },
    };
    const file = readProjectFile(v1);
    expect(file.version).toBe(PROJECT_VERSION);
    expect(file.project.params.min).toBe(1200);
    expect(file.project.params.max).toBe(DEFAULT_PARAMS.max);
    expect(file.project.plans).toHaveLength(1);
    expect(file.project.activePlanId).toBe(file.project.plans[0]!.id);
  });
  it('refuses other files and newer versions', () => {
    expect(() => readProjectFile('{"type":"FeatureCollection"}')).toThrow(/not a Shequ/);
    expect(() => readProjectFile({ format: 'shequ-planner-project', version: 99 })).toThrow(/newer/);
  });
});

describe('unit colours', () => {
  it('never gives touching units the same colour', () => {
    // A 4×4 grid of squares: touching (also at corners) units must differ.
    const polys = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) polys.push([square(i, j)]);
    const adj = touchGraph(polys);
    const colours = colourGraph(adj);
    adj.forEach((ns, a) => {
      for (const b of ns) expect(colours[a]).not.toBe(colours[b]);
    });
    expect(Math.max(...colours)).toBeLessThan(6);
  });
});

describe('i18n', () => {
  it('has the same keys in every locale and fills parameters', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    expect(translate('zh-CN', 'map.households', { value: 2500 })).toBe('2,500 户');
    expect(translate('en', 'progress.done', { seconds: '1.5' })).toBe('Optimised in 1.5 s');
  });
});
