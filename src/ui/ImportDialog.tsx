/**
 * Import: drop or pick files → each file's role, coordinate system and field mapping (guessed,
 * changeable) → validation report (counts, every problem clickable to zoom to it) → use the data.
 */
import * as Comlink from 'comlink';
import { useEffect, useRef, useState } from 'react';
import { crsOptions } from '../core/io/formats/crs';
import type { FieldMapping, Role } from '../core/io/formats/guess';
import { issueText, type MessageKey, useI18n } from '../i18n';
import { applyImport, importer } from '../services/importer';
import type { BuildResult, LayerInfo } from '../services/importTypes';
import { projectStore } from '../state/project';
import { focusOn, viewStore } from '../state/view';
import { keyed } from './panels';

const ROLE_OPTIONS: Role[] = ['buildings', 'roads', 'communities', 'facilities', 'ignore'];
const FIELDS: Record<Role, { key: keyof FieldMapping; label: MessageKey }[]> = {
  buildings: [
    { key: 'households', label: 'import.field.households' },
    { key: 'compound', label: 'import.field.compound' },
    { key: 'name', label: 'import.field.name' },
    { key: 'id', label: 'import.field.id' },
  ],
  roads: [
    { key: 'roadClass', label: 'import.field.class' },
    { key: 'name', label: 'import.field.name' },
  ],
  communities: [
    { key: 'name', label: 'import.field.name' },
    { key: 'code', label: 'import.field.id' },
  ],
  facilities: [
    { key: 'kind', label: 'import.field.class' },
    { key: 'name', label: 'import.field.name' },
  ],
  ignore: [],
};
const CRS = crsOptions();

/** A drag that carries files (not text or a link dragged from the page). */
function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

