/** The import worker (one, created on demand) and applying an import to the project. */
import * as Comlink from 'comlink';
import type { ImportApi } from '../../workers/import.worker';
import type { FieldMapping } from '../core/io/formats/guess';
import { EMPTY_PROJECT, projectStore, replaceProject } from '../state/project';
import { loadData } from './data';
import type { BuildResult } from './importTypes';

let remote: Comlink.Remote<ImportApi> | null = null;

export function importer(): Comlink.Remote<ImportApi> {
  if (!remote) {
    const worker = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module' });
    remote = Comlink.wrap<ImportApi>(worker);
  }
  return remote;
}

export async function applyImport(result: BuildResult, mapping: FieldMapping, name: string): Promise<void> {
  const { buildings, communities, roads, facilities } = result.data;
  if (!buildings || !communities) return;
  const prev = projectStore.getState();
  replaceProject({
    ...EMPTY_PROJECT,
    name,
    params: prev.params,
    mapping: { ...prev.mapping, ...mapping },
    data: { buildings, communities, ...(roads ? { roads } : {}), ...(facilities ? { facilities } : {}) },
  });
  await loadData();
}
