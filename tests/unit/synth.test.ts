import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { allocateBudgets, type District, generateDistrict } from '../../src/core/synth/generate';
import type { BuildingProps, CommunityProps, FacilityProps, RoadProps } from '../../src/core/synth/types';
import { ROAD_CLASSES } from '../../src/core/synth/types';
import { DEFAULT_LIMITS, validateDistrict } from '../../src/core/synth/validate';

// Generated once per size and seed and shared by the read-only tests below.
const cache = new Map<string, District>();
function district(buildings: number, seed: number): District {
  const key = `${buildings}/${seed}`;
  let d = cache.get(key);
  if (!d) {
    d = generateDistrict({ buildings, seed });
    cache.set(key, d);
  }
  return d;
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

function decimals(v: number): number {
  const s = String(v);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

describe('generateDistrict', () => {
  it('gives an identical district for the same seed and options', () => {
    const a = generateDistrict({ buildings: 1200, seed: 7 });
    const b = generateDistrict({ buildings: 1200, seed: 7 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('gives a different district for a different seed', () => {
    const a = district(1500, 1);
    const b = district(1500, 2);
    expect(JSON.stringify(b.buildings)).not.toBe(JSON.stringify(a.buildings));
    expect(JSON.stringify(b.communities)).not.toBe(JSON.stringify(a.communities));
  });

  it('builds 5,000-building districts of 60,000–100,000 households that need splitting', () => {
    for (const seed of [1, 2, 3]) {
      const { summary } = district(5000, seed);
      expect(summary.buildings).toBe(5000);
      expect(summary.households).toBeGreaterThanOrEqual(60_000);
      expect(summary.households).toBeLessThanOrEqual(100_000);
      expect(summary.communities).toBeGreaterThanOrEqual(4);
      expect(summary.communitiesOver6000).toBeGreaterThanOrEqual(summary.communities / 3);
    }
  });

  it('passes every structural check at 500, 2,000 and 8,000 buildings', () => {
    for (const [n, seed] of [
      [500, 11],
      [2000, 12],
      [8000, 13],
    ] as const) {
      const d = district(n, seed);
      expect(validateDistrict(d)).toEqual([]);
      expect(Math.abs(d.summary.buildings - n)).toBeLessThanOrEqual(n * 0.1);
    }
  });

  it('gives every building an id, whole households, a name, floors and a compound id where gated', () => {
    const d = district(3000, 4);
    for (const f of d.buildings.features) {
      const p = f.properties;
      expect(p.id).toMatch(/^B\d{6,}$/);
      expect(Number.isInteger(p.households) && p.households >= 0).toBe(true);
      expect(p.name.length).toBeGreaterThan(1);
      expect(Number.isInteger(p.floors) && p.floors >= 1).toBe(true);
      if (p.compound !== undefined) expect(p.compound).toMatch(/^C\d{4,}$/);
      if (f.geometry.type === 'Polygon') {
        const ring = f.geometry.coordinates[0]!;
        expect(ring).toHaveLength(5);
        expect(ring[4]).toEqual(ring[0]);
      }
      const coords = f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates[0]!;
      for (const c of coords) expect(Math.max(decimals(c[0]!), decimals(c[1]!))).toBeLessThanOrEqual(6);
    }
    expect(d.buildings.features.some((f) => f.geometry.type === 'Point')).toBe(true);
    expect(d.buildings.features.some((f) => f.geometry.type === 'Polygon')).toBe(true);
  });

  it('makes towers of 60–300 households, walk-ups of 20–50 and village houses of 1–8', () => {
    const d = district(5000, 1);
    let towers = 0;
    let walkups = 0;
    let houses = 0;
    for (const { properties: p } of d.buildings.features) {
      if (p.households === 0) continue;
      if (p.floors >= 18) {
        towers++;
        expect(p.households).toBeGreaterThanOrEqual(60);
        expect(p.households).toBeLessThanOrEqual(300);
        expect(p.compound).toBeDefined();
      } else if (p.name.endsWith('号')) {
        houses++;
        expect(p.households).toBeLessThanOrEqual(8);
        expect(p.compound).toBeUndefined();
      } else {
        walkups++;
        expect(p.floors).toBeGreaterThanOrEqual(5);
        expect(p.floors).toBeLessThanOrEqual(7);
        expect(p.households).toBeGreaterThanOrEqual(20);
        expect(p.households).toBeLessThanOrEqual(50);
      }
    }
    expect(towers).toBeGreaterThan(50);
    expect(walkups).toBeGreaterThan(50);
    expect(houses).toBeGreaterThan(500);
    expect(d.buildings.features.some((f) => f.properties.households === 0)).toBe(true);
  });

  it('keeps most compounds at 500–3,000 households', () => {
    const d = district(8000, 13);
    const sizes = new Map<string, number>();
    for (const { properties: p } of d.buildings.features) {
      if (p.compound) sizes.set(p.compound, (sizes.get(p.compound) ?? 0) + p.households);
    }
    const all = [...sizes.values()];
    const typical = all.filter((h) => h >= 500 && h <= 3000).length;
    expect(typical / all.length).toBeGreaterThan(0.7);
    expect(all.filter((h) => h > 6000)).toEqual([]);
  });

  it('cuts a compound of over 3,500 households into parts under 3,500 with its own service roads', () => {
    const d = district(5000, 1);
    expect(d.summary.compoundsOver3500).toBeGreaterThanOrEqual(1);
    const sizes = new Map<string, number>();
    for (const { properties: p } of d.buildings.features) {
      if (p.compound) sizes.set(p.compound, (sizes.get(p.compound) ?? 0) + p.households);
    }
    for (const [compound, hh] of sizes) {
      if (hh <= 3500) continue;
      expect(hh).toBeLessThanOrEqual(6000);
      const own = d.roads.features.filter(
        (r) => r.properties.class === 'service' && r.properties.compound === compound,
      );
      expect(own.length).toBeGreaterThanOrEqual(1);
    }
    // The validator checks the parts between those roads.
    expect(validateDistrict(d)).toEqual([]);
  });

  it('draws roads of the documented classes: arterials, local roads, compound roads, footways, the river', () => {
    const d = district(5000, 2);
    const classes = new Set(d.roads.features.map((r) => r.properties.class));
    for (const c of classes) expect(ROAD_CLASSES).toContain(c);
    for (const c of [
      'primary',
      'secondary',
      'tertiary',
      'residential',
      'service',
      'footway',
      'river',
      'wall',
    ] as const) {
      expect(classes.has(c)).toBe(true);
    }
    expect(d.roads.features.filter((r) => r.properties.class === 'river')).toHaveLength(1);
    for (const r of d.roads.features) {
      expect(r.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      if (r.properties.class === 'primary' || r.properties.class === 'secondary')
        expect(r.properties.name).toBeTruthy();
    }
  });

  it('nodes local roads into the roads they end on, except where they stop short of the river', () => {
    const d = district(3000, 5);
    const vertexCount = new Map<string, number>();
    for (const r of d.roads.features) {
      for (const c of r.geometry.coordinates)
        vertexCount.set(`${c[0]},${c[1]}`, (vertexCount.get(`${c[0]},${c[1]}`) ?? 0) + 1);
    }
    const river = d.roads.features.find((r) => r.properties.class === 'river')!.geometry.coordinates;
    const kx = 111320 * Math.cos((river[0]![1]! * Math.PI) / 180);
    const ky = 110574;
    const nearRiver = (c: number[]) =>
      river.some((p, i) => {
        const q = river[i + 1];
        if (!q) return false;
        const [ax, ay, bx, by] = [p[0]! * kx, p[1]! * ky, q[0]! * kx, q[1]! * ky];
        const [x, y] = [c[0]! * kx, c[1]! * ky];
        const t = Math.max(
          0,
          Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
        );
        return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)) < 30;
      });
    let ends = 0;
    for (const r of d.roads.features) {
      if (r.properties.class !== 'tertiary' && r.properties.class !== 'residential') continue;
      const cs = r.geometry.coordinates;
      for (const c of [cs[0]!, cs[cs.length - 1]!]) {
        ends++;
        if ((vertexCount.get(`${c[0]},${c[1]}`) ?? 0) < 2) expect(nearRiver(c)).toBe(true);
      }
    }
    expect(ends).toBeGreaterThan(20);
  });

  it('names communities uniquely with 12-digit codes and tiles the district with them', () => {
    const d = district(5000, 3);
    const names = d.communities.features.map((f) => f.properties.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of d.communities.features) {
      expect(f.properties.name.endsWith('社区')).toBe(true);
      expect(f.properties.code).toMatch(/^\d{12}$/);
    }
    expect(validateDistrict(d)).toEqual([]);
    const total = d.communities.features.reduce((s, f) => s + f.properties.households, 0);
    expect(total).toBe(d.summary.households);
  });

  it('places service centres, schools, clinics and kindergartens; centres are mostly 150–600 m²', () => {
    const d = district(20000, 1);
    const kinds = new Set(d.facilities.features.map((f) => f.properties.kind));
    expect([...kinds].sort()).toEqual(['clinic', 'kindergarten', 'school', 'service_centre']);
    const centres = d.facilities.features.filter((f) => f.properties.kind === 'service_centre');
    const typical = centres.filter((f) => f.properties.area_m2 >= 150 && f.properties.area_m2 <= 600).length;
    expect(typical / centres.length).toBeGreaterThan(0.6);
    for (const f of d.facilities.features) {
      expect(f.properties.area_m2).toBeGreaterThan(0);
      expect(f.properties.name.length).toBeGreaterThan(1);
    }
    // Some communities have no service centre, some several.
    const perCommunity = new Map<string, number>();
    for (const f of centres) {
      const base = f.properties.name.replace(/(党群服务中心|.{2}党群服务站)$/, '');
      perCommunity.set(base, (perCommunity.get(base) ?? 0) + 1);
    }
    expect(perCommunity.size).toBeLessThan(d.communities.features.length);
    expect(Math.max(...perCommunity.values())).toBeGreaterThanOrEqual(2);
  });

  it('gives the asked share of buildings as points, urban villages first', () => {
    const none = generateDistrict({ buildings: 1500, seed: 3, pointShare: 0 });
    expect(none.buildings.features.filter((f) => f.geometry.type === 'Point')).toHaveLength(0);
    const some = generateDistrict({ buildings: 1500, seed: 3, pointShare: 0.3 });
    const points = some.buildings.features.filter((f) => f.geometry.type === 'Point');
    expect(points).toHaveLength(Math.round(0.3 * some.buildings.features.length));
    for (const p of points) expect(p.properties.name).toMatch(/号(商铺)?$/);
    const all = generateDistrict({ buildings: 800, seed: 3, pointShare: 1 });
    expect(all.buildings.features.every((f) => f.geometry.type === 'Point')).toBe(true);
  });

  it('centres the district where asked, and near Shenzhen by default', () => {
    const at = generateDistrict({ buildings: 800, seed: 9, centre: [120.15, 30.27] });
    const ring = at.boundary.geometry.coordinates[0]!;
    const lon = ring.reduce((s, c) => s + c[0]!, 0) / ring.length;
    const lat = ring.reduce((s, c) => s + c[1]!, 0) / ring.length;
    expect(Math.abs(lon - 120.15)).toBeLessThan(0.01);
    expect(Math.abs(lat - 30.27)).toBeLessThan(0.01);
    const [dlon, dlat] = district(1500, 1).summary.centre;
    expect(Math.abs(dlon - 114.06)).toBeLessThan(0.05);
    expect(Math.abs(dlat - 22.55)).toBeLessThan(0.05);
  });

  it('rejects a building count that is not a number of at least one', () => {
    expect(() => generateDistrict({ buildings: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateDistrict({ buildings: Number.NaN, seed: 1 })).toThrow(RangeError);
  });
});

describe('generateDistrict with compoundRoads', () => {
  // Hashes of districts made before the option existed: the default must not change by a byte.
  const before: [number, number, string][] = [
    [3000, 1, '8761c551294af981c9cf149451b96242f2db5c1c9c990db119dee3e7727e143e'],
    [3000, 2, '3352f5023146d83d40e62d9897018711aca0c754bae2ddf84a24338d8451b9b6'],
    [1200, 42, 'd599e1f6644589529b26b5e48457b9397312e5bd98a972234575f8b6a9b26f96'],
  ];
  const sha = (d: District) => createHash('sha256').update(JSON.stringify(d)).digest('hex');

  it('leaves default districts byte for byte as they were, also with compoundRoads all', () => {
    for (const [buildings, seed, hash] of before) {
      expect(sha(generateDistrict({ buildings, seed }))).toBe(hash);
      expect(sha(generateDistrict({ buildings, seed, compoundRoads: 'all' }))).toBe(hash);
    }
  });

  const noRoads = new Map<string, District>();
  const none = (buildings: number, seed: number, mode: 'none' | 'some' = 'none') => {
    const key = `${buildings}/${seed}/${mode}`;
    let d = noRoads.get(key);
    if (!d) {
      d = generateDistrict({ buildings, seed, compoundRoads: mode });
      noRoads.set(key, d);
    }
    return d;
  };
  const loose = { ...DEFAULT_LIMITS, compoundRoadsRequired: false };

  /** Compound id → its buildings' footprint corners (or points) in metres, and households. */
  function compounds(d: District) {
    const [lon0, lat0] = d.boundary.geometry.coordinates[0]![0]!;
    const kx = 111320 * Math.cos((lat0! * Math.PI) / 180);
    const toXY = (p: number[]): XY => [(p[0]! - lon0!) * kx, (p[1]! - lat0!) * 110574];
    const out = new Map<string, { pts: XY[]; households: number[]; floors: number[] }>();
    for (const f of d.buildings.features) {
      const c = f.properties.compound;
      if (!c) continue;
      let e = out.get(c);
      if (!e) {
        e = { pts: [], households: [], floors: [] };
        out.set(c, e);
      }
      if (f.geometry.type === 'Point') e.pts.push(toXY(f.geometry.coordinates));
      else e.pts.push(...f.geometry.coordinates[0]!.slice(0, 4).map(toXY));
      e.households.push(f.properties.households);
      e.floors.push(f.properties.floors);
    }
    return { out, toXY };
  }
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

  it('passes the structural checks (big compounds may lack roads) and keeps the asked building count', () => {
    for (const [n, seed, mode] of [
      [1000, 1, 'none'],
      [2000, 2, 'none'],
      [3000, 3, 'none'],
      [2000, 2, 'some'],
      [5000, 1, 'some'],
    ] as const) {
      const d = none(n, seed, mode);
      expect(validateDistrict(d, loose)).toEqual([]);
      expect(Math.abs(d.summary.buildings - n)).toBeLessThanOrEqual(n * 0.1);
    }
    // Without the leave, the validator names the big compounds that have no road.
    expect(validateDistrict(none(2000, 2))).toContainEqual(expect.stringMatching(/no internal service road/));
  });

  it('makes mega-compounds of 4,000–8,000 households in 30+-floor towers, with no road inside, none', () => {
    let megas = 0;
    for (const [n, seed] of [
      [2000, 2],
      [3000, 3],
      [5000, 1],
    ] as const) {
      const d = none(n, seed);
      // No compound has an internal road of its own.
      expect(
        d.roads.features.filter((r) => r.properties.class === 'service' && r.properties.compound),
      ).toEqual([]);
      const { out, toXY } = compounds(d);
      const roads = d.roads.features
        .filter((r) => r.properties.class !== 'wall')
        .map((r) => r.geometry.coordinates.map(toXY));
      let over = 0;
      for (const [, c] of out) {
        const total = sum(c.households);
        if (total <= 3500) continue;
        over++;
        expect(total).toBeLessThanOrEqual(8000);
        // No road, lane, footway, canal or river crosses the hull of its buildings: one block, no road inside.
        const hull = convexHull(c.pts);
        for (const line of roads)
          for (let i = 0; i + 1 < line.length; i++)
            expect(segmentMeetsHull(line[i]!, line[i + 1]!, hull)).toBe(false);
        const towers = c.households.filter((_, k) => c.floors[k]! >= 30);
        if (towers.length !== c.households.length || towers.length < 12) continue;
        megas++;
        expect(total).toBeGreaterThanOrEqual(4000);
        // Towers of uneven size: the largest at least 1.5 times the smallest.
        const plain = towers.filter((h) => h <= 3500);
        expect(Math.max(...plain) / Math.min(...plain)).toBeGreaterThanOrEqual(1.5);
      }
      expect(over).toBe(d.summary.bigCompounds!.withoutRoads);
      expect(d.summary.bigCompounds!.megaCompounds).toBeGreaterThanOrEqual(2);
    }
    expect(megas).toBeGreaterThanOrEqual(8);
  });

  it('encloses small compounds inside mega-compounds, and makes a rare slab of over 3,500 households', () => {
    let enclosed = 0;
    let slabs = 0;
    for (const [n, seed] of [
      [2000, 2],
      [3000, 3],
    ] as const) {
      const d = none(n, seed);
      const { out } = compounds(d);
      const hulls = [...out].map(([id, c]) => ({
        id,
        hull: convexHull(c.pts),
        households: sum(c.households),
      }));
      for (const inner of hulls) {
        if (inner.households >= 1500) continue;
        const outer = hulls.find(
          (o) =>
            o.id !== inner.id && o.households > 3500 && inner.hull.every((p) => insideConvex(p, o.hull, 10)),
        );
        if (!outer) continue;
        enclosed++;
        // Together over the maximum: they cannot share one community whole.
        expect(inner.households + outer.households).toBeGreaterThan(3500);
      }
      expect(enclosed).toBeGreaterThanOrEqual(d.summary.bigCompounds!.enclosed > 0 ? 1 : 0);
      const big = d.buildings.features.filter((f) => f.properties.households > 3500);
      expect(big).toHaveLength(d.summary.bigCompounds!.giantSlabs);
      for (const f of big) {
        expect(f.geometry.type === 'Point' || f.properties.floors >= 45).toBe(true);
        expect(f.properties.compound).toBeDefined();
      }
      slabs += big.length;
    }
    expect(enclosed).toBeGreaterThanOrEqual(3);
    expect(slabs).toBeGreaterThanOrEqual(1);
  });

  it('with some, cuts part of the big compounds by service roads into parts under 3,500', () => {
    const d = none(5000, 1, 'some');
    const own = new Set(
      d.roads.features.filter((r) => r.properties.class === 'service').map((r) => r.properties.compound),
    );
    const { out } = compounds(d);
    const big = [...out].filter(([, c]) => sum(c.households) > 3500);
    const withRoads = big.filter(([id]) => own.has(id)).length;
    expect(withRoads).toBeGreaterThanOrEqual(1);
    expect(big.length - withRoads).toBeGreaterThanOrEqual(1);
    expect(big.length - withRoads).toBe(d.summary.bigCompounds!.withoutRoads);
    // The validator checks the parts between those roads (under 3,500 each).
    expect(validateDistrict(d, loose)).toEqual([]);
  });

  it('rejects an unknown compoundRoads value', () => {
    expect(() => generateDistrict({ buildings: 500, seed: 1, compoundRoads: 'few' as 'none' })).toThrow(
      RangeError,
    );
  });
});

type XY = [number, number];

function cross(o: XY, a: XY, b: XY): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Counter-clockwise hull (Andrew's monotone chain). */
function convexHull(points: XY[]): XY[] {
  const pts = points.slice().sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const half = (list: XY[]) => {
    const h: XY[] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  return [...half(pts), ...half(pts.slice().reverse())];
}

/** Is p inside the CCW convex polygon by at least `margin` metres? */
function insideConvex(p: XY, hull: XY[], margin = 0): boolean {
  return hull.every((a, i) => {
    const b = hull[(i + 1) % hull.length]!;
    return cross(a, b, p) / Math.hypot(b[0] - a[0], b[1] - a[1]) > margin;
  });
}

function segmentsCross(a: XY, b: XY, c: XY, d: XY): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

function segmentMeetsHull(a: XY, b: XY, hull: XY[]): boolean {
  if (insideConvex(a, hull) || insideConvex(b, hull)) return true;
  return hull.some((p, i) => segmentsCross(a, b, p, hull[(i + 1) % hull.length]!));
}

describe('allocateBudgets', () => {
  it('shares the target exactly, in proportion, and never beyond a block’s capacity', () => {
    const budgets = allocateBudgets(100, [10, 30, 0, 60], [50, 20, 0, 80]);
    expect(budgets.reduce((s, b) => s + b, 0)).toBe(100);
    expect(budgets[1]).toBe(20);
    expect(budgets[2]).toBe(0);
    expect(budgets[3]! / budgets[0]!).toBeCloseTo(6, 0);
  });

  it('gives every block its capacity when the target exceeds them all', () => {
    expect(allocateBudgets(1000, [1, 2], [10, 20])).toEqual([10, 20]);
  });
});

describe('validateDistrict', () => {
  const base = () => clone(district(1500, 21));

  it('accepts a generated district', () => {
    expect(validateDistrict(base())).toEqual([]);
  });

  it('catches duplicate ids and fractional or negative households', () => {
    const d = base();
    d.buildings.features[1]!.properties.id = d.buildings.features[0]!.properties.id;
    d.buildings.features[2]!.properties.households = -1;
    d.buildings.features[3]!.properties.households = 2.5;
    const problems = validateDistrict(d).join('\n');
    expect(problems).toMatch(/duplicate building id/);
    expect(problems).toMatch(/households -1/);
    expect(problems).toMatch(/households 2.5/);
  });

  it('catches overlapping footprints and a building by the river', () => {
    const d = base();
    const polys = d.buildings.features.filter((f) => f.geometry.type === 'Polygon');
    const [a, b] = [polys[0]!, polys[1]!];
    (b.geometry as Polygon).coordinates = clone((a.geometry as Polygon).coordinates);
    const river = d.roads.features.find((r) => r.properties.class === 'river')!;
    const mid = river.geometry.coordinates[Math.floor(river.geometry.coordinates.length / 2)]!;
    const c = polys[2]!;
    c.geometry = { type: 'Point', coordinates: [mid[0]!, mid[1]! + 0.0001] };
    const problems = validateDistrict(d).join('\n');
    expect(problems).toMatch(/overlap/);
    expect(problems).toMatch(/within 20 m of the river/);
  });

  it('catches a gap between communities and a community outside the household range', () => {
    const d = base();
    const ring = d.communities.features[0]!.geometry.coordinates[0]!;
    ring.splice(1, 0, [(ring[0]![0]! + ring[1]![0]!) / 2 + 0.001, (ring[0]![1]! + ring[1]![1]!) / 2 + 0.001]);
    const problems = validateDistrict(d, {
      communityMin: 2000,
      communityMax: 2500,
      riverClearance: 20,
      compoundMax: 3500,
    });
    expect(problems.join('\n')).toMatch(/communities cover/);
    expect(problems.join('\n')).toMatch(/households/);
  });

  it('catches a big compound with no internal road', () => {
    const d = clone(district(5000, 1));
    const big = new Map<string, number>();
    for (const { properties: p } of d.buildings.features)
      if (p.compound) big.set(p.compound, (big.get(p.compound) ?? 0) + p.households);
    const compound = [...big].find(([, h]) => h > 3500)![0];
    d.roads.features = d.roads.features.filter((r) => r.properties.compound !== compound);
    expect(validateDistrict(d).join('\n')).toMatch(/no internal service road/);
  });
});

describe('the bundled sample district', () => {
  const dir = fileURLToPath(new URL('../../data/sample', import.meta.url));
  const files = ['buildings', 'roads', 'communities', 'facilities'] as const;
  const read = <T>(name: string) => JSON.parse(readFileSync(join(dir, `${name}.geojson`), 'utf8')) as T;

  it('is what the command in its README produces', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const m = /--buildings (\d+) --seed (\d+)/.exec(readme);
    expect(m).not.toBeNull();
    const d = generateDistrict({ buildings: Number(m![1]), seed: Number(m![2]) });
    expect(read<FeatureCollection<Polygon | Point, BuildingProps>>('buildings')).toEqual(d.buildings);
    expect(read<FeatureCollection<LineString, RoadProps>>('roads')).toEqual(d.roads);
    expect(read<FeatureCollection<Polygon, CommunityProps>>('communities')).toEqual(d.communities);
    expect(read<FeatureCollection<Point, FacilityProps>>('facilities')).toEqual(d.facilities);
  });

  it('has about 3,000 buildings, two or more communities over 6,000 households, under 3 MB', () => {
    const d = {
      buildings: read<FeatureCollection<Polygon | Point, BuildingProps>>('buildings'),
      roads: read<FeatureCollection<LineString, RoadProps>>('roads'),
      communities: read<FeatureCollection<Polygon, CommunityProps>>('communities'),
    };
    expect(validateDistrict(d)).toEqual([]);
    expect(d.buildings.features.length).toBeGreaterThan(2700);
    expect(d.buildings.features.length).toBeLessThan(3300);
    expect(
      d.communities.features.filter((f) => f.properties.households > 6000).length,
    ).toBeGreaterThanOrEqual(2);
    const bytes = files.reduce((s, f) => s + statSync(join(dir, `${f}.geojson`)).size, 0);
    expect(bytes).toBeLessThan(3e6);
  });
});
