/**
 * Turn a parsed layer into the engine's input GeoJSON for its role, with the planner's field
 * mapping applied (ids, names, households, compounds, road classes). Values are passed through
 * unchanged so the engine's reader reports every bad one; nothing is dropped here.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { type FieldMapping, propertiesOf, type Role } from './guess';

const val = (p: Record<string, unknown>, k?: string) => (k ? p[k] : undefined);

export function normalise(fc: FeatureCollection, role: Role, m: FieldMapping): FeatureCollection {
  const features: Feature[] = fc.features.map((f, i) => {
    // Entries that are not features, and properties that are not an object, go to the engine's
    // reader as they are: it names them (feature, field) in the report.
    if (typeof f !== 'object' || f === null) return f;
    const raw: unknown = f.properties;
    if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) return f;
    const p = propertiesOf(f);
    let props: Record<string, unknown>;
    if (role === 'buildings') {
      const id = val(p, m.id) ?? f.id;
      props = {
        id: id === undefined || id === null || id === '' ? `#${i}` : String(id),
        name: val(p, m.name) === undefined || val(p, m.name) === null ? undefined : String(val(p, m.name)),
        households: val(p, m.households) ?? null,
        compound: val(p, m.compound) ?? null,
      };
    } else if (role === 'roads') {
      props = { class: val(p, m.roadClass) ?? null, name: val(p, m.name) ?? '' };
    } else if (role === 'communities') {
      props = { name: val(p, m.name) ?? undefined, code: val(p, m.code) ?? undefined };
    } else {
      props = {
        kind: val(p, m.kind) ?? 'unknown',
        name: val(p, m.name) ?? `#${i}`,
        area_m2: val(p, m.area) ?? 0,
      };
    }
    for (const k of Object.keys(props)) if (props[k] === undefined) delete props[k];
    return { type: 'Feature', properties: props, geometry: f.geometry };
  });
  return { type: 'FeatureCollection', features };
}
