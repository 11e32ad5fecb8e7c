/**
 * Small hand-checkable districts in lon/lat: a square community cut by a grid of roads into
 * blocks, each block holding compounds or loose buildings as asked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalProjection } from '../../src/core/geo/projection';

export interface GridDistrictSpec {
  /** Blocks across and down. */
  blocks: number;
  /** Block size in metres. */
  size: number;
  /** Buildings per block side (n×n buildings per block). */
  perSide: number;
  /** Households per building, by block index and building index. */
  households: (block: number, building: number) => number;
  /** Compound id of a building, or null. */
  compound?: (block: number, building: number) => string | null;
  /** Road class of the grid lines (none: no roads file content). */
  roads?: string | null;
  /** Split the community into two side by side (west, east). */
  twoCommunities?: boolean;
}

const proj = createLocalProjection(114.05, 22.55);
const ll = (x: number, y: number) => proj.inverse(x, y).map((v) => Math.round(v * 1e7) / 1e7);

export function gridDistrict(spec: GridDistrictSpec) {
  const { blocks, size, perSide } = spec;
  const total = blocks * size;
  const features: object[] = [];
  for (let bx = 0; bx < blocks; bx++)
    for (let by = 0; by < blocks; by++) {
      const block = by * blocks + bx;
      for (let i = 0; i < perSide; i++)
        for (let j = 0; j < perSide; j++) {
          const n = i * perSide + j;
          const x = bx * size + ((i + 0.5) * size) / perSide;
          const y = by * size + ((j + 0.5) * size) / perSide;
          const w = Math.min(20, size / perSide / 3);
          const ring = [
            ll(x - w, y - w),
            ll(x + w, y - w),
            ll(x + w, y + w),
            ll(x - w, y + w),
            ll(x - w, y - w),
          ];
          const compound = spec.compound?.(block, n) ?? null;
          features.push({
            type: 'Feature',
            properties: {
              id: `B${block}-${n}`,
              households: spec.households(block, n),
              ...(compound ? { compound } : {}),
              name: `楼${block}-${n}`,
            },
            geometry: { type: 'Polygon', coordinates: [ring] },
          });
        }
    }
  const roads: object[] = [];
  if (spec.roads !== null)
    for (let k = 1; k < blocks; k++) {
      roads.push({
        type: 'Feature',
        properties: { class: spec.roads ?? 'residential' },
        geometry: { type: 'LineString', coordinates: [ll(k * size, -50), ll(k * size, total + 50)] },
      });
      roads.push({
        type: 'Feature',
        properties: { class: spec.roads ?? 'residential' },
        geometry: { type: 'LineString', coordinates: [ll(-50, k * size), ll(total + 50, k * size)] },
      });
    }
  const square = (x0: number, x1: number) => [
    [ll(x0, 0), ll(x1, 0), ll(x1, total), ll(x0, total), ll(x0, 0)],
  ];
  const mid = Math.floor(blocks / 2) * size;
  const communities = spec.twoCommunities
    ? [
        {
          type: 'Feature',
          properties: { name: '西社区', code: 'W' },
          geometry: { type: 'Polygon', coordinates: square(0, mid) },
        },
        {
          type: 'Feature',
          properties: { name: '东社区', code: 'E' },
          geometry: { type: 'Polygon', coordinates: square(mid, total) },
        },
      ]
    : [
        {
          type: 'Feature',
          properties: { name: '测试社区', code: 'T' },
          geometry: { type: 'Polygon', coordinates: square(0, total) },
        },
      ];
  const fc = (f: object[]) => JSON.stringify({ type: 'FeatureCollection', features: f });
  return {
    buildings: { name: 'buildings.geojson', text: fc(features) },
    roads: { name: 'roads.geojson', text: fc(roads) },
    communities: { name: 'communities.geojson', text: fc(communities) },
  };
}

/** A generated district as the four named input files the engine reads. */
export function districtFiles(d: {
  buildings: object;
  communities: object;
  roads: object;
  facilities: object;
}) {
  const file = (name: string, fc: object) => ({ name: `${name}.geojson`, text: JSON.stringify(fc) });
  return {
    buildings: file('buildings', d.buildings),
    communities: file('communities', d.communities),
    roads: file('roads', d.roads),
    facilities: file('facilities', d.facilities),
  };
}

/** Households per unit, summed from the input buildings and the assignment table. */
export function unitHouseholds(
  buildings: readonly { id: string; households: number }[],
  assignment: ReadonlyMap<string, string>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of buildings) {
    const u = assignment.get(b.id);
    if (u) out.set(u, (out.get(u) ?? 0) + b.households);
  }
  return out;
}

/**
 * The CLI tests' district written to `dir` as b.geojson, c.geojson and r.geojson: one community
 * (测试社区, code T) of 4×4 blocks, each a compound of 9 towers of 111 households (999).
 */
export function writeGridFiles(dir: string): void {
  const files = gridDistrict({
    blocks: 4,
    size: 200,
    perSide: 3,
    households: () => 111,
    compound: (b) => `C${b}`,
  });
  writeFileSync(join(dir, 'b.geojson'), files.buildings.text);
  writeFileSync(join(dir, 'c.geojson'), files.communities.text);
  writeFileSync(join(dir, 'r.geojson'), files.roads.text);
}

/** The input flags of the files `writeGridFiles` writes. */
export function gridInputArgs(dir: string): string[] {
  return [
    '--buildings',
    join(dir, 'b.geojson'),
    '--communities',
    join(dir, 'c.geojson'),
    '--roads',
    join(dir, 'r.geojson'),
  ];
}
