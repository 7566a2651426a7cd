/** 排班: one gate's week, day by day, each shift with who is on it (a tap opens it to put people
 * on); "fill this week from the templates" makes the missing shifts (again: nothing new). */
import '../../i18n/online' // first: the words these screens bring
import { useEffect, useState } from 'preact/hooks'
import { listGates } from '../../api/gate'
import { fillWeek, listShifts, type FillWeekResult, type Shift } from '../../api/roster'
import { navigate, queryParam } from '../../app/router'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { addDays, dayStartIso, isoWeekday, localDay, mondayOf, weekOf } from '../../office/dates'
import { communityOf, Loading, shortDate, useLoad } from '../staff/common'
import { OpenRow, Refusal, RosterTabs, useAction } from './parts'

function dayTitle(day: string): string {
  return `${shortDate(`${day}T12:00:00+08:00`)} ${t(`office.weekday.long.${isoWeekday(day)}`)}`
}

function ShiftRow({ shift }: { shift: Shift }) {
  const n = shift.workers.length
  const tone = n === 0 ? 'gap-nobody' : shift.staffed ? '' : 'gap-short'
  return (
    <OpenRow to={`/staff/roster/shifts/${shift.id}`} testId="week-shift" tone={tone}>
      <span class="row-main" data-date={shift.local_date} data-label={shift.label}>
        <strong>{shift.label}</strong>
        <span class={`chip ${shift.staffed ? 'ok' : 'bad'}`}>{t('office.shift.crew', { n, min: shift.min_workers })}</span>
      </span>
      <span class="row-sub">{n ? shift.workers.map((w) => w.name).join('、') : t('office.shift.nobody')}</span>
    </OpenRow>
  )
}

export default function ShiftWeek() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const gates = useLoad(() => listGates(), [])
  const [picked, setPicked] = useState(queryParam('gate') ?? '')
  const [week, setWeek] = useState(queryParam('week') ?? mondayOf(localDay()))
  const [filled, setFilled] = useState<FillWeekResult | null>(null)
  const fill = useAction()
  const gateId = picked || gates.data?.[0]?.id || '' // the first gate until one is picked
  useEffect(() => {
    if (gateId) navigate(`/staff/roster/week?gate=${gateId}&week=${week}`, true)
    setFilled(null)
    fill.clear()
  }, [gateId, week])
  const shifts = useLoad(
    () => (gateId ? listShifts({ gate_id: gateId, start: dayStartIso(week), end: dayStartIso(addDays(week, 7)) }) : Promise.resolve(null)),
    [gateId, week],
  )
  const days = weekOf(week)
  const byDay = (day: string) => (shifts.data?.items ?? []).filter((s) => s.local_date === day)

  const fillIt = async () => {
    const result = await fill.run(() => fillWeek(week, [gateId], community))
    if (result) {
      setFilled(result)
      shifts.reload()
    }
  }

  return (
    <section class="staff office">
      <RosterTabs current="/staff/roster/week" />
      <Problem error={gates.error} />
      <div class="office-cols">
        <label>
          {t('office.week.gate')}
          <select name="gate" value={gateId} onChange={(e) => setPicked(e.currentTarget.value)}>
            {(gates.data ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <div>
          <p class="summary" data-testid="week-range">
            {t('office.week.range', { from: shortDate(`${week}T12:00:00+08:00`), to: shortDate(`${addDays(week, 6)}T12:00:00+08:00`) })}
          </p>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setWeek(addDays(week, -7))}>
              ‹ {t('office.week.previous')}
            </button>
            <button type="button" class="secondary" onClick={() => setWeek(mondayOf(localDay()))}>
              {t('office.week.this')}
            </button>
            <button type="button" class="secondary" onClick={() => setWeek(addDays(week, 7))}>
              {t('office.week.next')} ›
            </button>
          </div>
        </div>
      </div>
      <button type="button" class="primary wide" data-testid="fill-week" disabled={!gateId || fill.busy} onClick={fillIt}>
        {t('office.week.fill')}
      </button>
      {filled && (
        <p class="outcome-ok" role="status" data-testid="filled">
          {t('office.week.filled', { created: filled.created, existing: filled.existing })}
        </p>
      )}
      <Refusal error={fill.error ?? shifts.error} />
      {shifts.loading && !shifts.data && <Loading />}
      {shifts.data && shifts.data.items.length === 0 && <p class="hint">{t('office.week.empty')}</p>}
      <div class="week-days">
        {days.map((day) => (
          <section key={day} class="day" data-testid="day" data-date={day}>
            <h3>{dayTitle(day)}</h3>
            <ul class="plain single">
              {byDay(day).map((s) => (
                <ShiftRow key={s.id} shift={s} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  )
}
