/**
 * Per-unit metrics table: sortable; a row click zooms to the unit and selects it, and a unit
 * selected on the map scrolls into view.
 *
 * Only the rows in view (and a few beyond) are on the page (@tanstack/react-virtual), with spacer
 * rows for the rest: a big district has hundreds of units, and the browser's style, layout and
 * paint of a whole table of them took 50–90 ms per change on a slow machine. The table says how
 * many rows it has (aria-rowcount), as tables that scroll their rows in are meant to.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { collator, type MessageKey, useI18n } from '../i18n';
import { colourHex } from '../services/colors';
import { lockPart, renamePart } from '../services/selection';
import { activePlan } from '../state/project';
import { bboxOfPolygons, focusOn, type UnitView, viewStore } from '../state/view';
import { useProject, useView } from './hooks';
import { quietVirtualOptions } from './virtual';

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

/** A row's height in CSS px (one line; app.css keeps it so); rows are measured all the same. */
const ROW_PX = 24;
/** The sticky header's height in CSS px (app.css): the rows start below it. */
const HEAD_PX = 22;
/** Rows put on the page beyond each edge of the view, so a scroll seldom shows a gap. */
const OVERSCAN = 12;

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
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    ...quietVirtualOptions<HTMLDivElement, HTMLTableRowElement>(ROW_PX),
    count: rows.length,
    getScrollElement: () => scroller.current,
    overscan: OVERSCAN,
    scrollMargin: HEAD_PX,
    // A row scrolled to from above stops below the sticky header, not under it.
    scrollPaddingStart: HEAD_PX,
    getItemKey: (i) => rows[i]!.id,
  });
  // A unit selected elsewhere (map, rule list) is brought into view.
  const selectedIndex = selectedUnit ? rows.findIndex((u) => u.id === selectedUnit) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtual]);
  const head = (c: Col, key: MessageKey) => (
    <th
      onClick={() => setSort((s) => ({ col: c, dir: s.col === c ? (-s.dir as 1 | -1) : 1 }))}
      aria-sort={sort.col === c ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none'}
    >
      {t(key)}
      {sort.col === c ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}
    </th>
  );
  const items = virtual.getVirtualItems();
  const before = items.length ? items[0]!.start - HEAD_PX : 0;
  const after = items.length ? virtual.getTotalSize() - items[items.length - 1]!.end : 0;
  // The scroller stays on the page while the table is empty: the virtualiser reads the layout of
  // a new scroller at once, which after an optimisation would be a forced layout of the whole page.
  if (!units.length)
    return (
      <div className="table-wrap" ref={scroller}>
        <p className="muted">{t('table.empty')}</p>
      </div>
    );
  return (
    <div className="table-wrap" ref={scroller}>
      <table className="units" data-testid="unit-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
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
          {before > 0 && <tr className="spacer" style={{ height: before }} />}
          {items.map((item) => {
            const u = rows[item.index]!;
            return (
              <Row
                key={u.id}
                u={u}
                index={item.index}
                measure={virtual.measureElement}
                selected={selectedUnit === u.id}
                editing={editing === u.id}
                target={target}
                setEditing={setEditing}
              />
            );
          })}
          {after > 0 && <tr className="spacer" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  u: UnitView;
  /** The row's place in the sorted table (for the virtualiser and aria-rowindex). */
  index: number;
  /** The virtualiser's measuring ref (ResizeObserver only: see virtual.ts). */
  measure: (el: HTMLTableRowElement | null) => void;
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
    a.index === b.index &&
    a.measure === b.measure &&
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

const Row = memo(function Row({ u, index, measure, selected, editing, target, setEditing }: RowProps) {
  // The locale is read here too: a switch re-renders every row.
  const { t, n } = useI18n();
  return (
    <tr
      ref={measure}
      data-index={index}
      data-unit={u.id}
      aria-rowindex={index + 2}
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
