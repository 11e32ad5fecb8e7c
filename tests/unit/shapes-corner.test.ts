/**
 * A corner of a community that reaches the mesh only as a stand-in point a few centimetres off the
 * ring's vertex (found by the engine property test: seed 999996, 1,166 buildings). The unit there
 * used to leave the corner out (a chord across it: 13 ha in no unit).
 */
import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { planDistrict } from '../../src/core/plan/planDistrict';
import { generateDistrict } from '../../src/core/synth/generate';
import { DEFAULT_PLAN_OPTIONS } from '../../src/core/types';
import { districtFiles } from '../helpers/fixtures';
import { brokenRules } from '../helpers/rules';

describe('unit shapes at the corners of a community', () => {
  it('keep a corner whose mesh point is a stand-in off the ring vertex', () => {
    const seed = 999996;
    const d = generateDistrict({ buildings: 1166, seed });
    const input = readPlanInput(districtFiles(d));
    const options = { ...DEFAULT_PLAN_OPTIONS, seed };
    const plan = planDistrict(input, options);
    expect(plan.communities.some((c) => c.status === 'split')).toBe(true);
    expect(brokenRules(input, plan, options)).toEqual([]);
  });
});
