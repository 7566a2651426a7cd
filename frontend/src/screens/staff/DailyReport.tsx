/** 日报: the day's figures per community and in total (an officer sees every community of the
 * sub-district), as the services computed them; the sub-district's XLSX to download. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { download } from '../../api/files'
import { dailyReport, dailyReportXlsxPath, type ReportFigures } from '../../api/reports'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, TIME_ZONE, unitText, useLang } from '../../i18n'
import { Loading, useLoad } from './common'

const KEYS = [
  'households', 'households_screened', 'high_risk_households', 'returnees_registered',
  'visitors_registered', 'people_home_quarantine', 'people_centralized_quarantine',
  'quarantines_started', 'quarantines_released', 'referrals_opened', 'referrals_open',
  'gate_passages_out', 'gate_passages_in', 'gate_denied', 'gate_fevers', 'tasks_done',
  'orders_placed', 'orders_delivered', 'orders_delivered_door', 'orders_undelivered',
  'households_reached',
]

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date())
}

function Figures({ figures }: { figures: ReportFigures }) {
  return (
    <>
      <dl class="report">
        {KEYS.map((key) => (
          <div key={key} class="report-row" data-key={key}>
            <dt>{t(`ops.report.${key}`)}</dt>
            <dd>{typeof figures[key] === 'number' ? String(figures[key]) : '—'}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('ops.report.stock')}</h3>
      {figures.stock_distributed.length === 0 ? (
        <p class="muted">{t('ops.report.noStock')}</p>
      ) : (
        <ul class="plain">
          {figures.stock_distributed.map((s) => (
            <li key={s.name}>
              {s.name} {t('terms.quantity', { n: s.quantity, unit: unitText(s.unit) })}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

export default function DailyReport() {
  useLang()
  const [day, setDay] = useState(today)
  const report = useLoad(() => dailyReport(day), [day])
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const r = report.data
  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      const name = await download(dailyReportXlsxPath(day), `daily-report-${day}.xlsx`)
      setNote(t('ops.report.downloaded', { name }))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="staff">
      <div class="report-bar">
        <label>
          {t('ops.report.day')}
          <input type="date" name="day" max={today()} value={day} onChange={(e) => e.currentTarget.value && setDay(e.currentTarget.value)} />
        </label>
        <button type="button" class="primary" data-testid="download-report" disabled={busy} onClick={save}>
          {t('ops.report.download')}
        </button>
      </div>
      {note && <p class="outcome-ok" role="status" data-testid="downloaded">{note}</p>}
      <Problem error={error ?? report.error} />
      {report.loading && !r && <Loading />}
      {r && (
        <>
          <p class="muted">{t('ops.report.generated', { time: formatDateTime(r.generated_at) })}</p>
          {r.communities.length > 1 && (
            <section class="card" data-testid="report-totals">
              <h2>{t('ops.report.totals')}</h2>
              <Figures figures={r.totals} />
            </section>
          )}
          {r.communities.map((c) => (
            <details key={c.community_id} class="card" open={r.communities.length === 1} data-testid="report-community">
              <summary>
                <strong>{c.community_name}</strong> <span class="muted">{c.subdistrict}</span>
              </summary>
              <Figures figures={c} />
            </details>
          ))}
        </>
      )}
    </section>
  )
}
