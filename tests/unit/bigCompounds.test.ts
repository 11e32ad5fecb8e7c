import { describe, expect, it } from 'vitest';
import { createLocalProjection } from '../../src/core/geo/projection';
import { readPlanInput } from '../../src/core/io/input';
import { planDistrict } from '../../src/core/plan/planDistrict';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../../src/core/types';
import { gridDistrict, unitHouseholds } from '../helpers/fixtures';

/**
 * A main square of loose buildings (0–600 m), a neck compound X (600–800 m) and, past it, an
 * appendix compound A (800–1000 m) that reaches the rest only through X, with a road at 600 m and
 * one at 800 m. A (1,000) is too small for a unit, so it must share X's unit: 4,000 together.
 */
function neckDistrict(neckHouseholds: number) {
  const proj = createLocalProjection(114.05, 22.55);
  const ll = (x: number, y: number) => proj.inverse(x, y).map((v) => Math.round(v * 1e7) / 1e7);
  const features: object[] = [];
  const add = (id: string, x: number, y: number, households: number, compound?: string) =>
    features.push({
      type: 'Feature',
      properties: { id, households, ...(compound ? { compound } : {}) },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            ll(x - 10, y - 10),
            ll(x + 10, y - 10),
            ll(x + 10, y + 10),
            ll(x - 10, y + 10),
            ll(x - 10, y - 10),
          ],
        ],
      },
    });
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) add(`M${i}-${j}`, 50 + i * 100, 50 + j * 100, 250);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 3; j++) add(`X${i}-${j}`, 625 + i * 50, 235 + j * 65, neckHouseholds / 12, 'X');
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 2; j++) add(`A${i}-${j}`, 850 + i * 100, 250 + j * 100, 250, 'A');
  const outline = [
    ll(0, 0),
    ll(600, 0),
    ll(600, 200),
    ll(1000, 200),
    ll(1000, 400),
    ll(600, 400),
    ll(600, 600),
    ll(0, 600),
    ll(0, 0),
  ];
  const fc = (f: object[]) => JSON.stringify({ type: 'FeatureCollection', features: f });
  const road = (a: number[], b: number[]) => ({
    type: 'Feature',
    properties: { class: 'residential' },
    geometry: { type: 'LineString', coordinates: [ll(a[0]!, a[1]!), ll(b[0]!, b[1]!)] },
  });
  return {
    buildings: { name: 'buildings.geojson', text: fc(features) },
    roads: { name: 'roads.geojson', text: fc([road([600, -50], [600, 650]), road([800, 150], [800, 450])]) },
    communities: {
      name: 'communities.geojson',
      text: fc([
        {
          type: 'Feature',
          properties: { name: '颈社区', code: 'N' },
          geometry: { type: 'Polygon', coordinates: [outline] },
        },
      ]),
    },
  };
}

function plan(files: ReturnType<typeof gridDistrict>, partial: Partial<PlanOptions> = {}) {
  const input = readPlanInput(files);
  const options = { ...DEFAULT_PLAN_OPTIONS, ...partial };
  return { input, options, result: planDistrict(input, options) };
}

/** Units per compound, read from the assignment table (not from the engine's notes). */
function unitsOfCompounds(input: ReturnType<typeof readPlanInput>, assignment: Map<string, string>) {
  const out = new Map<string, Set<string>>();
  for (const b of input.buildings) {
    if (!b.compound || b.households <= 0) continue;
    const s = out.get(b.compound) ?? new Set<string>();
    s.add(assignment.get(b.id)!);
    out.set(b.compound, s);
  }
  return out;
}

// 3×3 blocks of 300 m, 25 towers each; no roads at all. The four western/southern blocks are one
// compound of 100 towers × 70 = 7,000 households; the other five blocks are compounds of 25 × 70.
const mega = () =>
  gridDistrict({
    blocks: 3,
    size: 300,
    perSide: 5,
    roads: null,
    households: () => 70,
    compound: (b) => ([0, 1, 3, 4].includes(b) ? 'MEGA' : `C${b}`),
  });

