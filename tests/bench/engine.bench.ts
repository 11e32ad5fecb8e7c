/**
 * npm run bench — the engine benchmark (not a test): each case runs in its own Node process so its
 * peak memory is its own; times are medians of several runs, per stage. Then the METIS comparison.
 *   npm run bench -- [--quick] [--no-metis]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const realDir = join(root, '..', 'shared', 'data', 'real');
const quick = process.argv.includes('--quick');

interface CaseResult {
  label: string;
  buildings: number;
  households: number;
  communities: number;
  split: number;
  /** Communities split, or kept whole rightly (small, or no whole number of units fits). */
  planned: number;
  /** The engine's compound-split notes in split communities. */
  compoundSplits: number;
  infeasible: number;
  infeasibleReasons: string[];
  units: number;
  runs: number;
  medianMs: Record<string, number>;
  quality: Record<string, number>;
  baseline: Record<string, number> | null;
  peakRssMb: number;
}

function runCase(args: string[]): CaseResult | null {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', '--import', 'tsx', join(root, 'tests/bench/engine-case.ts'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as CaseResult;
  } catch {
    process.stderr.write(`case ${args.join(' ')} failed:\n${r.stderr.slice(-2000)}\n`);
    return null;
  }
}

const cases: { args: string[] }[] = [];
if (existsSync(realDir))
  for (const name of ['sg-serangoon', 'sg-clementi', 'sg-toa-payoh', 'sg-punggol'])
    cases.push({ args: ['--real', join(realDir, name), '--runs', quick ? '1' : '3', '--baseline'] });
for (const [n, runs] of quick
  ? [[5000, 3]]
  : [
      [5000, 5],
      [20000, 3],
      [50000, 3],
      [200000, 1],
    ])
  cases.push({
    args: [
      '--buildings',
      String(n),
      '--seed',
      '1',
      '--runs',
      String(runs),
      ...(n <= 50000 ? ['--baseline'] : []),
    ],
  });

// Big compounds without internal roads, as map services give them (mega-compounds, enclosed
// compounds, rare giant slabs): the common case in Chinese cities.
for (const [n, runs] of quick
  ? [[5000, 3]]
  : [
      [5000, 3],
      [37000, 1],
    ])
  cases.push({
    args: [
      '--buildings',
      String(n),
      '--seed',
      '1',
      '--compound-roads',
      'none',
      '--runs',
      String(runs),
      ...(n <= 5000 ? ['--baseline'] : []),
    ],
  });

const results: CaseResult[] = [];
const pad = (s: string | number, n: number) => String(s).padStart(n);
const W = 38;
const stages = [
  'read',
  'locate',
  'mesh',
  'cells',
  'atoms',
  'partition',
  'shapes',
  'metrics',
  'write',
  'total',
];
console.log(
  `Engine benchmark — median ms per stage (${new Date().toISOString().slice(0, 10)}, ${process.version})`,
);
console.log(
  `${'case'.padEnd(W)}${pad('bldgs', 8)}${pad('hh', 9)}${stages.map((s) => pad(s, 10)).join('')}${pad('peak MB', 9)}`,
);
for (const c of cases) {
  const r = runCase(c.args);
  if (!r) continue;
  results.push(r);
  console.log(
    `${r.label.padEnd(W)}${pad(r.buildings, 8)}${pad(r.households, 9)}${stages.map((s) => pad(r.medianMs[s] ?? '-', 10)).join('')}${pad(r.peakRssMb, 9)}`,
  );
}

