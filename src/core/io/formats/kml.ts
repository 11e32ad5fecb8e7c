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
    return { ...f, properties: props };
  });
  return { type: 'FeatureCollection', features };
}
