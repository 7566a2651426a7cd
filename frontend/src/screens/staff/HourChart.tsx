/** Today's passages out/in per hour (stacked bars) and follow-ups (dots), as inline SVG. */
import type { DashboardHour } from '../../api/reports'
import { t } from '../../i18n'
import { hourBars } from '../../staff/chart'

const W = 360
const H = 120
const AXIS = 18

export function HourChart({ hours }: { hours: DashboardHour[] }) {
  const { bars, max } = hourBars(hours, W, H)
  return (
    <figure class="chart" data-testid="chart">
      <svg viewBox={`0 0 ${W} ${H + AXIS}`} width="100%" role="img" aria-label={t('ops.dashboard.chart')}>
        <line x1="0" y1={H} x2={W} y2={H} stroke="#111" stroke-width="1" />
        <text x="2" y="10" font-size="11" fill="#444">
          {max}
        </text>
        {bars.map((b, i) => (
          <g key={i}>
            <rect x={b.x} y={b.out.y} width={b.width} height={b.out.height} fill="#0d47a1" />
            <rect x={b.x} y={b.in.y} width={b.width} height={b.in.height} fill="#90caf9" />
            {hours[i].follow_ups_done > 0 && <circle cx={b.x + b.width / 2} cy={b.followUps} r="3" fill="#b71c1c" />}
            {i % 6 === 0 && (
              <text x={i === 0 ? 0 : b.x + b.width / 2} y={H + 14} font-size="11" text-anchor={i === 0 ? 'start' : 'middle'} fill="#444">
                {String(i).padStart(2, '0')}:00
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        <span><i style="background:#0d47a1" />{t('ops.dashboard.chart.out')}</span>
        <span><i style="background:#90caf9" />{t('ops.dashboard.chart.in')}</span>
        <span><i class="dot" style="background:#b71c1c" />{t('ops.dashboard.chart.followUps')}</span>
      </figcaption>
    </figure>
  )
}
