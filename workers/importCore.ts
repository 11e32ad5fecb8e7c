/**
 * What the import worker does, without the worker: describe a parsed file (role, fields, CRS
 * guessed) and build the engine input with its validation report. Pure, so Node tests run the
 * very code the app runs on a dropped file.
 */
import type { FeatureCollection } from 'geojson';
import { detectCrs, toWgs84 } from '../src/core/io/formats/crs';
import {
  type FieldMapping,
  fieldNames,
  geometryKinds,
  guessLonLat,
  guessMapping,
  guessRole,
  propertiesOf,
} from '../src/core/io/formats/guess';
import { normalise } from '../src/core/io/formats/normalise';
import { type ParsedLayer, tableToPoints } from '../src/core/io/formats/readers';
import { featureBbox } from '../src/core/io/formats/validate';
import { everyBuildingOutside, looksLikeBuildings, readPlanInput } from '../src/core/io/input';
import { inputIssue } from '../src/core/io/issues';
import { prepareDistrict } from '../src/core/plan/district';
import type { InputIssue } from '../src/core/types';
import type { BuildResult, LayerConfig, LayerInfo, ReportIssue } from '../src/services/importTypes';

export interface ImportLayer {
  name: string;
  parsed: ParsedLayer;
}

function samples(fc: FeatureCollection, fields: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of fields) {
    const seen = new Set<string>();
    for (const f of fc.features) {
      const v = propertiesOf(f)[k];
      if (v === undefined || v === null || v === '') continue;
      seen.add(String(v).slice(0, 24));
      if (seen.size >= 3) break;
    }
    out[k] = [...seen];
  }
  return out;
}

/** A parsed file as the dialog shows it: role, fields with samples and CRS, all guessed. */
export function describeLayer(
  id: number,
  { name, parsed }: ImportLayer,
  remembered: FieldMapping,
): LayerInfo {
  let fc = parsed.fc;
  let lon: string | undefined;
  let lat: string | undefined;
  if (parsed.table) {
    ({ lon, lat } = guessLonLat(parsed.table.header));
    if (lon && lat) fc = tableToPoints(parsed.table, lon, lat).fc;
  }
  const fields = parsed.table ? parsed.table.header.filter((h) => h !== lon && h !== lat) : fieldNames(fc);
  const role = guessRole(fc, name);
  const info: LayerInfo = {
    id,
    name,
    format: parsed.format,
    count: parsed.table ? parsed.table.rows.length : fc.features.length,
    kinds: geometryKinds(fc),
    fields,
    samples: samples(fc, fields),
    table: parsed.table ? { header: parsed.table.header, rows: parsed.table.rows.length } : null,
    ...(lon ? { lon } : {}),
    ...(lat ? { lat } : {}),
    crs: detectCrs(fc, parsed.crsHint),
    role,
    mapping: guessMapping(fields, role, remembered),
    warnings: parsed.warnings,
    encoding: parsed.encoding,
  };
  return info;
}

