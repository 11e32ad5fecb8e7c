/**
 * shequ partition: the partitioner alone on an atom graph (the JSON `split --graph-out` writes).
 * Writes `{"<node id>": part, …}` and prints a one-line summary. Exit 0 on success, 2 with a message
 * in both languages for bad arguments or input, 1 when no partition within the bounds exists or was
 * found (said on stderr).
 */
import { writeFileSync } from 'node:fs';
import { partPieces } from '../core/graph/csr';
import { assignmentToJson, GraphJsonError, parseGraphJson, projectLonLat } from '../core/io/graphJson';
import { partition } from '../core/partition/index';
import { CliError, type Flags, helpText, numberFlag, parseFlags, required } from './args';
import { checkOutFile, readInputText } from './files';

export const PARTITION_FLAGS: Flags = {
  graph: {
    value: 'FILE',
    en: 'atom graph JSON (as written by split --graph-out)',
    zh: '原子图 JSON（split --graph-out 的输出）',
  },
  out: { value: 'FILE', en: 'where to write {"<node id>": part, …}', zh: '输出文件：{"节点编号": 分区, …}' },
  min: {
    value: 'N',
    en: 'fewest households in a part (0: no floor)',
    zh: '每个分区最少户数（0 为不设下限）',
    default: '1500',
  },
  max: { value: 'N', en: 'most households in a part', zh: '每个分区最多户数', default: '3500' },
  k: {
    value: 'K',
    en: 'number of parts (default: households / target)',
    zh: '分区个数（默认：总户数 / 目标户数）',
  },
  target: {
    value: 'N',
    en: 'households per part that sets k',
    zh: '目标户数（决定分区个数）',
    default: '2500',
  },
  seed: { value: 'N', en: 'random seed', zh: '随机种子', default: '1' },
  restarts: { value: 'N', en: 'seeded restarts of the search', zh: '搜索重启次数', default: '4' },
  compactness: {
    value: 'W',
    en: 'weight of compactness (needs x, y on every node)',
    zh: '紧凑度权重（每个节点须有 x、y）',
    default: '0',
  },
};

const USAGE =
  'usage: shequ partition --graph G.json [--min 1500] [--max 3500] [--k K] [--target 2500] [--seed N] ' +
  '[--restarts N] [--compactness W] --out A.json\n' +
  '用法：shequ partition --graph 图.json [选项] --out 结果.json';

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

export async function run(argv: string[]): Promise<number> {
  const args = parseFlags(argv, PARTITION_FLAGS);
  if (args.has('help')) {
    process.stdout.write(helpText(USAGE, PARTITION_FLAGS));
    return 0;
  }
  const graphPath = required(args, 'graph');
  const outPath = required(args, 'out');
  const min = numberFlag(args, 'min', { min: 0 }) ?? 1500;
  const max = numberFlag(args, 'max', { above: 0 }) ?? 3500;
  const k = numberFlag(args, 'k', { min: 1, integer: true });
  const target = numberFlag(args, 'target', { above: 0 }) ?? 2500;
  const seed = numberFlag(args, 'seed', { min: 0, integer: true }) ?? 1;
  const restarts = numberFlag(args, 'restarts', { min: 1, integer: true }) ?? 4;
  const compactness = numberFlag(args, 'compactness', { min: 0 }) ?? 0;
  if (min > max)
    throw new CliError(
      `--min (${min}) must not exceed --max (${max})`,
      `--min（${min}）不能大于 --max（${max}）`,
    );
  checkOutFile(outPath, 'out');

  const started = performance.now();
  const { text } = readInputText(graphPath, { en: 'graph', zh: '图' });
  let parsed: ReturnType<typeof parseGraphJson>;
  try {
    parsed = parseGraphJson(text);
  } catch (error) {
    if (!(error instanceof GraphJsonError)) throw error;
    throw new CliError(
      `invalid graph ${graphPath}: ${error.message}`,
      `图文件 ${graphPath} 无效：${error.message}`,
    );
  }
  const { graph, ids, lonLat } = parsed;
  let coords: Float64Array | undefined;
  if (compactness > 0) {
    coords = projectLonLat(lonLat) ?? undefined;
    if (!coords)
      throw new CliError(
        `--compactness needs x and y (lon, lat) on every node of ${graphPath}`,
        `--compactness 要求 ${graphPath} 的每个节点都有 x、y（经纬度）`,
      );
  }

  let result: ReturnType<typeof partition>;
  try {
    result = partition(graph, { min, max, k, target, seed, restarts, coords, compactness });
  } catch (error) {
    // The partitioner refuses malformed graphs (negative households…) with a RangeError.
    if (!(error instanceof RangeError)) throw error;
    throw new CliError(`${graphPath}: ${error.message}`, `${graphPath}：${error.message}`);
  }
  if (!result.ok) {
    process.stderr.write(`partition: ${result.code}: ${result.message}\n`);
    return 1;
  }

  try {
    writeFileSync(outPath, `${JSON.stringify(assignmentToJson(ids, result.assignment))}\n`);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new CliError(
      `cannot write ${outPath}: ${e.code ?? e.message}`,
      `无法写入 ${outPath}：${e.code ?? e.message}`,
    );
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
  return 0;
}
