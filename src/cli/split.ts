/**
 * npm run split -- --buildings B.geojson --communities C.geojson [--roads R.geojson]
 *   [--facilities F.geojson] [--min 1500] [--max 3500] [--split-over 6000] [--target 2500]
 *   [--units N | --units name=N,name2=M] [--seed N] [--restarts N] [--households-field NAME]
 *   [--graph-out G.json] [--jobs N] --out DIR
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readPlanInput } from '../core/io/input';
import { assignmentCsv, reportJson, unitsGeoJson } from '../core/io/output';
import type { PlanOptions } from '../core/types';
import { numberArg, parseArgs } from './args';
import { planInParallel } from './parallelPlan';

const USAGE =
  'usage: npm run split -- --buildings B.geojson --communities C.geojson [--roads R.geojson] [--facilities F.geojson] [--min 1500] [--max 3500] [--split-over 6000] [--target 2500] [--units N] [--seed N] [--households-field NAME] [--graph-out G.json] --out DIR';

function fail(message: string): never {
  process.stderr.write(`split: ${message}\n`);
  process.exit(2);
}

function readText(path: string, what: string): { name: string; text: string } {
  try {
    return { name: basename(path), text: readFileSync(path, 'utf8') };
  } catch (err) {
    return fail(
      `cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function parseUnits(v: string | undefined): PlanOptions['units'] {
  if (v === undefined) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const out: Record<string, number> = {};
  for (const part of v.split(',')) {
    const [name, n] = part.split('=');
    if (!name || !n || !/^\d+$/.test(n)) fail(`--units takes a number or name=N,name2=M (got "${v}")`);
    out[name] = Number(n);
  }
  return out;
}

async function main(): Promise<void> {
  let args: Map<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  const out = args.get('out');
  const buildings = args.get('buildings');
  const communities = args.get('communities');
  if (!buildings || !communities || !out) fail(`--buildings, --communities and --out are required\n${USAGE}`);
  const t0 = performance.now();
  const roads = args.get('roads');
  const facilities = args.get('facilities');
  const householdsField = args.get('households-field');
  const files = {
    buildings: readText(buildings, 'buildings'),
    communities: readText(communities, 'communities'),
    ...(roads ? { roads: readText(roads, 'roads') } : {}),
    ...(facilities ? { facilities: readText(facilities, 'facilities') } : {}),
  };
  const input = readPlanInput(files, householdsField ? { householdsField } : {});
  const readMs = performance.now() - t0;
  const fatal = input.issues.filter((i) => i.severity === 'fatal');
  if (fatal.length) fail(fatal.map((i) => i.message).join('\n'));
  let options: Partial<PlanOptions>;
  try {
    options = {
      min: numberArg(args, 'min', 1500),
      max: numberArg(args, 'max', 3500),
      splitOver: numberArg(args, 'split-over', 6000),
      target: numberArg(args, 'target', 2500),
      seed: numberArg(args, 'seed', 1),
      restarts: numberArg(args, 'restarts', 4),
      compactness: numberArg(args, 'compactness', 0),
      simplify: numberArg(args, 'simplify', 1),
    };
    const units = parseUnits(args.get('units'));
    if (units !== undefined) options.units = units;
  } catch (err) {
    fail((err as Error).message);
  }
  if (options.min! <= 0 || options.max! < options.min!)
    fail(`need 0 < --min ≤ --max (got ${options.min}, ${options.max})`);
  // Communities can be planned on several threads (--jobs); on this kind of 2-core machine two
  // threads slow each other down as much as they share the work, so one is the default.
  const jobs = Math.max(1, Math.floor(numberArg(args, 'jobs', 1)));
  const plan = await planInParallel(input, files, householdsField ? { householdsField } : {}, options, jobs);
  const t1 = performance.now();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'units.geojson'), unitsGeoJson(plan));
  writeFileSync(join(out, 'assignment.csv'), assignmentCsv(plan));
  const graphOut = args.get('graph-out');
  if (graphOut) writeFileSync(graphOut, JSON.stringify(plan.graph));
  const writeMs = performance.now() - t1;
  plan.timingsMs = { read: readMs, ...plan.timingsMs, write: writeMs, total: performance.now() - t0 };
  const extra = { options, jobs };
  writeFileSync(join(out, 'report.json'), reportJson(plan, extra));

  for (const c of plan.communities) {
    const m = c.metrics;
    const line =
      c.status === 'split' && m
        ? `${c.name}: ${c.households} households → ${c.k} units (${m.unitHouseholdsMin}–${m.unitHouseholdsMax}), PP mean ${m.polsbyPopperMean.toFixed(2)}, on roads ${(m.roadBoundaryShare * 100).toFixed(0)}%`
        : c.status === 'infeasible'
          ? `${c.name}: ${c.households} households — cannot split: ${c.infeasible.join('; ')}`
          : `${c.name}: ${c.households} households — kept whole`;
    process.stdout.write(`${line}\n`);
    for (const w of c.warnings) process.stdout.write(`  warning: ${w}\n`);
  }
  const problems = plan.issues.filter((i) => i.severity !== 'warning');
  if (problems.length)
    process.stdout.write(
      `${problems.length} input problem(s), see report.json; first: ${problems[0]!.message}\n`,
    );
  process.stdout.write(
    `${plan.units.length} units written to ${out} in ${(plan.timingsMs.total! / 1000).toFixed(2)} s\n`,
  );
}

await main();
