import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/core/graph/csr';
import type { Atoms } from '../../src/core/plan/atoms';
import { explainInfeasible } from '../../src/core/plan/diagnose';

function atomsOf(households: number[], edges: [number, number][]): Atoms {
  const graph = buildGraph(households, {
    u: edges.map((e) => e[0]),
    v: edges.map((e) => e[1]),
    cost: edges.map(() => 1),
  });
  return { graph, households: Float64Array.from(households) } as unknown as Atoms;
}

const name = (atoms: Atoms) => (a: number) => ({
  kind: 'compound' as const,
  id: `C${a}`,
  households: atoms.households[a]!,
});

describe('explainInfeasible', () => {
  it('names compounds that can only reach the rest through each other and together exceed the maximum', () => {
    // C0 (1,330) and C2 (822) touch only C1 (1,500); C1 also touches C3.
    const atoms = atomsOf(
      [1330, 1500, 822, 3000],
      [
        [0, 1],
        [1, 2],
        [1, 3],
      ],
    );
    expect(explainInfeasible(atoms, name(atoms), 1500, 3500)?.text).toBe(
      'compound C1 (1500), compound C0 (1330), compound C2 (822) can only reach the rest of the community through each other, so they must share one unit of 3652 households, over the maximum 3500',
    );
  });

  it('finds nothing wrong when the forced groups fit', () => {
    const atoms = atomsOf(
      [1000, 1500, 800, 3000],
      [
        [0, 1],
        [1, 2],
        [1, 3],
      ],
    );
    expect(explainInfeasible(atoms, name(atoms), 1500, 3500)).toBeNull();
  });

  it('does not force a group on an atom with two neighbours', () => {
    const atoms = atomsOf(
      [1400, 2000, 2000],
      [
        [0, 1],
        [0, 2],
        [1, 2],
      ],
    );
    expect(explainInfeasible(atoms, name(atoms), 1500, 3500)).toBeNull();
  });
});
