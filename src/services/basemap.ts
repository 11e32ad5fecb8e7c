/**
 * The optional online basemap from the settings: a raster tile URL template (OpenStreetMap,
 * Tianditu with a key, an intranet tile server) or the URL of a MapLibre / Mapbox GL style
 * (a vector basemap, e.g. OpenMapTiles served on an intranet). The project's own layers always go
 * on top. Pure functions: the map view applies them.
 */
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';

export type BasemapKind = 'raster' | 'style';

/** Why a URL cannot be a basemap (a message key's suffix), or what kind of basemap it is. */
export type BasemapCheck =
  | { ok: true; kind: BasemapKind }
  | { ok: false; problem: 'scheme' | 'vector-tiles' | 'template' };

export function checkBasemapUrl(url: string): BasemapCheck {
  const u = url.trim();
  if (!/^https?:\/\//i.test(u)) return { ok: false, problem: 'scheme' };
  const path = u.split(/[?#]/)[0]!.toLowerCase();
  const template = /\{z\}/i.test(u) && /\{x\}/i.test(u) && /\{y\}/i.test(u);
  // Vector tiles alone carry no looks: MapLibre needs the style that draws them.
  if (template && /\.(pbf|mvt)$/.test(path)) return { ok: false, problem: 'vector-tiles' };
  if (template || /\{quadkey\}/i.test(u)) return { ok: true, kind: 'raster' };
  if (path.endsWith('.json') || /\/styles?\//.test(path)) return { ok: true, kind: 'style' };
  return { ok: false, problem: 'template' };
}

/** The kind of the basemap set, or null (none, or a URL that cannot be one: the offline map). */
export function basemapKind(url: string | null): BasemapKind | null {
  if (!url) return null;
  const c = checkBasemapUrl(url);
  return c.ok ? c.kind : null;
}

/** Prefix of the basemap's source and layer ids, so that they never clash with the project's. */
export const BASEMAP_PREFIX = 'basemap:';

export interface BasemapParts {
  sources: Record<string, SourceSpecification>;
  /** In drawing order, to go under the project's layers. */
  layers: LayerSpecification[];
  glyphs: string | null;
  sprite: StyleSpecification['sprite'] | null;
  /** The font stack of the basemap's labels (for the project's own labels, with its glyphs). */
  font: string[] | null;
}

/**
 * The parts of a fetched style to put under the project's layers: sources and layers renamed with
 * BASEMAP_PREFIX; terrain, sky and the like left out (the planner's map stays flat).
 * Throws with a plain message when the JSON is not a style.
 */
export function basemapParts(style: unknown, styleUrl: string): BasemapParts {
  // URLs in a style are relative to the style's own URL (MapLibre resolves them so when it loads
  // a style itself); braces of URL templates are kept as they are.
  const resolve = (u: string) =>
    /^[a-z][a-z0-9+.-]*:/i.test(u)
      ? u
      : new URL(u, styleUrl).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
  const s = style as Partial<StyleSpecification> | null;
  if (
    !s ||
    typeof s !== 'object' ||
    s.version !== 8 ||
    !Array.isArray(s.layers) ||
    typeof s.sources !== 'object'
  )
    throw new Error('not a MapLibre style (version 8 with sources and layers)');
  const sources: Record<string, SourceSpecification> = {};
  for (const [id, src] of Object.entries(s.sources ?? {})) {
    const r = { ...src } as SourceSpecification & { url?: unknown; tiles?: unknown; data?: unknown };
    if (typeof r.url === 'string') r.url = resolve(r.url);
    if (Array.isArray(r.tiles)) r.tiles = r.tiles.map((t) => (typeof t === 'string' ? resolve(t) : t));
    if (typeof r.data === 'string') r.data = resolve(r.data);
    sources[BASEMAP_PREFIX + id] = r;
  }
  let font: string[] | null = null;
  const layers = s.layers.map((layer) => {
    const l = { ...layer, id: BASEMAP_PREFIX + layer.id } as LayerSpecification & { source?: unknown };
    if (typeof l.source === 'string') l.source = BASEMAP_PREFIX + l.source;
    if (!font && l.type === 'symbol') {
      const f = l.layout?.['text-font'];
      if (Array.isArray(f) && f.length && f.every((x) => typeof x === 'string')) font = f as string[];
    }
    return l as LayerSpecification;
  });
  return {
    sources,
    layers,
    glyphs: typeof s.glyphs === 'string' ? resolve(s.glyphs) : null,
    sprite:
      typeof s.sprite === 'string'
        ? resolve(s.sprite)
        : Array.isArray(s.sprite)
          ? s.sprite.map((x) => ({ ...x, url: resolve(x.url) }))
          : null,
    font,
  };
}
