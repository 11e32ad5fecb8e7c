/**
 * The offline MapLibre style: a background and the project's own roads, water, boundaries,
 * buildings and units as GeoJSON sources. No glyphs URL: MapLibre draws every label with local
 * fonts (TinySDF), so nothing is fetched. A raster tile URL from the settings goes underneath.
 */
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { BUILDING_RASTER_BELOW, POINT_RADIUS_STOPS, TONES } from '../services/buildingRaster';

export const FONT = ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];
const EMPTY = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export function offlineStyle(tileUrl: string | null): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {
      communities: { type: 'geojson', data: EMPTY() },
      roads: { type: 'geojson', data: EMPTY() },
      buildings: { type: 'geojson', data: EMPTY(), promoteId: 'id' },
      compounds: { type: 'geojson', data: EMPTY() },
      units: { type: 'geojson', data: EMPTY(), promoteId: 'id' },
      'unit-labels': { type: 'geojson', data: EMPTY() },
      highlight: { type: 'geojson', data: EMPTY() },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f3f1ec' } },
      {
        id: 'community-fill',
        type: 'fill',
        source: 'communities',
        paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.6, 'fill-antialias': false },
      },
      {
        id: 'unit-fill',
        type: 'fill',
        source: 'units',
        paint: {
          'fill-color': ['get', 'fill'],
          'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.6, 0.35],
          'fill-antialias': false,
        },
      },
      {
        id: 'water',
        type: 'line',
        source: 'roads',
        filter: ['in', ['get', 'class'], ['literal', ['river', 'canal', 'stream', 'drain']]],
        paint: {
          'line-color': '#7fb3e0',
          'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 10],
        },
      },
      {
        id: 'roads-minor',
        type: 'line',
        source: 'roads',
        filter: ['in', ['get', 'class'], ['literal', ['footway', 'service', 'path', 'wall']]],
        minzoom: 14,
        paint: { 'line-color': '#c9c4ba', 'line-width': 0.8, 'line-dasharray': [2, 2] },
      },
      {
        id: 'roads',
        type: 'line',
        source: 'roads',
        filter: [
          '!',
          [
            'in',
            ['get', 'class'],
            ['literal', ['footway', 'service', 'path', 'wall', 'river', 'canal', 'stream', 'drain']],
          ],
        ],
        paint: {
          'line-color': '#ffffff',
          'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1.5, 17, 9],
        },
      },
      {
        id: 'roads-casing',
        type: 'line',
        source: 'roads',
        filter: [
          '!',
          [
            'in',
            ['get', 'class'],
            ['literal', ['footway', 'service', 'path', 'wall', 'river', 'canal', 'stream', 'drain']],
          ],
        ],
        paint: {
          'line-color': '#b8b2a6',
          'line-width': 0.6,
          'line-gap-width': ['interpolate', ['linear'], ['zoom'], 12, 1.5, 17, 9],
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
          'fill-opacity': 0.85,
          'fill-antialias': false,
        },
      },
      {
        id: 'buildings-point',
        type: 'circle',
        source: 'buildings',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], ...POINT_RADIUS_STOPS],
          'circle-color': ['case', ['boolean', ['feature-state', 'selected'], false], TONES[2]!, TONES[0]!],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 0.8,
        },
      },
      {
        id: 'community-line',
        type: 'line',
        source: 'communities',
        paint: { 'line-color': '#555', 'line-width': 2, 'line-dasharray': [4, 3] },
      },
      {
        id: 'unit-line',
        type: 'line',
        source: 'units',
        paint: {
          'line-color': ['case', ['get', 'problem'], '#d7191c', '#1f3b57'],
          'line-width': [
            'case',
            ['boolean', ['feature-state', 'selected'], false],
            4,
            ['get', 'problem'],
            3,
            2,
          ],
        },
      },
      {
        id: 'highlight',
        type: 'line',
        source: 'highlight',
        paint: { 'line-color': '#ff00aa', 'line-width': 3 },
      },
      {
        id: 'unit-label',
        type: 'symbol',
        source: 'unit-labels',
        layout: {
          'text-field': ['format', ['get', 'name'], {}, '\n', {}, ['get', 'hh'], { 'font-scale': 0.85 }],
          'text-font': FONT,
          'text-size': 13,
          'text-allow-overlap': false,
        },
        paint: { 'text-color': '#1b2733', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
      },
      {
        id: 'community-label',
        type: 'symbol',
        source: 'communities',
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': 12,
          'symbol-placement': 'point',
        },
        paint: { 'text-color': '#666', 'text-halo-color': '#fff', 'text-halo-width': 1 },
        maxzoom: 14,
      },
    ],
  };
  if (tileUrl) {
    const urls = tileUrl.includes('{s}') ? ['a', 'b', 'c'].map((s) => tileUrl.replace('{s}', s)) : [tileUrl];
    style.sources.basemap = { type: 'raster', tiles: urls, tileSize: 256, maxzoom: 18 };
    style.layers.splice(1, 0, { id: 'basemap', type: 'raster', source: 'basemap' });
    (style.layers[2] as { paint: Record<string, unknown> }).paint['fill-opacity'] = 0.15;
  }
  return style;
}

/**
 * The vector footprints' opacities. Once the raster tiles of the buildings are on screen
 * (buildingRasterLayer.ts), the vector layers draw only from BUILDING_RASTER_BELOW on; below it they
 * are only queried (hover, clicks): MapLibre skips drawing a layer whose opacity is 0.
 */
type Paint = Parameters<MapLibreMap['setPaintProperty']>;
export function buildingOpacity(rasterLive: boolean): [layer: string, property: Paint[1], value: Paint[2]][] {
  const step = (v: number): Paint[2] => (rasterLive ? ['step', ['zoom'], 0, BUILDING_RASTER_BELOW, v] : v);
  return [
    ['buildings-fill', 'fill-opacity', step(0.85)],
    ['buildings-point', 'circle-opacity', step(1)],
    ['buildings-point', 'circle-stroke-opacity', step(1)],
  ];
}

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
