import type { Position } from 'geojson';

/**
 * Local metres → WGS84 lon/lat: rotate the plan (city grids are rarely north-up), then an
 * equirectangular projection about the centre, rounded to 6 decimals (~0.1 m) to keep files small.
 */
export class Projector {
  private readonly cos: number;
  private readonly sin: number;
  private readonly mLon: number;
  private readonly mLat: number;

  constructor(
    private readonly centre: [number, number],
    rotationDeg: number,
    private readonly originX: number,
    private readonly originY: number,
  ) {
    const r = (rotationDeg * Math.PI) / 180;
    this.cos = Math.cos(r);
    this.sin = Math.sin(r);
    const phi = (centre[1] * Math.PI) / 180;
    this.mLat = 111132.92 - 559.82 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
    this.mLon = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi);
  }

  lonLat(x: number, y: number): Position {
    const dx = x - this.originX;
    const dy = y - this.originY;
    const rx = dx * this.cos - dy * this.sin;
    const ry = dx * this.sin + dy * this.cos;
    return [round6(this.centre[0] + rx / this.mLon), round6(this.centre[1] + ry / this.mLat)];
  }
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
