/** KML in and out (WGS84 lon/lat by definition). The DOM parser is passed in so this stays pure. */
import { toKML } from '@placemarkio/tokml';
import { kml } from '@tmcw/togeojson';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export function featuresToKml(fc: FeatureCollection<Geometry | null>): string {
  return toKML(fc);
}

export interface XmlParser {
  parseFromString(text: string, type: 'text/xml'): unknown;
}

/** KML MultiGeometry comes back as a GeometryCollection; make it a Multi* when all parts agree. */
function flatten(g: Geometry | null): Geometry | null {
  if (g?.type !== 'GeometryCollection') return g;
  const parts = g.geometries.map(flatten);
  if (parts.every((p) => p?.type === 'Polygon' || p?.type === 'MultiPolygon'))
    return {
      type: 'MultiPolygon',
      coordinates: parts.flatMap((p) =>
        p!.type === 'Polygon' ? [p!.coordinates] : (p as GeoJSON.MultiPolygon).coordinates,
      ),
    };
  if (parts.every((p) => p?.type === 'LineString' || p?.type === 'MultiLineString'))
    return {
      type: 'MultiLineString',
      coordinates: parts.flatMap((p) =>
        p!.type === 'LineString' ? [p!.coordinates] : (p as GeoJSON.MultiLineString).coordinates,
      ),
    };
  if (parts.every((p) => p?.type === 'Point'))
    return { type: 'MultiPoint', coordinates: parts.map((p) => (p as GeoJSON.Point).coordinates) };
  return g;
}

export function kmlToFeatures(text: string, parser: XmlParser): FeatureCollection {
  const doc = parser.parseFromString(text, 'text/xml') as Parameters<typeof kml>[0];
  const fc = kml(doc) as FeatureCollection;
  // togeojson puts ExtendedData values in properties as strings; keep numbers numeric.
  const features: Feature[] = fc.features.map((f) => {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (k.startsWith('styleUrl') || k === 'styleHash' || k === 'styleMapHash') continue;
      props[k] = typeof v === 'string' && v.trim() !== '' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
    }
    return { ...f, properties: props, geometry: flatten(f.geometry) as Geometry };
  });
  return { type: 'FeatureCollection', features };
}
