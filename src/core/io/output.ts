/** Writing a plan out: unit GeoJSON, the building → unit table, and the report. Pure (strings out). */
import type { PlanResult, Unit } from '../plan/result';

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

export function unitFeature(u: Unit) {
  return {
    type: 'Feature' as const,
    properties: {
      unit: u.id,
      community: u.community,
      community_code: u.communityCode,
      name: u.name,
      status: u.status,
      households: u.households,
      buildings: u.buildings,
      compounds: u.compounds,
      area_m2: round(u.areaM2, 1),
      perimeter_m: round(u.perimeterM, 1),
      polsby_popper: round(u.polsbyPopper, 4),
      road_boundary_share: round(u.roadBoundaryShare, 4),
      has_service_centre: u.hasServiceCentre,
      service_centres: u.serviceCentres,
    },
    geometry:
      u.polygons.length === 1
        ? { type: 'Polygon' as const, coordinates: u.polygons[0]! }
        : { type: 'MultiPolygon' as const, coordinates: u.polygons },
  };
}

export function unitsGeoJson(plan: PlanResult): string {
  return JSON.stringify({ type: 'FeatureCollection', features: plan.units.map(unitFeature) });
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function assignmentCsv(plan: PlanResult): string {
  const rows = ['building_id,unit'];
  for (const [building, unit] of plan.assignment) rows.push(`${csvField(building)},${csvField(unit)}`);
  return `${rows.join('\n')}\n`;
}

export function reportJson(plan: PlanResult, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      ...extra,
      summary: {
        communities: plan.communities.length,
        split: plan.communities.filter((c) => c.status === 'split').length,
        unchanged: plan.communities.filter((c) => c.status === 'unchanged').length,
        infeasible: plan.communities.filter((c) => c.status === 'infeasible').length,
        units: plan.units.length,
        buildings_assigned: plan.assignment.size,
      },
      communities: plan.communities,
      issues: plan.issues,
      timings_ms: Object.fromEntries(Object.entries(plan.timingsMs).map(([k, v]) => [k, round(v, 1)])),
    },
    null,
    2,
  );
}
