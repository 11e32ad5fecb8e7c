import { describe, expect, it } from 'vitest';
import type { SearchContext } from '../../src/core/partition/bisect';
import { chooseCut, mayCut } from '../../src/core/partition/cutChoice';
import { SpanningTrees } from '../../src/core/partition/spanningTree';
import { SubtreeStats } from '../../src/core/partition/treeCuts';
import { createRng } from '../../src/core/random';
import { cityGraph } from '../helpers/graphs';

/**
 * The cheap look at a tree's subtree weights (mayCut) may only skip trees in which chooseCut finds
 * nothing: checked against chooseCut itself (and the weights against SubtreeStats) on many drawn
 * trees, with loose and tight windows.
 */
describe('mayCut', () => {
  it('never rejects a tree that chooseCut finds a cut in, and rejects some that it does not', () => {
    const trees = new SpanningTrees();
    const stats = new SubtreeStats();
    let rejected = 0;
    let accepted = 0;
    let missed = 0;
    let sumsDiffer = 0;
    for (const seed of [1, 2, 3]) {
      const { graph: g } = cityGraph({ nodes: 120, seed });
      let H = 0;
      for (let v = 0; v < g.n; v++) H += g.households[v]!;
      for (const [min, max] of [
        [1500, 3500],
        [0.95 * (H / 4), 1.05 * (H / 4)],
      ] as const) {
        for (const k of [2, 3, 4, 6]) {
          const mean = H / k;
          const ctx: SearchContext = {
            min,
            max,
            eps: 1e-9 * H,
            rng: createRng(seed * 100 + k),
            trees,
            stats,
            ticker: null,
            jitter: 0.25,
            recomJitter: 1,
            retries: 20,
            meanCost: 1,
            balanceWeight: 1,
          };
          const parent = new Int32Array(g.n);
          for (let t = 0; t < 40; t++) {
            const root = t % g.n;
            if (!trees.draw(g, ctx.rng, 0.25, root, parent)) throw new Error('graph is not connected');
            const { weight, size } = trees.subtreeWeights(g, parent);
            stats.compute(g, parent, root, null, null);
            for (let v = 0; v < g.n; v++) {
              if (Math.abs(weight[v]! - stats.weight[v]!) > 1e-6 || size[v] !== stats.size[v]) sumsDiffer++;
            }
            for (const firm of [false, true]) {
              const found =
                chooseCut(stats, g.n, H, k, ctx, 'balanced', mean, firm) ??
                chooseCut(stats, g.n, H, k, ctx, 'any', mean, firm);
              const may = mayCut(weight, size, parent, g.n, H, k, ctx, mean, firm);
              if (found && !may) missed++;
              if (may) accepted++;
              else rejected++;
            }
          }
        }
      }
    }
    expect(sumsDiffer).toBe(0);
    expect(missed).toBe(0);
    expect(rejected).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
  });
});
