/**
 * Plan exports as plain data: units as GeoJSON with plan metadata, and the building → unit table
 * as CSV. Pure: strings and objects out, no DOM.
 */
import type { Unit } from '../../plan/result';
import { unitFeature } from '../output';

export interface PlanMeta {
  name: string;
  date: string;
  parameters: Record<string, unknown>;
  metrics?: Record<string, unknown>;
}

export interface ExportUnit extends Unit {
  /** Whether the unit breaks a hard rule in the exported plan. */
  violations?: string[];
}

export function unitsFeatureCollection(units: ExportUnit[], meta: PlanMeta) {
  const households = units.map((u) => u.households);
  return {
    type: 'FeatureCollection' as const,
    name: meta.name,
    metadata: {
      plan: meta.name,
      date: meta.date,
      parameters: meta.parameters,
      metrics: {
        units: units.length,
        households: households.reduce((s, v) => s + v, 0),
        householdsMin: households.length ? Math.min(...households) : 0,
        householdsMax: households.length ? Math.max(...households) : 0,
        ...(meta.metrics ?? {}),
      },
    },
    features: units.map((u) => {
      const f = unitFeature(u);
      return { ...f, properties: { ...f.properties, violations: u.violations ?? [] } };
    }),
  };
}

export interface BuildingRow {
  id: string;
  name: string;
  compound: string | null;
  households: number;
  unit: string;
  unitName: string;
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV with a UTF-8 BOM so that Excel opens the Chinese names correctly. */
export function buildingCsv(rows: BuildingRow[], bom = true): string {
  const lines = ['building_id,building_name,compound,households,unit_id,unit_name'];
  for (const r of rows)
    lines.push(
      [r.id, r.name, r.compound ?? '', String(r.households), r.unit, r.unitName].map(csvField).join(','),
    );
  return `${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** Parse CSV text (RFC 4180: quotes, doubled quotes, CRLF). The first row is the header. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const src = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const header = rows.shift() ?? [];
  return { header, rows: rows.filter((r) => r.length > 1 || r[0] !== '') };
}
