/**
 * Seeded synthetic district (街道) generator: a realistic input for the planner at any size from 500 to
 * 200,000 buildings. Pure (no I/O) so it runs in Node, in tests and in a browser worker.
 *
 * Pipeline: arterial grid with a river → superblocks cut into blocks by local roads → a kind per block
 * (high-rise compounds, walk-up estates, urban village, schools/offices/malls/factories, parks) → the
 * grid is scaled so the expected building count matches the target → each block gets an exact
 * building budget and fills it → communities are carved out of the superblocks → facilities → GeoJSON.
 */
import type { Feature, Point, Polygon } from 'geojson';
import { shuffle } from '../random';
import { assignKinds, type BlockKind, MEAN_DENSITY, NATURAL_DENSITY, planCells } from './blocks';
import { groupCells } from './communities';
import { fillTowers, fillWalkups, towerSpec, walkupSpec } from './estates';
import { placeCommunityFacilities } from './facilities';
import { buildingFeatures, projectRing, roadFeatures } from './features';
import { ringArea } from './geometry';
import { makeGrid, rectRing, scaleGrid } from './grid';
import { type BlockGeom, buildLayout } from './layout';
import { fillMegaCompound, MEGA_MIN_TOWERS } from './mega';
import { NameBook } from './names';
import { fillNonRes, fillPark, nonResSpec } from './nonres';
import { Projector } from './projection';
import { chance, intBetween, pick, stageRng, uniform } from './rng';
import { capacity, type Frame, makeFrame, type SlotSpec } from './slots';
import { type BigCompoundState, BuildingStore, type FillContext } from './store';
import {
  type BigCompoundSummary,
  COMPOUND_ROADS,
  type CommunityProps,
  type District,
  type DistrictOptions,
  type DistrictSummary,
  FACILITY_KINDS,
  type FacilityKind,
  type FacilityProps,
} from './types';
import { fillVillage, villageSpec } from './village';

export type { District, DistrictOptions, DistrictSummary } from './types';

const RAIL_NAMES = ['地铁1号线', '地铁2号线', '地铁3号线', '地铁4号线', '地铁7号线', '地铁9号线', '广深铁路'];

function specFor(kind: BlockKind, rng: () => number): SlotSpec | null {
  switch (kind) {
    case 'tower':
      return towerSpec(rng);
    case 'walkup':
      return walkupSpec(rng);
    case 'village':
      return villageSpec(rng);
    case 'park':
      return null;
    default:
      return nonResSpec(kind, rng);
  }
}

/**
 * Share `target` buildings among blocks in proportion to their natural counts, never beyond a block's
 * capacity (water-filling), then round so the shares add up to the target exactly.
 */
export function allocateBudgets(
  target: number,
  natural: readonly number[],
  caps: readonly number[],
): number[] {
  const totalCap = caps.reduce((s, c) => s + c, 0);
  if (totalCap <= target) return caps.slice();
  const filled = (lambda: number) => natural.reduce((s, n, i) => s + Math.min(caps[i]!, lambda * n), 0);
  let lo = 0;
  let hi = 1;
  while (filled(hi) < target) hi *= 2;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (filled(mid) >= target) hi = mid;
    else lo = mid;
  }
  const raw = natural.map((n, i) => Math.min(caps[i]!, hi * n));
  const out = raw.map((r) => Math.floor(r));
  let left = target - out.reduce((s, b) => s + b, 0);
  const order = raw.map((_, i) => i).sort((x, y) => raw[y]! - out[y]! - (raw[x]! - out[x]!) || x - y);
  for (const i of order) {
    if (left <= 0) break;
    if (out[i]! < caps[i]!) {
      out[i]!++;
      left--;
    }
  }
  return out;
}

