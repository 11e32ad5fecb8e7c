import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { planDistrict } from '../../src/core/plan/planDistrict';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions } from '../../src/core/types';
import { gridDistrict } from '../helpers/fixtures';
import { brokenRules } from '../helpers/rules';

function plan(
  files: ReturnType<typeof gridDistrict>,
  partial: Partial<PlanOptions> = {},
  facilities?: string,
) {
  const input = readPlanInput({
    ...files,
    ...(facilities ? { facilities: { name: 'facilities.geojson', text: facilities } } : {}),
  });
  const options = { ...DEFAULT_PLAN_OPTIONS, ...partial };
  const result = planDistrict(input, options);
  return { input, options, result };
}

/** A 4×4 grid of 200 m blocks, each one compound of 9 towers of 111 households. */
const blockCompounds = () =>
  gridDistrict({ blocks: 4, size: 200, perSide: 3, households: () => 111, compound: (b) => `C${b}` });

describe('planDistrict', () => {
  it('splits a grid of compounds into units whose internal boundaries all run on roads', () => {
    const { input, options, result } = plan(blockCompounds());
    expect(brokenRules(input, result, options)).toEqual([]);
    const report = result.communities[0]!;
    expect(report.status).toBe('split');
    expect(report.k).toBe(6); // round(15,984 / 2,500)
    expect(report.metrics!.compoundsSplit).toBe(0);
    expect(report.metrics!.roadBoundaryShare).toBeCloseTo(1, 6);
  });

  it('keeps a community at or under the split threshold as one unit with its own outline', () => {
    const files = gridDistrict({ blocks: 2, size: 200, perSide: 3, households: () => 100 });
    const { result } = plan(files);
    expect(result.units).toHaveLength(1);
    expect(result.units[0]!.status).toBe('unchanged');
    expect(result.units[0]!.households).toBe(3600);
    expect(result.communities[0]!.status).toBe('unchanged');
  });

  it('splits a compound over the maximum only along its internal roads, and names it in a warning', () => {
    // Blocks 0, 1, 3 and 4 of a 3×3 grid form compound BIG of 4 × 1,206 households.
    const files = gridDistrict({
      blocks: 3,
      size: 250,
      perSide: 3,
      households: () => 134,
      compound: (b) => ([0, 1, 3, 4].includes(b) ? 'BIG' : null),
    });
    const { input, options, result } = plan(files);
    expect(brokenRules(input, result, options)).toEqual([]);
    const report = result.communities[0]!;
    expect(report.status).toBe('split');
    expect(report.warnings.some((w) => w.includes('BIG') && w.includes('internal roads'))).toBe(true);
  });

  it('under the keep policy, says a community cannot be split when a compound over the maximum has no internal road', () => {
    const files = gridDistrict({
      blocks: 3,
      size: 250,
      perSide: 3,
      households: () => 134,
      compound: (b) => ([0, 1, 3, 4].includes(b) ? 'BIG' : null),
      roads: null,
    });
    const { result } = plan(files, { bigCompounds: 'keep' });
    const report = result.communities[0]!;
    expect(report.status).toBe('infeasible');
    expect(report.infeasible.join(' ')).toMatch(/compound BIG has 4824 households in one block/);
    expect(result.units).toHaveLength(1);
    expect(result.units[0]!.status).toBe('infeasible');
    // Every building is still assigned (to the community kept whole).
    expect(result.assignment.size).toBe(81);
  });

  it('proves a community cannot be split when no grouping of its compounds fits the bounds', () => {
    // Nine walled compounds, one per block: two of 2,997 households and seven of 198. A big one can
    // take at most two small ones (3,393), which leaves 594 households for the third unit.
    const files = gridDistrict({
      blocks: 3,
      size: 200,
      perSide: 3,
      households: (b) => ([0, 8].includes(b) ? 333 : 22),
      compound: (b) => `C${b}`,
    });
    const { result } = plan(files);
    const report = result.communities[0]!;
    expect(report.status).toBe('infeasible');
    expect(report.infeasible.join(' ')).toMatch(
      /9 indivisible pieces \(compound C0 \(2997\), compound C8 \(2997\), .*\), and no grouping of them makes 3–4 connected units of 1500–3500 households \(checked exhaustively\)/,
    );
    // The same reason as a code with parameters, for the app to translate.
    const reason = report.notes.find((n) => n.severity === 'infeasible');
    expect(reason?.code).toBe('no-grouping');
    expect(reason?.params).toMatchObject({ count: 9, ks: '3–4', min: 1500, max: 3500 });
    expect(result.assignment.size).toBe(81);
  });

  it('plans two neighbouring communities independently, never mixing their buildings', () => {
    const files = gridDistrict({
      blocks: 6,
      size: 150,
      perSide: 2,
      households: () => 200,
      twoCommunities: true,
    });
    const { input, options, result } = plan(files);
    expect(brokenRules(input, result, options)).toEqual([]);
    expect(result.communities.map((c) => c.status)).toEqual(['split', 'split']);
    expect(result.communities.map((c) => c.households)).toEqual([14400, 14400]);
  });

  it('still finds a valid plan when there are no roads at all', () => {
    const files = gridDistrict({ blocks: 4, size: 200, perSide: 4, households: () => 60, roads: null });
    const { input, options, result } = plan(files);
    expect(brokenRules(input, result, options)).toEqual([]);
    expect(result.communities[0]!.status).toBe('split');
    expect(result.communities[0]!.metrics!.roadBoundaryShare).toBe(0);
  });

  it('gives the same plan for the same seed', () => {
    const a = plan(blockCompounds(), { seed: 7 }).result;
    const b = plan(blockCompounds(), { seed: 7 }).result;
    expect([...a.assignment]).toEqual([...b.assignment]);
    expect(a.units.map((u) => u.polygons)).toEqual(b.units.map((u) => u.polygons));
  });

  it('uses a fixed number of units when the planner sets one', () => {
    const { result } = plan(blockCompounds(), { units: 7 });
    expect(result.communities[0]!.k).toBe(7);
    expect(result.units).toHaveLength(7);
  });

  it('says so when a fixed number of units cannot be met with whole compounds', () => {
    // 16 compounds of 999 households cannot make 5 units of at most 3,500 (one would need 4).
    const { result } = plan(blockCompounds(), { units: 5 });
    expect(result.communities[0]!.status).toBe('infeasible');
    expect(result.communities[0]!.infeasible.length).toBeGreaterThan(0);
  });

  it('refuses a fixed number of units outside the feasible range and says the range', () => {
    const { result } = plan(blockCompounds(), { units: { T: 12 } });
    expect(result.communities[0]!.status).toBe('infeasible');
    expect(result.communities[0]!.infeasible[0]).toMatch(/12 is outside the feasible range 5–10/);
  });

  it('says why when no whole number of units fits the bounds', () => {
    const { result } = plan(blockCompounds(), { min: 3300, max: 3400 });
    expect(result.communities[0]!.status).toBe('infeasible');
    expect(result.communities[0]!.infeasible[0]).toMatch(/no whole number of units fits/);
  });

  it('lets the unit holding the old service centre keep the community name and reports units without one', () => {
    const files = blockCompounds();
    const community = JSON.parse(files.buildings.text).features[0].geometry.coordinates[0][0];
    const facilities = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { kind: 'service_centre', area_m2: 1200, name: '老服务中心' },
          geometry: { type: 'Point', coordinates: community },
        },
      ],
    });
    const { result } = plan(files, {}, facilities);
    const keeper = result.units.find((u) => u.name === '测试社区')!;
    expect(keeper.hasServiceCentre).toBe(true);
    expect(keeper.serviceCentres).toEqual(['老服务中心']);
    expect(result.units.filter((u) => u.name.startsWith('测试社区-'))).toHaveLength(5);
    expect(result.communities[0]!.metrics!.unitsWithoutServiceCentre).toHaveLength(5);
  });

  it('keeps a small compound whole where its cells used to come apart (found by the grid property test)', () => {
    // A 2×2 grid with no roads: compound C0's building at the centre of the grid got a cell in two
    // pieces, C0 was flagged as in separate places and planned in parts (583 ≤ 900 households).
    const h = [0, 0, 185, 398, 0, 222, 341, 0, 7, 392, 7, 0, 0, 0, 0, 0];
    const files = gridDistrict({
      blocks: 2,
      size: 180,
      perSide: 2,
      households: (b, n) => h[(b * 7 + n) % 16]!,
      compound: (b) => (b === 0 || b === 2 ? `C${b}` : null),
      roads: null,
    });
    const { input, options, result } = plan(files, { min: 600, max: 900, splitOver: 1200, seed: 1 });
    expect(result.communities[0]!.status).toBe('split');
    expect(brokenRules(input, result, options)).toEqual([]);
    const c0 = new Set(
      input.buildings
        .filter((b) => b.compound === 'C0' && b.households > 0)
        .map((b) => result.assignment.get(b.id)),
    );
    expect(c0.size).toBe(1);
  });

  it('reports a building outside every community by its id', () => {
    const files = blockCompounds();
    const fc = JSON.parse(files.buildings.text);
    fc.features.push({
      type: 'Feature',
      properties: { id: 'FAR', households: 10 },
      geometry: { type: 'Point', coordinates: [120, 30] },
    });
    const { result } = plan({ ...files, buildings: { name: 'buildings.geojson', text: JSON.stringify(fc) } });
    const outside = result.issues.find((i) => i.code === 'OUTSIDE_COMMUNITY');
    expect(outside).toMatchObject({ feature: 'FAR', field: 'geometry', file: 'buildings.geojson' });
    expect(outside?.message).toMatch(/^buildings\.geojson feature FAR \(field geometry\)/);
    expect(result.assignment.has('FAR')).toBe(false);
  });
});
