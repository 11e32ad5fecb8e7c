import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { setLocale, useI18n } from '../i18n';
import { checkBasemapUrl } from '../services/basemap';
import { loadSample } from '../services/data';
import type { ExportFormat } from '../services/exports';
import { optimise } from '../services/optimise';
import { openProjectFile, saveProjectFile } from '../services/persist';
import { clearSelection, lockPart, newUnitFromSelection } from '../services/selection';
import { activePlan, history } from '../state/project';
import { viewStore } from '../state/view';
import { Chart } from './Chart';
import { useHistory, useProject, useView } from './hooks';
import { MapView } from './MapView';
import { saveTileSetting, tileSetting } from './mapStyle';
import {
  EditPanel,
  IssuesPanel,
  ParamsPanel,
  PlansPanel,
  ProgressBar,
  SearchBox,
  ViolationsPanel,
} from './panels';
import { UnitTable as UnitTableLazy } from './UnitTable';

const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));

function Toolbar() {
  const { t, locale, d } = useI18n();
  const status = useView((s) => s.status);
  // Only whether a job runs: the toolbar does not re-render with every progress message.
  const running = useView((s) => s.job !== null);
  const units = useView((s) => s.units);
  const evals = useView((s) => s.evals);
  const savedAt = useView((s) => s.savedAt);
  const plan = useProject((s) => activePlan(s));
  const { past, future } = useHistory();
  const openRef = useRef<HTMLInputElement>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const draft = Object.values(evals).some((v) => v.violations.some((x) => x.hard));
  const hasLocks = units.some((u) => u.locked);
  return (
    <header className="toolbar">
      <div className="brand">
        <strong>{t('app.title')}</strong>
        <small>{t('app.subtitle')}</small>
      </div>
      <button type="button" onClick={() => viewStore.setState({ dialog: 'import' })} data-testid="import">
        {t('toolbar.import')}
      </button>
      <button
        type="button"
        className="primary"
        disabled={status !== 'ready' || running}
        onClick={() => void optimise(false)}
        data-testid="optimise"
      >
        {t('toolbar.optimise')}
      </button>
      <button
        type="button"
        disabled={status !== 'ready' || running || !hasLocks}
        onClick={() => void optimise(true)}
        data-testid="reoptimise"
      >
        {t('toolbar.reoptimise')}
      </button>
      <button
        type="button"
        disabled={!past}
        onClick={() => history().undo()}
        data-testid="undo"
        title="Ctrl+Z"
      >
        ↶ {t('toolbar.undo')}
      </button>
      <button
        type="button"
        disabled={!future}
        onClick={() => history().redo()}
        data-testid="redo"
        title="Ctrl+Shift+Z"
      >
        ↷ {t('toolbar.redo')}
      </button>
      <div className="menu">
        <button
          type="button"
          disabled={!plan}
          onClick={() => setExportOpen(!exportOpen)}
          data-testid="export"
        >
          {t('toolbar.export')} ▾
        </button>
        {exportOpen && (
          <div className="menu-items">
            {(['geojson', 'csv', 'shapefile', 'kml'] as ExportFormat[]).map((f) => (
              <button
                type="button"
                key={f}
                data-testid={`export-${f}`}
                onClick={() => {
                  setExportOpen(false);
                  // Export code (zip, KML, Shapefile writers) is loaded on first use.
                  void import('../services/exports').then((m) => m.exportPlan(f));
                }}
              >
                {t(`export.${f}`)}
              </button>
            ))}
          </div>
        )}
      </div>
      <button type="button" onClick={saveProjectFile} data-testid="save-project">
        {t('toolbar.saveProject')}
      </button>
      <button type="button" onClick={() => openRef.current?.click()}>
        {t('toolbar.openProject')}
      </button>
      <input
        ref={openRef}
        type="file"
        accept=".json"
        hidden
        data-testid="open-project"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          if (f) void openProjectFile(f);
          e.currentTarget.value = '';
        }}
      />
      <button type="button" onClick={() => void loadSample()}>
        {t('toolbar.loadSample')}
      </button>
      <SearchBox />
      <span className="spacer" />
      {plan && (
        <span className={`badge ${draft ? 'bad' : 'good'}`} data-testid="plan-status">
          {plan.name}: {draft ? t('app.draft') : t('app.valid')}
        </span>
      )}
      {savedAt && <small className="muted">{t('project.saved', { time: d(savedAt) })}</small>}
      <button type="button" onClick={() => viewStore.setState({ dialog: 'settings' })}>
        {t('toolbar.settings')}
      </button>
      <button type="button" onClick={() => viewStore.setState({ dialog: 'shortcuts' })}>
        ?
      </button>
      <button type="button" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="lang">
        {t('lang.switch')}
      </button>
    </header>
  );
}

