/** One shift: who is on it (take someone off before they check in) and the roster to put people
 * on, those free at that time first; a refusal (already on another shift then, deactivated…)
 * shows the API's words. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { activeWorkers, assignToShift, fullCoverage, getShift, unassignFromShift, type Shift, type WorkerFull } from '../../api/roster'
import { ApiProblem } from '../../api/problem'
import { useAccount } from '../../auth/session'
import { formatDateTime, formatNumber, t, term, useLang } from '../../i18n'
import { addDays, mondayOf } from '../../office/dates'
import { availableFor } from '../../office/forms'
import type { ScreenProps } from '../../routes'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { BackButton, communityOf, Loading, shortDate, useLoad } from '../staff/common'
import { Refusal, useAction } from './parts'

const localTime = (iso: string) => formatDateTime(iso, false)

function Candidate({ worker, free, overHours, busy, refusal, onAssign }: {
  worker: WorkerFull
  refusal: unknown
  free: boolean
  overHours: number | null
  busy: boolean
  onAssign(): void
}) {
  return (
    <li class="worker-row" data-testid="candidate" data-name={worker.name}>
      <div>
        <strong>{worker.name}</strong>{' '}
        <span class="muted">
          {worker.category_name}
          {worker.age !== null && ` · ${t('ops.roster.age', { n: worker.age })}`}
          {worker.skills.length > 0 && ` · ${worker.skills.map((s) => term('skill', s)).join(t('terms.listSep'))}`}
        </span>
        <br />
        <span class={free ? 'muted' : 'warn-text'}>{free ? t('office.shift.free') : t('office.shift.notFree')}</span>
        {overHours !== null && <span class="late"> · {t('office.shift.over', { hours: formatNumber(overHours) })}</span>}
        {worker.availability_note && <span class="muted"> · {worker.availability_note}</span>}
      </div>
      <button type="button" class="primary" data-testid="assign" disabled={busy} onClick={onAssign}>
        {t('office.shift.assign')}
      </button>
      {refusal ? <div class="row-refusal"><Refusal error={refusal} /></div> : null}
    </li>
  )
}

export default function ShiftDetail({ params }: ScreenProps) {
  useLang()
  const account = useAccount()
  const loaded = useLoad(() => getShift(params.id), [params.id])
  const [changed, setChanged] = useState<Shift | null>(null)
  const shift = changed && changed.id === params.id ? changed : loaded.data
  const [q, setQ] = useState('')
  const [asked, setAsked] = useState('')
  const workers = useLoad(() => activeWorkers(asked), [asked])
  const week = shift ? mondayOf(shift.local_date) : null
  const cover = useLoad(
    () => (week ? fullCoverage(communityOf(account), week, addDays(week, 6)) : Promise.resolve(null)),
    [week],
  )
  const action = useAction()
  const [done, setDone] = useState<string | null>(null)
  const [refused, setRefused] = useState<{ workerId: string; error: unknown } | null>(null)

  if (!shift) return (
    <section class="staff">
      <BackButton to="/staff/roster/coverage" />
      <Refusal error={loaded.error} />
      {loaded.loading && <Loading />}
    </section>
  )

  const on = new Set(shift.workers.map((w) => w.worker_id))
  const over = new Map((cover.data?.over_hours ?? []).map((o) => [o.worker_id, o.hours]))
  const [start, end] = [localTime(shift.starts_at), localTime(shift.ends_at)]
  const candidates = (workers.data?.items ?? [])
    .filter((w) => !on.has(w.id))
    .map((w) => ({ worker: w, free: availableFor(w.availability, shift.local_date, start, end), over: over.get(w.id) ?? null }))
    .sort((a, b) => Number(b.free) - Number(a.free) || Number(a.over !== null) - Number(b.over !== null))

  const assign = async (w: WorkerFull) => {
    setDone(null)
    setRefused(null)
    const key = `assign:${shift.id}:${w.id}`
    const next = await action.run(async () => {
      try {
        return await assignToShift(shift.id, w.id, pendingClientId(key))
      } catch (err) {
        if (err instanceof ApiProblem) {
          settleClientId(key) // refused: nothing was made
          setRefused({ workerId: w.id, error: err })
          return undefined
        }
        throw err // no answer: the same client id goes with the retry
      }
    })
    if (next) {
      settleClientId(key)
      setChanged(next)
      setDone(t('office.shift.assigned', { name: w.name }))
      cover.reload()
    }
  }
  const unassign = async (workerId: string, name: string) => {
    setDone(null)
    setRefused(null)
    const next = await action.run(() => unassignFromShift(shift.id, workerId))
    if (next) {
      setChanged(next)
      setDone(t('office.shift.removed', { name }))
    }
  }

  return (
    <section class="staff office">
      <BackButton to="/staff/roster/coverage" />
      <header class="file-head">
        <h1 data-testid="shift-title" data-date={shift.local_date} data-label={shift.label}>
          {shift.gate_name} <small>{shortDate(`${shift.local_date}T12:00:00+08:00`)} {shift.label}</small>
        </h1>
        <p>
          <span class={`chip ${shift.staffed ? 'ok' : 'bad'}`} data-testid="shift-crew">
            {t('office.shift.crew', { n: shift.workers.length, min: shift.min_workers })}
          </span>{' '}
          <span class="muted">{t('office.shift.hours', { n: formatNumber(shift.hours) })}</span>
        </p>
      </header>
      {done && (
        <p class="outcome-ok" role="status" data-testid="shift-done">
          {done}
        </p>
      )}
      <Refusal error={action.error} />
      <div class="office-cols">
        <section class="card" data-testid="on-shift">
          <h2>{t('office.shift.onShift')}</h2>
          {shift.workers.length === 0 && <p class="late">{t('office.shift.nobody')}</p>}
          <ul class="plain single">
            {shift.workers.map((w) => (
              <li key={w.worker_id} class="worker-row" data-testid="on-shift-worker">
                <div>
                  <strong>{w.name}</strong>{' '}
                  <span class="muted">
                    {w.checked_in_at
                      ? t('ops.shifts.checkedIn', { time: formatDateTime(w.checked_in_at, false) })
                      : t(`office.category.${w.category}`)}
                  </span>
                </div>
                {!w.checked_in_at && (
                  <button type="button" class="secondary" disabled={action.busy} onClick={() => unassign(w.worker_id, w.name)}>
                    {t('office.shift.unassign')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
        <section class="card" data-testid="candidates">
          <h2>{t('office.shift.pick')}</h2>
          <form class="search-row" onSubmit={(e) => { e.preventDefault(); setAsked(q.trim()) }}>
            <input type="search" name="worker_q" placeholder={t('ops.roster.search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
            <button type="submit" class="primary">{t('staff.search.submit')}</button>
          </form>
          <Refusal error={workers.error} />
          {workers.loading && !workers.data && <Loading />}
          <ul class="plain single">
            {candidates.map((c) => (
              <Candidate key={c.worker.id} worker={c.worker} free={c.free} overHours={c.over} busy={action.busy}
                refusal={refused?.workerId === c.worker.id ? refused.error : null}
                onAssign={() => assign(c.worker)}
              />
            ))}
          </ul>
        </section>
      </div>
    </section>
  )
}
