/**
 * Big compounds without internal roads, as map services give them: districts made with
 * compoundRoads none or some (mega-compounds of 4,000–8,000 households filling a block, small
 * compounds enclosed by them, now and then a slab of over 3,500) must still get a plan for every
 * community that can have one. Every check here is computed from the generated GeoJSON and the plan's
 * assignment and unit outlines (tests/helpers/planChecks.ts), never from the engine's own flags or totals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { planDistrict } from '../../src/core/plan/planDistrict';
import { generateDistrict } from '../../src/core/synth/generate';
import { DEFAULT_PLAN_OPTIONS } from '../../src/core/types';
import { districtFiles } from '../helpers/fixtures';
import { checkPlan } from '../helpers/planChecks';

describe('communities with big compounds without internal roads', () => {
  it('are all planned: split within the bounds, compounds up to max whole, units contiguous', () => {
    let samples = 0;
    let hard = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1000, max: 3000 }),
        fc.constantFrom('none' as const, 'some' as const),
        (seed, buildings, compoundRoads) => {
          const d = generateDistrict({ buildings, seed, compoundRoads });
          const options = { ...DEFAULT_PLAN_OPTIONS, seed };
          const plan = planDistrict(readPlanInput(districtFiles(d)), options);
          const found = checkPlan(d, plan, options);
          samples++;
          hard += found.hard > 0 ? 1 : 0;
          expect(
            found.problems,
            `seed ${seed}, ${buildings} buildings, compoundRoads ${compoundRoads}`,
          ).toEqual([]);
        },
      ),
      // Each sample plans a whole district: no shrinking (fast-check still prints the seed and values).
      // Cases that failed once, run every time: a forced group opened two compounds and the search
      // cut the small one while the large one was not needed; the rest around a slab over the
      // maximum had only one partition run and no growing; a small compound with a tower of its
      // mega-compound between its buildings was planned in two places.
      {
        numRuns: 10,
        endOnFailure: true,
        examples: [
          [297453, 1004, 'some'],
          [17, 2422, 'none'],
          [853331, 2995, 'none'],
        ],
      },
    );
    // The districts drawn must really hold what this is about.
    expect(hard).toBeGreaterThanOrEqual(samples / 2);
  });
});