export function generateDistrict(options: DistrictOptions): District {
  if (!Number.isFinite(options.buildings) || options.buildings < 1) {
    throw new RangeError(`buildings must be a number ≥ 1, got ${options.buildings}`);
  }
  if (!Number.isFinite(options.seed))
    throw new RangeError(`seed must be a finite number, got ${options.seed}`);
  const target = Math.round(options.buildings);
  const seed = options.seed;
  const shapeRng = stageRng(seed, 'shape');
  const centre: [number, number] = options.centre ?? [
    Math.round((114.06 + uniform(shapeRng, -0.03, 0.03)) * 1e4) / 1e4,
    Math.round((22.55 + uniform(shapeRng, -0.02, 0.02)) * 1e4) / 1e4,
  ];
  const rotation = uniform(shapeRng, -25, 25);
  const pointShare = Math.min(1, Math.max(0, options.pointShare ?? 0.2));
  const compoundRoads = options.compoundRoads ?? 'all';
  if (!COMPOUND_ROADS.includes(compoundRoads))
    throw new RangeError(`compoundRoads must be one of ${COMPOUND_ROADS.join(', ')}, got ${compoundRoads}`);

  // 1. Size the district from the target count and the expected density of the default mix.
  const area = (target / MEAN_DENSITY) * 1e4;
  const aspect = uniform(shapeRng, 0.8, 1.5);
  const width = Math.sqrt(area * aspect);
  const height = area / width;
  const nominal = uniform(shapeRng, 470, 560);
  const nx = Math.max(2, Math.round(width / nominal));
  const ny = Math.max(2, Math.round(height / nominal));
  let grid = makeGrid(stageRng(seed, 'grid'), nx, ny, Math.sqrt(area / (nx * ny)));
  const cells = planCells(stageRng(seed, 'cells'), grid);
  const plans = assignKinds(stageRng(seed, 'kinds'), grid, cells);

  // 2. Scale the plan so the natural building count of the kinds drawn matches the target; small
  //    districts (where road setbacks eat much of each block) grow until their blocks can hold it.
  const expected = plans.reduce((s, p) => s + (p.area / 1e4) * NATURAL_DENSITY[p.kind] * p.density, 0);
  let scale = Math.min(1.25, Math.max(0.8, Math.sqrt(target / Math.max(1, expected))));
  const base = grid;
  let layout = buildLayout(scaleGrid(base, scale), cells, plans);
  let frames: Frame[] = [];
  let specs: (SlotSpec | null)[] = [];
  let caps: number[] = [];
  for (let attempt = 0; ; attempt++) {
    const specRng = stageRng(seed, 'specs');
    frames = layout.blocks.map((b) => makeFrame(b, layout.river));
    specs = layout.blocks.map((b) => specFor(b.plan.kind, specRng));
    caps = layout.blocks.map((_, i) => (specs[i] ? capacity(frames[i]!, specs[i]!) : 0));
    const room = caps.reduce((s, c) => s + c, 0);
    if (room >= target * 1.15 || attempt === 12) break;
    scale *= room === 0 ? 2 : Math.max(1.05, Math.sqrt((target * 1.3) / room));
    layout = buildLayout(scaleGrid(base, scale), cells, plans);
  }
  grid = layout.grid;
  const { blocks } = layout;

  // 3. An exact building budget per block; mega-compound blocks are chosen first and get more towers.
  const natural = blocks.map(
    (b) => (ringArea(b.corners) / 1e4) * NATURAL_DENSITY[b.plan.kind] * b.plan.density,
  );
  const big: BigCompoundState | null =
    compoundRoads === 'all' ? null : { rng: stageRng(seed, 'mega'), megaCompounds: 0, enclosed: 0 };
  const mega = big ? chooseMegaBlocks(big.rng, blocks, caps) : [];
  for (const i of mega) natural[i]! *= 3;
  const budgets = allocateBudgets(target, natural, caps);
  const isMega = new Set(mega);

  // 4. Fill the blocks.
  const names = new NameBook(stageRng(seed, 'names'));
  const towerBlocks = blocks.filter((b) => b.plan.kind === 'tower').length;
  const bigLeft = towerBlocks >= 4 ? Math.max(1, Math.round(towerBlocks / 18)) : 0;
  const ctx: FillContext = {
    rng: stageRng(seed, 'fill'),
    names,
    store: new BuildingStore(),
    roads: layout.roads,
    compounds: [],
    sites: [],
    bigLeft,
    bigChance: towerBlocks > 0 ? Math.min(1, (2.5 * bigLeft) / towerBlocks) : 0,
    villages: new Map(),
    compoundRoads,
    big,
  };
  nameRoads(layout.roads.length, ctx, grid.riverRow, grid.nx, grid.ny);
  blocks.forEach((block, i) => {
    const f = frames[i]!;
    const spec = specs[i];
    const budget = budgets[i]!;
    const kind = block.plan.kind;
    if (kind === 'park' || !spec) fillPark(ctx, block, f);
    else if (budget === 0) return;
    else if (kind === 'tower') {
      if (!(isMega.has(i) && fillMegaCompound(ctx, block, f, budget)))
        fillTowers(ctx, block, f, spec, budget);
    } else if (kind === 'walkup') fillWalkups(ctx, block, f, spec, budget);
    else if (kind === 'village') fillVillage(ctx, block, f, spec, budget);
    else fillNonRes(ctx, block, f, spec, budget, kind);
  });
  const { store } = ctx;

  // 5. Some buildings only as points: whole urban villages first (as in POI-only surveys), then any.
  markPoints(
    stageRng(seed, 'points'),
    store,
    blocks.map((b) => b.plan.kind),
    pointShare,
  );

  // 6. Communities from superblocks.
  const cellHouseholds = new Float64Array(grid.nx * grid.ny);
  for (let i = 0; i < store.length; i++)
    cellHouseholds[blocks[store.block[i]!]!.cellIndex]! += store.households[i]!;
  const rects = groupCells(stageRng(seed, 'communities'), grid.nx, grid.ny, grid.riverRow, cellHouseholds);
  const cellCommunity = new Int32Array(grid.nx * grid.ny);
  rects.forEach((r, k) => {
    for (let j = r.j0; j < r.j1; j++) for (let i = r.i0; i < r.i1; i++) cellCommunity[j * grid.nx + i] = k;
  });
  const communityNames = rects.map(() => names.name('community'));
  const prefix = `4403${pick(shapeRng, ['03', '04', '05', '06', '07'])}`;
  const street = intBetween(shapeRng, 1, 12);
  const codes = rects.map(
    (_, k) =>
      `${prefix}${String(street + Math.floor(k / 999)).padStart(3, '0')}${String((k % 999) + 1).padStart(3, '0')}`,
  );
  const communityOf = (block: number) => cellCommunity[blocks[block]!.cellIndex]!;
  const commHouseholds = new Array<number>(rects.length).fill(0);
  const commBuildings = new Array<number>(rects.length).fill(0);
  for (let i = 0; i < store.length; i++) {
    const c = communityOf(store.block[i]!);
    commHouseholds[c]! += store.households[i]!;
    commBuildings[c]!++;
  }

  // 7. Facilities, named after their community.
  placeCommunityFacilities(
    stageRng(seed, 'facilities'),
    store,
    blocks.map((b) => b.plan.kind),
    ctx.sites,
  );
  const seen = new Map<string, number>();
  for (const site of ctx.sites) {
    if (site.kind !== 'service_centre' && site.kind !== 'clinic') continue;
    const c = communityOf(site.block);
    const key = `${site.kind}/${c}`;
    const k = (seen.get(key) ?? 0) + 1;
    seen.set(key, k);
    const community = communityNames[c]!;
    if (site.kind === 'service_centre')
      site.name = k === 1 ? `${community}党群服务中心` : `${community}${names.word()}党群服务站`;
    else site.name = k === 1 ? `${community}健康服务中心` : `${names.word()}社康站`;
  }

  // 8. GeoJSON.
  const origin = rectRing(grid, 0, grid.nx, 0, grid.ny);
  const ox = origin.reduce((s, p) => s + p[0], 0) / origin.length;
  const oy = origin.reduce((s, p) => s + p[1], 0) / origin.length;
  const proj = new Projector(centre, rotation, ox, oy);
  const buildings = buildingFeatures(store, ctx.compounds, proj);
  const roads = roadFeatures(ctx.roads, proj);
  const communities: Feature<Polygon, CommunityProps>[] = rects.map((r, k) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [projectRing(rectRing(grid, r.i0, r.i1, r.j0, r.j1), proj)] },
    properties: { name: communityNames[k]!, code: codes[k]!, households: commHouseholds[k]! },
  }));
  const facilityCount = Object.fromEntries(FACILITY_KINDS.map((k) => [k, 0])) as Record<FacilityKind, number>;
  const facilities: Feature<Point, FacilityProps>[] = ctx.sites.map((s, k) => {
    facilityCount[s.kind]++;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: proj.lonLat(s.x, s.y) },
      properties: { id: `F${String(k + 1).padStart(4, '0')}`, kind: s.kind, area_m2: s.areaM2, name: s.name },
    };
  });

  const compoundHouseholds = new Array<number>(ctx.compounds.length).fill(0);
  for (let i = 0; i < store.length; i++)
    if (store.compound[i]! >= 0) compoundHouseholds[store.compound[i]!]! += store.households[i]!;
  const households = commHouseholds.reduce((s, h) => s + h, 0);
  let bigCompounds: BigCompoundSummary | undefined;
  if (big) {
    const withRoads = new Set(
      roads.collection.features
        .filter((r) => r.properties.class === 'service')
        .map((r) => r.properties.compound),
    );
    bigCompounds = {
      compoundRoads,
      megaCompounds: big.megaCompounds,
      withoutRoads: compoundHouseholds.filter((h, c) => h > 3500 && !withRoads.has(ctx.compounds[c]!.id))
        .length,
      enclosed: big.enclosed,
      giantSlabs: store.households.filter((h) => h > 3500).length,
    };
  }
  const summary: DistrictSummary = {
    seed,
    centre,
    areaKm2: Math.round(ringArea(origin) / 1e4) / 100,
    buildings: store.length,
    pointBuildings: store.point.filter(Boolean).length,
    households,
    communities: rects.length,
    communitiesOver6000: commHouseholds.filter((h) => h > 6000).length,
    compounds: ctx.compounds.length,
    compoundsOver3500: compoundHouseholds.filter((h) => h > 3500).length,
    roads: roads.stats.count,
    roadKm: roads.stats.km,
    facilities: facilityCount,
    communityList: rects.map((_, k) => ({
      name: communityNames[k]!,
      code: codes[k]!,
      households: commHouseholds[k]!,
      buildings: commBuildings[k]!,
    })),
    ...(bigCompounds ? { bigCompounds } : {}),
  };
  return {
    buildings,
    roads: roads.collection,
    communities: { type: 'FeatureCollection', features: communities },
    facilities: { type: 'FeatureCollection', features: facilities },
    boundary: {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [projectRing(origin, proj)] },
      properties: { name: names.name('district') },
    },
    summary,
  };
}

