import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { planDistrict } from '../../src/core/plan/planDistrict';
import { DEFAULT_PLAN_OPTIONS } from '../../src/core/types';
import { brokenRules } from '../helpers/rules';

// Real public-housing towns (see ../shared/data/real/README.md); read in place, never copied here.
const realDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'real');
const cases = ['sg-serangoon', 'sg-clementi', 'sg-toa-payoh', 'sg-punggol'];

describe.skipIf(!existsSync(realDir) && !process.env.CI)('the four real towns', () => {
  for (const name of cases) {
    it(`${name}: every hard rule holds and the town is split into units of 1,500–3,500 households`, () => {
      const file = (f: string) => ({ name: f, text: readFileSync(join(realDir, name, f), 'utf8') });
      const input = readPlanInput({
        buildings: file('buildings.geojson'),
        communities: file('boundary.geojson'),
        roads: file('roads.geojson'),
      });
      expect(input.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
      const plan = planDistrict(input, DEFAULT_PLAN_OPTIONS);
      expect(brokenRules(input, plan, DEFAULT_PLAN_OPTIONS)).toEqual([]);
      const report = plan.communities[0]!;
      expect(report.status).toBe('split');
      expect(report.k).toBeGreaterThanOrEqual(report.kRange.lo);
      expect(report.k).toBeLessThanOrEqual(report.kRange.hi);
      expect(plan.assignment.size).toBe(input.buildings.filter((b) => b.households > 0).length);
      // Main roads only, but most of the new boundaries still run on them.
      expect(report.metrics!.roadBoundaryShare).toBeGreaterThan(0.6);
    });
  }
});
