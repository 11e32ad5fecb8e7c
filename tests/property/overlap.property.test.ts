/**
 * The community overlap check against an independent geometry library (JTS, via jsts): random
 * rectangles and triangles on a 0.0005° grid (~50 m), so an overlap is either none or far above
 * the 10 m² noise floor. Every real overlap is reported with its area; no other pair is.
 */
import 'jsts/org/locationtech/jts/monkey.js';
import fc from 'fast-check';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import { describe, expect, it } from 'vitest';
import { readPlanInput } from '../../src/core/io/input';

const STEP = 0.0005;
const LON0 = 121.4;
const LAT0 = 31.2;
const reader = new GeoJSONReader(new GeometryFactory());
// m² per degree² at this latitude on the sphere GeoJSON tools use (R = 6,371,008.8 m).
const M2_PER_DEG2 = ((6_371_008.8 * Math.PI) / 180) ** 2 * Math.cos(((LAT0 + 0.005) * Math.PI) / 180);

const cell = fc.integer({ min: 0, max: 20 });
const rectangle = fc
  .tuple(cell, cell, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }))
  .map(([x, y, w, h]) => [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ]);
const triangle = fc
  .tuple(cell, cell, cell, cell, cell, cell)
  .filter(([ax, ay, bx, by, cx, cy]) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax) !== 0)
  .map(([ax, ay, bx, by, cx, cy]) => [
    [ax, ay],
    [bx, by],
    [cx, cy],
  ]);

// Some districts have the same community twice (drawn again, or copied): one shape then repeats,
// its ring started at another corner.
const shapesWithCopies = fc
  .tuple(fc.array(fc.oneof(rectangle, triangle), { minLength: 2, maxLength: 4 }), fc.nat(), fc.boolean())
  .map(([shapes, start, copy]) => {
    if (!copy) return shapes;
    const s = shapes[0]!;
    const k = start % s.length;
    return [...shapes, [...s.slice(k), ...s.slice(0, k)]];
  });

const toLonLat = (ring: number[][]) => {
  const r = ring.map(([x, y]) => [LON0 + x! * STEP, LAT0 + y! * STEP]);
  return [...r, r[0]!];
};

describe('community overlaps', () => {
  it('are found exactly where JTS finds them, with the same area', () => {
    fc.assert(
      fc.property(shapesWithCopies, (shapes) => {
        const rings = shapes.map(toLonLat);
        const communities = {
          type: 'FeatureCollection',
          features: rings.map((ring, i) => ({
            type: 'Feature',
            properties: { id: `C${i}`, name: `社区${i}` },
            geometry: { type: 'Polygon', coordinates: [ring] },
          })),
        };
        const input = readPlanInput({
          buildings: { name: 'b.geojson', text: '{"type":"FeatureCollection","features":[]}' },
          communities: { name: 'c.geojson', text: JSON.stringify(communities) },
        });
        const said = new Map(
          input.issues
            .filter((i) => i.code === 'COMMUNITIES_OVERLAP')
            .map((i) => [`${i.feature}|${i.params?.other}`, Number(i.params?.areaM2)]),
        );
        const geoms = rings.map((ring) => reader.read({ type: 'Polygon', coordinates: [ring] }));
        for (let i = 0; i < rings.length; i++)
          for (let j = i + 1; j < rings.length; j++) {
            const m2 = geoms[i]!.intersection(geoms[j]!).getArea() * M2_PER_DEG2;
            const reported = said.get(`C${i}|C${j}`);
            if (m2 > 50) {
              expect(reported, `C${i} and C${j} overlap by ${m2.toFixed(0)} m²`).toBeDefined();
              expect(Math.abs(reported! - m2) / m2).toBeLessThan(0.01);
            } else if (m2 === 0) expect(reported, `C${i} and C${j} do not overlap`).toBeUndefined();
          }
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });
});
