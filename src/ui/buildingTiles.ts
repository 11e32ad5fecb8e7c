/**
 * The map's buildings source: vector tiles cut in a worker (services/buildingTiles.ts) and handed
 * to MapLibre through the `shequ-buildings://` protocol. Each new data set gets a new tile URL, so
 * MapLibre drops the tiles of the last one.
 */
import * as Comlink from 'comlink';
import { addProtocol } from 'maplibre-gl';
import type { BuildingTilesApi } from '../../workers/buildingTiles.worker';

const PROTOCOL = 'shequ-buildings';
let api: Comlink.Remote<BuildingTilesApi> | null = null;
let generation = 0;
/** Called when the first tile with buildings of the current generation goes to MapLibre. */
let onFirst: (() => void) | null = null;

function worker(): Comlink.Remote<BuildingTilesApi> {
  if (api) return api;
  const w = new Worker(new URL('../../workers/buildingTiles.worker.ts', import.meta.url), { type: 'module' });
  api = Comlink.wrap<BuildingTilesApi>(w);
  return api;
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  addProtocol(PROTOCOL, async ({ url }) => {
    const [g, z, x, y] = url
      .slice(url.indexOf('://') + 3)
      .split('/')
      .map(Number) as [number, number, number, number];
    // Generation 0: nothing loaded yet (no worker either).
    const data = g === 0 ? null : await worker().tile(z, x, y);
    if (data && g === generation && onFirst) {
      const call = onFirst;
      onFirst = null;
      call();
    }
    return { data: data ?? new ArrayBuffer(0) };
  });
}

/** The tile URL for the buildings loaded last (none yet: empty tiles). */
export function buildingTilesUrl(): string {
  register();
  return `${PROTOCOL}://${generation}/{z}/{x}/{y}`;
}

/**
 * Loads new buildings into the worker; returns their tile URL. `onFirstTile` is called when the
 * first tile with buildings is handed to MapLibre (MapLibre asks for the tiles in view first).
 */
export function loadBuildingTiles(text: string | null, onFirstTile?: () => void): string {
  generation++;
  onFirst = onFirstTile ?? null;
  void worker().load(text);
  return buildingTilesUrl();
}
