/**
 * The independent shape check used by the property tests finds what it is meant to find, on hand
 * made units (1e-5° is about 1.1 m here, near the equator).
 */
import { describe, expect, it } from 'vitest';
import type { PlanResult, Unit } from '../../src/core/plan/result';
import type { Building, PlanInput, Position } from '../../src/core/types';
import { shapeProblems } from '../helpers/shapes';

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

function unit(id: string, ring: Position[]): Unit {
  return {
    id,
    community: 'C',
    communityCode: 'C',
    name: id,
    status: 'new',
    households: 0,
    buildings: 0,
    compounds: 0,
    areaM2: 0,
    perimeterM: 0,
    polsbyPopper: 0,
    roadBoundaryShare: 0,
    hasServiceCentre: false,
    serviceCentres: [],
    polygons: [[ring]],
  };
}

function building(id: string, lon: number, lat: number): Building {
  return { id, households: 10, compound: null, name: id, lon, lat, footprint: null, featureIndex: 0 };
}

function check(units: Unit[], buildings: [Building, string][]): string[] {
  const input: PlanInput = {
    buildings: buildings.map(([b]) => b),
    barriers: [],
    communities: [{ name: 'C', code: 'C', polygons: [[square(100, 0, 100.002, 0.001)]], featureIndex: 0 }],
    facilities: [],
    issues: [],
  };
  const plan: PlanResult = {
    units,
    assignment: new Map(buildings.map(([b, u]) => [b.id, u])),
    communities: [],
    issues: [],
    timingsMs: {},
    graph: { nodes: [], edges: [] },
  };
  return shapeProblems(input, plan);
}

const west = unit('W', square(100, 0, 100.001, 0.001));
const east = unit('E', square(100.001, 0, 100.002, 0.001));

describe('the independent shape check', () => {
  it('passes two squares with their buildings well inside', () => {
    expect(check([west, east], [[building('a', 100.0005, 0.0005), 'W']])).toEqual([]);
  });

  it('finds a ring that crosses itself', () => {
    const bowtie: Position[] = [
      [100, 0],
      [100.001, 0.001],
      [100.001, 0],
      [100, 0.001],
      [100, 0],
    ];
    expect(check([unit('W', bowtie)], [])).toEqual([
      expect.stringContaining('unit W is not a valid polygon'),
    ]);
  });

  it('finds a spike out and back along the same line', () => {
    const spiky: Position[] = [
      [100, 0],
      [100.001, 0],
      [100.001, 0.0005],
      [100.0015, 0.0005],
      [100.001, 0.0005],
      [100.001, 0.001],
      [100, 0.001],
      [100, 0],
    ];
    const problems = check([unit('W', spiky)], []);
    expect(problems.some((p) => p.includes('unit W') && p.includes('spike'))).toBe(true);
  });

  it('finds a building on the line between two units, and in the other unit', () => {
    const problems = check([west, east], [[building('a', 100.001, 0.0005), 'W']]);
    expect(problems).toContain('building a is on the outline of its unit W');
    expect(problems).toContain('building a of unit W lies in unit E');
  });

  it('finds a building within 1 m of its unit’s outline towards a neighbour', () => {
    // 0.5e-5° ≈ 0.56 m west of the line between W and E.
    const problems = check([west, east], [[building('a', 100.000995, 0.0005), 'W']]);
    expect(problems).toEqual([
      expect.stringMatching(/^building a is 0\.5\d\d m from the outline of its unit W$/),
    ]);
  });

  it('finds a building in its neighbour’s unit', () => {
    const problems = check([west, east], [[building('a', 100.0015, 0.0005), 'W']]);
    expect(problems).toEqual(['building a is outside its unit W', 'building a of unit W lies in unit E']);
  });
});
