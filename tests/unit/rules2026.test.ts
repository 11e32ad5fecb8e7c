import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { planDistrict } from '../../src/core/plan/planDistrict';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions, SIZE_PRESETS } from '../../src/core/types';
import { gridDistrict, unitHouseholds } from '../helpers/fixtures';

/** 4×4 blocks, each a compound of 9 towers of 122 households (1,098 per compound). */
const files = () =>
  gridDistrict({ blocks: 4, size: 200, perSide: 3, households: () => 122, compound: (b) => `C${b}` });

function plan(partial: Partial<PlanOptions>, facilities?: object[]) {
  const input = readPlanInput({
    ...files(),
    ...(facilities
      ? {
          facilities: {
            name: 'f.geojson',
            text: JSON.stringify({ type: 'FeatureCollection', features: facilities }),
          },
        }
      : {}),
  });
  const options = { ...DEFAULT_PLAN_OPTIONS, ...partial };
  return { input, options, result: planDistrict(input, options) };
}

describe('rules of the 2026 law and local practice', () => {
  it('the 1,000–3,000 preset gives units within 1,000–3,000', () => {
    const { input, result } = plan(SIZE_PRESETS['1000-3000']);
    expect(result.communities[0]!.status).toBe('split');
    for (const [u, h] of unitHouseholds(input.buildings, result.assignment)) {
      expect(h, u).toBeGreaterThanOrEqual(1000);
      expect(h, u).toBeLessThanOrEqual(3000);
    }
  });

  it('lists exactly the units over 3,000 households as a notice, not a violation', () => {
    const { input, result } = plan({});
    const report = result.communities[0]!;
    expect(report.status).toBe('split');
    const over = [...unitHouseholds(input.buildings, result.assignment)]
      .filter(([, h]) => h > 3000)
      .map(([u]) => u);
    expect(over.length).toBeGreaterThan(0); // 3 compounds of 1,098 make 3,294
    const noticed = report.warnings
      .map((w) => /^unit (\S+) has (\d+) households, over 3000 /.exec(w))
      .filter((m) => m !== null)
      .map((m) => m[1]);
    expect(noticed.sort()).toEqual(over.sort());
    expect(report.infeasible).toEqual([]);
  });

  it('asks a service room of max(300, 30 per 100 households) m², both numbers configurable', () => {
    // A 400 m² centre in the middle of the south-west block: too small for any unit of ≥ 1,500
    // households at 30 m² per 100 (450 m² and up), enough at 10 m² per 100 with a 300 m² floor.
    const centre = {
      type: 'Feature',
      properties: { kind: 'service_centre', area_m2: 400, name: '服务站' },
      geometry: {
        type: 'Point',
        coordinates: JSON.parse(files().buildings.text).features[4].geometry.coordinates[0][0],
      },
    };
    const strict = plan({}, [centre]);
    const holder = strict.result.assignment.get('B0-4')!;
    const hh = unitHouseholds(strict.input.buildings, strict.result.assignment).get(holder)!;
    const unit = strict.result.units.find((u) => u.id === holder)!;
    expect(unit.hasServiceCentre).toBe(false);
    const need = Math.round(Math.max(300, (30 * hh) / 100));
    expect(strict.result.communities[0]!.warnings).toContain(
      `unit ${holder} has no service centre of at least ${need} m²`,
    );
    const lenient = plan({ serviceCentrePer100: 10 }, [centre]);
    const u2 = lenient.result.units.find((u) => u.id === lenient.result.assignment.get('B0-4'))!;
    expect(u2.hasServiceCentre).toBe(true);
    const floor = plan({ serviceCentrePer100: 10, serviceCentreMinArea: 500 }, [centre]);
    const u3 = floor.result.units.find((u) => u.id === floor.result.assignment.get('B0-4'))!;
    expect(u3.hasServiceCentre).toBe(false);
  });
});
