import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ViolationKind } from '../core/plan/community';
import { SIZE_PRESETS, type SizePreset } from '../core/types';
import { issueText, type MessageKey, noteText, useI18n } from '../i18n';
import { engine } from '../services/engine';
import type { SearchHit } from '../services/engineTypes';
import { cancelOptimise } from '../services/optimise';
import {
  clearSelection,
  lockPart,
  mergeParts,
  moveSelectionTo,
  neighboursOfPart,
  newUnitFromSelection,
  renamePart,
  select,
  selectionInfo,
} from '../services/selection';
import { activePlan, newId, type Params, projectStore } from '../state/project';
import { bboxOfPolygons, focusOn, viewStore } from '../state/view';
import { useLater, useProject, useView, useViewShallow } from './hooks';
import { quietVirtualOptions } from './virtual';

/** The size preset the bounds match, or custom. */
function presetOf(p: Params): SizePreset | 'custom' {
  for (const [name, v] of Object.entries(SIZE_PRESETS))
    if (v.min === p.min && v.max === p.max) return name as SizePreset;
  return 'custom';
}

export function ParamsPanel() {
  const { t } = useI18n();
  const params = useProject((s) => s.params);
  const set = (patch: Partial<Params>) =>
    projectStore.setState((s) => ({ params: { ...s.params, ...patch } }));
  const num = (key: keyof Params, label: MessageKey, step = 1, min = 0) => (
    <label className="field">
      <span>{t(label)}</span>
      <input
        type="number"
        name={key}
        value={params[key] ?? ''}
        step={step}
        min={min}
        onChange={(e) => {
          const v = Number(e.currentTarget.value);
          if (Number.isFinite(v)) set({ [key]: v } as Partial<Params>);
        }}
      />
    </label>
  );
  return (
    <section className="panel" data-testid="params">
      <h3>{t('panel.params')}</h3>
      <label className="field">
        <span>{t('params.preset')}</span>
        <select
          name="preset"
          value={presetOf(params)}
          onChange={(e) => {
            const p = SIZE_PRESETS[e.currentTarget.value as SizePreset];
            if (p) set({ min: p.min, max: p.max, target: p.target });
          }}
        >
          <option value="1500-3500">{t('params.preset1500')}</option>
          <option value="1000-3000">{t('params.preset1000')}</option>
          <option value="custom">{t('params.presetCustom')}</option>
        </select>
      </label>
      <div className="grid2">
        {num('min', 'params.min', 100, 1)}
        {num('max', 'params.max', 100, 1)}
        {num('target', 'params.target', 100, 1)}
        {num('splitOver', 'params.splitOver', 500, 1)}
      </div>
      <label className="field">
        <span>{t('params.unitsMode')}</span>
        <span className="row">
          <select
            value={params.fixedUnits > 0 ? 'fixed' : 'auto'}
            onChange={(e) => set({ fixedUnits: e.currentTarget.value === 'fixed' ? 3 : 0 })}
          >
            <option value="auto">{t('params.unitsAuto')}</option>
            <option value="fixed">{t('params.unitsFixed')}</option>
          </select>
          {params.fixedUnits > 0 && (
            <input
              type="number"
              min={1}
              value={params.fixedUnits}
              onChange={(e) =>
                set({ fixedUnits: Math.max(1, Math.round(Number(e.currentTarget.value) || 1)) })
              }
            />
          )}
        </span>
      </label>
      <label className="field">
        <span>{t('params.compactness')}</span>
        <input
          type="range"
          min={0}
          max={2}
          step={0.1}
          value={params.compactness}
          onChange={(e) => set({ compactness: Number(e.currentTarget.value) })}
        />
        <small>{params.compactness.toFixed(1)}</small>
      </label>
      <label className="field">
        <span>{t('params.bigCompounds')}</span>
        <select
          name="bigCompounds"
          value={params.bigCompounds ?? 'split'}
          onChange={(e) => set({ bigCompounds: e.currentTarget.value === 'keep' ? 'keep' : 'split' })}
        >
          <option value="split">{t('params.bigCompoundsSplit')}</option>
          <option value="keep">{t('params.bigCompoundsKeep')}</option>
        </select>
        <small className="muted">{t('params.keepCompoundsNote')}</small>
      </label>
      <div className="grid2">
        {num('serviceRoomMin', 'params.serviceRoomMin', 10, 0)}
        {num('serviceRoomPer100', 'params.serviceRoomPer100', 1, 0)}
      </div>
      <div className="grid2">
        {num('seed', 'params.seed')}
        {num('restarts', 'params.restarts', 1, 1)}
      </div>
    </section>
  );
}

