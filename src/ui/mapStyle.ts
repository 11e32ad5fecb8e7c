/**
 * The offline MapLibre style: the project's own roads, water, boundaries and units as GeoJSON
 * sources, the buildings as vector tiles cut in a worker (buildingTiles.ts), over the map container's background colour. No glyphs URL: MapLibre draws every
 * label with local fonts (TinySDF), so nothing is fetched. A raster tile URL from the settings goes
 * underneath.
 *
 * Without a GPU every pixel and triangle is drawn on the CPU (SwiftShader), so nothing is drawn that
 * cannot be seen: the background is the container's CSS colour rather than a full-screen layer, and
 * once units cover the communities their fill colours include the community tint, instead of both
 * fills being drawn over each other. There, zoomed out, every layer below the labels comes from
 * raster tiles (baseRasterLayer.ts) and the vector layers are only queried (rasterisedOpacity).
 */
import type {
  DataDrivenPropertyValueSpecification,
  Map as MapLibreMap,
  StyleSpecification,
} from 'maplibre-gl';
import { basemapKind } from '../services/basemap';
import {
  BUILDING_OPACITY,
  LINES,
  MINOR_CLASSES,
  POINT_RADIUS,
  POINT_RIM,
  RASTER_BELOW,
  type Rgba,
  type Stops,
  TONES,
  UNIT_LINE,
  WATER_CLASSES,
} from '../services/baseRaster';
import { BUILDINGS_LAYER, BUILDINGS_MAXZOOM } from '../services/buildingTiles';
import { hexRgb, over, type Rgb } from '../services/colors';

export const FONT = ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];
/** The labels' look, shared with the 2D label overlay (labelOverlay.ts). */
export const UNIT_LABEL = { size: 13, colour: '#1b2733', halo: '#ffffff', haloWidth: 1.6, secondScale: 0.85 };
export const COMMUNITY_LABEL = { size: 12, colour: '#666666', halo: '#ffffff', haloWidth: 1, maxzoom: 14 };
const EMPTY = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** A width or size from baseRaster.ts as a style value. */
const byZoom = (v: number | Stops): DataDrivenPropertyValueSpecification<number> =>
  typeof v === 'number' ? v : ['interpolate', ['linear'], ['zoom'], ...v];

/** The map's background: the container's CSS background (MapLibre's canvas is transparent). */
export const BACKGROUND = '#f3f1ec';
/** Communities are tinted white (less over a basemap, which should show through). */
const COMMUNITY_TINT = 0.6;
const COMMUNITY_TINT_BASEMAP = 0.15;
const UNIT_ALPHA = 0.35;
const UNIT_ALPHA_SELECTED = 0.6;
const WHITE: Rgb = [255, 255, 255];

/**
 * A unit's fill colours (normal, selected): without a basemap they already include the community
 * tint and the background (drawn opaque, and the community fill is hidden under units); over a
 * basemap the plain colour, translucent.
 */
export function unitFill(colour: Rgb, basemap: boolean): { fill: Rgba; fillSelected: Rgba } {
  if (basemap) return { fill: [...colour, UNIT_ALPHA], fillSelected: [...colour, UNIT_ALPHA_SELECTED] };
  const tinted = over(WHITE, COMMUNITY_TINT, hexRgb(BACKGROUND));
  return {
    fill: [...over(colour, UNIT_ALPHA, tinted), 1],
    fillSelected: [...over(colour, UNIT_ALPHA_SELECTED, tinted), 1],
  };
}

/** The communities' white tint (less over a basemap, which should show through). */
export const communityTint = (basemap: boolean): Rgba => [
  ...WHITE,
  basemap ? COMMUNITY_TINT_BASEMAP : COMMUNITY_TINT,
];

/** A colour as a style value. */
export const cssRgba = ([r, g, b, a]: Rgba): string =>
  `rgba(${Math.round(r)},${Math.round(g)},${Math.round(b)},${a})`;

/** A unit boundary's look: colour and width (CSS px), as the unit-line layer draws it. */
export function unitLine(problem: boolean, selected: boolean): { colour: string; width: number } {
  return {
    colour: problem ? UNIT_LINE.problem : UNIT_LINE.colour,
    width: selected ? UNIT_LINE.selectedWidth : problem ? UNIT_LINE.problemWidth : UNIT_LINE.width,
  };
}

