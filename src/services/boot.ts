/** Start-up: wire the services, restore the autosave or load the bundled sample. */
import { loadSample } from './data';
import { restoreAutosave, startAutosave } from './persist';
import { startResultSync } from './results';

let booted = false;
export async function boot(): Promise<void> {
  if (booted) return;
  booted = true;
  startResultSync();
  const params = new URLSearchParams(location.search);
  const fresh = params.has('fresh');
  if (fresh || !(await restoreAutosave())) await loadSample();
  startAutosave();
}