export function ProgressBar() {
  const { t, n } = useI18n();
  const job = useView((s) => s.job);
  if (!job) return null;
  return (
    <div className="progress" data-testid="progress">
      <div className="bar">
        <div style={{ transform: `scaleX(${job.fraction.toFixed(3)})` }} />
      </div>
      <span>
        {t(job.phase === 'preparing' ? 'progress.preparing' : 'progress.running', {
          community: job.community,
        })}{' '}
        {Math.round(job.fraction * 100)}%
      </span>
      {job.bestScore !== null && (
        <span className="muted">{t('progress.best', { score: n(job.bestScore, 1) })}</span>
      )}
      <button type="button" onClick={cancelOptimise} data-testid="cancel">
        {t('toolbar.cancel')}
      </button>
    </div>
  );
}

export function PlansPanel() {
  const { t } = useI18n();
  const plans = useProject((s) => s.plans);
  const activeId = useProject((s) => s.activePlanId);
  const active = plans.find((p) => p.id === activeId);
  return (
    <section className="panel" data-testid="plans">
      <h3>{t('panel.plans')}</h3>
      <div className="row">
        <select
          value={activeId ?? ''}
          onChange={(e) => projectStore.setState({ activePlanId: e.currentTarget.value || null })}
          aria-label={t('panel.plans')}
        >
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!active}
          onClick={() => {
            if (!active) return;
            const copy = {
              ...active,
              id: newId(),
              name: t('plans.copyOf', { name: active.name }),
              createdAt: new Date().toISOString(),
            };
            projectStore.setState((s) => ({ plans: [...s.plans, copy], activePlanId: copy.id }));
          }}
        >
          {t('plans.duplicate')}
        </button>
        <button
          type="button"
          onClick={() => {
            const s = projectStore.getState();
            const plan = {
              id: newId(),
              name: t('plans.default', { n: s.plans.length + 1 }),
              createdAt: new Date().toISOString(),
              params: s.params,
              communities: {},
            };
            projectStore.setState({ plans: [...s.plans, plan], activePlanId: plan.id });
          }}
        >
          {t('plans.new')}
        </button>
        <button
          type="button"
          disabled={!active}
          onClick={() =>
            projectStore.setState((s) => {
              const plans = s.plans.filter((p) => p.id !== s.activePlanId);
              return { plans, activePlanId: plans[0]?.id ?? null };
            })
          }
        >
          {t('plans.delete')}
        </button>
      </div>
      {active && (
        <label className="field">
          <span>{t('plans.rename')}</span>
          <input
            value={active.name}
            data-testid="plan-name"
            onChange={(e) => {
              const name = e.currentTarget.value;
              projectStore.setState((s) => ({
                plans: s.plans.map((p) => (p.id === active.id ? { ...p, name } : p)),
              }));
            }}
          />
        </label>
      )}
    </section>
  );
}

