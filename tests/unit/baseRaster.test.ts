import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BaseRasterUnits, packUnits, type Rgba } from '../../src/services/baseRaster';

/** The worker's reading of packed units (as in baseRaster.worker.ts). */
function unpack(p: ReturnType<typeof packUnits>['packed']): number[][][][] {
  const out: number[][][][] = [];
  for (let u = 0; u + 1 < p.unitRing.length; u++) {
    const rings: number[][][] = [];
    for (let r = p.unitRing[u]!; r < p.unitRing[u + 1]!; r++) {
      const ring: number[][] = [];
      for (let i = p.ringStart[r]!; i < p.ringStart[r + 1]!; i++) ring.push([p.xy[2 * i]!, p.xy[2 * i + 1]!]);
      rings.push(ring);
    }
    out.push(rings);
  }
  return out;
}

const look = { fill: [1, 2, 3, 1] as Rgba, line: [4, 5, 6, 1] as Rgba, width: 2 };

describe('packUnits', () => {
  it('keeps every ring of every polygon of every unit, in order, with the looks', () => {
    const lnglat = fc.tuple(
      fc.double({ min: 113, max: 115, noNaN: true }),
      fc.double({ min: 22, max: 23, noNaN: true }),
    );
    const ring = fc.array(lnglat, { minLength: 0, maxLength: 6 });
    const polygon = fc.array(ring, { minLength: 1, maxLength: 3 });
    const unit = fc.array(polygon, { minLength: 0, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 6 }), fc.boolean(), (polys, tint) => {
        const units: BaseRasterUnits = {
          communityTint: tint ? [255, 255, 255, 0.6] : null,
          units: polys.map((polygons) => ({ polygons, ...look })),
        };
        const { packed, transfer } = packUnits(units);
        expect(unpack(packed)).toEqual(polys.map((p) => p.flat()));
        expect(packed.looks).toEqual(polys.map(() => look));
        expect(packed.communityTint).toEqual(units.communityTint);
        expect(transfer).toHaveLength(3);
      }),
      { numRuns: 200 },
    );
  });
});
