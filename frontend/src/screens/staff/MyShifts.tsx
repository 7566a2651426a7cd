/** 我的班次: a volunteer's (or grid worker's, or staff's) gate shifts of the next two weeks, with
 * check-in at the start and check-out at the end. */
import { useState } from 'preact/hooks'
import { checkIn, checkOut, myShifts, type MyShift } from '../../api/shifts'
import { Problem } from '../../components/Problem'
import { formatDate, formatDateTime, t, useLang } from '../../i18n'
import { Loading, useLoad } from './common'

function ShiftCard({ shift, onChanged }: { shift: MyShift; onChanged(): void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const now = Date.now()
  const running = Date.parse(shift.starts_at) <= now && now < Date.parse(shift.ends_at)
  const act = async (action: (id: string) => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await action(shift.shift_id)
      onChanged()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <li class={`card shift ${running ? 'shift-now' : ''}`} data-testid="shift">
      <div class="shift-head">
        <strong>{formatDate(shift.local_date)}</strong>
        <strong class="shift-time">{shift.label}</strong>
        {running && <span class="chip ok">{t('ops.shifts.now')}</span>}
      </div>
      <p class="shift-gate">{shift.gate_name}</p>
      <p class="muted">
        {shift.colleagues.length ? t('ops.shifts.with', { names: shift.colleagues.join('、') }) : t('ops.shifts.alone')}
      </p>
      {shift.checked_in_at && <p class="done-line">{t('ops.shifts.checkedIn', { time: formatDateTime(shift.checked_in_at) })}</p>}
      {shift.checked_out_at && <p class="done-line">{t('ops.shifts.checkedOut', { time: formatDateTime(shift.checked_out_at) })}</p>}
      <Problem error={error} />
      {!shift.checked_in_at && (
        <button type="button" class="primary big" data-testid="check-in" disabled={busy} onClick={() => act(checkIn)}>
          {t('ops.shifts.checkIn')}
        </button>
      )}
      {shift.checked_in_at && !shift.checked_out_at && (
        <button type="button" class="secondary big" data-testid="check-out" disabled={busy} onClick={() => act(checkOut)}>
          {t('ops.shifts.checkOut')}
        </button>
      )}
    </li>
  )
}

export default function MyShifts() {
  useLang()
  const shifts = useLoad(myShifts, [])
  return (
    <section class="staff">
      <Problem error={shifts.error} />
      {shifts.loading && !shifts.data && <Loading />}
      {shifts.data && shifts.data.length === 0 && <p class="summary">{t('ops.shifts.none')}</p>}
      <ul class="plain">
        {(shifts.data ?? []).map((s) => (
          <ShiftCard key={s.shift_id} shift={s} onChanged={shifts.reload} />
        ))}
      </ul>
    </section>
  )
}