export function EditPanel() {
  const { t, n } = useI18n();
  const selection = useView((s) => s.selection);
  const selectedUnit = useView((s) => s.selectedUnit);
  const units = useView((s) => s.units);
  useProject((s) => s.plans);
  const info = selection ? selectionInfo() : null;
  const unitOfPart = (ci: number, part: number) => units.find((u) => u.ci === ci && u.part === part);
  const su = units.find((u) => u.id === selectedUnit);
  return (
    <section className="panel" data-testid="edit">
      <h3>{t('panel.selection')}</h3>
      {!info && !su && <p className="muted">{t('edit.hint')}</p>}
      {info && (
        <div>
          <p data-testid="selection-info">
            {t('edit.selected', {
              buildings: info.buildings,
              households: info.households,
              unit: info.parts.map((p) => unitOfPart(info.ci, p)?.name ?? p).join(', '),
            })}
          </p>
          <div className="label">{t('edit.moveTo')}</div>
          <div className="row wrap">
            {info.neighbours.length === 0 && <span className="muted">{t('edit.noNeighbour')}</span>}
            {info.neighbours.map((p) => {
              const u = unitOfPart(info.ci, p);
              return (
                <button
                  type="button"
                  key={p}
                  data-testid="move-to"
                  className={info.direct.includes(p) ? 'primary' : ''}
                  onClick={() => moveSelectionTo(p)}
                >
                  → {u?.name ?? p} ({n(u?.households ?? 0)})
                </button>
              );
            })}
          </div>
          <div className="row">
            <button type="button" onClick={newUnitFromSelection}>
              {t('edit.newUnit')}
            </button>
            <button type="button" onClick={clearSelection}>
              {t('edit.clear')}
            </button>
          </div>
        </div>
      )}
      {su && su.part >= 0 && (
        <div>
          <p>
            <strong>{su.name}</strong> · {n(su.households)}
          </p>
          <div className="row wrap">
            <button type="button" onClick={() => lockPart(su.ci, su.part)}>
              {su.locked ? t('edit.unlock') : t('edit.lock')}
            </button>
            <button
              type="button"
              onClick={() => {
                const name = window.prompt(t('edit.rename'), su.name);
                if (name !== null) renamePart(su.ci, su.part, name);
              }}
            >
              {t('edit.rename')}
            </button>
          </div>
          <div className="label">{t('edit.mergeWith')}</div>
          <div className="row wrap">
            {neighboursOfPart(su.ci, su.part).map((p) => {
              const u = unitOfPart(su.ci, p);
              return (
                <button
                  type="button"
                  key={p}
                  data-testid="merge-into"
                  onClick={() => {
                    mergeParts(su.ci, p, su.part);
                    viewStore.setState({ selectedUnit: null });
                  }}
                >
                  ⇢ {u?.name ?? p}
                </button>
              );
            })}
          </div>
        </div>
      )}
      {su && su.part < 0 && <p className="muted">{t('edit.notSplit')}</p>}
    </section>
  );
}

/** A message's height in CSS px when it takes one line; longer ones are measured. */
const ITEM_PX = 18;

