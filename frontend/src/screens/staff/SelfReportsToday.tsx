/** 今日自主上报 under the follow-up list: what households reported themselves today (in the
 * caller's area), each with whether it stood for a call; a fever or a positive antigen marked. */
import { listSelfReports } from '../../api/selfReports'
import { formatDateTime, formatNumber, t } from '../../i18n'
import { useLoad } from './common'

export function SelfReportsToday({ community, localDate }: { community: string | undefined; localDate: string }) {
  const reports = useLoad(() => listSelfReports(community, localDate), [community, localDate])
  const items = reports.data?.items ?? []
  if (items.length === 0) return null
  return (
    <section data-testid="self-reports-today">
      <h2>{t('selfService.staff.title', { n: reports.data?.total ?? items.length })}</h2>
      <ul class="rows">
        {items.map((r) => (
          <li key={r.id} class="row" data-testid="self-report-row">
            <span class="row-main">
              <strong>{r.person_name}</strong>
              {r.temperature !== null && <span class={`chip ${r.fever ? 'bad' : ''}`}>{formatNumber(r.temperature)} ℃</span>}
              {r.antigen_result && (
                <span class={`chip ${r.antigen_result === 'positive' ? 'bad' : ''}`}>
                  {t(`selfService.report.antigen.${r.antigen_result}`)}
                </span>
              )}
              {r.replaces_call && <span class="chip">{t('selfService.staff.replacesCall')}</span>}
            </span>
            <span class="row-sub">
              {t(`staff.followUp.${r.period}`)} · {formatDateTime(r.reported_at, false)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
