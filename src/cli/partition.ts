/**
 * Partition a unit graph from the command line:
 *   npm run partition -- --graph G.json [--min 1500] [--max 3500] [--k K] [--target 2500] [--seed N]
 *                        [--restarts N] [--compactness W] --out A.json
 * Writes A.json = {"<node id>": part, …} and prints a one-line summary. Exit 0 on success, 1 for bad
 * arguments or input, 2 when no partition within the bounds exists or was found; every failure prints
 * one line on stderr saying why.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { partPieces } from '../core/graph/csr';
import { assignmentToJson, GraphJsonError, parseGraphJson, projectLonLat } from '../core/io/graphJson';
import { partition } from '../core/partition/index';

const USAGE =
  'usage: npm run partition -- --graph G.json [--min 1500] [--max 3500] [--k K] [--target 2500] ' +
  '[--seed N] [--restarts N] [--compactness W] --out A.json';

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function die(message: string, code = 1): never {
  process.stderr.write(`partition: ${message}\n`);
  process.exit(code);
}

function number(name: string, raw: string | undefined, fallback: number | undefined, integer: boolean) {
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < 0) {
    die(`--${name} must be a non-negative ${integer ? 'integer' : 'number'}, got '${raw}'`);
  }
  return x;
}

/** Reads and parses the graph file (the text is dropped once parsed: it can be tens of MB). */
function load(path: string): ReturnType<typeof parseGraphJson> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    die(`cannot read graph file ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  try {
    return parseGraphJson(text);
  } catch (error) {
    if (error instanceof GraphJsonError) die(`invalid graph ${path}: ${error.message}`);
    throw error;
  }
}

function main(): void {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        graph: { type: 'string' },
        out: { type: 'string' },
        min: { type: 'string' },
        max: { type: 'string' },
        k: { type: 'string' },
        target: { type: 'string' },
        seed: { type: 'string' },
        restarts: { type: 'string' },
        compactness: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    die(`${(error as Error).message} (${USAGE})`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const str = (name: string) => values[name] as string | undefined;
  const graphPath = str('graph');
  const outPath = str('out');
  if (!graphPath) die(`missing --graph (${USAGE})`);
  if (!outPath) die(`missing --out (${USAGE})`);
  const min = number('min', str('min'), 1500, false)!;
  const max = number('max', str('max'), 3500, false)!;
  const k = number('k', str('k'), undefined, true);
  const target = number('target', str('target'), 2500, false)!;
  const seed = number('seed', str('seed'), 1, true)!;
  const restarts = number('restarts', str('restarts'), 4, true)!;
  const compactness = number('compactness', str('compactness'), 0, false)!;
  if (k === 0) die('--k must be at least 1');
  if (restarts === 0) die('--restarts must be at least 1');
  if (target === 0) die('--target must be positive');

  const started = performance.now();
  const parsed = load(graphPath);
  const { graph, ids, lonLat } = parsed;
  let coords: Float64Array | undefined;
  if (compactness > 0) {
    coords = projectLonLat(lonLat) ?? die('--compactness needs x and y (lon, lat) on every node');
  }

  let result: ReturnType<typeof partition>;
  try {
    result = partition(graph, { min, max, k, target, seed, restarts, coords, compactness });
  } catch (error) {
    if (error instanceof RangeError) die(error.message);
    throw error;
  }
  if (!result.ok) die(`${result.code}: ${result.message}`, 2);

  try {
    writeFileSync(outPath, `${JSON.stringify(assignmentToJson(ids, result.assignment))}\n`);
  } catch (error) {
    die(`cannot write ${outPath}: ${(error as Error).message}`);
  }
  const seconds = (performance.now() - started) / 1000;
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of result.partHouseholds) {
    lo = Math.min(lo, h);
    hi = Math.max(hi, h);
  }
  const pieces = partPieces(graph, result.assignment, result.k);
  const connected = pieces.filter((p) => p === 1).length;
  process.stdout.write(
    `k=${result.k} cut=${result.cut.toFixed(2)} households per part ${fmt(lo)}–${fmt(hi)} ` +
      `connected parts ${connected}/${result.k} nodes ${graph.n} time ${seconds.toFixed(2)}s → ${outPath}\n`,
  );
}

main();
