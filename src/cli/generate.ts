/**
 * Write a seeded synthetic district as the planner's four input files.
 *
 *   npm run generate -- --buildings 5000 --seed 1 --out data/sample [--point-share 0.2] [--centre 114.06,22.55] [--compound-roads all|some|none]
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { generateDistrict } from '../core/synth/generate';
import { COMPOUND_ROADS, type CompoundRoads, FACILITY_KINDS, ROAD_CLASSES } from '../core/synth/types';

interface Args {
  buildings: number;
  seed: number;
  out: string;
  pointShare?: number;
  centre?: [number, number];
  compoundRoads?: CompoundRoads;
}

function usage(message?: string): never {
  if (message) console.error(`generate: ${message}`);
  console.error(
    'usage: generate --buildings N --seed S --out DIR [--point-share 0..1] [--centre LON,LAT]\n' +
      '  [--compound-roads all|some|none]  big compounds with internal roads (all, the default), half, or none\n' +
      '  writes DIR/buildings.geojson, roads.geojson, communities.geojson, facilities.geojson',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === '--help' || arg === '-h') usage();
    const eq = arg.indexOf('=');
    if (!arg.startsWith('--')) usage(`unexpected argument "${arg}"`);
    if (eq > 0) values.set(arg.slice(2, eq), arg.slice(eq + 1));
    else {
      const next = argv[k + 1];
      if (next === undefined) usage(`${arg} needs a value`);
      values.set(arg.slice(2), next);
      k++;
    }
  }
  const num = (key: string, fallback?: number): number => {
    const raw = values.get(key);
    if (raw === undefined) {
      if (fallback === undefined) usage(`--${key} is required`);
      return fallback;
    }
    const v = Number(raw);
    if (!Number.isFinite(v)) usage(`--${key} must be a number, got "${raw}"`);
    return v;
  };
  const buildings = num('buildings', 5000);
  if (buildings < 1 || buildings > 1_000_000) usage('--buildings must be between 1 and 1,000,000');
  const out = values.get('out');
  if (!out) usage('--out is required');
  const args: Args = { buildings, seed: num('seed', 1), out };
  if (values.has('point-share')) args.pointShare = num('point-share');
  const centre = values.get('centre');
  if (centre) {
    const parts = centre.split(',').map(Number);
    if (parts.length !== 2 || !parts.every(Number.isFinite)) usage('--centre must be LON,LAT');
    args.centre = [parts[0]!, parts[1]!];
  }
  const compoundRoads = values.get('compound-roads');
  if (compoundRoads !== undefined) {
    if (!(COMPOUND_ROADS as readonly string[]).includes(compoundRoads))
      usage(`--compound-roads must be one of ${COMPOUND_ROADS.join(', ')}, got "${compoundRoads}"`);
    args.compoundRoads = compoundRoads as CompoundRoads;
  }
  for (const key of values.keys()) {
    if (!['buildings', 'seed', 'out', 'point-share', 'centre', 'compound-roads'].includes(key))
      usage(`unknown option --${key}`);
  }
  return args;
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

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const district = generateDistrict({
    buildings: args.buildings,
    seed: args.seed,
    centre: args.centre,
    pointShare: args.pointShare,
    compoundRoads: args.compoundRoads,
  });
  const generated = performance.now();
  mkdirSync(args.out, { recursive: true });
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
  console.log(lines.join('\n'));
}

main();
