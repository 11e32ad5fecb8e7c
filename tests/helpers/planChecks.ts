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

/**
 * A proof that no plan of whole compounds exists for one community, from adjacency alone: an atom
 * that cannot be divided (a compound of at most max households, a loose building, or a group already
 * forced together) whose removal leaves pieces of 1 to min−1 households: each such piece can only
 * be in a unit that holds that atom too, so they all share one unit. Over max, no plan exists. Groups
 * found are merged and the search repeated. Atoms holding several buildings of a compound over max
 * count as divisible (the engine may cut such compounds between buildings), and so do atoms without
 * households: they never force anything. Adjacency is the atom graph the plan exports; everything else is the test's own.
 * Returns the forced group in words, or null when none is found (which proves nothing).
 */
export function forcedGroup(
  code: string,
  graph: PlanResult['graph'],
  householdsOf: (building: string) => number,
  divisibleBuilding: (building: string) => boolean,
  min: number,
  max: number,
): string | null {
  const nodes = graph.nodes.filter((n) => n.id.startsWith(`${code}:`));
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const n = nodes.length;
  const hh = nodes.map((node) => node.buildings.reduce((s, b) => s + householdsOf(b), 0));
  // Land without households may be shared by units passing through it: it forces nothing either.
  // An atom of two or more buildings of a compound over max may be cut between them; one building
  // (a slab of 4,000 households, say) may not.
  const divisible = nodes.map(
    (node, i) =>
      hh[i] === 0 || node.buildings.filter((b) => householdsOf(b) > 0 && divisibleBuilding(b)).length >= 2,
  );
  const edges: [number, number][] = [];
  for (const e of graph.edges) {
    const u = index.get(e.u);
    const v = index.get(e.v);
    if (u !== undefined && v !== undefined) edges.push([u, v]);
  }
  // Groups of atoms forced into one unit (union–find over the atoms).
  const group = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (group[i] !== i) {
      group[i] = group[group[i]!]!;
      i = group[i]!;
    }
    return i;
  };
  const members = new Map<number, number[]>(nodes.map((_, i) => [i, [i]]));
  const describe = (root: number) =>
    members
      .get(root)!
      .flatMap((i) => nodes[i]!.buildings)
      .slice(0, 8)
      .join(', ');

  for (;;) {
    // The graph of groups.
    const roots = [...members.keys()];
    const adj = new Map<number, Set<number>>(roots.map((r) => [r, new Set<number>()]));
    for (const [u, v] of edges) {
      const a = find(u);
      const b = find(v);
      if (a !== b) {
        adj.get(a)!.add(b);
        adj.get(b)!.add(a);
      }
    }
    const weight = (r: number) => members.get(r)!.reduce((s, i) => s + hh[i]!, 0);
    const canDivide = (r: number) => members.get(r)!.length === 1 && divisible[r]!;
    // Depth-first search (iterative) with discovery times, low links and subtree households.
    const disc = new Map<number, number>();
    const low = new Map<number, number>();
    const sub = new Map<number, number>();
    const parent = new Map<number, number>();
    /** Per group: households of the pieces it separates (its own subtrees) and the rest's. */
    const pieces = new Map<number, { child: number | null; households: number }[]>();
    let time = 0;
    for (const root of roots) {
      if (disc.has(root)) continue;
      const order: number[] = [];
      const stack: [number, Iterator<number>][] = [[root, adj.get(root)!.values()]];
      disc.set(root, time);
      low.set(root, time++);
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const [v, it] = top;
        const next = it.next();
        if (!next.done) {
          const w = next.value;
          if (!disc.has(w)) {
            parent.set(w, v);
            disc.set(w, time);
            low.set(w, time++);
            stack.push([w, adj.get(w)!.values()]);
          } else if (w !== parent.get(v)) low.set(v, Math.min(low.get(v)!, disc.get(w)!));
          continue;
        }
        stack.pop();
        order.push(v);
        let s = weight(v);
        for (const w of adj.get(v)!) if (parent.get(w) === v) s += sub.get(w)!;
        sub.set(v, s);
        const p = parent.get(v);
        if (p !== undefined) low.set(p, Math.min(low.get(p)!, low.get(v)!));
      }
      const total = sub.get(root)!;
      for (const v of order) {
        const list: { child: number | null; households: number }[] = [];
        let separated = 0;
        for (const w of adj.get(v)!) {
          if (parent.get(w) !== v || low.get(w)! < disc.get(v)!) continue;
          list.push({ child: w, households: sub.get(w)! });
          separated += sub.get(w)!;
        }
        if (v !== root) list.push({ child: null, households: total - weight(v) - separated });
        pieces.set(v, list);
      }
    }
    // The first indivisible group that forces small pieces to join it.
    let merged = false;
    for (const v of roots) {
      if (canDivide(v)) continue;
      const small = pieces.get(v)!.filter((p) => p.households > 0 && p.households < min);
      if (small.length === 0) continue;
      const forced = weight(v) + small.reduce((t, p) => t + p.households, 0);
      // Collect the groups of each small piece (a search that does not pass v).
      const take: number[] = [];
      const seen = new Set<number>([v]);
      for (const piece of small) {
        let start = piece.child;
        if (start === null) start = parent.get(v)!;
        const queue = [start];
        seen.add(start);
        while (queue.length) {
          const x = queue.pop()!;
          take.push(x);
          for (const y of adj.get(x)!)
            if (!seen.has(y)) {
              seen.add(y);
              queue.push(y);
            }
        }
      }
      for (const x of take) {
        group[x] = v;
        members.get(v)!.push(...members.get(x)!);
        members.delete(x);
      }
      if (forced > max) return `${forced} households must share one unit: buildings ${describe(v)}`;
      merged = true;
      break;
    }
    if (!merged) return null;
  }
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
  const byId = new Map(d.buildings.features.map((f) => [f.properties.id, f.properties]));
  const householdsOf = (b: string) => byId.get(b)?.households ?? 0;
  const divisibleBuilding = (b: string) => {
    const c = byId.get(b)?.compound;
    return c !== undefined && (compoundHouseholds.get(c) ?? 0) > max;
  };
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
    const forced =
      over && fits ? forcedGroup(code, plan.graph, householdsOf, divisibleBuilding, min, max) : null;
    if (over && fits && !forced && report.status !== 'split')
      problems.push(
        `${name} (${households} households${slabs.length ? `, ${slabs.length} building(s) over ${max}` : ''}; ` +
          `units of ${min}–${max} fit by count, no forced group over ${max} found) is ${report.status}: ${report.notes.map((n) => `[${n.code}] ${n.text}`).join(' | ')}`,
      );
    if (over && (!fits || forced) && report.status === 'split')
      problems.push(`${name} is split though the test finds no plan can exist (${forced ?? 'no k fits'})`);
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
      // Contiguous: every one of its buildings in the same polygon of its outline (a piece without
      // households the engine attaches elsewhere may make a second polygon; that is not a building).
      // A point building is a mesh vertex and may sit on the outline itself (simplified by up to
      // options.simplify metres, rounded to 1e-7°): on the line counts as inside.
      const polygons = units.get(u)!.polygons;
      const holder = (f: (typeof list)[number]) => {
        const p = point(f);
        const inside = polygons.findIndex((poly) => inPolygon(p, poly));
        return inside >= 0
          ? inside
          : polygons.findIndex((poly) => distanceToRings(p, poly) <= options.simplify + 0.5);
      };
      const held = list.map(holder);
      const outside = list.filter((_, k) => held[k] === -1);
      if (outside.length)
        problems.push(
          `${name}: ${outside.length} building(s) of unit ${u} lie outside its outline (${outside
            .slice(0, 3)
            .map((f) => f.properties.id)
            .join(', ')})`,
        );
      const pieces = new Set(held.filter((h) => h >= 0));
      if (pieces.size > 1)
        problems.push(`${name}: the buildings of unit ${u} lie in ${pieces.size} separate polygons`);
    }
  }

  // Compounds of at most max households: whole, in one unit.
  /**
   * A compound within max may be cut only when it is needed to plan a group of compounds that
   * must share a unit over max: with its buildings merged back into one atom in the exported graph,
   * the test's own proof finds such a group in its community.
   */
  const mustOpen = (c: string): boolean => {
    const building = residents.find((f) => f.properties.compound === c);
    const unit = building && plan.units.find((u) => u.id === plan.assignment.get(building.properties.id));
    if (!unit) return false;
    const code = unit.communityCode;
    const own = (b: string) => byId.get(b)?.compound === c;
    const merged = `${code}:compound:${c}`;
    const rename = new Map<string, string>();
    const nodes: PlanResult['graph']['nodes'] = [];
    const into = { id: merged, households: 0, x: 0, y: 0, buildings: [] as string[] };
    for (const n of plan.graph.nodes) {
      if (!n.id.startsWith(`${code}:`)) continue;
      if (n.buildings.length && n.buildings.every(own)) {
        rename.set(n.id, merged);
        into.buildings.push(...n.buildings);
      } else nodes.push(n);
    }
    if (!into.buildings.length) return false;
    nodes.push(into);
    const edges = plan.graph.edges
      .map((e) => ({ ...e, u: rename.get(e.u) ?? e.u, v: rename.get(e.v) ?? e.v }))
      .filter((e) => e.u !== e.v);
    return forcedGroup(code, { nodes, edges }, householdsOf, divisibleBuilding, min, max) !== null;
  };
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
    if (s.size > 1 && compoundHouseholds.get(c)! <= max && !mustOpen(c))
      problems.push(
        `compound ${c} (${compoundHouseholds.get(c)} households) is split over ${[...s].join(', ')}`,
      );
  return { problems, hard };
}
