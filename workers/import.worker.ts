/**
 * Import off the main thread: parse files (GeoJSON, Shapefile zip, CSV/XLSX, KML), guess roles,
 * fields and CRS, then build the engine input and the validation report (importCore.ts). Exposed
 * with comlink.
 */
import { DOMParser } from '@xmldom/xmldom';
import * as Comlink from 'comlink';
import { type FieldMapping, fieldNames, guessMapping } from '../src/core/io/formats/guess';
import { readAny } from '../src/core/io/formats/readers';
import type { BuildResult, LayerConfig, LayerInfo } from '../src/services/importTypes';
import { buildImport, describeLayer, type ImportLayer } from './importCore';

const layers = new Map<number, ImportLayer>();
let nextId = 1;

const api = {
  async parse(
    name: string,
    bytes: ArrayBuffer,
    remembered: FieldMapping,
    onProgress?: (p: number) => void,
  ): Promise<LayerInfo> {
    onProgress?.(0.1);
    const parsed = await readAny(name, new Uint8Array(bytes), new DOMParser() as never);
    onProgress?.(0.7);
    const id = nextId++;
    layers.set(id, { name, parsed });
    const info = describeLayer(id, { name, parsed }, remembered);
    onProgress?.(1);
    return info;
  },

  guess(id: number, role: LayerInfo['role'], remembered: FieldMapping): FieldMapping {
    const l = layers.get(id);
    if (!l) return {};
    const fields = l.parsed.table ? l.parsed.table.header : fieldNames(l.parsed.fc);
    return guessMapping(fields, role, remembered);
  },

  forget(id: number): void {
    layers.delete(id);
  },

  build(configs: LayerConfig[], onProgress?: (p: number) => void): BuildResult {
    const entries = configs.flatMap((config) => {
      const layer = layers.get(config.id);
      return layer ? [{ layer, config }] : [];
    });
    return buildImport(entries, onProgress);
  },
};

export type ImportApi = typeof api;
Comlink.expose(api);