describe('compounds over the maximum', () => {
  it('splits a compound with no internal roads between its buildings, leaving the others whole', () => {
    const { input, options, result } = plan(mega());
    const report = result.communities[0]!;
    expect(report.status).toBe('split');
    const per = unitHouseholds(input.buildings, result.assignment);
    for (const [, h] of per) {
      expect(h).toBeGreaterThanOrEqual(options.min);
      expect(h).toBeLessThanOrEqual(options.max);
    }
    const byCompound = unitsOfCompounds(input, result.assignment);
    const megaParts = byCompound.get('MEGA')!.size;
    expect(megaParts).toBe(Math.ceil(7000 / 3500)); // the fewest parts the maximum allows
    for (const [c, s] of byCompound) if (c !== 'MEGA') expect(s.size, c).toBe(1);
    const n = report.notes.find((x) => x.code === 'compound-split-buildings');
    expect(n?.params).toMatchObject({ compound: 'MEGA', households: 7000, parts: megaParts, max: 3500 });
    expect(n?.text).toContain('adding its internal roads or walls');
    // The cut runs through the compound (no roads there): its length is reported, a part of the whole.
    const m = report.metrics!;
    expect(m.compoundCutM).toBeGreaterThan(100);
    expect(m.compoundCutM).toBeLessThanOrEqual(m.internalBoundaryM * (1 - m.roadBoundaryShare) + 1e-6);
    expect(report.warnings.join('\n')).not.toMatch(/into 1 part/);
  });

  it('cuts a big compound along its internal roads when the data has them', () => {
    // The same compound with the grid's roads running through it between its four blocks.
    const files = gridDistrict({
      blocks: 3,
      size: 300,
      perSide: 5,
      households: () => 70,
      compound: (b) => ([0, 1, 3, 4].includes(b) ? 'MEGA' : `C${b}`),
    });
    const { input, result } = plan(files);
    const report = result.communities[0]!;
    expect(report.status).toBe('split');
    const parts = unitsOfCompounds(input, result.assignment).get('MEGA')!.size;
    expect(parts).toBe(2);
    // Each of its blocks (2×2 of them) lies in one unit: the cut runs on the roads between blocks.
    for (const block of [0, 1, 3, 4]) {
      const units = new Set(
        input.buildings.filter((b) => b.id.startsWith(`B${block}-`)).map((b) => result.assignment.get(b.id)),
      );
      expect(units.size, `block ${block}`).toBe(1);
    }
    expect(report.metrics!.compoundCutM).toBe(0);
    expect(report.notes.find((x) => x.code === 'compound-split-roads')?.params).toMatchObject({
      compound: 'MEGA',
      parts: 2,
    });
  });

  it('opens the larger compound of a forced group over the maximum and keeps the other whole', () => {
    const { input, options, result } = plan(neckDistrict(3000));
    const report = result.communities[0]!;
    expect(report.status).toBe('split');
    for (const [u, h] of unitHouseholds(input.buildings, result.assignment)) {
      expect(h, u).toBeGreaterThanOrEqual(options.min);
      expect(h, u).toBeLessThanOrEqual(options.max);
    }
    const byCompound = unitsOfCompounds(input, result.assignment);
    expect(byCompound.get('A')!.size).toBe(1);
    expect(byCompound.get('X')!.size).toBe(2);
    expect(report.notes.find((n) => n.code === 'forced-group-split')?.params.compounds).toBe('X');
    expect(report.notes.find((n) => n.code === 'compound-split-group')?.params).toMatchObject({
      compound: 'X',
      households: 3000,
      parts: 2,
    });
    // Under the keep policy the same community is refused, naming the group.
    const kept = plan(neckDistrict(3000), { bigCompounds: 'keep' }).result.communities[0]!;
    expect(kept.status).toBe('infeasible');
    expect(kept.notes.find((n) => n.code === 'forced-group')?.text).toMatch(/compound X \(3000\)/);
  });

  it('keeps the old refusal under the keep policy', () => {
    const { result } = plan(mega(), { bigCompounds: 'keep' });
    const report = result.communities[0]!;
    expect(report.status).toBe('infeasible');
    expect(report.notes.find((x) => x.code === 'compound-over-max')?.params).toMatchObject({
      compound: 'MEGA',
      households: 7000,
    });
  });

  it('makes a building over the maximum a unit of its own and splits the rest within the bounds', () => {
    const files = gridDistrict({
      blocks: 3,
      size: 300,
      perSide: 4,
      households: (b, i) => (b === 4 && i === 5 ? 5000 : 80),
    });
    const { input, options, result } = plan(files);
    const report = result.communities[0]!;
    expect(report.status).toBe('split');
    const giant = result.assignment.get('B4-5')!;
    const per = unitHouseholds(input.buildings, result.assignment);
    const members = input.buildings.filter((b) => result.assignment.get(b.id) === giant);
    // Alone, or with crumbs it cut off; never with enough to make a unit of their own.
    expect(members.reduce((s, b) => s + b.households, 0) - 5000).toBeLessThan(options.min);
    for (const [u, h] of per) {
      if (u === giant) continue;
      expect(h).toBeGreaterThanOrEqual(options.min);
      expect(h).toBeLessThanOrEqual(options.max);
    }
    const n = report.notes.find((x) => x.code === 'building-over-max-unit');
    expect(n?.params).toMatchObject({ households: 5000, unit: giant });
    expect(String(n?.params.building)).toContain('B4-5');
  });
});
