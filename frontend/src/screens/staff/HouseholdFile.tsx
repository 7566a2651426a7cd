/** 住户档案: the address and status, members (masked as the API answers), flags, quarantine, pass,
 * recent screenings; and the next thing to do (screen it, take a quarantined member's temperature). */
import { getHousehold, type HouseholdDetail, type MemberRead } from '../../api/households'
import { householdPasses, type PassRead } from '../../api/passes'
import { activeQuarantines, type QuarantineRead } from '../../api/quarantines'
import { householdScreenings, type ScreeningRead } from '../../api/screenings'
import { Problem } from '../../components/Problem'
import { formatDate, formatDateTime, t, term, useLang } from '../../i18n'
import type { ScreenProps } from '../../routes'
import { QuarantineLink } from '../office/QuarantineLink'
import { BackButton, Flags, followUpPath, go, Loading, RiskBadge, useLoad } from './common'
import { SelfReportsToday } from './SelfReportsToday'

function Member({ member }: { member: MemberRead }) {
  return (
    <li class="member" data-testid="member">
      <div class="member-head">
        <strong>{member.name}</strong>
        <span class="muted">{term('relation', member.relation)}</span>
        <Flags person={member} />
      </div>
      <dl class="pii">
        <dt>{t('staff.household.idNumber')}</dt>
        <dd data-testid="id-number">{member.id_number ?? t('staff.none')}</dd>
        <dt>{t('staff.household.mobile')}</dt>
        <dd>{member.phone ?? t('staff.none')}</dd>
      </dl>
    </li>
  )
}

function QuarantineSection({ household }: { household: HouseholdDetail }) {
  const quarantines = useLoad(() => activeQuarantines(household.id), [household.id])
  const items: QuarantineRead[] = quarantines.data?.items ?? []
  const people = (q: QuarantineRead) =>
    q.person_id ? household.members.filter((m) => m.id === q.person_id) : household.members
  return (
    <section class="card" data-testid="quarantine">
      <h2>{t('staff.household.quarantine')}</h2>
      <Problem error={quarantines.error} />
      {!quarantines.loading && items.length === 0 && <p>{t('staff.household.noQuarantine')}</p>}
      {items.map((q) => (
        <div key={q.id} class="quarantine">
          <p>
            <span class="chip warn">{t(`staff.quarantine.${q.kind}`)}</span>{' '}
            {q.person_name ?? t('staff.household.wholeHousehold')}
            {q.place && ` · ${q.place}`}
          </p>
          <p class="muted">
            {t('staff.household.quarantineDates', { start: formatDate(q.start_date), end: formatDate(q.planned_end_date) })}
          </p>
          {people(q).map((m) => (
            <button
              key={m.id}
              type="button"
              class="secondary wide"
              onClick={() => go(followUpPath(q.id, m.id, m.name, household.address))}
            >
              {t('staff.household.followUp', { name: m.name })}
            </button>
          ))}
        </div>
      ))}
    </section>
  )
}

function passLine(pass: PassRead): string {
  return `${pass.number} · ${t(`staff.household.pass.${pass.effective_status}`)}`
}

function PassSection({ householdId }: { householdId: string }) {
  const passes = useLoad(() => householdPasses(householdId), [householdId])
  const current = (passes.data?.items ?? []).filter((p) => p.status !== 'revoked')
  return (
    <section class="card" data-testid="pass">
      <h2>{t('staff.household.pass')}</h2>
      <Problem error={passes.error} />
      {!passes.loading && current.length === 0 && <p>{t('staff.household.noPass')}</p>}
      {current.map((p) => (
        <p key={p.id}>
          <span class={`chip ${p.effective_status === 'active' ? 'ok' : 'bad'}`}>{passLine(p)}</span>{' '}
          <span class="muted">{t('staff.household.passValid', { date: formatDate(p.valid_until) })}</span>
        </p>
      ))}
    </section>
  )
}

function ScreeningLine({ screening }: { screening: ScreeningRead }) {
  return (
    <li>
      <span class="muted">{formatDateTime(screening.screened_at)}</span>{' '}
      {t(`staff.screening.method.${screening.method}`)} · {t(`staff.screening.outcome.${screening.outcome}`)}{' '}
      {screening.risk_level && <RiskBadge level={screening.risk_level} small />}
    </li>
  )
}

function ScreeningSection({ household }: { household: HouseholdDetail }) {
  const screenings = useLoad(() => householdScreenings(household.id), [household.id])
  const items = screenings.data?.items ?? []
  return (
    <section class="card" data-testid="screenings">
      <h2>{t('staff.household.screenings')}</h2>
      <Problem error={screenings.error} />
      {!screenings.loading && items.length === 0 && <p>{t('staff.household.noScreenings')}</p>}
      <ul class="plain">
        {items.map((s) => (
          <ScreeningLine key={s.id} screening={s} />
        ))}
      </ul>
      <button
        type="button"
        class="primary wide"
        onClick={() =>
          go(`/staff/screening/${household.id}?address=${encodeURIComponent(household.address)}`)
        }
      >
        {t('staff.household.screen')}
      </button>
    </section>
  )
}

export default function HouseholdFile({ params }: ScreenProps) {
  useLang()
  const household = useLoad(() => getHousehold(params.id), [params.id])
  const h = household.data
  return (
    <section class="staff">
      <BackButton to="/staff/search" />
      <Problem error={household.error} />
      {household.loading && !h && <Loading />}
      {h && (
        <>
          <header class="file-head">
            <h1 data-testid="address">{h.address}</h1>
            <p>
              <span class={`chip ${h.status === 'normal' ? 'ok' : 'bad'}`} data-testid="status">
                {t(`staff.household.status.${h.status}`)}
              </span>{' '}
              <span class="muted">{t('staff.household.card', { n: h.card_number })}</span>
            </p>
            {h.contact_phone && (
              <p>
                {t('staff.household.phone')}: {h.contact_phone}
              </p>
            )}
          </header>
          <QuarantineSection household={h} />
          <QuarantineLink householdId={h.id} />
          <SelfReportsToday householdId={h.id} />
          <section class="card">
            <h2>{t('staff.household.members', { n: h.member_count })}</h2>
            <ul class="plain">
              {h.members.map((m) => (
                <Member key={m.id} member={m} />
              ))}
            </ul>
            {!h.revealed && <p class="hint">{t('staff.household.masked')}</p>}
          </section>
          <PassSection householdId={h.id} />
          <ScreeningSection household={h} />
        </>
      )}
    </section>
  )
}
