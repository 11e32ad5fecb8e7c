/** Putting project data into the engine and the map; the bundled sample. */
import { t } from '../i18n';
import { EMPTY_PROJECT, type ProjectData, projectStore, replaceProject } from '../state/project';
import { toast, viewStore } from '../state/view';
import { engine } from './engine';
import { mapDrawn } from './mapReady';
import { syncResults } from './results';

export async function loadData(): Promise<void> {
  const { data } = projectStore.getState();
  if (!data) {
    viewStore.setState({ status: 'empty', summary: null, prep: {}, evals: {}, units: [], selection: null });
    return;
  }
  viewStore.setState({ status: 'loading', loadMessage: t('app.loading') });
  // Let the map draw the data first: on a small machine, parsing the same big files in the engine
  // worker at the same time as MapLibre's worker delays the first picture.
  await mapDrawn(data, 8000);
  try {
    performance.mark('shequ:engine-load-start');
    const summary = await engine.load({
      buildings: data.buildings,
      communities: data.communities,
      ...(data.roads ? { roads: data.roads } : {}),
      ...(data.facilities ? { facilities: data.facilities } : {}),
    });
    performance.mark('shequ:engine-loaded');
    viewStore.setState((s) => ({
      status: 'ready',
      loadMessage: null,
      summary,
      dataVersion: s.dataVersion + 1,
      prep: {},
      evals: {},
      units: [],
      selection: null,
      selectedUnit: null,
    }));
    await syncResults();
  } catch (err) {
    viewStore.setState({ status: 'error', loadMessage: (err as Error).message });
    toast('error', t('error.worker', { message: (err as Error).message }));
  }
}

export async function fetchSample(): Promise<ProjectData | null> {
  const base = `${import.meta.env.BASE_URL}sample/`;
  const get = async (name: string) => {
    const r = await fetch(`${base}${name}`);
    if (!r.ok) return null;
    const text = await r.text();
    // The dev server's SPA fallback answers unknown paths with index.html.
    return text.trimStart().startsWith('{') ? { name, text } : null;
  };
  const [buildings, communities, roads, facilities] = await Promise.all(
    ['buildings.geojson', 'communities.geojson', 'roads.geojson', 'facilities.geojson'].map(get),
  );
  if (!buildings || !communities) return null;
  performance.mark('shequ:sample-fetched');
  return { buildings, communities, ...(roads ? { roads } : {}), ...(facilities ? { facilities } : {}) };
}

export async function loadSample(): Promise<void> {
  const data = await fetchSample();
  if (!data) {
    viewStore.setState({ status: 'empty' });
    return;
  }
  replaceProject({ ...EMPTY_PROJECT, name: 'sample', data });
  await loadData();
}
