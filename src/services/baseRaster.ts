/**
 * The map's layers below the labels (community tint, unit fills, roads, water, community
 * boundaries, building footprints, unit boundaries) as the style draws them, shared by the vector
 * layers (src/ui/mapStyle.ts) and by the worker that draws the same into raster tiles for the
 * zoomed-out view without a GPU (baseRaster.worker.ts, src/ui/baseRasterLayer.ts).
 */

/** Web Mercator world coordinates in [0, 1] (x east, y south), as MapLibre places the map. */
export const mercX = (lng: number) => (lng + 180) / 360;
export function mercY(lat: number): number {
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}

/** Below this zoom the static layers are drawn from raster tiles, from it on as vector layers. */
export const RASTER_BELOW = 15;

/** [zoom, value, zoom, value]: linear in between, constant outside. */
export type Stops = [number, number, number, number];
export function atZoom(v: number | Stops, zoom: number): number {
  if (typeof v === 'number') return v;
  const [z0, v0, z1, v1] = v;
  const t = Math.max(0, Math.min(1, (zoom - z0) / (z1 - z0)));
  return v0 + (v1 - v0) * t;
}

export const WATER_CLASSES = ['river', 'canal', 'stream', 'drain'];
export const MINOR_CLASSES = ['footway', 'service', 'path', 'wall'];

export interface LineLook {
  colour: string;
  /** CSS px */
  width: number | Stops;
  /** In line widths (as MapLibre's line-dasharray): on, off. */
  dash?: [number, number];
  minzoom?: number;
}

export const LINES = {
  water: { colour: '#7fb3e0', width: [12, 2, 17, 10] },
  minor: { colour: '#c9c4ba', width: 0.8, dash: [2, 2], minzoom: 14 },
  road: { colour: '#ffffff', width: [12, 1.5, 17, 9] },
  /** Drawn on both sides of a road (line-gap-width = the road's width). */
  casing: { colour: '#b8b2a6', width: 0.6 },
  community: { colour: '#555555', width: 2, dash: [4, 3] },
} satisfies Record<string, LineLook>;

/** Building fill colours: households, no households, selected. */
export const TONES = ['#5d5a55', '#b9b3a8', '#d7191c'];
export const BUILDING_OPACITY = 0.85;
/** Radius of a point building in CSS px, and its white rim. */
export const POINT_RADIUS: Stops = [12, 2, 17, 6];
export const POINT_RIM = 0.8;

/** Unit boundaries: colour and width (CSS px) of a plain unit, a unit with a problem, the selected one. */
export const UNIT_LINE = {
  colour: '#1f3b57',
  problem: '#d7191c',
  width: 2,
  problemWidth: 3,
  selectedWidth: 4,
};

/** Straight RGBA, alpha 0–1. */
export type Rgba = [number, number, number, number];

/** What lies under the static layers and over them (units), as drawn into the tiles. */
export interface BaseRasterUnits {
  /** The communities' tint, when no opaque unit fills cover it. */
  communityTint: Rgba | null;
  units: {
    /** Polygons of [lng, lat] rings. */
    polygons: number[][][][];
    fill: Rgba;
    line: Rgba;
    /** CSS px */
    width: number;
  }[];
}

/** BaseRasterUnits as the worker receives them: the rings in flat arrays, sent without a copy. */
export interface PackedUnits {
  communityTint: Rgba | null;
  /** lng, lat of every ring's points, ring after ring. */
  xy: Float64Array;
  /** Ring r's points are ringStart[r] .. ringStart[r + 1]. */
  ringStart: Uint32Array;
  /** Unit u's rings are unitRing[u] .. unitRing[u + 1]. */
  unitRing: Uint32Array;
  looks: { fill: Rgba; line: Rgba; width: number }[];
}

/** Packs the units for the worker (flat arrays: a transfer, not a structured clone of ~10^5 small arrays). */
export function packUnits(u: BaseRasterUnits): { packed: PackedUnits; transfer: ArrayBuffer[] } {
  let rings = 0;
  let points = 0;
  for (const unit of u.units)
    for (const poly of unit.polygons)
      for (const ring of poly) {
        rings++;
        points += ring.length;
      }
  const xy = new Float64Array(points * 2);
  const ringStart = new Uint32Array(rings + 1);
  const unitRing = new Uint32Array(u.units.length + 1);
  let r = 0;
  let k = 0;
  u.units.forEach((unit, i) => {
    for (const poly of unit.polygons)
      for (const ring of poly) {
        for (const p of ring) {
          xy[k++] = p[0]!;
          xy[k++] = p[1]!;
        }
        ringStart[++r] = k / 2;
      }
    unitRing[i + 1] = r;
  });
  const looks = u.units.map(({ fill, line, width }) => ({ fill, line, width }));
  return {
    packed: { communityTint: u.communityTint, xy, ringStart, unitRing, looks },
    transfer: [xy.buffer, ringStart.buffer, unitRing.buffer],
  };
}

export interface BaseRasterData {
  buildings: string | null;
  roads: string | null;
  communities: string | null;
}

export type BaseRasterRequest =
  | { type: 'load'; generation: number; data: BaseRasterData }
  | { type: 'select'; generation: number; ids: string[] }
  | { type: 'units'; units: PackedUnits }
  | {
      type: 'tile';
      generation: number;
      /** Of the data and units the tile is drawn with (the layer drops older ones). */
      version: number;
      key: string;
      z: number;
      x: number;
      y: number;
      /** The map zoom the tile is styled for (line widths, dot sizes). */
      style: number;
      /** Its width and height in pixels. */
      size: number;
    };

export type BaseRasterReply =
  | { type: 'loaded'; generation: number; empty: boolean }
  | { type: 'selected'; generation: number; bbox: [number, number, number, number] | null }
  /** null when nothing touches the tile. */
  | { type: 'tile'; generation: number; version: number; key: string; bitmap: ImageBitmap | null };
