/** 住户自主上报: under the follow-up list, what households reported themselves today (in the
 * caller's area); in a household file, that household's latest. Each with whether it stood for a
 * call; a fever or a positive antigen marked. */
import { listSelfReports } from '../../api/selfReports'
import { formatDateTime, formatNumber, t } from '../../i18n'
import { useLoad } from './common'

export function SelfReportsToday({ community, localDate, householdId }: { community?: string; localDate?: string; householdId?: string }) {
  const reports = useLoad(
    () => listSelfReports({ communityId: community, localDate, householdId }),
    [community, localDate, householdId],
  )
  const items = reports.data?.items ?? []
  if (items.length === 0) return null
  const n = reports.data?.total ?? items.length
  return (
    <section class={householdId ? 'card' : ''} data-testid={householdId ? 'household-self-reports' : 'self-reports-today'}>
      <h2>{householdId ? t('selfService.staff.household', { n }) : t('selfService.staff.title', { n })}</h2>
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
              {t(`staff.followUp.${r.period}`)} · {formatDateTime(r.reported_at, Boolean(householdId))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
