/**
 * A vector basemap from a style URL (settings): its sources and layers go under the project's
 * layers, its glyphs and sprite are taken over, and the project's own labels use its font (with
 * a glyphs URL MapLibre asks that server for every font stack it draws). Fetched after the map has
 * loaded, so the project's data never waits for the basemap; if the style cannot be had, the map
 * stays offline and the planner is told why.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { basemapParts } from '../services/basemap';

/** The project's bottom layer: the basemap goes under it. */
const FIRST_OWN_LAYER = 'community-fill';
const LABEL_LAYERS = ['unit-label', 'community-label'];

export async function addStyleBasemap(map: MapLibreMap, url: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const parts = basemapParts(await res.json(), res.url || url);
  if (parts.glyphs) {
    map.setGlyphs(parts.glyphs);
    if (parts.font) for (const l of LABEL_LAYERS) map.setLayoutProperty(l, 'text-font', parts.font);
  }
  if (typeof parts.sprite === 'string') map.setSprite(parts.sprite);
  else if (parts.sprite) for (const s of parts.sprite) map.addSprite(s.id, s.url);
  for (const [id, source] of Object.entries(parts.sources)) map.addSource(id, source);
  for (const layer of parts.layers) map.addLayer(layer, FIRST_OWN_LAYER);
}
