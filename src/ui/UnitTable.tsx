/** Per-unit metrics table: sortable; a row click zooms to the unit and selects it. */
import { useState } from 'react';
import { collator, useI18n } from '../i18n';
import { colourHex } from '../services/colors';
import { lockPart, renamePart } from '../services/selection';
import { activePlan } from '../state/project';
import { bboxOfPolygons, focusOn, type UnitView, viewStore } from '../state/view';
import { useProject, useView } from './hooks';

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

export function UnitTable() {
  const { t, n, locale } = useI18n();
  const units = useView((s) => s.units);
  const selectedUnit = useView((s) => s.selectedUnit);
  const target = useProject((s) => activePlan(s)?.params.target ?? s.params.target);
  const [sort, setSort] = useState<{ col: Col; dir: 1 | -1 }>({ col: 'name', dir: 1 });
  const [editing, setEditing] = useState<string | null>(null);
  if (!units.length) return <p className="muted">{t('table.empty')}</p>;
  const value = (u: UnitView, c: Col): number | string => {
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
  };
  const coll = collator(locale);
  const rows = [...units].sort((a, b) => {
    const va = value(a, sort.col);
    const vb = value(b, sort.col);
    const c = typeof va === 'string' ? coll.compare(va, String(vb)) : va - (vb as number);
    return c * sort.dir;
  });
  const head = (c: Col, key: Parameters<typeof t>[0]) => (
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
          {rows.map((u) => (
            <tr
              key={u.id}
              className={`${u.problems.length ? 'bad' : ''} ${selectedUnit === u.id ? 'sel' : ''}`}
              onClick={() => {
                viewStore.setState({ selectedUnit: u.id, selection: null });
                focusOn(bboxOfPolygons(u.polygons));
              }}
            >
              <td>
                <span className="swatch" style={{ background: colourHex(u.color) }} />
                {editing === u.id && u.part >= 0 ? (
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
          ))}
        </tbody>
      </table>
    </div>
  );
}
