/** 工作台: today's figures and the open work of the community, each opening its list, today's
 * delivery rounds, and an hourly chart. */
import '../../i18n/online' // first: the words these screens bring
import { dashboard, type DashboardFigure } from '../../api/reports'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDateTime, lang, t, useLang } from '../../i18n'
import { screenFor } from '../../staff/links'
import { communityOf, go, Loading, useLoad } from './common'
import { HourChart } from './HourChart'

function Figure({ figure, alert }: { figure: DashboardFigure; alert?: boolean }) {
  const target = screenFor(figure.link)
  const busy = alert && (figure.value ?? 0) > 0
  return (
    <button
      type="button"
      class={`figure ${busy ? 'figure-alert' : ''}`}
      data-testid={`figure-${figure.key}`}
      disabled={!target}
      onClick={() => target && go(target)}
    >
      <strong>{figure.value ?? t('ops.dashboard.nothing')}</strong>
      <span>{lang() === 'en' ? figure.label_en : figure.label}</span>
    </button>
  )
}

export default function Dashboard() {
  useLang()
  const account = useAccount()
  const board = useLoad(() => dashboard(communityOf(account)), [account?.subject])
  const d = board.data
  return (
    <section class="staff">
      <Problem error={board.error} />
      {board.loading && !d && <Loading />}
      {d && (
        <>
          <p class="muted as-of">
            {t('ops.dashboard.asOf', { name: d.community_name, time: formatDateTime(d.now) })}{' '}
            <button type="button" class="link" onClick={board.reload}>
              {t('ops.dashboard.refresh')}
            </button>
          </p>
          {d.unavailable.length > 0 && (
            <p class="problem">{t('ops.dashboard.unavailable', { names: d.unavailable.join('、') })}</p>
          )}
          <h2>{t('ops.dashboard.open')}</h2>
          <div class="figures" data-testid="open-work">
            {d.open_work.map((f) => (
              <Figure key={f.key} figure={f} alert />
            ))}
          </div>
          <h2>{t('ops.dashboard.today')}</h2>
          <div class="figures" data-testid="today">
            {d.today.map((f) => (
              <Figure key={f.key} figure={f} />
            ))}
          </div>
          <h2>{t('ops.dashboard.chart')}</h2>
          <HourChart hours={d.hours} />
          {d.delivery_rounds.length > 0 && (
            <>
              <h2>{t('ops.dashboard.rounds')}</h2>
              <ul class="rows">
                {d.delivery_rounds.map((r) => (
                  <li key={r.round_id}>
                    <button type="button" class="row" onClick={() => go('/staff/deliveries')}>
                      {t('ops.dashboard.round', { time: r.local_time, orders: r.orders, undelivered: r.undelivered })}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  )
}
