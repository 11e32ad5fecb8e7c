/**
 * shequ split: plan a district from GeoJSON files and write units.geojson, assignment.csv and
 * report.json (see the README's command-line section). Exit 0 on success (also when communities
 * could not be split: they are reported), 2 with a message in both languages on bad input.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputFiles, ReadOptions } from '../core/io/input';
import { readPlanInput } from '../core/io/input';
import { assignmentCsv, reportJson, unitsGeoJson } from '../core/io/output';
import {
  DEFAULT_PLAN_OPTIONS as D,
  type InputIssue,
  type PlanInput,
  type PlanOptions,
  SIZE_PRESETS,
  type SizePreset,
} from '../core/types';
import {
  CliError,
  choiceFlag,
  type Flags,
  type FlagValues,
  helpText,
  numberFlag,
  parseFlags,
  required,
} from './args';
import { checkOutFile, prepareOutDir, readInputText } from './files';
import { planInParallel } from './parallelPlan';

const PRESETS = Object.keys(SIZE_PRESETS) as SizePreset[];

export const SPLIT_FLAGS: Flags = {
  buildings: {
    value: 'FILE',
    en: 'buildings GeoJSON (footprints or points with households)',
    zh: '楼栋 GeoJSON（轮廓或点，含户数）',
  },
  communities: { value: 'FILE', en: 'communities GeoJSON (polygons with name)', zh: '社区边界 GeoJSON' },
  roads: {
    value: 'FILE',
    en: 'roads, rivers and walls GeoJSON (optional)',
    zh: '道路、河流、围墙 GeoJSON（可选）',
  },
  facilities: { value: 'FILE', en: 'facilities GeoJSON (optional)', zh: '设施 GeoJSON（可选）' },
  out: { value: 'DIR', en: 'output folder (created if missing)', zh: '输出文件夹（不存在则创建）' },
  'graph-out': { value: 'FILE', en: 'also write the atom graph as JSON', zh: '另存原子图 JSON' },
  preset: {
    value: PRESETS.join('|'),
    en: 'size rule: sets --min, --max and --target (explicit ones win)',
    zh: '规模标准：设定 --min、--max、--target（显式给出的优先）',
    default: '1500-3500',
  },
  min: { value: 'N', en: 'fewest households in a new unit', zh: '新社区最少户数', default: String(D.min) },
  max: { value: 'N', en: 'most households in a new unit', zh: '新社区最多户数', default: String(D.max) },
  target: {
    value: 'N',
    en: 'households per unit that sets the number of units',
    zh: '目标户数（决定新社区个数）',
    default: String(D.target),
  },
  'split-over': {
    value: 'N',
    en: 'split communities with more households than this',
    zh: '户数超过此值的社区才拆分',
    default: String(D.splitOver),
  },
  units: {
    value: 'N|NAME=N,…',
    en: 'number of units, for every community or per community name or code',
    zh: '新社区个数：统一一个数，或按社区名称/代码分别指定',
  },
  'big-compounds': {
    value: 'split|keep',
    en: 'a compound over --max: split between its buildings, or keep (cut only on internal roads)',
    zh: '超过上限的小区：split 在楼栋间拆分；keep 只沿内部道路拆分',
    default: D.bigCompounds,
  },
  'service-room-min': {
    value: 'M2',
    en: 'smallest service centre that counts, m²',
    zh: '服务用房最小面积（平方米）',
    default: String(D.serviceCentreMinArea),
  },
  'service-room-per-100': {
    value: 'M2',
    en: 'service centre floor area needed per 100 households, m²',
    zh: '每百户所需服务用房面积（平方米）',
    default: String(D.serviceCentrePer100),
  },
  'notice-over': {
    value: 'N',
    en: 'list units with more households than this as a notice',
    zh: '户数超过此值的新社区列入提示',
    default: String(D.noticeOver),
  },
  seed: {
    value: 'N',
    en: 'random seed (same seed, same plan)',
    zh: '随机种子（同一种子结果相同）',
    default: String(D.seed),
  },
  restarts: {
    value: 'N',
    en: 'seeded restarts of the search',
    zh: '搜索重启次数',
    default: String(D.restarts),
  },
  compactness: {
    value: 'W',
    en: 'weight of compactness in the score',
    zh: '紧凑度权重',
    default: String(D.compactness),
  },
  simplify: {
    value: 'M',
    en: 'boundary simplification tolerance, metres',
    zh: '边界简化容差（米）',
    default: String(D.simplify),
  },
  'households-field': { value: 'NAME', en: 'property holding the household count', zh: '户数字段名' },
  jobs: { value: 'N', en: 'worker threads planning communities', zh: '规划用的工作线程数', default: '1' },
};

const USAGE =
  'usage: shequ split --buildings FILE --communities FILE [--roads FILE] [--facilities FILE] [options] --out DIR\n' +
  '用法：shequ split --buildings 楼栋 --communities 社区 [--roads 道路] [--facilities 设施] [选项] --out 输出文件夹';

export function splitHelp(): string {
  return helpText(USAGE, SPLIT_FLAGS);
}

function parseUnits(raw: string | undefined): PlanOptions['units'] {
  if (raw === undefined) return undefined;
  const bad = () =>
    new CliError(
      `--units takes a number of units, or NAME=N,NAME2=M per community (got "${raw}")`,
      `参数 --units 须为新社区个数，或按社区写成 名称=N,名称2=M（收到 "${raw}"）`,
    );
  if (/^\d+$/.test(raw)) {
    if (Number(raw) < 1) throw bad();
    return Number(raw);
  }
  const out: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const eq = part.lastIndexOf('=');
    const name = part.slice(0, eq).trim();
    const n = part.slice(eq + 1).trim();
    if (eq <= 0 || !name || !/^\d+$/.test(n) || Number(n) < 1) throw bad();
    out[name] = Number(n);
  }
  return out;
}

/** Every flag checked and turned into plan options, before any file is read. */
export function planOptions(args: FlagValues): Partial<PlanOptions> {
  const preset = SIZE_PRESETS[choiceFlag(args, 'preset', PRESETS) ?? '1500-3500'];
  const positive = (name: string) => numberFlag(args, name, { above: 0 });
  const options: PlanOptions = {
    ...D,
    min: positive('min') ?? preset.min,
    max: positive('max') ?? preset.max,
    target: positive('target') ?? preset.target,
    splitOver: positive('split-over') ?? D.splitOver,
    seed: numberFlag(args, 'seed', { min: 0, integer: true }) ?? D.seed,
    restarts: numberFlag(args, 'restarts', { min: 1, integer: true }) ?? D.restarts,
    compactness: numberFlag(args, 'compactness', { min: 0 }) ?? D.compactness,
    simplify: numberFlag(args, 'simplify', { min: 0 }) ?? D.simplify,
    bigCompounds: choiceFlag(args, 'big-compounds', ['split', 'keep'] as const) ?? D.bigCompounds,
    serviceCentreMinArea: numberFlag(args, 'service-room-min', { min: 0 }) ?? D.serviceCentreMinArea,
    serviceCentrePer100: numberFlag(args, 'service-room-per-100', { min: 0 }) ?? D.serviceCentrePer100,
    noticeOver: positive('notice-over') ?? D.noticeOver,
  };
  if (options.min > options.max)
    throw new CliError(
      `--min (${options.min}) must not exceed --max (${options.max})`,
      `--min（${options.min}）不能大于 --max（${options.max}）`,
    );
  if (options.target < options.min || options.target > options.max)
    throw new CliError(
      `--target (${options.target}) must lie between --min (${options.min}) and --max (${options.max})`,
      `--target（${options.target}）须在 --min（${options.min}）与 --max（${options.max}）之间`,
    );
  const units = parseUnits(args.get('units'));
  if (units !== undefined) options.units = units;
  return options;
}

