/** Households per unit as bars, with the min / max lines. */

import { useI18n } from '../i18n';
import { colourHex } from '../services/colors';
import { activePlan } from '../state/project';
import { useLater, useProject, useView } from './hooks';

export function Chart() {
  const { t, n } = useI18n();
  // A frame after the table (useLater).
  const units = useLater(useView((s) => s.units));
  const plans = useProject((s) => s.plans);
  const params = useProject((s) => activePlan(s)?.params ?? s.params);
  void plans;
  const split = units.filter((u) => u.status === 'new');
  const shown = split.length ? split : units;
  if (!shown.length) return <p className="muted">{t('table.empty')}</p>;
  const W = 360;
  const H = 150;
  const pad = 28;
  const maxV = Math.max(params.max * 1.15, ...shown.map((u) => u.households));
  const y = (v: number) => H - pad - ((H - 2 * pad) * v) / maxV;
  const bw = (W - pad - 6) / shown.length;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="chart"
      data-testid="chart"
      role="img"
      aria-label={t('panel.chart')}
    >
      {shown.map((u, i) => (
        <rect
          key={u.id}
          x={pad + i * bw + 1}
          y={y(u.households)}
          width={Math.max(1, bw - 2)}
          height={H - pad - y(u.households)}
          fill={u.problems.length ? '#d7191c' : colourHex(u.color)}
        >
          <title>{`${u.name}: ${n(u.households)}`}</title>
        </rect>
      ))}
      {[params.min, params.max].map((v, i) => (
        <g key={v}>
          <line
            x1={pad}
            x2={W - 4}
            y1={y(v)}
            y2={y(v)}
            stroke={i ? '#c0392b' : '#2c7fb8'}
            strokeDasharray="4 3"
          />
          <text
            x={W - 4}
            y={y(v) - 3}
            textAnchor="end"
            fontSize="10"
            fill={i ? '#c0392b' : '#2c7fb8'}
            // A white halo: the line's label stays readable over the bars.
            stroke="#fff"
            strokeWidth={3}
            paintOrder="stroke"
          >
            {t(i ? 'chart.max' : 'chart.min', { value: v })}
          </text>
        </g>
      ))}
      <line x1={pad} x2={pad} y1={pad / 2} y2={H - pad} stroke="#888" />
      <line x1={pad} x2={W - 4} y1={H - pad} y2={H - pad} stroke="#888" />
      <text x={pad - 3} y={y(0)} textAnchor="end" fontSize="9">
        0
      </text>
    </svg>
  );
}
