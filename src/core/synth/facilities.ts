import { shuffle } from '../random';
import type { BlockKind } from './blocks';
import { intBetween, type Rng, uniform } from './rng';
import type { BuildingStore, FacilitySite } from './store';

const RESIDENTIAL: ReadonlySet<BlockKind> = new Set(['tower', 'walkup', 'village']);

/** Floor area of a service centre: mostly 150–600 m², a few tiny ones and a few large ones. */
function serviceCentreArea(rng: Rng): number {
  const r = rng();
  if (r < 0.12) return intBetween(rng, 60, 149);
  if (r < 0.87) return intBetween(rng, 150, 600);
  return intBetween(rng, 601, 1100);
}

/**
 * Service centres and clinics sit in residential buildings, one every few thousand households walked
 * in random block order, so some communities end up with none and some with several.
 */
export function placeCommunityFacilities(
  rng: Rng,
  store: BuildingStore,
  blockKinds: readonly BlockKind[],
  sites: FacilitySite[],
): void {
  const byBlock: number[][] = blockKinds.map(() => []);
  for (let i = 0; i < store.length; i++) if (store.households[i]! > 0) byBlock[store.block[i]!]!.push(i);
  const order = shuffle(
    rng,
    blockKinds.map((_, b) => b).filter((b) => RESIDENTIAL.has(blockKinds[b]!) && byBlock[b]!.length > 0),
  );
  const walk = (kind: 'service_centre' | 'clinic', lo: number, hi: number, area: () => number) => {
    let acc = uniform(rng, 0, lo);
    let threshold = uniform(rng, lo, hi);
    for (const b of order) {
      const members = byBlock[b]!;
      for (const i of members) acc += store.households[i]!;
      while (acc >= threshold) {
        const i = members[intBetween(rng, 0, members.length - 1)]!;
        sites.push({ kind, x: store.cx[i]!, y: store.cy[i]!, areaM2: area(), name: '', block: b });
        acc -= threshold;
        threshold = uniform(rng, lo, hi);
      }
    }
  };
  walk('service_centre', 4000, 11000, () => serviceCentreArea(rng));
  walk('clinic', 9000, 18000, () => intBetween(rng, 300, 1500));
}
