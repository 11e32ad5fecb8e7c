import { readFileSync } from 'node:fs';
import { parseGraphJson } from './src/core/io/graphJson';
import { growPartition } from './src/core/plan/growFallback';
const { graph } = parseGraphJson(readFileSync(process.argv[2]!, 'utf8'));
for (const k of [4, 5, 6]) for (const seed of [1, 2, 3]) {
  const t0 = performance.now();
  const a = growPartition(graph, k, 1500, 3500, seed, 3000);
  console.log('k', k, 'seed', seed, a ? 'FOUND' : 'none', (performance.now() - t0).toFixed(0), 'ms');
}