/** `--units NAME=N` must name communities that exist (by name or code). */
function checkUnitNames(units: PlanOptions['units'], input: PlanInput): void {
  if (units === undefined || typeof units === 'number') return;
  const known = new Set(input.communities.flatMap((c) => [c.name, c.code]));
  const missing = Object.keys(units).filter((k) => !known.has(k));
  if (!missing.length) return;
  const names = input.communities.map((c) =>
    c.code && c.code !== c.name ? `${c.name} (${c.code})` : c.name,
  );
  const shown = names.length > 30 ? [...names.slice(0, 30), `… +${names.length - 30}`] : names;
  throw new CliError(
    `--units names ${missing.join(', ')}, not a community in the communities file; the communities are: ${shown.join(', ')}`,
    `--units 中的 ${missing.join('、')} 不是社区文件中的社区；现有社区：${shown.join('、')}`,
  );
}

/** Fatal input problems in both languages, with the file, feature and field they name. */
async function fatalMessage(fatal: InputIssue[]): Promise<CliError> {
  const { zhCN } = await import('../i18n/zh-CN');
  const table = zhCN as Record<string, string>;
  const zh = fatal.map((i) => {
    const template = table[`issue.${i.code}`];
    if (!template) return i.message;
    const filled = template.replace(/\{(\w+)\}/g, (m, key: string) => {
      const v = i[key as 'file' | 'feature' | 'field'];
      return v ?? m;
    });
    return i.field && !template.includes('{field}') ? `${filled}（字段 ${i.field}）` : filled;
  });
  return new CliError(fatal.map((i) => i.message).join('\n'), zh.join('\n'));
}

