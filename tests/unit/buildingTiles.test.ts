import { VectorTile } from '@mapbox/vector-tile';
import fc from 'fast-check';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { BUILDINGS_LAYER, BuildingTiles } from '../../src/services/buildingTiles';
import { square } from './squares';

/** The tile (z, x, y) holding a lon/lat. */
function tileAt(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [
    Math.floor(((lng + 180) / 360) * n),
    Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n),
  ];
}

/** A small square building around a point. */
function building(id: string, lng: number, lat: number, props: Record<string, unknown> = {}) {
  const d = 0.0001;
  return {
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: square(lng - d, lat - d, 2 * d) },
    properties: { id, ...props },
  };
}

function decode(buf: ArrayBuffer) {
  const layer = new VectorTile(new PbfReader(new Uint8Array(buf))).layers[BUILDINGS_LAYER]!;
  return Array.from({ length: layer.length }, (_, i) => layer.feature(i));
}

describe('BuildingTiles', () => {
  it('puts each building in the tile under it, with its properties and a polygon', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        building('B1', 114.02, 22.54, { households: 120, name: '华侨1栋', compound: 'C1' }),
        building('B2', 114.05, 22.56, { households: 0 }),
      ],
    });
    const tiles = new BuildingTiles(text);
    const [x, y] = tileAt(114.02, 22.54, 15);
    const features = decode(tiles.tile(15, x, y)!);
    expect(features.map((f) => f.properties.id)).toEqual(['B1']);
    expect(features[0]!.properties).toMatchObject({ households: 120, name: '华侨1栋', compound: 'C1' });
    expect(features[0]!.type).toBe(3); // polygon
    // Nothing where there are no buildings.
    expect(tiles.tile(15, x + 40, y + 40)).toBeNull();
  });

  it('keeps a building known by a top-level id only, and gives no tiles for text that is not a collection', () => {
    const f = building('x', 114.02, 22.54);
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [{ ...f, id: 'B9', properties: {} }],
    });
    const [x, y] = tileAt(114.02, 22.54, 14);
    expect(decode(new BuildingTiles(text).tile(14, x, y)!)[0]!.properties.id).toBe('B9');
    expect(new BuildingTiles('{broken').tile(14, x, y)).toBeNull();
    expect(new BuildingTiles('[1,2]').tile(14, x, y)).toBeNull();
    expect(new BuildingTiles(null).tile(14, x, y)).toBeNull();
  });

  // Below z12 a 20 m building is under geojson-vt's tolerance and dropped, as MapLibre's own GeoJSON
  // source does with the same options (the raster draws the buildings there).
  it('every building is in the tile under its centre from z12, exactly once', () => {
    const point = fc.tuple(
      fc.double({ min: 113.9, max: 114.2, noNaN: true }),
      fc.double({ min: 22.4, max: 22.7, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 12, max: 18 }),
        (pts, z) => {
          const features = pts.map(([lng, lat], i) => building(`B${i}`, lng, lat));
          const tiles = new BuildingTiles(JSON.stringify({ type: 'FeatureCollection', features }));
          pts.forEach(([lng, lat], i) => {
            const [x, y] = tileAt(lng, lat, z);
            const ids = decode(tiles.tile(z, x, y)!).map((f) => f.properties.id);
            expect(ids.filter((id) => id === `B${i}`)).toHaveLength(1);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
