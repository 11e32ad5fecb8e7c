/** Export the active plan: units GeoJSON (with metadata), building CSV, Shapefile zip, KML. */
import JSZip from 'jszip';
import { featuresToKml } from '../core/io/formats/kml';
import { UNIT_FIELDS, writePolygonShapefile } from '../core/io/formats/shapefile';
import { buildingCsv, unitsFeatureCollection } from '../core/io/formats/units';
import { t } from '../i18n';
import { activePlan, projectStore } from '../state/project';
import { toast, type UnitView, viewStore } from '../state/view';
import { engine } from './engine';
import { download } from './persist';

export type ExportFormat = 'geojson' | 'csv' | 'shapefile' | 'kml';

function planUnits(): { units: UnitView[]; name: string } | null {
  const plan = activePlan();
  const units = viewStore.getState().units;
  if (!plan || !units.length) return null;
  return { units, name: plan.name };
}

export function unitsCollection() {
  const plan = activePlan()!;
  const { units } = viewStore.getState();
  return unitsFeatureCollection(
    units.map((u) => ({ ...u, violations: u.problems })),
    {
      name: plan.name,
      date: new Date().toISOString(),
      parameters: { ...plan.params },
      metrics: { project: projectStore.getState().name },
    },
  );
}

export async function buildExport(
  format: ExportFormat,
): Promise<{ name: string; data: BlobPart; type: string }> {
  const p = planUnits();
  if (!p) throw new Error(t('export.nothing'));
  const base = (p.name || 'plan').replace(/[\\/:*?"<>|]/g, '_');
  if (format === 'geojson')
    return {
      name: `${base}.units.geojson`,
      data: JSON.stringify(unitsCollection()),
      type: 'application/geo+json',
    };
  if (format === 'kml') {
    const fc = unitsCollection();
    const kmlFc = {
      type: 'FeatureCollection' as const,
      features: fc.features.map((f) => ({
        ...f,
        properties: {
          ...f.properties,
          service_centres: f.properties.service_centres.join(';'),
          violations: f.properties.violations.join(';'),
        },
      })),
    };
    return {
      name: `${base}.units.kml`,
      data: featuresToKml(kmlFc),
      type: 'application/vnd.google-earth.kml+xml',
    };
  }
  if (format === 'csv') {
    const api = await engine.primary();
    const table = await api.buildingTable();
    const { buildingUnit, units } = viewStore.getState();
    const names = new Map(units.map((u) => [u.id, u.name]));
    const rows = table
      .filter((b) => buildingUnit.has(b.id))
      .map((b) => {
        const unit = buildingUnit.get(b.id)!;
        return { ...b, unit, unitName: names.get(unit) ?? '' };
      });
    return { name: `${base}.buildings.csv`, data: buildingCsv(rows), type: 'text/csv;charset=utf-8' };
  }
  const parts = writePolygonShapefile(
    p.units.map((u) => u.polygons),
    UNIT_FIELDS,
    p.units.map((u) => [
      u.id,
      u.name,
      u.community,
      u.communityCode,
      u.status,
      u.households,
      u.buildings,
      u.compounds,
      u.areaM2,
      u.polsbyPopper,
      u.roadBoundaryShare,
      u.hasServiceCentre,
      p.name,
    ]),
  );
  const zip = new JSZip();
  zip.file('units.shp', parts.shp);
  zip.file('units.shx', parts.shx);
  zip.file('units.dbf', parts.dbf);
  zip.file('units.prj', parts.prj);
  zip.file('units.cpg', parts.cpg);
  const data = await zip.generateAsync({ type: 'uint8array' });
  return { name: `${base}.units.shp.zip`, data: data as Uint8Array<ArrayBuffer>, type: 'application/zip' };
}

export async function exportPlan(format: ExportFormat): Promise<void> {
  try {
    const file = await buildExport(format);
    download(file.name, file.data, file.type);
  } catch (err) {
    toast('error', (err as Error).message);
  }
}