/** `buildingsUrl`: the buildings' vector tile URL (buildingTiles.ts). */
export function offlineStyle(tileUrl: string | null, buildingsUrl: string): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {
      communities: { type: 'geojson', data: EMPTY() },
      roads: { type: 'geojson', data: EMPTY() },
      buildings: {
        type: 'vector',
        tiles: [buildingsUrl],
        maxzoom: BUILDINGS_MAXZOOM,
        promoteId: { [BUILDINGS_LAYER]: 'id' },
      },
      compounds: { type: 'geojson', data: EMPTY() },
      units: { type: 'geojson', data: EMPTY(), promoteId: 'id' },
      'unit-labels': { type: 'geojson', data: EMPTY() },
      highlight: { type: 'geojson', data: EMPTY() },
    },
    layers: [
      {
        id: 'community-fill',
        type: 'fill',
        source: 'communities',
        paint: {
          'fill-color': '#ffffff',
          'fill-opacity': communityTint(tileUrl !== null)[3],
          'fill-antialias': false,
        },
      },
      {
        id: 'unit-fill',
        type: 'fill',
        source: 'units',
        paint: {
          // Translucent over a basemap: the alpha is in the colours (unitFill).
          'fill-color': [
            'case',
            ['boolean', ['feature-state', 'selected'], false],
            ['get', 'fillSelected'],
            ['get', 'fill'],
          ],
          'fill-antialias': false,
        },
      },
      {
        id: 'water',
        type: 'line',
        source: 'roads',
        filter: ['in', ['get', 'class'], ['literal', WATER_CLASSES]],
        paint: { 'line-color': LINES.water.colour, 'line-width': byZoom(LINES.water.width) },
      },
      {
        id: 'roads-minor',
        type: 'line',
        source: 'roads',
        filter: ['in', ['get', 'class'], ['literal', MINOR_CLASSES]],
        minzoom: LINES.minor.minzoom,
        paint: {
          'line-color': LINES.minor.colour,
          'line-width': LINES.minor.width,
          'line-dasharray': LINES.minor.dash,
        },
      },
      {
        id: 'roads',
        type: 'line',
        source: 'roads',
        filter: ['!', ['in', ['get', 'class'], ['literal', [...MINOR_CLASSES, ...WATER_CLASSES]]]],
        paint: { 'line-color': LINES.road.colour, 'line-width': byZoom(LINES.road.width) },
      },
      {
        id: 'roads-casing',
        type: 'line',
        source: 'roads',
        filter: ['!', ['in', ['get', 'class'], ['literal', [...MINOR_CLASSES, ...WATER_CLASSES]]]],
        paint: {
          'line-color': LINES.casing.colour,
          'line-width': LINES.casing.width,
          'line-gap-width': byZoom(LINES.road.width),
        },
      },
      {
        id: 'compound-line',
        type: 'line',
        source: 'compounds',
        minzoom: 13,
        paint: { 'line-color': '#6b5b3e', 'line-width': 1, 'line-dasharray': [3, 2], 'line-opacity': 0.7 },
      },
      {
        id: 'buildings-fill',
        type: 'fill',
        source: 'buildings',
        'source-layer': BUILDINGS_LAYER,
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: {
          'fill-color': [
            'case',
            ['boolean', ['feature-state', 'selected'], false],
            TONES[2]!,
            ['==', ['to-number', ['get', 'households'], 0], 0],
            TONES[1]!,
            TONES[0]!,
          ],
          'fill-opacity': BUILDING_OPACITY,
          'fill-antialias': false,
        },
      },
      {
        id: 'buildings-point',
        type: 'circle',
        source: 'buildings',
        'source-layer': BUILDINGS_LAYER,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': byZoom(POINT_RADIUS),
          'circle-color': ['case', ['boolean', ['feature-state', 'selected'], false], TONES[2]!, TONES[0]!],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': POINT_RIM,
        },
      },
      {
        id: 'community-line',
        type: 'line',
        source: 'communities',
        paint: {
          'line-color': LINES.community.colour,
          'line-width': LINES.community.width,
          'line-dasharray': LINES.community.dash,
        },
      },
      {
        id: 'unit-line',
        type: 'line',
        source: 'units',
        paint: {
          'line-color': ['case', ['get', 'problem'], UNIT_LINE.problem, UNIT_LINE.colour],
          'line-width': [
            'case',
            ['boolean', ['feature-state', 'selected'], false],
            UNIT_LINE.selectedWidth,
            ['get', 'problem'],
            UNIT_LINE.problemWidth,
            UNIT_LINE.width,
          ],
        },
      },
      {
        id: 'highlight',
        type: 'line',
        source: 'highlight',
        layout: { visibility: 'none' }, // until there is something to highlight (MapView)
        paint: { 'line-color': '#ff00aa', 'line-width': 3 },
      },
      {
        id: 'unit-label',
        type: 'symbol',
        source: 'unit-labels',
        layout: {
          'text-field': [
            'format',
            ['get', 'name'],
            {},
            '\n',
            {},
            ['get', 'hh'],
            { 'font-scale': UNIT_LABEL.secondScale },
          ],
          'text-font': FONT,
          'text-size': UNIT_LABEL.size,
          'text-allow-overlap': false,
        },
        paint: {
          'text-color': UNIT_LABEL.colour,
          'text-halo-color': UNIT_LABEL.halo,
          'text-halo-width': UNIT_LABEL.haloWidth,
        },
      },
      {
        id: 'community-label',
        type: 'symbol',
        source: 'communities',
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': COMMUNITY_LABEL.size,
          'symbol-placement': 'point',
        },
        paint: {
          'text-color': COMMUNITY_LABEL.colour,
          'text-halo-color': COMMUNITY_LABEL.halo,
          'text-halo-width': COMMUNITY_LABEL.haloWidth,
        },
        maxzoom: COMMUNITY_LABEL.maxzoom,
      },
    ],
  };
  if (tileUrl && basemapKind(tileUrl) === 'raster') {
    // {s}: the server's sub-domains (Tianditu's are t0–t7, most others a–c).
    const subdomains = /tianditu/i.test(tileUrl) ? ['0', '1', '2', '3', '4', '5', '6', '7'] : ['a', 'b', 'c'];
    const urls = tileUrl.includes('{s}') ? subdomains.map((s) => tileUrl.replace('{s}', s)) : [tileUrl];
    style.sources.basemap = { type: 'raster', tiles: urls, tileSize: 256, maxzoom: 18 };
    style.layers.unshift({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  return style;
}

/**
 * Opacities of the vector layers that baseRasterLayer.ts also draws. Once its tiles are on screen,
 * these layers draw only from RASTER_BELOW on; below it they are only queried (hover, clicks, the
 * e2e's checks): MapLibre skips drawing a layer whose opacity is 0.
 */
export function rasterisedOpacity(
  rasterLive: boolean,
  basemap: boolean,
): [layer: string, property: Paint[1], value: Paint[2]][] {
  const step = (v: number): Paint[2] => (rasterLive ? ['step', ['zoom'], 0, RASTER_BELOW, v] : v);
  return [
    ['community-fill', 'fill-opacity', step(communityTint(basemap)[3])],
    ['unit-fill', 'fill-opacity', step(1)],
    ['unit-line', 'line-opacity', step(1)],
    ['water', 'line-opacity', step(1)],
    ['roads-minor', 'line-opacity', step(1)],
    ['roads', 'line-opacity', step(1)],
    ['roads-casing', 'line-opacity', step(1)],
    ['buildings-fill', 'fill-opacity', step(BUILDING_OPACITY)],
    ['buildings-point', 'circle-opacity', step(1)],
    ['buildings-point', 'circle-stroke-opacity', step(1)],
    ['community-line', 'line-opacity', step(1)],
  ];
}
type Paint = Parameters<MapLibreMap['setPaintProperty']>;

export function tileSetting(): string | null {
  try {
    return globalThis.localStorage?.getItem('shequ.tiles') || null;
  } catch {
    return null;
  }
}

export function saveTileSetting(url: string): void {
  try {
    if (url.trim()) localStorage.setItem('shequ.tiles', url.trim());
    else localStorage.removeItem('shequ.tiles');
  } catch {
    // ignore
  }
}
