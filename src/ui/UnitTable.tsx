/**
 * Per-unit metrics table: sortable; a row click zooms to the unit and selects it.
 *
 * Rows are memoised, and new rows are added a batch at a time (useBatches): after an optimisation
 * of a big district the table gains hundreds of rows at once, and building them (and the browser's
 * style, layout and paint of them) in one task would block the page for several hundred
 * milliseconds. Rows already on the page stay, so edits, sorting and selection show at once.
 */
import { memo, useMemo, useState } from 'react';
import { collator, type MessageKey, useI18n } from '../i18n';
import { colourHex } from '../services/colors';
import { lockPart, renamePart } from '../services/selection';
import { activePlan } from '../state/project';
import { bboxOfPolygons, focusOn, type UnitView, viewStore } from '../state/view';
import { useBatches, useProject, useView } from './hooks';

type Col =
  | 'name'
  | 'households'
  | 'buildings'
  | 'compounds'
  | 'area'
  | 'pp'
  | 'road'
  | 'centre'
  | 'deviation';

/** Rows not yet on the page that one render may add (see useBatches). */
export const ROW_BATCH = 15;

const unitKey = (u: UnitView) => u.id;

function value(u: UnitView, c: Col, target: number): number | string {
  switch (c) {
    case 'name':
      return u.name;
    case 'households':
      return u.households;
    case 'buildings':
      return u.buildings;
    case 'compounds':
      return u.compounds;
    case 'area':
      return u.areaM2;
    case 'pp':
      return u.polsbyPopper;
    case 'road':
      return u.roadBoundaryShare;
    case 'centre':
      return u.hasServiceCentre ? 1 : 0;
    case 'deviation':
      return u.households - target;
  }
}

export function UnitTable() {
  const { t, locale } = useI18n();
  const units = useView((s) => s.units);
  const selectedUnit = useView((s) => s.selectedUnit);
  const target = useProject((s) => activePlan(s)?.params.target ?? s.params.target);
  const [sort, setSort] = useState<{ col: Col; dir: 1 | -1 }>({ col: 'name', dir: 1 });
  const [editing, setEditing] = useState<string | null>(null);
  const rows = useMemo(() => {
    const coll = collator(locale);
    return [...units].sort((a, b) => {
      const va = value(a, sort.col, target);
      const vb = value(b, sort.col, target);
      const c = typeof va === 'string' ? coll.compare(va, String(vb)) : va - (vb as number);
      return c * sort.dir;
    });
  }, [units, sort, target, locale]);
  const shown = useBatches(rows, unitKey, ROW_BATCH);
  if (!units.length) return <p className="muted">{t('table.empty')}</p>;
  const head = (c: Col, key: MessageKey) => (
    <th
      onClick={() => setSort((s) => ({ col: c, dir: s.col === c ? (-s.dir as 1 | -1) : 1 }))}
      aria-sort={sort.col === c ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none'}
    >
      {t(key)}
      {sort.col === c ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}
    </th>
  );
  return (
    <div className="table-wrap">
      <table className="units" data-testid="unit-table">
        <thead>
          <tr>
            {head('name', 'table.name')}
            {head('households', 'table.households')}
            {head('deviation', 'table.deviation')}
            {head('buildings', 'table.buildings')}
            {head('compounds', 'table.compounds')}
            {head('area', 'table.area')}
            {head('pp', 'table.pp')}
            {head('road', 'table.road')}
            {head('centre', 'table.centre')}
            <th>{t('table.locked')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((u) => (
            <Row
              key={u.id}
              u={u}
              selected={selectedUnit === u.id}
              editing={editing === u.id}
              target={target}
              setEditing={setEditing}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  u: UnitView;
  selected: boolean;
  editing: boolean;
  target: number;
  setEditing: (id: string | null) => void;
}

/** Same row on the page: every unit field a row shows (unit objects are rebuilt after every edit). */
function sameRow(a: RowProps, b: RowProps): boolean {
  const x = a.u;
  const y = b.u;
  return (
    a.selected === b.selected &&
    a.editing === b.editing &&
    a.target === b.target &&
    a.setEditing === b.setEditing &&
    (x === y ||
      (x.id === y.id &&
        x.name === y.name &&
        x.ci === y.ci &&
        x.part === y.part &&
        x.color === y.color &&
        x.locked === y.locked &&
        x.problems.length === y.problems.length &&
        x.households === y.households &&
        x.buildings === y.buildings &&
        x.compounds === y.compounds &&
        x.areaM2 === y.areaM2 &&
        x.polsbyPopper === y.polsbyPopper &&
        x.roadBoundaryShare === y.roadBoundaryShare &&
        x.hasServiceCentre === y.hasServiceCentre &&
        x.polygons === y.polygons))
  );
}

const Row = memo(function Row({ u, selected, editing, target, setEditing }: RowProps) {
  // The locale is read here too: a switch re-renders every row.
  const { t, n } = useI18n();
  return (
    <tr
      className={`${u.problems.length ? 'bad' : ''} ${selected ? 'sel' : ''}`}
      onClick={() => {
        viewStore.setState({ selectedUnit: u.id, selection: null });
        focusOn(bboxOfPolygons(u.polygons));
      }}
    >
      <td>
        <span className="swatch" style={{ background: colourHex(u.color) }} />
        {editing && u.part >= 0 ? (
          <input
            ref={(el) => el?.focus()}
            defaultValue={u.name}
            onClick={(e) => e.stopPropagation()}
            onBlur={(e) => {
              renamePart(u.ci, u.part, e.currentTarget.value);
              setEditing(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.currentTarget.blur();
              if (e.key === 'Escape') setEditing(null);
            }}
          />
        ) : (
          <button
            type="button"
            className="link"
            onDoubleClick={(e) => {
              e.stopPropagation();
              setEditing(u.id);
            }}
            title={t('edit.rename')}
          >
            {u.name}
          </button>
        )}
        <small className="muted"> {u.id}</small>
      </td>
      <td className="num">{n(u.households)}</td>
      <td className="num">
        {u.households - target > 0 ? '+' : ''}
        {n(u.households - target)}
      </td>
      <td className="num">{n(u.buildings)}</td>
      <td className="num">{n(u.compounds)}</td>
      <td className="num">{n(u.areaM2 / 10_000, 1)}</td>
      <td className="num">{n(u.polsbyPopper, 2)}</td>
      <td className="num">{n(u.roadBoundaryShare * 100)}%</td>
      <td>{u.hasServiceCentre ? t('table.yes') : t('table.no')}</td>
      <td>
        {u.part >= 0 && (
          <input
            type="checkbox"
            checked={u.locked}
            aria-label={t('edit.lock')}
            onClick={(e) => e.stopPropagation()}
            onChange={() => lockPart(u.ci, u.part)}
          />
        )}
      </td>
    </tr>
  );
}, sameRow);
