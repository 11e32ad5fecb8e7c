/** Start-up: wire the services, restore the autosave or load the bundled sample. */
import { localeStore, warmFormats } from '../i18n';
import { TEST_HOOKS } from '../testHooks';
import { loadSample } from './data';
import { restoreAutosave, startAutosave } from './persist';
import { startResultSync } from './results';

/** Runs `fn` when the page is idle (soon in any case). */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 3000 });
  else setTimeout(fn, 500);
}

let booted = false;
export async function boot(): Promise<void> {
  if (booted) return;
  booted = true;
  startResultSync();
  // Number and date formats are built before the first number is shown (see warmFormats).
  whenIdle(() => warmFormats(localeStore.getState().locale));
  const params = new URLSearchParams(location.search);
  // `?fresh` (start from the sample, not the autosave) is for the tests' build only.
  const fresh = TEST_HOOKS && params.has('fresh');
  if (fresh || !(await restoreAutosave())) await loadSample();
  startAutosave();
}