console.log('\nQuality of new units (engine vs naive sweep-line slicer on the same mesh)');
console.log(
  "('in cmpd': share of the new boundary cut through compounds over the maximum whose data has no roads there)",
);
console.log(
  `${'case'.padEnd(W)}${pad('planned', 12)}${pad('big splits', 11)}${pad('split', 6)}${pad('infeas', 7)}${pad('units', 6)}${pad('PP mean', 9)}${pad('PP min', 8)}${pad('on road', 8)}${pad('in cmpd', 8)}${pad('cmp split', 10)}${pad('unusable', 9)}${pad('| naive PP', 11)}${pad('on road', 8)}${pad('cmp split', 11)}`,
);
for (const r of results) {
  const q = r.quality;
  const b = r.baseline;
  console.log(
    `${r.label.padEnd(W)}${pad(`${r.planned}/${r.communities} ${Math.round((100 * r.planned) / Math.max(1, r.communities))}%`, 12)}${pad(r.compoundSplits, 11)}${pad(r.split, 6)}${pad(r.infeasible, 7)}${pad(r.units, 6)}${pad((q.polsbyPopperMean ?? 0).toFixed(3), 9)}${pad((q.polsbyPopperMin ?? 0).toFixed(3), 8)}${pad(`${(q.roadBoundaryShare! * 100).toFixed(1)}%`, 8)}${pad(`${((q.compoundCutShare ?? 0) * 100).toFixed(1)}%`, 8)}${pad(`${q.compoundsSplitAvoidable}/${q.compounds}`, 10)}${pad(q.unusableSegments ?? '-', 9)}${
      b
        ? `${pad(`| ${b.polsbyPopperMean!.toFixed(3)}`, 11)}${pad(`${(b.roadBoundaryShare! * 100).toFixed(1)}%`, 8)}${pad(`${b.compoundsSplit}/${b.compounds}`, 11)}`
        : ''
    }`,
  );
  for (const reason of r.infeasibleReasons) console.log(`    cannot split ${reason}`);
}

const synthetic = results.filter((r) => r.label.startsWith('synthetic'));
if (synthetic.length > 1) {
  console.log('\nGrowth: ms per 1,000 buildings (total, and the two largest stages)');
  for (const r of synthetic)
    console.log(
      `${r.label.padEnd(W)} total ${(r.medianMs.total! / (r.buildings / 1000)).toFixed(1)}  mesh ${(r.medianMs.mesh! / (r.buildings / 1000)).toFixed(1)}  partition ${(r.medianMs.partition! / (r.buildings / 1000)).toFixed(1)}`,
    );
}
const with20k = synthetic.filter((r) => r.baseline);
if (with20k.length) {
  const pp =
    with20k.reduce((s, r) => s + r.quality.polsbyPopperMean! * r.units, 0) /
    with20k.reduce((s, r) => s + r.units, 0);
  const road = with20k.reduce((s, r) => s + r.quality.roadBoundaryShare!, 0) / with20k.length;
  console.log(
    `\nTargets on generated districts: mean PP ${pp.toFixed(3)} (≥ 0.55 ${pp >= 0.55 ? 'met' : 'MISSED'}), on roads ${(road * 100).toFixed(1)}% (≥ 80% ${road >= 0.8 ? 'met' : 'MISSED'})`,
  );
}
const t5k = synthetic.find((r) => r.buildings <= 5500);
const t50k = synthetic.find((r) => r.buildings >= 45000 && r.buildings <= 55000);
const t200k = synthetic.find((r) => r.buildings >= 150000);
if (t5k)
  console.log(
    `5k buildings end to end: ${t5k.medianMs.total} ms (≤ 1,000 ${t5k.medianMs.total! <= 1000 ? 'met' : 'MISSED'})`,
  );
if (t50k)
  console.log(
    `50k buildings end to end: ${t50k.medianMs.total} ms (≤ 8,000 ${t50k.medianMs.total! <= 8000 ? 'met' : 'MISSED'})`,
  );
if (t200k)
  console.log(
    `200k buildings: ${t200k.medianMs.total} ms, peak ${t200k.peakRssMb} MB (≤ 2,048 MB ${t200k.peakRssMb <= 2048 ? 'met' : 'MISSED'})`,
  );

mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench', 'engine.json'), JSON.stringify(results, null, 2));

if (!process.argv.includes('--no-metis')) {
  console.log('\nPartitioner against METIS on identical graphs');
  // METIS comes from Debian; install it when we can (root, apt reachable), else the bench says how.
  const hasMetis = spawnSync('sh', ['-c', 'command -v gpmetis']).status === 0;
  if (!hasMetis && process.getuid?.() === 0) {
    console.log('installing METIS (apt-get install -y metis) …');
    spawnSync(
      'sh',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq metis'],
      {
        stdio: 'ignore',
      },
    );
  }
  spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'tests/bench/metis.bench.ts'), ...(quick ? ['--no-cli'] : [])],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
