/**
 * Independent checks of a plan of a generated district: computed from the district's GeoJSON, the
 * plan's building → unit assignment and the unit outlines, never from the engine's own flags or
 * totals. Used by the big-compound property test and the benchmark.
 */
import type { Position } from 'geojson';
import type { PlanResult } from '../../src/core/plan/result';
import type { District } from '../../src/core/synth/generate';
import type { PlanOptions } from '../../src/core/types';

/** Even–odd ray test in lon/lat (the district spans a few km: flat enough). */
function inRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (
      a[1]! > p[1]! !== b[1]! > p[1]! &&
      p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!
    )
      inside = !inside;
  }
  return inside;
}

function inPolygon(p: Position, rings: readonly Position[][]): boolean {
  return inRing(p, rings[0]!) && !rings.slice(1).some((h) => inRing(p, h));
}

/** Distance in metres from p to the nearest edge of the rings. */
function distanceToRings(p: Position, rings: readonly Position[][]): number {
  const kx = 111320 * Math.cos((p[1]! * Math.PI) / 180);
  const ky = 110574;
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings)
    for (let i = 0; i + 1 < ring.length; i++) {
      const ax = (ring[i]![0]! - p[0]!) * kx;
      const ay = (ring[i]![1]! - p[1]!) * ky;
      const dx = (ring[i + 1]![0]! - p[0]!) * kx - ax;
      const dy = (ring[i + 1]![1]! - p[1]!) * ky - ay;
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  return best;
}

/** Is there a whole number of units for `households` within the bounds? */
export function someKFits(households: number, min: number, max: number): boolean {
  return Math.floor(households / min) >= Math.ceil(households / max);
}

export interface Found {
  problems: string[];
  /** Communities over the threshold holding a compound over max with no service road of its own. */
  hard: number;
}

/** The rules, checked from the input GeoJSON, the assignment and the unit outlines. */
export function checkPlan(d: District, plan: PlanResult, options: PlanOptions): Found {
  const problems: string[] = [];
  const { min, max, splitOver } = options;
  const point = (f: District['buildings']['features'][number]): Position => {
    if (f.geometry.type === 'Point') return f.geometry.coordinates;
    const ring = f.geometry.coordinates[0]!.slice(0, -1);
    return [
      ring.reduce((s, p) => s + p[0]!, 0) / ring.length,
      ring.reduce((s, p) => s + p[1]!, 0) / ring.length,
    ];
  };
  const residents = d.buildings.features.filter((f) => f.properties.households > 0);
  const compoundHouseholds = new Map<string, number>();
  for (const f of residents) {
    const c = f.properties.compound;
    if (c) compoundHouseholds.set(c, (compoundHouseholds.get(c) ?? 0) + f.properties.households);
  }
  const withRoad = new Set(
    d.roads.features.filter((r) => r.properties.class === 'service').map((r) => r.properties.compound),
  );
  const units = new Map(plan.units.map((u) => [u.id, u]));
  let hard = 0;

  for (const community of d.communities.features) {
    const { code, name } = community.properties;
    const ring = community.geometry.coordinates[0]!;
    const members = residents.filter((f) => inRing(point(f), ring));
    const households = members.reduce((s, f) => s + f.properties.households, 0);
    const report = plan.communities.find((c) => c.code === code);
    if (!report) {
      problems.push(`${name}: no report`);
      continue;
    }
    const over = households > splitOver;
    if (
      over &&
      members.some((f) => {
        const c = f.properties.compound;
        return c !== undefined && compoundHouseholds.get(c)! > max && !withRoad.has(c);
      })
    )
      hard++;

    // Each building over max is a unit of its own; the rest must make a whole number of units.
    const slabs = members.filter((f) => f.properties.households > max);
    const rest = households - slabs.reduce((s, f) => s + f.properties.households, 0);
    const fits = rest === 0 ? slabs.length >= 2 : someKFits(rest, min, max);
    if (over && fits && report.status !== 'split')
      problems.push(
        `${name} (${households} households${slabs.length ? `, ${slabs.length} building(s) over ${max}` : ''}; ` +
          `units of ${min}–${max} fit by count) is ${report.status}: ${report.notes.map((n) => `[${n.code}] ${n.text}`).join(' | ')}`,
      );
    if (!over && report.status !== 'unchanged')
      problems.push(`${name} (${households} households) is ${report.status}`);

    // Every resident in exactly one unit, of this community.
    const byUnit = new Map<string, typeof members>();
    for (const f of members) {
      const u = f.properties.id && plan.assignment.get(f.properties.id);
      const unit = u ? units.get(u) : undefined;
      if (!u || !unit) {
        problems.push(`${name}: building ${f.properties.id} has no unit`);
        continue;
      }
      if (unit.communityCode !== code)
        problems.push(`${name}: building ${f.properties.id} is in ${u} of ${unit.community}`);
      const list = byUnit.get(u);
      if (list) list.push(f);
      else byUnit.set(u, [f]);
    }
    if (report.status !== 'split') continue;

    for (const [u, list] of byUnit) {
      // Households within the bounds, unless the unit is one building over max.
      const hh = list.reduce((s, f) => s + f.properties.households, 0);
      const single = list.length === 1 && hh > max;
      if ((hh < min || hh > max) && !single)
        problems.push(
          `${name}: unit ${u} has ${hh} households in ${list.length} building(s), outside ${min}–${max}` +
            (list.some((f) => f.properties.households > max) ? ' (with a building over max and others)' : ''),
        );
      // Contiguous: one polygon, holding every one of its buildings.
      const polygons = units.get(u)!.polygons;
      if (polygons.length !== 1) problems.push(`${name}: unit ${u} is ${polygons.length} polygons`);
      // A point building is a mesh vertex and may sit on the outline itself (simplified by up to
      // options.simplify metres, rounded to 1e-7°): on the line counts as inside.
      const outside = list.filter((f) => {
        const p = point(f);
        return !polygons.some(
          (poly) => inPolygon(p, poly) || distanceToRings(p, poly) <= options.simplify + 0.5,
        );
      });
      if (outside.length)
        problems.push(
          `${name}: ${outside.length} building(s) of unit ${u} lie outside its outline (${outside
            .slice(0, 3)
            .map((f) => f.properties.id)
            .join(', ')})`,
        );
    }
  }

  // Compounds of at most max households: whole, in one unit.
  const unitsOfCompound = new Map<string, Set<string>>();
  for (const f of residents) {
    const c = f.properties.compound;
    const u = plan.assignment.get(f.properties.id);
    if (!c || !u) continue;
    const s = unitsOfCompound.get(c) ?? new Set<string>();
    s.add(u);
    unitsOfCompound.set(c, s);
  }
  for (const [c, s] of unitsOfCompound)
    if (s.size > 1 && compoundHouseholds.get(c)! <= max)
      problems.push(
        `compound ${c} (${compoundHouseholds.get(c)} households) is split over ${[...s].join(', ')}`,
      );
  return { problems, hard };
}
