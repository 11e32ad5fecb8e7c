/**
 * The whole command line, end to end, against the floor of any tool that reads GeoJSON: a district
 * written by `shequ generate`, planned by `shequ split` (a fresh process, from spawn to exit), set
 * against a Node process that only reads and JSON.parses the same four files.
 *
 *   npx tsx tests/bench/cli.bench.ts [--buildings 37000] [--seed 1] [--runs 3] [--jobs 1]
 *
 * Prints the median wall time of each, their ratio (the goal: within 10×), the start-up of the
 * CLI alone (`shequ split --help` against `node -e 0`), and the split run's own time per stage.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberArg, parseArgs } from '../../src/cli/args';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'src', 'cli', 'bin.mjs');
const args = parseArgs(process.argv.slice(2));
const buildings = numberArg(args, 'buildings', 37_000);
const seed = numberArg(args, 'seed', 1);
const runs = Math.max(1, numberArg(args, 'runs', 3));
const jobs = numberArg(args, 'jobs', 1);

/** Median wall time (ms) of `runs` whole processes; fails loudly when one fails. */
function timeProcess(label: string, argv: string[], n = runs): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8' });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

const dir = mkdtempSync(join(tmpdir(), 'shequ-cli-bench-'));
try {
  const data = join(dir, 'district');
  // The first run also compiles the CLI when its build is stale: not part of any timing.
  const gen = spawnSync(
    process.execPath,
    [BIN, 'generate', '--buildings', String(buildings), '--seed', String(seed), '--out', data],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (gen.status !== 0) throw new Error(`generate failed: ${gen.stderr}`);
  const files = ['buildings', 'communities', 'roads', 'facilities'].map((f) => join(data, `${f}.geojson`));
  const bytes = files.reduce((s, f) => s + readFileSync(f).length, 0);

  const readOnly = timeProcess('read and parse', [
    '-e',
    'for (const f of process.argv.slice(1)) JSON.parse(require("fs").readFileSync(f, "utf8"))',
    ...files,
  ]);
  const nodeOnly = timeProcess('node -e 0', ['-e', '0']);
  const help = timeProcess('shequ split --help', [BIN, 'split', '--help']);
  const out = join(dir, 'out');
  const split = timeProcess('shequ split', [
    BIN,
    'split',
    '--buildings',
    files[0]!,
    '--communities',
    files[1]!,
    '--roads',
    files[2]!,
    '--facilities',
    files[3]!,
    '--jobs',
    String(jobs),
    '--out',
    out,
  ]);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
    timings_ms: Record<string, number>;
    summary: { units: number };
  };

  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(
    `district: ${buildings.toLocaleString('en-US')} buildings (seed ${seed}), ${(bytes / 1e6).toFixed(1)} MB of GeoJSON; ` +
      `${report.summary.units} units; --jobs ${jobs}; median of ${runs} run(s), whole processes`,
  );
  console.log(`node: read + JSON.parse the four files   ${ms(readOnly)}`);
  console.log(`shequ split, end to end                 ${ms(split)}`);
  console.log(`ratio                                    ${(split / readOnly).toFixed(1)}× (goal ≤ 10×)`);
  console.log(`start-up: node -e 0 ${ms(nodeOnly)}, shequ split --help ${ms(help)}`);
  const stages = Object.entries(report.timings_ms)
    .filter(([k]) => k !== 'total')
    .map(([k, v]) => `${k} ${ms(v)}`)
    .join(', ');
  console.log(`split's stages (last run): ${stages}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
