import { ringArea, type Vec } from './geometry';
import type { BlockGeom } from './layout';
import { intBetween, uniform } from './rng';
import { clipToBlock, type Frame, fitSlots, keepSlots, riverSafe, type SlotSpec, toWorld } from './slots';
import type { FillContext } from './store';

export type NonResKind = 'school' | 'office' | 'mall' | 'industrial';

export function nonResSpec(kind: NonResKind, rng: () => number): SlotSpec {
  switch (kind) {
    case 'school':
      return { w: uniform(rng, 50, 70), d: uniform(rng, 14, 18), gx: 25, gy: 30, sMin: 0.6, sMax: 8 };
    case 'office': {
      const size = uniform(rng, 26, 38);
      return { w: size, d: size * uniform(rng, 0.8, 1), gx: 30, gy: 30, sMin: 0.5, sMax: 8 };
    }
    case 'mall':
      return { w: uniform(rng, 70, 110), d: uniform(rng, 50, 80), gx: 30, gy: 30, sMin: 0.4, sMax: 6 };
    case 'industrial':
      return { w: uniform(rng, 45, 65), d: uniform(rng, 20, 28), gx: 12, gy: 16, sMin: 0.6, sMax: 6 };
  }
}

/** Schools, offices, malls and factory blocks: buildings with no households. */
export function fillNonRes(
  ctx: FillContext,
  block: BlockGeom,
  f: Frame,
  spec: SlotSpec,
  budget: number,
  kind: NonResKind,
): void {
  const all = fitSlots(f, spec, budget);
  // Keep the northern slots: a school's sports field (or a plaza) takes the south side.
  const order = all.a.map((_, i) => i).sort((x, y) => all.b[y]! - all.b[x]! || all.a[x]! - all.a[y]!);
  const s = keepSlots(
    all,
    order.slice(0, budget).sort((x, y) => x - y),
  );
  const rng = ctx.rng;
  const campus = kind === 'office' ? '' : ctx.names.name(kind);
  for (let k = 0; k < s.a.length; k++) {
    let name: string;
    let floors: number;
    if (kind === 'school') {
      name = `${campus}${k + 1}号楼`;
      floors = intBetween(rng, 4, 6);
    } else if (kind === 'office') {
      name = ctx.names.name('office');
      floors = intBetween(rng, 18, 45);
    } else if (kind === 'mall') {
      name = s.a.length === 1 ? campus : `${campus}${String.fromCharCode(65 + (k % 26))}座`;
      floors = intBetween(rng, 3, 6);
    } else {
      name = `${campus}${k + 1}栋`;
      floors = intBetween(rng, 4, 8);
    }
    ctx.store.add(f, s.a[k]!, s.b[k]!, spec.w, spec.d, 0, floors, -1, name, block.index);
  }
  if (kind === 'school' && s.a.length > 0) {
    const [x, y] = toWorld(f, s.a[0]!, s.b[0]!);
    const site = Math.min(ringArea(block.corners) * 0.7, uniform(rng, 12000, 40000));
    ctx.sites.push({ kind: 'school', x, y, areaM2: Math.round(site), name: campus, block: block.index });
  }
}

/** A park: no buildings, a loop path and two crossing paths. */
export function fillPark(ctx: FillContext, block: BlockGeom, f: Frame): void {
  const name = ctx.names.name('park');
  const paths: { pts: Vec[]; name?: string }[] = [];
  for (const [da, db] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const clip = clipToBlock(f, 0, 0, da, db);
    const safe = clip && riverSafe(f, clip.from, clip.to);
    if (safe) paths.push({ pts: [toWorld(f, safe[0][0], safe[0][1]), toWorld(f, safe[1][0], safe[1][1])] });
  }
  const k = uniform(ctx.rng, 0.55, 0.75);
  const loop = block.corners.map((q): [number, number] => {
    const dx = q[0] - f.ox;
    const dy = q[1] - f.oy;
    return [(dx * f.e1x + dy * f.e1y) * k, (-dx * f.e1y + dy * f.e1x) * k];
  });
  const loopSafe = loop.every((p, i) => {
    const q = loop[(i + 1) % loop.length]!;
    const safe = riverSafe(f, p, q);
    return safe !== null && safe[0] === p && safe[1] === q;
  });
  if (loopSafe) {
    const pts = loop.map(([a, b]) => toWorld(f, a, b));
    pts.push(pts[0]!);
    paths.push({ pts, name: `${name}环园步道` });
  }
  for (const p of paths) ctx.roads.push({ cls: 'footway', name: p.name, parts: [p.pts] });
}
