import { setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './ui/app.css';
import { localeStore } from './i18n';
import { boot } from './services/boot';
import { projectStore } from './state/project';
import { viewStore } from './state/view';
import { TEST_HOOKS } from './testHooks';
import { App } from './ui/App';

// MapLibre 6 computes its worker URL at runtime; give Vite a real asset (ecosystem.md §3.1).
setWorkerUrl(maplibreWorkerUrl);
document.documentElement.lang = localeStore.getState().locale;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// Handles for the e2e tests and the benchmark (read-only use), in their build only.
if (TEST_HOOKS) (window as unknown as Record<string, unknown>).__shequ = { projectStore, viewStore };
void boot();
