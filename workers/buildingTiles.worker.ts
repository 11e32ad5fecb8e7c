/** Building vector tiles off the main thread (src/services/buildingTiles.ts), exposed with comlink. */
import * as Comlink from 'comlink';
import { BuildingTiles } from '../src/services/buildingTiles';

let tiles = new BuildingTiles(null);

const api = {
  /** New buildings (null: none); tiles asked for after this call are cut from them. */
  load(text: string | null): void {
    tiles = new BuildingTiles(text);
  },
  tile(z: number, x: number, y: number): ArrayBuffer | null {
    const t = tiles.tile(z, x, y);
    return t ? Comlink.transfer(t, [t]) : null;
  },
};

export type BuildingTilesApi = typeof api;
Comlink.expose(api);
