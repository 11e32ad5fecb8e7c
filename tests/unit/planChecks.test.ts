import { describe, expect, it } from 'vitest';
import type { PlanResult } from '../../src/core/plan/result';
import { forcedGroup, someKFits } from '../helpers/planChecks';

/**
 * A graph of one community "K": one building per atom, named as the atom, households as given; an
 * atom listed in `divisible` holds two buildings of a compound over max instead (half each).
 */
function graph(atoms: Record<string, number>, edges: [string, string][]) {
  return (divisible: string[] = []) => {
    const buildingsOf = (a: string) => (divisible.includes(a) ? [`${a}.1`, `${a}.2`] : [a]);
    const g: PlanResult['graph'] = {
      nodes: Object.keys(atoms).map((a) => ({
        id: `K:${a}`,
        households: 0,
        x: 0,
        y: 0,
        buildings: buildingsOf(a),
      })),
      edges: edges.map(([u, v]) => ({ u: `K:${u}`, v: `K:${v}`, length: 1 })),
    };
    const householdsOf = (b: string) => {
      const [a, part] = b.split('.');
      return (atoms[a!] ?? 0) / (part ? 2 : 1);
    };
    return forcedGroup('K', g, householdsOf, (b) => b.includes('.'), 1500, 3500);
  };
}

describe('the test’s own proof that a community cannot be planned (forcedGroup)', () => {
  // Two small compounds reach the rest only through V: all three share one unit of 4,200.
  const star = graph({ V: 2000, a: 1000, b: 1200, R1: 3000, R2: 3000 }, [
    ['V', 'a'],
    ['V', 'b'],
    ['V', 'R1'],
    ['R1', 'R2'],
  ]);

  it('finds small pieces that can only join one indivisible atom, over max together', () => {
    expect(star()).toMatch(/^4200 households/);
  });

  it('finds nothing when that atom may be divided (buildings of a compound over max) or holds no households', () => {
    expect(star(['V'])).toBeNull();
    const empty = graph({ V: 0, a: 1000, b: 1200, R1: 3000 }, [
      ['V', 'a'],
      ['V', 'b'],
      ['V', 'R1'],
    ]);
    expect(empty()).toBeNull();
  });

  it('never divides a single building, even of a compound over max (a slab)', () => {
    const g: PlanResult['graph'] = {
      nodes: ['S', 'a', 'R'].map((a) => ({ id: `K:${a}`, households: 0, x: 0, y: 0, buildings: [a] })),
      edges: [
        { u: 'K:S', v: 'K:a', length: 1 },
        { u: 'K:S', v: 'K:R', length: 1 },
      ],
    };
    const hh: Record<string, number> = { S: 4000, a: 500, R: 3000 };
    expect(
      forcedGroup(
        'K',
        g,
        (b) => hh[b] ?? 0,
        (b) => b === 'S',
        1500,
        3500,
      ),
    ).toMatch(/^4500 households/);
  });

  it('counts the whole piece behind an atom, however deep', () => {
    // c reaches the rest only through a, and a only through V: a and c (1,100) must join V (3,600).
    const deep = graph({ V: 2500, a: 700, c: 400, W: 2000, R: 3000 }, [
      ['V', 'a'],
      ['a', 'c'],
      ['V', 'W'],
      ['W', 'R'],
    ]);
    expect(deep()).toMatch(/^3600 households/);
    // With a of 1,100 the piece behind V is 1,500: a unit of its own, nothing is forced.
    const enough = graph({ V: 2500, a: 1100, c: 400, W: 2000, R: 3000 }, [
      ['V', 'a'],
      ['a', 'c'],
      ['V', 'W'],
      ['W', 'R'],
    ]);
    expect(enough()).toBeNull();
  });

  it('finds nothing where units of 1,500–3,500 exist', () => {
    const fine = graph({ V: 1500, a: 1000, R1: 3000, R2: 2000 }, [
      ['V', 'a'],
      ['V', 'R1'],
      ['R1', 'R2'],
    ]);
    expect(fine()).toBeNull();
    // A ring: nothing separates anything.
    const ring = graph({ a: 1000, b: 1000, c: 1000, d: 1000 }, [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'a'],
    ]);
    expect(ring()).toBeNull();
  });

  it('counts whole numbers of units', () => {
    expect(someKFits(7000, 1500, 3500)).toBe(true);
    expect(someKFits(3600, 1500, 1700)).toBe(false);
    expect(someKFits(1000, 1500, 3500)).toBe(false);
  });
});
