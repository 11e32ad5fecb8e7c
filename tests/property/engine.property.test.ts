import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { planDistrict } from '../../src/core/plan/planDistrict';
import { generateDistrict } from '../../src/core/synth/generate';
import { DEFAULT_PLAN_OPTIONS } from '../../src/core/types';
import { districtFiles, gridDistrict } from '../helpers/fixtures';
import { brokenRules } from '../helpers/rules';

describe('the hard rules on generated districts', () => {
  it('hold for every community that is split, and every other community says why it was not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 400, max: 1500 }),
        (seed, buildings) => {
          const input = readPlanInput(districtFiles(generateDistrict({ buildings, seed })));
          const options = { ...DEFAULT_PLAN_OPTIONS, seed };
          const plan = planDistrict(input, options);
          expect(brokenRules(input, plan, options)).toEqual([]);
          for (const c of plan.communities) {
            if (c.households > options.splitOver)
              expect(c.status === 'split' || c.infeasible.length > 0).toBe(true);
            else expect(c.status).toBe('unchanged');
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('the hard rules on random grids of compounds and loose buildings', () => {
  it('hold whatever the household counts, compounds and roads', () => {
    fc.assert(
      fc.property(
        fc.record({
          blocks: fc.integer({ min: 2, max: 5 }),
          perSide: fc.integer({ min: 1, max: 4 }),
          households: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 16, maxLength: 16 }),
          compoundBlocks: fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
          roads: fc.constantFrom('primary', 'residential', 'service', null),
          min: fc.integer({ min: 600, max: 1500 }),
          spread: fc.integer({ min: 300, max: 2500 }),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        (spec) => {
          const files = gridDistrict({
            blocks: spec.blocks,
            size: 180,
            perSide: spec.perSide,
            households: (b, n) => spec.households[(b * 7 + n) % 16]!,
            compound: (b) => (spec.compoundBlocks[b] ? `C${b}` : null),
            roads: spec.roads,
          });
          const input = readPlanInput(files);
          const options = {
            ...DEFAULT_PLAN_OPTIONS,
            min: spec.min,
            max: spec.min + spec.spread,
            splitOver: spec.min * 2,
            seed: spec.seed,
          };
          const plan = planDistrict(input, options);
          expect(brokenRules(input, plan, options)).toEqual([]);
          const report = plan.communities[0]!;
          if (report.status === 'infeasible') expect(report.infeasible.join('')).not.toBe('');
        },
      ),
      { numRuns: 40 },
    );
  });
});
