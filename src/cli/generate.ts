/**
 * shequ generate: write a seeded synthetic district as the planner's four input files.
 *
 *   shequ generate --buildings 5000 --seed 1 --out data/sample [--point-share 0.2] [--centre 114.06,22.55]
 *     [--compound-roads all|some|none]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { generateDistrict } from '../core/synth/generate';
import { COMPOUND_ROADS, type CompoundRoads, FACILITY_KINDS, ROAD_CLASSES } from '../core/synth/types';
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
import { prepareOutDir } from './files';

interface Args {
  buildings: number;
  seed: number;
  out: string;
  pointShare?: number;
  centre?: [number, number];
  compoundRoads?: CompoundRoads;
}

export const GENERATE_FLAGS: Flags = {
  buildings: {
    value: 'N',
    en: 'number of buildings (1 to 1,000,000)',
    zh: '楼栋数（1 至 1,000,000）',
    default: '5000',
  },
  seed: {
    value: 'N',
    en: 'random seed (same seed, same district)',
    zh: '随机种子（同一种子结果相同）',
    default: '1',
  },
  out: { value: 'DIR', en: 'output folder (created if missing)', zh: '输出文件夹（不存在则创建）' },
  'point-share': { value: '0..1', en: 'share of buildings given as points', zh: '以点表示的楼栋比例' },
  centre: { value: 'LON,LAT', en: 'centre of the district', zh: '片区中心经纬度' },
  'compound-roads': {
    value: COMPOUND_ROADS.join('|'),
    en: 'big compounds with internal roads: all, half of them, or none',
    zh: '大型小区的内部道路：全部、一半或没有',
    default: 'all',
  },
};

const USAGE =
  'usage: shequ generate --buildings N --seed S --out DIR [--point-share 0..1] [--centre LON,LAT]\n' +
  '  [--compound-roads all|some|none]\n' +
  '  writes DIR/buildings.geojson, roads.geojson, communities.geojson, facilities.geojson\n' +
  '用法：shequ generate --buildings 楼栋数 --seed 种子 --out 输出文件夹（生成合成片区的四个输入文件）';

function readArgs(args: FlagValues): Args {
  const buildings = numberFlag(args, 'buildings', { min: 1, max: 1_000_000, integer: true }) ?? 5000;
  const out = required(args, 'out');
  const result: Args = { buildings, seed: numberFlag(args, 'seed', { min: 0, integer: true }) ?? 1, out };
  const pointShare = numberFlag(args, 'point-share', { min: 0, max: 1 });
  if (pointShare !== undefined) result.pointShare = pointShare;
  const centre = args.get('centre');
  if (centre !== undefined) {
    const parts = centre.split(',').map(Number);
    const [lon, lat] = parts;
    if (parts.length !== 2 || !(Math.abs(lon!) <= 180) || !(Math.abs(lat!) <= 90))
      throw new CliError(
        `--centre must be LON,LAT in degrees (got "${centre}")`,
        `参数 --centre 须为 经度,纬度（收到 "${centre}"）`,
      );
    result.centre = [lon!, lat!];
  }
  const compoundRoads = choiceFlag(args, 'compound-roads', COMPOUND_ROADS);
  if (compoundRoads !== undefined) result.compoundRoads = compoundRoads;
  return result;
}

/** One feature per line: diff-friendly, and written in batches rather than as one giant string. */
function writeCollection(path: string, fc: FeatureCollection): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  const put = (text: string) => {
    bytes += writeSync(fd, text);
  };
  try {
    put('{"type":"FeatureCollection","features":[\n');
    const n = fc.features.length;
    for (let start = 0; start < n; start += 2000) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(n, start + 2000); i++) {
        lines.push(JSON.stringify(fc.features[i]) + (i < n - 1 ? ',\n' : '\n'));
      }
      put(lines.join(''));
    }
    put(']}\n');
  } finally {
    closeSync(fd);
  }
  return bytes;
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, GENERATE_FLAGS);
  if (flags.has('help')) {
    process.stdout.write(helpText(USAGE, GENERATE_FLAGS));
    return 0;
  }
  const args = readArgs(flags);
  prepareOutDir(args.out, 'out');
  const started = performance.now();
  const district = generateDistrict({
    buildings: args.buildings,
    seed: args.seed,
    centre: args.centre,
    pointShare: args.pointShare,
    compoundRoads: args.compoundRoads,
  });
  const generated = performance.now();
  let bytes = 0;
  bytes += writeCollection(join(args.out, 'buildings.geojson'), district.buildings);
  bytes += writeCollection(join(args.out, 'roads.geojson'), district.roads);
  bytes += writeCollection(join(args.out, 'communities.geojson'), district.communities);
  bytes += writeCollection(join(args.out, 'facilities.geojson'), district.facilities);
  const written = performance.now();

  const s = district.summary;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const lines = [
    `district ${district.boundary.properties.name} (seed ${s.seed}) centred at ${s.centre[0]}, ${s.centre[1]}: ${s.areaKm2} km²`,
    `buildings   ${fmt(s.buildings)} (${fmt(s.pointBuildings)} as points), asked ${fmt(args.buildings)}`,
    `households  ${fmt(s.households)} (${(s.households / Math.max(1, s.buildings)).toFixed(1)} per building)`,
    `compounds   ${fmt(s.compounds)} (${s.compoundsOver3500} over 3,500 households, split by service roads)`,
    `communities ${s.communities} (${s.communitiesOver6000} over 6,000 households):`,
  ];
  const big = s.bigCompounds;
  if (big)
    lines.splice(
      3,
      1,
      `compounds   ${fmt(s.compounds)} (${s.compoundsOver3500} over 3,500 households, ${big.withoutRoads} of them without internal roads; ` +
        `${big.megaCompounds} mega-compounds, ${big.enclosed} enclosed compounds, ${big.giantSlabs} buildings over 3,500)`,
    );
  const list = s.communityList.slice().sort((a, b) => b.households - a.households);
  const shown = list.length > 40 ? list.slice(0, 40) : list;
  for (const c of shown) {
    lines.push(
      `  ${c.code}  ${c.name.padEnd(6, '　')} ${fmt(c.households).padStart(7)} households ${fmt(c.buildings).padStart(6)} buildings`,
    );
  }
  if (list.length > shown.length) lines.push(`  … and ${list.length - shown.length} more`);
  lines.push(
    `roads       ${ROAD_CLASSES.filter((c) => s.roads[c] > 0)
      .map((c) => `${c} ${s.roads[c]} (${s.roadKm[c]} km)`)
      .join(', ')}`,
    `facilities  ${FACILITY_KINDS.map((k) => `${k} ${s.facilities[k]}`).join(', ')}`,
    `wrote ${args.out}/{buildings,roads,communities,facilities}.geojson, ${(bytes / 1e6).toFixed(1)} MB; ` +
      `generated in ${((generated - started) / 1000).toFixed(2)} s, written in ${((written - generated) / 1000).toFixed(2)} s`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