function Settings() {
  const { t } = useI18n();
  const [url, setUrl] = useState(tileSetting() ?? '');
  const check = url.trim() ? checkBasemapUrl(url) : null;
  return (
    <div className="dialog" role="dialog" aria-label={t('settings.title')}>
      <h2>{t('settings.title')}</h2>
      <label className="field">
        <span>{t('settings.tiles')}</span>
        <input
          value={url}
          name="basemap"
          onChange={(e) => setUrl(e.currentTarget.value)}
          placeholder="https://…/{z}/{x}/{y}.png"
        />
        <small className="muted">{t('settings.tilesHint')}</small>
        {check && !check.ok && (
          <small className="bad" data-testid="basemap-problem">
            {t(`settings.problem.${check.problem}`)}
          </small>
        )}
      </label>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={check !== null && !check.ok}
          onClick={() => {
            saveTileSetting(url);
            location.reload();
          }}
        >
          {t('settings.save')}
        </button>
        <button type="button" onClick={() => viewStore.setState({ dialog: null })}>
          {t('settings.close')}
        </button>
      </div>
    </div>
  );
}

function Shortcuts() {
  const { t } = useI18n();
  const rows: [string, Parameters<typeof t>[0]][] = [
    ['Ctrl+Z', 'shortcuts.undo'],
    ['Ctrl+Shift+Z / Ctrl+Y', 'shortcuts.redo'],
    ['Esc', 'shortcuts.escape'],
    ['Shift + drag', 'shortcuts.box'],
    ['Alt + drag', 'shortcuts.lasso'],
    ['L', 'shortcuts.lock'],
    ['N', 'shortcuts.new'],
    ['Ctrl+Enter', 'shortcuts.optimise'],
  ];
  return (
    <div className="dialog" role="dialog" aria-label={t('shortcuts.title')}>
      <h2>{t('shortcuts.title')}</h2>
      <table>
        <tbody>
          {rows.map(([k, m]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{t(m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => viewStore.setState({ dialog: null })}>
        {t('settings.close')}
      </button>
    </div>
  );
}

function Toast() {
  const toast = useView((s) => s.toast);
  const { locale } = useI18n();
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!toast) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), 5000);
    return () => clearTimeout(timer);
  }, [toast]);
  // A message is text in the language it was said in: a switch of language puts it away.
  const [saidIn, setSaidIn] = useState(locale);
  useEffect(() => {
    if (locale === saidIn) return;
    setSaidIn(locale);
    setVisible(false);
  }, [locale, saidIn]);
  if (!toast || !visible) return null;
  return (
    <div className={`toast ${toast.kind}`} role="status" data-testid="toast">
      {toast.text}
    </div>
  );
}

/** A drag that carries files (not text or a link dragged from the page). */
function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Files dropped anywhere on the app open the import dialog with them (the dialog takes drops itself
 * while it is open). Without this the browser would open the file in place of the app.
 */
function useDropToImport() {
  useEffect(() => {
    const closed = () => viewStore.getState().dialog !== 'import';
    const onDragOver = (e: DragEvent) => {
      if (!carriesFiles(e) || !closed()) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e) || !closed()) return;
      e.preventDefault();
      // The list empties once the event is over: copy it now.
      const files = Array.from(e.dataTransfer!.files);
      if (files.length) viewStore.setState({ dialog: 'import', droppedFiles: files });
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}

function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target &&
        (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z' && !typing) {
        e.preventDefault();
        if (e.shiftKey) history().redo();
        else history().undo();
      } else if (mod && e.key.toLowerCase() === 'y' && !typing) {
        e.preventDefault();
        history().redo();
      } else if (mod && e.key === 'Enter') {
        e.preventDefault();
        void optimise(false);
      } else if (e.key === 'Escape') {
        viewStore.setState({ dialog: null });
        clearSelection();
      } else if (!typing && !mod && e.key.toLowerCase() === 'l') {
        const v = viewStore.getState();
        const u = v.units.find((x) => x.id === v.selectedUnit);
        if (u && u.part >= 0) lockPart(u.ci, u.part);
      } else if (!typing && !mod && e.key.toLowerCase() === 'n') {
        newUnitFromSelection();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  const { t } = useI18n();
  const status = useView((s) => s.status);
  const dialog = useView((s) => s.dialog);
  const message = useView((s) => s.loadMessage);
  useShortcuts();
  useDropToImport();
  return (
    <div className="app">
      <Toolbar />
      <main>
        <aside className="left">
          <ParamsPanel />
          <PlansPanel />
          <EditPanel />
          <ViolationsPanel />
          <IssuesPanel />
        </aside>
        <section className="center">
          <MapView />
          <ProgressBar />
          {status === 'empty' && <div className="overlay-msg">{t('app.noData')}</div>}
          {status === 'loading' && <div className="overlay-msg">{message ?? t('app.loading')}</div>}
          {status === 'error' && <div className="overlay-msg bad">{message}</div>}
        </section>
        <aside className="right">
          <section className="panel">
            <h3>{t('panel.chart')}</h3>
            <Chart />
          </section>
          <section className="panel grow">
            <h3>{t('panel.units')}</h3>
            <UnitTableLazy />
          </section>
        </aside>
      </main>
      {dialog === 'import' && (
        <Suspense fallback={<div className="dialog">{t('app.loading')}</div>}>
          <ImportDialog />
        </Suspense>
      )}
      {dialog === 'settings' && <Settings />}
      {dialog === 'shortcuts' && <Shortcuts />}
      <Toast />
    </div>
  );
}
