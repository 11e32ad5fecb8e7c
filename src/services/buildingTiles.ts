/**
 * The buildings as Mapbox vector tiles, cut with geojson-vt and encoded with vt-pbf (the libraries
 * MapLibre's own GeoJSON source uses, with its options, so the tiles are the same). Served to
 * MapLibre through a custom protocol from a worker (buildingTiles.worker.ts via ui/buildingTiles.ts).
 *
 * Why not a GeoJSON source from a URL: MapLibre's worker then sends the parsed file back to the
 * page, and for a 50k-building district the page spends 250–650 ms in one task taking the copy,
 * which it never needs (hover and clicks query the drawn tiles).
 */
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

/** The one layer of every tile. */
export const BUILDINGS_LAYER = 'buildings';
/** Tiles exist up to this zoom; MapLibre scales the last ones beyond. */
export const BUILDINGS_MAXZOOM = 18;
const EXTENT = 8192;
/** Tile units per CSS px (512 px tiles), as MapLibre converts its GeoJSON options. */
const PER_PX = EXTENT / 512;

export class BuildingTiles {
  private readonly index: GeoJSONVT | null;

  /** `text`: the buildings FeatureCollection (the import has checked it; anything else gives no tiles). */
  constructor(text: string | null) {
    this.index = text === null ? null : buildIndex(text);
  }

  /** The tile's protobuf (a buffer of its own, to transfer), or null where there are no buildings. */
  tile(z: number, x: number, y: number): ArrayBuffer | null {
    const t = this.index?.getTile(z, x, y);
    if (!t?.features.length) return null;
    const pbf = fromGeojsonVt({ [BUILDINGS_LAYER]: t }, { version: 2, extent: EXTENT });
    // The encoder's buffer is bigger than what it wrote.
    return pbf.buffer.slice(pbf.byteOffset, pbf.byteOffset + pbf.byteLength) as ArrayBuffer;
  }
}

function buildIndex(text: string): GeoJSONVT | null {
  let fc: GeoJSON.FeatureCollection;
  try {
    fc = JSON.parse(text) as GeoJSON.FeatureCollection;
  } catch {
    return null;
  }
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) return null;
  // Feature ids in a tile must be integers; buildings are known by the `id` property (the map's
  // promoteId), so a top-level id only fills that in where it is missing.
  const features = fc.features.map((f) => {
    const properties = { ...(f.properties ?? {}) };
    if (properties.id === undefined && f.id !== undefined) properties.id = f.id;
    return { type: 'Feature' as const, geometry: f.geometry, properties };
  });
  return new GeoJSONVT(
    { type: 'FeatureCollection', features },
    {
      maxZoom: BUILDINGS_MAXZOOM,
      extent: EXTENT,
      buffer: 128 * PER_PX,
      tolerance: 0.375 * PER_PX,
    },
  );
}
