/**
 * Road cleaning benchmark (not a test): nodeNetwork on a real town's bus routes (duplicated
 * lines, see ../shared/data/real), tiled 1×1 to 4×4, to show how its time grows with the number
 * of segments. Prints the first call (what one CLI run pays, compiling included) and the best of
 * several later calls, per 1,000 input segments.
 *   npx tsx tests/bench/noding.bench.ts [--town sg-serangoon]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPlanInput } from '../../src/core/io/input';
import { prepareDistrict } from '../../src/core/plan/district';
import { nodeNetwork } from '../../src/core/plan/noding';

const root = join(import.meta.dirname, '..', '..');
const realDir = join(root, '..', 'shared', 'data', 'real');
const townArg = process.argv.indexOf('--town');
const town = townArg > 0 ? process.argv[townArg + 1]! : 'sg-serangoon';
if (!existsSync(join(realDir, town))) {
  console.error(`noding bench: ${join(realDir, town)} not found (the real towns are outside the repository)`);
  process.exit(2);
}
const file = (f: string) => ({ name: f, text: readFileSync(join(realDir, town, f), 'utf8') });
const input = readPlanInput({
  buildings: file('buildings.geojson'),
  communities: file('boundary.geojson'),
  roads: file('roads.geojson'),
});
const lines = prepareDistrict(input).lines;
let minX = Number.POSITIVE_INFINITY;
let maxX = Number.NEGATIVE_INFINITY;
let minY = Number.POSITIVE_INFINITY;
let maxY = Number.NEGATIVE_INFINITY;
for (const l of lines)
  for (let i = 0; i < l.coords.length; i += 2) {
    minX = Math.min(minX, l.coords[i]!);
    maxX = Math.max(maxX, l.coords[i]!);
    minY = Math.min(minY, l.coords[i + 1]!);
    maxY = Math.max(maxY, l.coords[i + 1]!);
  }

console.log(`nodeNetwork on ${town}'s lines, tiled (spacing 40 m, no outline)`);
console.log(
  `${'tiles'.padEnd(7)}${'segments'.padStart(10)}${'pieces'.padStart(9)}${'first ms'.padStart(10)}${'best ms'.padStart(9)}${'best ms/1k seg'.padStart(16)}`,
);
for (const k of [1, 2, 3, 4]) {
  const tiled = [];
  for (let tx = 0; tx < k; tx++)
    for (let ty = 0; ty < k; ty++)
      for (const l of lines) {
        const coords = Float64Array.from(l.coords);
        for (let i = 0; i < coords.length; i += 2) {
          coords[i]! += tx * (maxX - minX);
          coords[i + 1]! += ty * (maxY - minY);
        }
        tiled.push({ coords, kind: l.kind });
      }
  const segments = tiled.reduce((s, l) => s + l.coords.length / 2 - 1, 0);
  const times: number[] = [];
  let pieces = 0;
  for (let r = 0; r < 4; r++) {
    const t0 = performance.now();
    pieces = nodeNetwork({ rings: [], lines: tiled, spacing: 40, margin: 80 }).kinds.length;
    times.push(performance.now() - t0);
  }
  const best = Math.min(...times.slice(1));
  console.log(
    `${`${k}×${k}`.padEnd(7)}${String(segments).padStart(10)}${String(pieces).padStart(9)}${times[0]!.toFixed(0).padStart(10)}${best.toFixed(0).padStart(9)}${((1000 * best) / segments).toFixed(2).padStart(16)}`,
  );
}
