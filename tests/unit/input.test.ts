import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';

const community = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: '甲社区' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [114, 22],
            [114.01, 22],
            [114.01, 22.01],
            [114, 22.01],
            [114, 22],
          ],
        ],
      },
    },
  ],
});

function buildings(props: Record<string, unknown>[], coords: [number, number] = [114.005, 22.005]) {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: props.map((p) => ({
      type: 'Feature',
      properties: p,
      geometry: { type: 'Point', coordinates: coords },
    })),
  });
}

function read(b: string, roads?: string, householdsField?: string) {
  return readPlanInput(
    {
      buildings: { name: 'b.geojson', text: b },
      communities: { name: 'c.geojson', text: community },
      ...(roads ? { roads: { name: 'r.geojson', text: roads } } : {}),
    },
    householdsField ? { householdsField } : {},
  );
}

describe('readPlanInput', () => {
  it('names the file, feature and field of a missing household count and leaves the building out', () => {
    const input = read(buildings([{ id: 'A1' }, { id: 'A2', households: 5 }]));
    expect(input.buildings.map((b) => b.id)).toEqual(['A2']);
    expect(input.issues).toContainEqual(
      expect.objectContaining({
        code: 'HOUSEHOLDS_MISSING',
        file: 'b.geojson',
        feature: 'A1',
        field: 'households',
        severity: 'error',
      }),
    );
  });

  it('rejects negative and non-numeric counts, and warns about zero', () => {
    const input = read(
      buildings([
        { id: 'N', households: -3 },
        { id: 'S', households: 'many' },
        { id: 'Z', households: 0 },
      ]),
    );
    expect(input.issues.map((i) => [i.feature, i.code])).toEqual([
      ['N', 'HOUSEHOLDS_NEGATIVE'],
      ['S', 'HOUSEHOLDS_NOT_A_NUMBER'],
      ['Z', 'HOUSEHOLDS_ZERO'],
    ]);
    expect(input.buildings.map((b) => b.id)).toEqual(['Z']);
  });

  it('reads counts written as text and from another field when told which', () => {
    const input = read(buildings([{ id: 'T', 户数: ' 42 ' }]));
    expect(input.buildings[0]!.households).toBe(42);
    const other = read(buildings([{ id: 'O', dwellings: 7 }]), undefined, 'dwellings');
    expect(other.buildings[0]!.households).toBe(7);
  });

  it('keeps both buildings of a duplicate id and renames the second, with a warning', () => {
    const input = read(
      buildings([
        { id: 'D', households: 1 },
        { id: 'D', households: 2 },
      ]),
    );
    expect(input.buildings.map((b) => b.id)).toEqual(['D', 'D~1']);
    expect(input.issues[0]).toMatchObject({ code: 'DUPLICATE_ID', feature: 'D', severity: 'warning' });
  });

  it('says projected coordinates are not longitude/latitude, as a fatal problem', () => {
    const input = read(buildings([{ id: 'P', households: 1 }], [500123, 2500321]));
    expect(input.issues[0]).toMatchObject({
      code: 'COORDINATES_NOT_LONLAT',
      severity: 'fatal',
      feature: 'P',
    });
    expect(input.issues[0]!.message).toMatch(/projected metres/);
  });

  it('says when a file is not JSON or not a FeatureCollection', () => {
    expect(read('{"type":').issues[0]).toMatchObject({
      code: 'INVALID_JSON',
      severity: 'fatal',
      file: 'b.geojson',
    });
    expect(read('{"type":"Point"}').issues[0]).toMatchObject({
      code: 'NOT_FEATURE_COLLECTION',
      severity: 'fatal',
    });
  });

  it('says an empty buildings file is empty', () => {
    expect(read(buildings([])).issues[0]).toMatchObject({ code: 'EMPTY_FILE', severity: 'fatal' });
  });

  it('maps OSM tags to boundary classes and keeps unknown lines as ordinary roads with a warning', () => {
    const roads = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { highway: 'primary' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [114, 22],
              [114.01, 22.01],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { waterway: 'canal' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [114, 22],
              [114.01, 22],
            ],
          },
        },
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'LineString',
            coordinates: [
              [114, 22.01],
              [114.01, 22],
            ],
          },
        },
      ],
    });
    const input = read(buildings([{ id: 'A', households: 1 }]), roads);
    expect(input.barriers.map((b) => b.cls)).toEqual(['primary', 'canal', 'road']);
    expect(input.issues.find((i) => i.code === 'ROAD_CLASS_UNKNOWN')).toBeDefined();
  });

  it('uses the centroid of a footprint as the building point', () => {
    const fc = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'F', households: 10, compound: 'X' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [114, 22],
                [114.002, 22],
                [114.002, 22.002],
                [114, 22.002],
                [114, 22],
              ],
            ],
          },
        },
      ],
    });
    const b = read(fc).buildings[0]!;
    expect(b.lon).toBeCloseTo(114.001, 9);
    expect(b.lat).toBeCloseTo(22.001, 9);
    expect(b.compound).toBe('X');
    expect(b.footprint).toHaveLength(4);
  });
});
