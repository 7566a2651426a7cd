/** 隔离随访: today's people in quarantine not yet checked this morning / evening (in the caller's
 * buildings for a grid worker); a name opens the temperature entry. Below, the day's self-reports
 * of households. */
import { useState } from 'preact/hooks'
import { dueFollowUps, type FollowUpPeriod } from '../../api/followUps'
import { queryParam } from '../../app/router'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDate, t, useLang } from '../../i18n'
import { communityOf, followUpPath, go, Loading, useLoad } from './common'
import { SelfReportsToday } from './SelfReportsToday'

const PERIODS: FollowUpPeriod[] = ['morning', 'evening']

export default function FollowUpList() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  // A dashboard link may ask for another day or period (the one missed): `?date=&period=`.
  const day = queryParam('date') ?? undefined
  const linked = queryParam('period')
  const [chosen, setChosen] = useState<FollowUpPeriod | undefined>(
    linked === 'morning' || linked === 'evening' ? linked : undefined,
  )
  const due = useLoad(() => dueFollowUps(community, chosen, day), [community, chosen, day])
  const page = due.data
  const period = chosen ?? page?.period
  return (
    <section class="staff">
      <div class="segmented" role="tablist">
        {PERIODS.map((p) => (
          <button key={p} type="button" role="tab" aria-selected={period === p} data-period={p} onClick={() => setChosen(p)}>
            {t(`staff.followUp.${p}`)}
          </button>
        ))}
      </div>
      <Problem error={due.error} />
      {due.loading && !page && <Loading />}
      {page && (
        <>
          <p class="summary" data-testid="due">
            {page.total === 0
              ? t('staff.followUp.allDone')
              : t('staff.followUp.due', {
                  date: formatDate(page.local_date),
                  period: t(`staff.followUp.${page.period}`),
                  n: page.total,
                })}
          </p>
          <ul class="rows">
            {page.items.map((p) => (
              <li key={`${p.quarantine_id}:${p.person_id}`}>
                <button
                  type="button"
                  class="row"
                  data-testid="due-person"
                  onClick={() => go(followUpPath(p.quarantine_id, p.person_id, p.person_name, p.address))}
                >
                  <span class="row-main">
                    <strong>{p.person_name}</strong>
                    <span class={`chip ${p.kind === 'home' ? 'warn' : 'bad'}`}>{t(`staff.quarantine.${p.kind}`)}</span>
                  </span>
                  <span class="row-sub">
                    {p.address} · {t('staff.followUp.until', { date: formatDate(p.planned_end_date) })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {page.items.length < page.total && <p class="hint">{t('staff.count', { n: page.total })}</p>}
          <SelfReportsToday community={community} localDate={page.local_date} />
        </>
      )}
    </section>
  )
}
