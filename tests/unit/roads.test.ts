import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';
import { prepareCommunity } from '../../src/core/plan/community';
import { prepareDistrict } from '../../src/core/plan/district';
import { generateDistrict } from '../../src/core/synth/generate';
import { DEFAULT_PLAN_OPTIONS, type PlanInput } from '../../src/core/types';

// Real public-housing towns (see ../shared/data/real/README.md); read in place, never copied here.
const realDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'real');

/** Every community's mesh: how many road/outline segments the triangulation could not use. */
function unusedSegments(input: PlanInput) {
  const district = prepareDistrict(input);
  // Mesh every community, split or not: each one's roads must be usable.
  const options = { ...DEFAULT_PLAN_OPTIONS, splitOver: 0 };
  return input.communities.map((c, i) => {
    const pc = prepareCommunity(district, i, options);
    return {
      community: c.name,
      meshed: pc.mesh !== null,
      failed: pc.mesh?.failedConstraints ?? 0,
      features: pc.mesh?.failedFeatures ?? [],
      warned: pc.notes.filter((n) => n.code === 'segments-unused').length,
    };
  });
}

describe('road data as it is: every road segment is usable as a unit edge', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`generated district, seed ${seed}: 0 unusable segments in every community`, () => {
      // Through the files the CLI writes (coordinates to 6 decimals), as a planner would run it.
      const d = generateDistrict({ buildings: 1500, seed });
      const input = readPlanInput({
        buildings: { name: 'buildings.geojson', text: JSON.stringify(d.buildings) },
        communities: { name: 'communities.geojson', text: JSON.stringify(d.communities) },
        roads: { name: 'roads.geojson', text: JSON.stringify(d.roads) },
      });
      const meshes = unusedSegments(input);
      expect(meshes.filter((m) => m.meshed).length).toBeGreaterThan(0);
      expect(meshes.filter((m) => m.failed > 0 || m.warned > 0)).toEqual([]);
    });
  }

  describe.skipIf(!existsSync(realDir) && !process.env.CI)(
    'the four real towns (bus routes, duplicated)',
    () => {
      for (const name of ['sg-serangoon', 'sg-clementi', 'sg-toa-payoh', 'sg-punggol']) {
        it(`${name}: 0 unusable segments`, () => {
          const file = (f: string) => ({ name: f, text: readFileSync(join(realDir, name, f), 'utf8') });
          const input = readPlanInput({
            buildings: file('buildings.geojson'),
            communities: file('boundary.geojson'),
            roads: file('roads.geojson'),
          });
          const meshes = unusedSegments(input);
          expect(meshes.map((m) => m.meshed)).toEqual([true]);
          expect(meshes.filter((m) => m.failed > 0 || m.warned > 0)).toEqual([]);
        });
      }
    },
  );

  it('carries each road feature’s id to the lines the mesh is built from', () => {
    const input = readPlanInput({
      buildings: { name: 'b.geojson', text: '{"type":"FeatureCollection","features":[]}' },
      communities: { name: 'c.geojson', text: '{"type":"FeatureCollection","features":[]}' },
      roads: {
        name: 'roads.geojson',
        text: JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              id: 'R7',
              properties: { class: 'primary' },
              geometry: {
                type: 'LineString',
                coordinates: [
                  [114.0, 22.5],
                  [114.01, 22.5],
                ],
              },
            },
            {
              type: 'Feature',
              properties: { class: 'river', id: 'W2' },
              geometry: {
                type: 'MultiLineString',
                coordinates: [
                  [
                    [114.0, 22.51],
                    [114.01, 22.51],
                  ],
                  [
                    [114.0, 22.52],
                    [114.01, 22.52],
                  ],
                ],
              },
            },
            {
              type: 'Feature',
              properties: { class: 'footway' },
              geometry: {
                type: 'LineString',
                coordinates: [
                  [114.0, 22.53],
                  [114.01, 22.53],
                ],
              },
            },
          ],
        }),
      },
    });
    expect(prepareDistrict(input).lines.map((l) => l.id)).toEqual(['R7', 'W2', 'W2', '#2']);
  });
});
