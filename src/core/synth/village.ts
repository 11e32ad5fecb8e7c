import { shuffle } from '../random';
import type { Vec } from './geometry';
import type { BlockGeom } from './layout';
import { chance, intBetween, uniform } from './rng';
import { clipToBlock, type Frame, fitSlots, keepSlots, riverSafe, type SlotSpec, toWorld } from './slots';
import type { FillContext } from './store';

/** Handshake buildings: 8–12 m plots with 1–3 m gaps between them. */
export function villageSpec(rng: () => number): SlotSpec {
  const size = uniform(rng, 8.5, 12);
  const gap = uniform(rng, 2, 3.2);
  return { w: size, d: size * uniform(rng, 0.9, 1.15), gx: gap, gy: gap, sMin: 0.45, sMax: 8 };
}

/**
 * An urban village (城中村): dense tiny buildings of 1–8 households, never gated, threaded by narrow
 * footways. One village name per superblock so its house numbers run on across blocks.
 */
export function fillVillage(
  ctx: FillContext,
  block: BlockGeom,
  f: Frame,
  spec: SlotSpec,
  budget: number,
): void {
  const all = fitSlots(f, spec, budget);
  const order = shuffle(
    ctx.rng,
    all.a.map((_, i) => i),
  );
  const s = keepSlots(
    all,
    order.slice(0, budget).sort((x, y) => x - y),
  );
  let village = ctx.villages.get(block.cellIndex);
  if (!village) {
    village = { name: ctx.names.name('village'), next: 1 };
    ctx.villages.set(block.cellIndex, village);
  }
  for (let k = 0; k < s.a.length; k++) {
    // Each house fills most of its plot, shifted a little, so rows are not ruler-straight.
    const w = spec.w * uniform(ctx.rng, 0.78, 1);
    const d = spec.d * uniform(ctx.rng, 0.78, 1);
    const a = s.a[k]! + uniform(ctx.rng, -0.5, 0.5) * (spec.w - w);
    const b = s.b[k]! + uniform(ctx.rng, -0.5, 0.5) * (spec.d - d);
    const floors = intBetween(ctx.rng, 3, 9);
    const shop = chance(ctx.rng, 0.03);
    const hh = shop ? 0 : Math.min(8, Math.max(1, Math.round(floors * uniform(ctx.rng, 0.25, 0.95))));
    const label = shop ? `${village.name}${village.next++}号商铺` : `${village.name}${village.next++}号`;
    ctx.store.add(f, a, b, w, d, hh, floors, -1, label, block.index);
  }
  // Lanes along some lattice gaps, from street to street.
  const cols = Math.round((f.amax - f.amin) / s.px);
  const rows = Math.round((f.bmax - f.bmin) / s.py);
  const lanes: Vec[][] = [];
  const lane = (clip: ReturnType<typeof clipToBlock>) => {
    const safe = clip && riverSafe(f, clip.from, clip.to);
    if (safe) lanes.push([toWorld(f, safe[0][0], safe[0][1]), toWorld(f, safe[1][0], safe[1][1])]);
  };
  for (let i = intBetween(ctx.rng, 1, 3); i < cols; i += intBetween(ctx.rng, 3, 5)) {
    lane(clipToBlock(f, s.a0 + (i - 0.5) * s.px, 0, 0, 1));
  }
  for (let j = intBetween(ctx.rng, 1, 3); j < rows; j += intBetween(ctx.rng, 3, 5)) {
    lane(clipToBlock(f, 0, s.b0 + (j - 0.5) * s.py, 1, 0));
  }
  for (const lane of lanes) ctx.roads.push({ cls: 'footway', parts: [lane] });
}
