/** 缺岗与工时: this week at the gates: shifts short of people (a tap opens the shift to put someone
 * on), gates whose next shift is unstaffed, and people over their weekly hours. */
import '../../i18n/online' // first: the words these screens bring
import { fullCoverage, type UncoveredShift } from '../../api/roster'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDateTime, formatNumber, t, useLang } from '../../i18n'
import { communityOf, Loading, shortDate, useLoad } from '../staff/common'
import { OpenRow, RosterTabs } from './parts'

function Gap({ gap }: { gap: UncoveredShift }) {
  return (
    <OpenRow to={`/staff/roster/shifts/${gap.shift_id}`} testId="gap" tone={gap.nobody ? 'gap-nobody' : 'gap-short'}>
      <span class="row-main" data-gate={gap.gate_name}>
        <strong>{gap.gate_name}</strong> {shortDate(gap.starts_at)} {gap.label}
        {gap.is_next && <span class="chip warn">{t('office.coverage.next')}</span>}
      </span>
      <span class={`row-sub ${gap.nobody ? 'late' : ''}`}>
        {gap.nobody ? t('office.shift.nobody') : t('office.shift.crew', { n: gap.assigned, min: gap.min_workers })} · {t('office.coverage.assign')}
      </span>
    </OpenRow>
  )
}

export default function Coverage() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const cover = useLoad(() => fullCoverage(community), [community])
  const c = cover.data
  const nextUnstaffed = (c?.next_shifts ?? []).filter((n) => !n.staffed)
  return (
    <section class="staff office">
      <RosterTabs current="/staff/roster/coverage" />
      <Problem error={cover.error} />
      {cover.loading && !c && <Loading />}
      {c && (
        <>
          <p class="stat-line" data-testid="coverage-summary">
            <span>{t('office.coverage.shifts', { n: c.summary.shifts })}</span>
            <span class={c.summary.unstaffed_shifts ? 'late' : ''}>{t('office.coverage.unstaffed', { n: c.summary.unstaffed_shifts })}</span>
            <span class={c.summary.shifts_with_nobody ? 'late' : ''}>{t('office.coverage.nobody', { n: c.summary.shifts_with_nobody })}</span>
            <span>{t('office.coverage.hours', { n: formatNumber(c.summary.uncovered_hours) })}</span>
          </p>
          <div class="office-cols">
            <div>
              <section class="card" data-testid="next-shifts">
                <h2>{t('office.coverage.nextTitle')}</h2>
                {nextUnstaffed.length === 0 && <p>{t('office.coverage.nextAllStaffed')}</p>}
                <ul class="plain single">
                  {nextUnstaffed.map((n) =>
                    n.shift_id ? (
                      <OpenRow key={n.gate_id} to={`/staff/roster/shifts/${n.shift_id}`} testId="next-unstaffed" tone="gap-nobody">
                        <span class="row-main">
                          <strong>{n.gate_name}</strong> {n.starts_at && `${shortDate(n.starts_at)} ${formatDateTime(n.starts_at, false)}`}
                        </span>
                        <span class="row-sub late">{t('office.shift.crew', { n: n.assigned, min: n.min_workers })}</span>
                      </OpenRow>
                    ) : (
                      <OpenRow key={n.gate_id} to={`/staff/roster/week?gate=${n.gate_id}`} testId="next-unstaffed" tone="gap-nobody">
                        <span class="row-main">
                          <strong>{n.gate_name}</strong>
                        </span>
                        <span class="row-sub late">{t('office.coverage.noneScheduled')}</span>
                      </OpenRow>
                    ),
                  )}
                </ul>
              </section>
              <section class="card" data-testid="over-hours">
                <h2>{t('office.coverage.overTitle', { max: formatNumber(c.summary.max_weekly_hours, 0) })}</h2>
                {c.over_hours.length === 0 && <p>{t('office.coverage.noneOver')}</p>}
                <ul class="plain single">
                  {c.over_hours.map((o) => (
                    <OpenRow key={`${o.worker_id}:${o.week_start}`} to={`/staff/roster/workers/${o.worker_id}`} testId="over">
                      <span class="row-main">
                        <strong>{o.name}</strong>
                        <span class="late">{t('office.coverage.overHours', { hours: formatNumber(o.hours), max: formatNumber(o.max_weekly_hours, 0) })}</span>
                      </span>
                      <span class="row-sub">{t('office.coverage.weekOf', { day: shortDate(`${o.week_start}T12:00:00+08:00`) })}</span>
                    </OpenRow>
                  ))}
                </ul>
              </section>
            </div>
            <section class="card" data-testid="gaps">
              <h2>{t('office.coverage.gapsTitle', { n: c.unstaffed.length })}</h2>
              {c.unstaffed.length === 0 && <p>{t('ops.roster.noGaps')}</p>}
              <ul class="plain single">
                {c.unstaffed.map((g) => (
                  <Gap key={g.shift_id} gap={g} />
                ))}
              </ul>
            </section>
          </div>
        </>
      )}
    </section>
  )
}