export function ViolationsPanel() {
  const { t, locale } = useI18n();
  // A frame after the table (useLater); the rules and the units they name, together.
  const [evals, units] = useLater(useViewShallow((s) => [s.evals, s.units] as const));
  const plan = useProject((s) => activePlan(s));
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const items: { key: string; text: string; hard: boolean; kind: string; unit?: string }[] = [];
  for (const [ci, v] of Object.entries(evals)) {
    const community = v.units[0]?.community ?? ci;
    for (const x of v.violations) {
      const u = byId.get(x.subject);
      const limit = x.kind === 'households-low' ? plan?.params.min : plan?.params.max;
      items.push({
        key: `${ci}:${x.kind}:${x.subject}`,
        // Allowed exceptions (a big compound cut, a building over the maximum) are engine notes
        // about this plan; the rules are said per kind.
        text: x.note
          ? t('violation.note', { community, message: noteText(locale, x.note) })
          : t(`violation.${x.kind as ViolationKind}`, {
              unit: u?.name ?? x.subject,
              value: u?.households ?? 0,
              limit: limit ?? 0,
              ...x.params,
            }),
        hard: x.hard,
        kind: x.hard ? 'violation' : x.note ? 'note' : 'advice',
        ...(u ? { unit: u.id } : {}),
      });
    }
    const notes = v.source.notes ?? [];
    const reasons = notes.filter((n) => n.severity === 'infeasible');
    if (v.source.kind === 'whole' && v.source.infeasible && !reasons.length)
      items.push({
        key: `${ci}:inf`,
        text: t('violation.infeasible', { community, message: v.source.infeasible }),
        hard: true,
        kind: 'infeasible',
      });
    notes.forEach((n, i) => {
      const message = noteText(locale, n);
      items.push({
        key: `${ci}:note:${i}`,
        text:
          n.severity === 'infeasible'
            ? t('violation.infeasible', { community, message })
            : t('violation.note', { community, message }),
        hard: n.severity === 'infeasible',
        kind: n.severity === 'infeasible' ? 'infeasible' : 'note',
      });
    });
  }
  // What the engine did (notes) before advice: a long list of units without a big enough service
  // room would hide how a compound was cut.
  const rank = { violation: 0, infeasible: 1, note: 2, advice: 3 } as Record<string, number>;
  items.sort((a, b) => rank[a.kind]! - rank[b.kind]!);
  // Hundreds of messages after optimising a big district: only those in view are on the page.
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    ...quietVirtualOptions<HTMLDivElement, HTMLLIElement>(ITEM_PX),
    count: items.length,
    getScrollElement: () => scroller.current,
    overscan: 8,
    getItemKey: (i) => items[i]!.key,
  });
  const shown = virtual.getVirtualItems();
  return (
    <section className="panel" data-testid="violations">
      <h3>
        {t('panel.violations')}{' '}
        {items.some((i) => i.kind === 'violation') && (
          <span className="badge bad">{items.filter((i) => i.kind === 'violation').length}</span>
        )}
      </h3>
      {/* The scroller stays on the page when the list is empty (see UnitTable). */}
      <div className="list-scroll" ref={scroller}>
        {items.length === 0 ? (
          <p className="muted">{t('violation.none')}</p>
        ) : (
          <ul className="list virtual" data-count={items.length} style={{ height: virtual.getTotalSize() }}>
            {shown.map((v) => {
              const i = items[v.index]!;
              return (
                <li
                  key={v.key}
                  ref={virtual.measureElement}
                  data-index={v.index}
                  className={i.hard ? 'bad' : 'warn'}
                  data-testid={i.kind}
                  style={{ transform: `translateY(${v.start}px)` }}
                >
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      const u = i.unit ? byId.get(i.unit) : undefined;
                      if (u) {
                        viewStore.setState({ selectedUnit: u.id, selection: null });
                        focusOn(bboxOfPolygons(u.polygons));
                      }
                    }}
                  >
                    {i.text}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

/** Stable React keys for lists that may repeat items. */
export function keyed<T extends { code: string; file: string; feature?: string; field?: string }>(
  items: T[],
): { item: T; key: string }[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = `${item.code}|${item.file}|${item.feature ?? ''}|${item.field ?? ''}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { item, key: `${base}|${n}` };
  });
}

export function IssuesPanel() {
  const { t, locale } = useI18n();
  const summary = useView((s) => s.summary);
  const [open, setOpen] = useState(false);
  if (!summary?.issues.length) return null;
  return (
    <section className="panel">
      <h3>
        <button type="button" className="link" onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {t('panel.issues')} <span className="badge">{summary.issues.length}</span>
        </button>
      </h3>
      {open && (
        <ul className="list small">
          {keyed(summary.issues.slice(0, 300)).map(({ item: i, key }) => (
            <li key={key} className={i.severity} data-code={i.code} title={i.message}>
              [{t(`severity.${i.severity}`)}] {issueText(locale, i)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SearchBox() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  useEffect(() => {
    if (!q.trim()) {
      setHits(null);
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      const api = await engine.primary();
      const r = await api.search(q);
      if (live) setHits(r);
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  return (
    <div className="search">
      <input
        type="search"
        placeholder={t('search.placeholder')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-testid="search"
      />
      {hits && (
        <ul className="search-hits">
          {hits.length === 0 && <li className="muted">{t('search.none')}</li>}
          {hits.map((h) => (
            <li key={`${h.kind}:${h.id}`}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  const d = 0.0015;
                  focusOn([h.lon - d, h.lat - d, h.lon + d, h.lat + d]);
                  select([h.id]);
                  setHits(null);
                }}
              >
                {h.kind === 'compound' ? '▣ ' : ''}
                {h.name}
                {h.compound && h.kind === 'building' ? ` · ${h.compound}` : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