export function ImportDialog() {
  const { t, n, locale } = useI18n();
  const [layers, setLayers] = useState<LayerInfo[]>([]);
  const [parsing, setParsing] = useState<{ file: string; p: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<BuildResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const addFiles = async (files: FileList | File[]) => {
    setError(null);
    setReport(null);
    const remembered = projectStore.getState().mapping;
    for (const f of Array.from(files)) {
      setParsing({ file: f.name, p: 0 });
      // Progress arrives on its own message channel and may come after the result: ignore it then.
      let done = false;
      try {
        const bytes = await f.arrayBuffer();
        const info = await importer().parse(
          f.name,
          Comlink.transfer(bytes, [bytes]),
          remembered,
          Comlink.proxy((p: number) => {
            if (!done) setParsing({ file: f.name, p });
          }),
        );
        done = true;
        setLayers((ls) => [...ls, info]);
      } catch (err) {
        done = true;
        setError(t('import.readFailed', { file: f.name, message: (err as Error).message }));
      }
    }
    setParsing(null);
  };

  // Files dropped anywhere while the dialog is open are imported: without this, a drop that misses
  // the drop zone makes the browser open the file in place of the app.
  const addLatest = useRef(addFiles);
  addLatest.current = addFiles;
  // Files dropped on the app while this dialog was closed opened it: take them.
  useEffect(() => {
    const dropped = viewStore.getState().droppedFiles;
    if (!dropped) return;
    viewStore.setState({ droppedFiles: null });
    void addLatest.current(dropped);
  }, []);
  useEffect(() => {
    const onDragOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      setOver(false);
      // The list empties once the event is over: copy it now.
      void addLatest.current(Array.from(e.dataTransfer!.files));
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const update = (id: number, patch: Partial<LayerInfo>) => {
    setReport(null);
    setLayers((ls) => ls.map((l) => (l.id === id ? { ...l, ...patch } : l)));
  };

  const changeRole = async (l: LayerInfo, role: Role) => {
    const mapping = await importer().guess(l.id, role, projectStore.getState().mapping);
    update(l.id, { role, mapping });
  };

  const check = async () => {
    setBusy(true);
    try {
      const r = await importer().build(
        layers.map((l) => ({
          id: l.id,
          role: l.role,
          crs: l.crs.crs ?? 'EPSG:4326',
          mapping: l.mapping,
          ...(l.lon ? { lon: l.lon } : {}),
          ...(l.lat ? { lat: l.lat } : {}),
        })),
      );
      setReport(r);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const use = async () => {
    if (!report) return;
    const mapping: FieldMapping = {};
    for (const l of layers) Object.assign(mapping, l.mapping);
    const name = layers.find((l) => l.role === 'communities')?.name.replace(/\.[^.]+$/, '') ?? 'import';
    setBusy(true);
    await applyImport(report, mapping, name);
    for (const l of layers) void importer().forget(l.id);
    viewStore.setState({ dialog: null });
  };

  const close = () => {
    for (const l of layers) void importer().forget(l.id);
    viewStore.setState({ dialog: null });
  };

  const counts = report
    ? {
        fatal: report.issues.filter((i) => i.severity === 'fatal').length,
        error: report.issues.filter((i) => i.severity === 'error').length,
        warning: report.issues.filter((i) => i.severity === 'warning').length,
      }
    : null;

  return (
    <div className="dialog import" role="dialog" aria-label={t('import.title')} data-testid="import-dialog">
      <h2>{t('import.title')}</h2>
      <button
        type="button"
        className={`dropzone ${over ? 'over' : ''}`}
        data-testid="import-dropzone"
        // Only the highlight here: the drop itself is taken on the window (above).
        onDragOver={() => setOver(true)}
        onDragLeave={() => setOver(false)}
        onClick={() => input.current?.click()}
      >
        {parsing
          ? `${t('import.parsing', { file: parsing.file })} ${Math.round(parsing.p * 100)}%`
          : t('import.drop')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".geojson,.json,.zip,.csv,.txt,.xlsx,.xls,.kml"
        data-testid="import-files"
        onChange={(e) => {
          if (e.currentTarget.files) void addFiles(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      {error && <p className="bad">{error}</p>}
      {layers.map((l) => (
        <div key={l.id} className="layer" data-testid="import-layer">
          <div className="row">
            <strong>{l.name}</strong>
            <span className="muted">
              {l.format} · {t('import.features', { count: l.count })}
              {l.encoding ? ` · ${l.encoding}` : ''}
            </span>
            <button
              type="button"
              className="link"
              onClick={() => {
                void importer().forget(l.id);
                setLayers((ls) => ls.filter((x) => x.id !== l.id));
                setReport(null);
              }}
            >
              ✕
            </button>
          </div>
          <div className="grid3">
            <label className="field">
              <span>{t('import.role')}</span>
              <select
                value={l.role}
                data-testid="import-role"
                onChange={(e) => void changeRole(l, e.currentTarget.value as Role)}
              >
                {ROLE_OPTIONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`import.role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('import.crs')}</span>
              <select
                value={l.crs.crs ?? ''}
                data-testid="import-crs"
                onChange={(e) => update(l.id, { crs: { ...l.crs, crs: e.currentTarget.value } })}
              >
                {!l.crs.crs && <option value="">?</option>}
                {l.crs.crs && !CRS.some((c) => c.id === l.crs.crs) && (
                  <option value={l.crs.crs}>{l.crs.crs}</option>
                )}
                {CRS.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
              <small className="muted" data-testid="import-crs-reason">
                {t('import.crs.detected', {
                  crs: l.crs.code ? t(`import.crs.reason.${l.crs.code}`) : l.crs.reason,
                })}
              </small>
            </label>
            {l.table && (
              <>
                <label className="field">
                  <span>{t('import.lon')}</span>
                  <select value={l.lon ?? ''} onChange={(e) => update(l.id, { lon: e.currentTarget.value })}>
                    <option value="">—</option>
                    {l.table.header.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>{t('import.lat')}</span>
                  <select value={l.lat ?? ''} onChange={(e) => update(l.id, { lat: e.currentTarget.value })}>
                    <option value="">—</option>
                    {l.table.header.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            )}
            {FIELDS[l.role].map((f) => (
              <label className="field" key={f.key}>
                <span>{t(f.label)}</span>
                <select
                  value={l.mapping[f.key] ?? ''}
                  data-testid={`import-field-${f.key}`}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    const mapping = { ...l.mapping };
                    if (v) mapping[f.key] = v;
                    else delete mapping[f.key];
                    update(l.id, { mapping });
                  }}
                >
                  <option value="">{t('import.field.none')}</option>
                  {l.fields.map((h) => (
                    <option key={h} value={h}>
                      {h}
                      {l.samples[h]?.length ? ` (${l.samples[h]!.join(', ')})` : ''}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          {l.warnings.map((w) => (
            <p key={w} className="muted small">
              ⚠ {w}
            </p>
          ))}
        </div>
      ))}
      {report && counts && (
        <div className="report" data-testid="import-report">
          <h3>{t('import.report')}</h3>
          <p data-testid="import-summary">
            {t('import.summary', {
              buildings: report.summary.buildings,
              households: report.summary.households,
              communities: report.summary.communities,
              roads: report.summary.roads,
            })}
          </p>
          <p>
            {report.issues.length === 0 ? (
              t('import.noProblems')
            ) : (
              <>
                {t('import.problems', { count: report.issues.length })}: {t('severity.fatal')}{' '}
                {n(counts.fatal)} · {t('severity.error')} {n(counts.error)} · {t('severity.warning')}{' '}
                {n(counts.warning)}
              </>
            )}
          </p>
          <ul className="list small" data-testid="import-issues">
            {keyed(report.issues.slice(0, 500)).map(({ item: i, key }) => (
              <li key={key} className={i.severity} data-code={i.code} title={i.message}>
                {i.bbox ? (
                  <button type="button" className="link" onClick={() => focusOn(i.bbox!, true)}>
                    [{t(`severity.${i.severity}`)}] {issueText(locale, i)}
                  </button>
                ) : (
                  <span>
                    [{t(`severity.${i.severity}`)}] {issueText(locale, i)}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {report.fatal && <p className="bad">{t('import.fatal')}</p>}
        </div>
      )}
      <div className="row">
        <button
          type="button"
          disabled={!layers.length || busy || parsing !== null}
          onClick={() => void check()}
          data-testid="import-check"
        >
          {t('import.validate')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!report || report.fatal || busy}
          onClick={() => void use()}
          data-testid="import-use"
        >
          {report?.issues.length ? t('import.useAnyway') : t('import.use')}
        </button>
        <button type="button" onClick={close}>
          {t('import.cancel')}
        </button>
      </div>
    </div>
  );
}