/** The engine input from the files as configured, and every problem found, each with where it is. */
export function buildImport(
  entries: { layer: ImportLayer; config: LayerConfig }[],
  onProgress?: (p: number) => void,
): BuildResult {
  const issues: ReportIssue[] = [];
  const byRole = new Map<string, { names: string[]; features: FeatureCollection['features'] }>();
  entries.forEach(({ layer: l, config: c }, k) => {
    onProgress?.((k / entries.length) * 0.6);
    if (c.role === 'ignore') return;
    let fc = l.parsed.fc;
    if (l.parsed.table) {
      if (!c.lon || !c.lat) {
        issues.push({
          severity: 'fatal',
          code: 'COORDINATE_COLUMNS',
          file: l.name,
          message: `${l.name}: choose the longitude and latitude columns`,
          bbox: null,
        });
        return;
      }
      const r = tableToPoints(l.parsed.table, c.lon, c.lat);
      fc = r.fc;
      for (const i of r.bad)
        issues.push({
          severity: 'error',
          code: 'COORDINATES_MISSING',
          file: l.name,
          feature: `#${i}`,
          message: `${l.name} row ${i + 2}: no valid coordinates in "${c.lon}"/"${c.lat}"; left out`,
          bbox: null,
        });
    }
    if (fc.features.length === 0)
      issues.push({
        severity: 'fatal',
        code: 'EMPTY_FILE',
        file: l.name,
        message: `${l.name} has no features`,
        bbox: null,
      });
    let wgs: FeatureCollection;
    try {
      wgs = toWgs84(fc, c.crs);
    } catch (err) {
      issues.push({
        severity: 'fatal',
        code: 'CRS_CONVERSION',
        file: l.name,
        message: `${l.name}: cannot convert from ${c.crs}: ${(err as Error).message}`,
        bbox: null,
      });
      return;
    }
    // Normalised roads keep only their class and name: the household fields that show a
    // buildings file given as roads are looked for first. (Crossing outlines and bad entries are
    // reported by the engine's reader, as for the command line.)
    const households = guessMapping(fieldNames(wgs), 'buildings').households;
    const buildingsLike =
      c.role === 'roads' ? looksLikeBuildings(wgs.features, households ? [households] : undefined) : null;
    if (buildingsLike) {
      const { feature, field, count, total } = buildingsLike;
      issues.push({
        ...inputIssue('fatal', 'ROADS_LOOK_LIKE_BUILDINGS', l.name, feature, field, { count, total }),
        bbox: featureBbox(wgs, feature),
      });
      return;
    }
    const norm = normalise(wgs, c.role, c.mapping);
    if (c.role === 'buildings' && !c.mapping.households)
      issues.push({
        severity: 'error',
        code: 'HOUSEHOLDS_FIELD',
        file: l.name,
        message: `${l.name}: no households field chosen; every building will be reported without a count`,
        bbox: null,
      });
    const slot = byRole.get(c.role) ?? { names: [], features: [] };
    slot.names.push(l.name);
    slot.features.push(...norm.features);
    byRole.set(c.role, slot);
  });
  const data: BuildResult['data'] = {};
  const fcs = new Map<string, FeatureCollection>();
  for (const [role, slot] of byRole) {
    const fc: FeatureCollection = { type: 'FeatureCollection', features: slot.features };
    const name = slot.names.join('+');
    fcs.set(name, fc);
    data[role as keyof BuildResult['data']] = { name, text: JSON.stringify(fc) };
  }
  onProgress?.(0.7);
  const summary = { buildings: 0, households: 0, communities: 0, roads: 0, facilities: 0 };
  if (!data.buildings || !data.communities) {
    issues.push({
      severity: 'fatal',
      code: 'ROLES_MISSING',
      file: '',
      message: 'a buildings file and a community boundaries file are needed',
      bbox: null,
    });
    return { data, summary, issues, fatal: true };
  }
  const input = readPlanInput({
    buildings: data.buildings,
    communities: data.communities,
    ...(data.roads ? { roads: data.roads } : {}),
    ...(data.facilities ? { facilities: data.facilities } : {}),
  });
  onProgress?.(0.85);
  let fatal = input.issues.some((i) => i.severity === 'fatal') || issues.some((i) => i.severity === 'fatal');
  const all: InputIssue[] = fatal ? input.issues : prepareDistrict(input).issues;
  // Buildings placed by a wrong coordinate system all fall outside: nothing could be planned.
  const outside = fatal
    ? null
    : everyBuildingOutside(input, all, {
        buildings: data.buildings.name,
        communities: data.communities.name,
      });
  if (outside) all.push(outside);
  const buildingsFc = fcs.get(data.buildings.name)!;
  const ids = new Map<string, number>();
  buildingsFc.features.forEach((f, i) => {
    const id = propertiesOf(f).id;
    if (id !== undefined && !ids.has(String(id))) ids.set(String(id), i);
  });
  for (const i of all) {
    const fc = i.file === 'buildings' ? buildingsFc : fcs.get(i.file);
    // The district check names the buildings file by its role: name the file and the field.
    const named =
      i.code === 'OUTSIDE_COMMUNITY' ? { file: data.buildings.name, field: i.field ?? 'geometry' } : {};
    issues.push({
      ...i,
      ...named,
      bbox: fc ? featureBbox(fc, i.feature, fc === buildingsFc ? ids : undefined) : null,
    });
  }
  // First in the list: the dialog shows the first 500 issues, and a wrong system gives thousands.
  if (outside)
    issues.unshift(
      ...issues.splice(
        issues.findIndex((i) => i.code === 'ALL_OUTSIDE'),
        1,
      ),
    );
  fatal ||= outside !== null;
  summary.buildings = input.buildings.length;
  summary.households = input.buildings.reduce((s, b) => s + b.households, 0);
  summary.communities = input.communities.length;
  summary.roads = input.barriers.length;
  summary.facilities = input.facilities.length;
  onProgress?.(1);
  return { data, summary, issues, fatal };
}
