/**
 * Shared by the building raster worker and the map layer that draws its tiles: the message types and
 * the building look (the same as the vector layers in src/ui/mapStyle.ts).
 */

/** Below this zoom the footprints are drawn from raster tiles, from it on as vector footprints. */
export const BUILDING_RASTER_BELOW = 15;

/** Fill colours: households, no households, selected. */
export const TONES = ['#5d5a55', '#b9b3a8', '#d7191c'];

/** Radius of a point building in CSS px (linear from 2 px at z12 to 6 px at z17). */
export const POINT_RADIUS_STOPS: [number, number, number, number] = [12, 2, 17, 6];
export function pointRadius(zoom: number): number {
  const [z0, r0, z1, r1] = POINT_RADIUS_STOPS;
  const t = Math.max(0, Math.min(1, (zoom - z0) / (z1 - z0)));
  return r0 + (r1 - r0) * t;
}

export type BuildingRasterRequest =
  | { type: 'load'; generation: number; text: string }
  | { type: 'select'; generation: number; ids: string[] }
  | { type: 'tile'; generation: number; key: string; z: number; x: number; y: number; pixelRatio: number };

export type BuildingRasterReply =
  | { type: 'loaded'; generation: number; count: number }
  | { type: 'selected'; generation: number; bbox: [number, number, number, number] | null }
  /** `pixels`: premultiplied RGBA, (512 · pixelRatio)² of them; null when no building touches the tile. */
  | { type: 'tile'; generation: number; key: string; pixels: ArrayBuffer | null };