/**
 * High-rise blocks to fill with one mega-compound each: 60% of those with room for enough towers,
 * at most two per superblock (a superblock of four would pass the largest community size).
 */
function chooseMegaBlocks(
  rng: () => number,
  blocks: readonly BlockGeom[],
  caps: readonly number[],
): number[] {
  const perCell = new Map<number, number>();
  const out: number[] = [];
  blocks.forEach((b, i) => {
    if (b.plan.kind !== 'tower' || caps[i]! < MEGA_MIN_TOWERS) return;
    if ((perCell.get(b.cellIndex) ?? 0) >= 2 || !chance(rng, 0.6)) return;
    perCell.set(b.cellIndex, (perCell.get(b.cellIndex) ?? 0) + 1);
    out.push(i);
  });
  return out;
}

/** Names for the lines the layout made: arterials and the river first, then local roads. */
function nameRoads(count: number, ctx: FillContext, riverRow: number, nx: number, ny: number): void {
  const arterials = nx + ny + 2;
  for (let k = 0; k < count; k++) {
    const road = ctx.roads[k]!;
    if (k < arterials) road.name = k === riverRow ? ctx.names.name('river') : ctx.names.name('road');
    else if (road.cls === 'rail') road.name = pick(ctx.rng, RAIL_NAMES);
    else if (road.cls === 'canal') road.name = ctx.names.name('canal');
    else if (road.cls === 'tertiary') road.name = ctx.names.name('street');
    else if (road.cls === 'residential' && ctx.rng() < 0.5) road.name = ctx.names.name('lane');
  }
}

function markPoints(
  rng: () => number,
  store: BuildingStore,
  kinds: readonly BlockKind[],
  share: number,
): void {
  let left = Math.round(share * store.length);
  if (left <= 0) return;
  const byBlock = new Map<number, number[]>();
  for (let i = 0; i < store.length; i++) {
    const b = store.block[i]!;
    const list = byBlock.get(b);
    if (list) list.push(i);
    else byBlock.set(b, [i]);
  }
  const villageBlocks = shuffle(
    rng,
    [...byBlock.keys()].filter((b) => kinds[b] === 'village'),
  );
  for (const b of villageBlocks) {
    for (const i of byBlock.get(b)!) {
      if (left <= 0) return;
      store.point[i] = true;
      left--;
    }
  }
  const rest = shuffle(
    rng,
    store.point.map((_, i) => i).filter((i) => !store.point[i]),
  );
  for (const i of rest) {
    if (left <= 0) return;
    store.point[i] = true;
    left--;
  }
}
