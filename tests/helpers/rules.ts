/**
 * Checks of the hard rules on a finished plan, used by unit and property tests alike. Each
 * returns a list of broken rules in words (empty = all good), so a failing test says what broke.
 */
import { createLocalProjection } from '../../src/core/geo/projection';
import { ringSignedArea, StripeIndex } from '../../src/core/geo/ring';
import type { PlanResult } from '../../src/core/plan/result';
import type { PlanInput, PlanOptions, Position } from '../../src/core/types';

function locate(input: PlanInput): Map<string, number> {
  const out = new Map<string, number>();
  const idx = input.communities.map(
    (c) => new StripeIndex(c.polygons.flat().map((r) => Float64Array.from(r.flat()))),
  );
  for (const b of input.buildings) {
    const c = idx.findIndex((ix) => ix.contains(b.lon, b.lat));
    if (c >= 0) out.set(b.id, c);
  }
  return out;
}

const key = (p: Position) => `${p[0]},${p[1]}`;

export function brokenRules(input: PlanInput, plan: PlanResult, options: PlanOptions): string[] {
  const broken: string[] = [];
  const where = locate(input);
  const unitById = new Map(plan.units.map((u) => [u.id, u]));
  const lon0 = input.communities[0]!.polygons[0]![0]![0]![0];
  const lat0 = input.communities[0]!.polygons[0]![0]![0]![1];
  const proj = createLocalProjection(lon0, lat0);
  const areaOf = (rings: Position[][]) => {
    let a = 0;
    rings.forEach((r, i) => {
      const flat = Float64Array.from(r.slice(0, -1).flatMap((p) => proj.forward(p[0], p[1])));
      a += (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(flat));
    });
    return a;
  };

  // Rule 1: every building with households belongs to exactly one unit, of its own community.
  for (const b of input.buildings) {
    if (b.households <= 0) continue;
    const c = where.get(b.id);
    if (c === undefined) continue;
    const u = plan.assignment.get(b.id);
    if (!u) {
      broken.push(`building ${b.id} has no unit`);
      continue;
    }
    const unit = unitById.get(u);
    if (!unit) broken.push(`building ${b.id} is assigned to unknown unit ${u}`);
    else if (unit.communityCode !== input.communities[c]!.code)
      broken.push(`building ${b.id} of ${input.communities[c]!.name} is in unit ${u} of ${unit.community}`);
  }

  input.communities.forEach((community) => {
    const units = plan.units.filter((u) => u.communityCode === community.code);
    const report = plan.communities.find((r) => r.code === community.code);
    if (!report) {
      broken.push(`community ${community.name} has no report`);
      return;
    }
    if (report.status !== 'split') return;
    // Rule 2: bounds. Rule 3: one contiguous polygon.
    for (const u of units) {
      if (u.households < options.min || u.households > options.max)
        broken.push(`unit ${u.id} has ${u.households} households, outside ${options.min}–${options.max}`);
      if (u.polygons.length !== 1) broken.push(`unit ${u.id} is ${u.polygons.length} polygons`);
    }
    // Rule 3: the units tile the community: the areas add up, and every unit edge is either
    // shared (in reverse) with exactly one other unit or lies on the community's own boundary.
    const communityArea = community.polygons.reduce((s, p) => s + areaOf(p.map((r) => [...r, r[0]!])), 0);
    const unitArea = units.reduce((s, u) => s + u.polygons.reduce((t, p) => t + areaOf(p), 0), 0);
    // Output is rounded to 1e-7° (≤ 6 mm): junctions on the outline may sit that far off its line.
    const perimeter = community.polygons.flat().reduce(
      (s, r) =>
        s +
        r.reduce((t, p, i) => {
          const [ax, ay] = proj.forward(p[0], p[1]);
          const q = r[(i + 1) % r.length]!;
          const [bx, by] = proj.forward(q[0], q[1]);
          return t + Math.hypot(bx - ax, by - ay);
        }, 0),
      0,
    );
    if (Math.abs(unitArea - communityArea) > perimeter * 0.006)
      broken.push(
        `units of ${community.name} cover ${unitArea.toFixed(1)} m² of ${communityArea.toFixed(1)} m²`,
      );
    const edges = new Map<string, number>();
    for (const u of units)
      for (const poly of u.polygons)
        for (const ring of poly)
          for (let i = 0; i + 1 < ring.length; i++) {
            const k = `${key(ring[i]!)}>${key(ring[i + 1]!)}`;
            edges.set(k, (edges.get(k) ?? 0) + 1);
          }
    // On the outline = every point of the edge within 2 cm of it (vertices of the input closer than
    // a centimetre are one vertex in the mesh, and output is rounded to 1e-7°).
    const outline = community.polygons.flat().map((r) => r.map((p) => proj.forward(p[0], p[1])));
    const nearOutline = (x: number, y: number) =>
      outline.some((r) =>
        r.some((a, i) => {
          const b = r[(i + 1) % r.length]!;
          const dx = b[0] - a[0];
          const dy = b[1] - a[1];
          const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy || 1)));
          return Math.hypot(a[0] + t * dx - x, a[1] + t * dy - y) < 0.02;
        }),
      );
    const onBoundary = (pa: Position, pb: Position) => {
      const [ax, ay] = proj.forward(pa[0], pa[1]);
      const [bx, by] = proj.forward(pb[0], pb[1]);
      return nearOutline(ax, ay) && nearOutline(bx, by) && nearOutline((ax + bx) / 2, (ay + by) / 2);
    };
    let unshared = 0;
    for (const [k, n] of edges) {
      if (n > 1) broken.push(`edge ${k} is used twice in the same direction (overlap) in ${community.name}`);
      const [a, b] = k.split('>');
      if (edges.has(`${b}>${a}`)) continue;
      const pa = a!.split(',').map(Number) as Position;
      const pb = b!.split(',').map(Number) as Position;
      if (!onBoundary(pa, pb)) {
        unshared++;
      }
    }
    if (unshared)
      broken.push(
        `${unshared} unit edge(s) in ${community.name} are neither shared nor on its boundary (gap)`,
      );
    // Rule 4: compounds whole, unless over max (and then a warning names them).
    const compoundUnits = new Map<string, Set<string>>();
    const compoundHouseholds = new Map<string, number>();
    for (const b of input.buildings) {
      if (!b.compound || where.get(b.id) === undefined) continue;
      if (input.communities[where.get(b.id)!]!.code !== community.code) continue;
      compoundHouseholds.set(b.compound, (compoundHouseholds.get(b.compound) ?? 0) + b.households);
      const u = plan.assignment.get(b.id);
      if (!u) continue;
      let s = compoundUnits.get(b.compound);
      if (!s) {
        s = new Set();
        compoundUnits.set(b.compound, s);
      }
      s.add(u);
    }
    for (const [c, s] of compoundUnits) {
      if (s.size <= 1) continue;
      // Within the maximum it stays whole, unless it is in a group of compounds that must share a
      // unit over the maximum (the engine names those it opens).
      const opened = report.notes.some(
        (n) => n.code === 'forced-group-split' && String(n.params.compounds).split(', ').includes(c),
      );
      if (compoundHouseholds.get(c)! <= options.max && !opened)
        broken.push(`compound ${c} (${compoundHouseholds.get(c)} households) is split`);
      else if (!report.warnings.some((w) => w.includes(c)))
        broken.push(`compound ${c} is split without a warning naming it`);
    }
  });
  return broken;
}