export async function run(argv: string[]): Promise<number> {
  const args = parseFlags(argv, SPLIT_FLAGS);
  if (args.has('help')) {
    process.stdout.write(splitHelp());
    return 0;
  }
  const buildings = required(args, 'buildings');
  const communities = required(args, 'communities');
  const out = required(args, 'out');
  const options = planOptions(args);
  const jobs = numberFlag(args, 'jobs', { min: 1, integer: true }) ?? 1;
  const graphOut = args.get('graph-out');
  // Output paths are checked before any work: a bad one must not cost a whole planning run.
  prepareOutDir(out, 'out');
  if (graphOut) checkOutFile(graphOut, 'graph-out');

  const t0 = performance.now();
  const roads = args.get('roads');
  const facilities = args.get('facilities');
  const householdsField = args.get('households-field');
  const files: InputFiles = {
    buildings: readInputText(buildings, { en: 'buildings', zh: '楼栋' }),
    communities: readInputText(communities, { en: 'communities', zh: '社区' }),
    ...(roads ? { roads: readInputText(roads, { en: 'roads', zh: '道路' }) } : {}),
    ...(facilities ? { facilities: readInputText(facilities, { en: 'facilities', zh: '设施' }) } : {}),
  };
  const read: ReadOptions = householdsField ? { householdsField } : {};
  const input = readPlanInput(files, read);
  const readMs = performance.now() - t0;
  const fatal = input.issues.filter((i) => i.severity === 'fatal');
  if (fatal.length) throw await fatalMessage(fatal);
  checkUnitNames(options.units, input);

  const plan = await planInParallel(input, files, read, options, jobs);
  const t1 = performance.now();
  writeFileSync(join(out, 'units.geojson'), unitsGeoJson(plan));
  writeFileSync(join(out, 'assignment.csv'), assignmentCsv(plan));
  if (graphOut) writeFileSync(graphOut, JSON.stringify(plan.graph));
  const writeMs = performance.now() - t1;
  plan.timingsMs = { read: readMs, ...plan.timingsMs, write: writeMs, total: performance.now() - t0 };
  writeFileSync(join(out, 'report.json'), reportJson(plan, { options, jobs }));

  const lines: string[] = [];
  for (const c of plan.communities) {
    const m = c.metrics;
    lines.push(
      c.status === 'split' && m
        ? `${c.name}: ${c.households} households → ${c.k} units (${m.unitHouseholdsMin}–${m.unitHouseholdsMax}), PP mean ${m.polsbyPopperMean.toFixed(2)}, on roads ${(m.roadBoundaryShare * 100).toFixed(0)}%${m.compoundCutM > 0 ? ` (${Math.round(m.compoundCutM)} m through compounds with no roads in the data)` : ''}`
        : c.status === 'infeasible'
          ? `${c.name}: ${c.households} households — cannot split: ${c.infeasible.join('; ')}`
          : `${c.name}: ${c.households} households — kept whole`,
    );
    for (const w of c.warnings) lines.push(`  warning: ${w}`);
  }
  const problems = plan.issues.filter((i) => i.severity !== 'warning');
  if (problems.length)
    lines.push(`${problems.length} input problem(s), see report.json; first: ${problems[0]!.message}`);
  lines.push(
    `${plan.units.length} units written to ${out} in ${(plan.timingsMs.total! / 1000).toFixed(2)} s`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
