/** 隔离管理 of one household: start a quarantine for the whole household or one member (home or
 * centralized, start and planned end, 14 days by default), extend or shorten it with a reason,
 * release it, and print the door notice (PDF) of a home quarantine. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { download } from '../../api/files'
import { getHousehold, type HouseholdDetail } from '../../api/households'
import {
  changeQuarantineEnd,
  noticePath,
  releaseQuarantine,
  startQuarantine,
  type QuarantineDetail,
} from '../../api/quarantineOrders'
import { activeQuarantines, type QuarantineKind, type QuarantineRead } from '../../api/quarantines'
import { formatDate, t, term, useLang } from '../../i18n'
import { addDays, daysBetween, isDay, localDay } from '../../office/dates'
import type { ScreenProps } from '../../routes'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { BackButton, go, Loading, useLoad } from '../staff/common'
import { Refusal, useAction } from './parts'
import { QUARANTINE_END, QUARANTINE_START, ReasonPicker, reasonReady } from '../../components/ReasonPicker'

export const QUARANTINE_DAYS = 14
const KINDS: QuarantineKind[] = ['home', 'centralized']

function StartForm({ household, onStarted }: { household: HouseholdDetail; onStarted(q: QuarantineDetail): void }) {
  const today = localDay()
  const [person, setPerson] = useState('')
  const [kind, setKind] = useState<QuarantineKind>('home')
  const [place, setPlace] = useState('')
  const [start, setStart] = useState(today)
  const [end, setEnd] = useState(addDays(today, QUARANTINE_DAYS))
  const [endTouched, setEndTouched] = useState(false)
  const [code, setCode] = useState('')
  const [why, setWhy] = useState('')
  const [held, setHeld] = useState(false)
  const action = useAction()
  const key = `quarantine:${household.id}`
  const ready =
    isDay(start) && isDay(end) && daysBetween(start, end) > 0 && (kind === 'home' || place.trim()) && reasonReady(code, why)

  const setStartDay = (day: string) => {
    setStart(day)
    if (!endTouched && isDay(day)) setEnd(addDays(day, QUARANTINE_DAYS))
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!ready) return
    const started = await action.run(() =>
      startQuarantine({
        client_id: pendingClientId(key),
        household_id: household.id,
        ...(person ? { person_id: person } : {}),
        kind,
        place: kind === 'centralized' ? place.trim() : '',
        start_date: start,
        planned_end_date: end,
        reason_code: code,
        reason: why.trim(),
      }),
    )
    if (started && 'pending_approval_id' in started) setHeld(true) // a retry finds the same approval
    else if (started) {
      settleClientId(key)
      onStarted(started)
    }
  }
  return (
    <form class="card office-form" onSubmit={submit} data-testid="start-quarantine">
      <h2>{t('office.quarantine.start')}</h2>
      <label>
        {t('office.quarantine.who')}
        <select name="quarantine_person" value={person} onChange={(e) => setPerson(e.currentTarget.value)}>
          <option value="">{t('office.quarantine.whole', { n: household.member_count })}</option>
          {household.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} · {term('relation', m.relation)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('office.quarantine.kind')}</legend>
        <div class="segmented">
          {KINDS.map((k) => (
            <button key={k} type="button" aria-pressed={kind === k} data-kind={k} onClick={() => setKind(k)}>
              {t(`staff.quarantine.${k}`)}
            </button>
          ))}
        </div>
      </fieldset>
      {kind === 'centralized' && (
        <label>
          {t('office.quarantine.place')}
          <input name="quarantine_place" maxLength={100} placeholder={t('office.quarantine.placeExample')} value={place} onInput={(e) => setPlace(e.currentTarget.value)} />
        </label>
      )}
      <div class="pair">
        <label>
          {t('office.quarantine.startDate')}
          <input type="date" name="start_date" value={start} onInput={(e) => setStartDay(e.currentTarget.value)} />
        </label>
        <label>
          {t('office.quarantine.plannedEnd')}
          <input
            type="date"
            name="planned_end_date"
            value={end}
            onInput={(e) => {
              setEnd(e.currentTarget.value)
              setEndTouched(true)
            }}
          />
        </label>
      </div>
      {isDay(start) && isDay(end) && (
        <p class="hint" data-testid="quarantine-days">
          {t('office.quarantine.days', { n: daysBetween(start, end) })}
        </p>
      )}
      <ReasonPicker name="start_reason" codes={QUARANTINE_START} code={code} text={why} onCode={setCode} onText={setWhy} />
      {held && <p class="note-box" data-testid="quarantine-held">{t('safeguards.held')}</p>}
      <Refusal error={action.error} />
      <button type="submit" class="danger big" data-testid="submit-quarantine" disabled={!ready || action.busy}>
        {t('office.quarantine.submit')}
      </button>
    </form>
  )
}

function Active({ quarantine, address, onChanged }: { quarantine: QuarantineRead; address: string; onChanged(message: string): void }) {
  const [mode, setMode] = useState<'change' | 'release' | null>(null)
  const [end, setEnd] = useState(quarantine.planned_end_date)
  const [reason, setReason] = useState('')
  const [code, setCode] = useState('')
  const [note, setNote] = useState('')
  const [printed, setPrinted] = useState<string | null>(null)
  const action = useAction()
  const delta = isDay(end) ? daysBetween(quarantine.planned_end_date, end) : 0
  const who = quarantine.person_name ?? t('staff.household.wholeHousehold')

  const change = async () => {
    if (await action.run(() => changeQuarantineEnd(quarantine.id, end, code, reason.trim())))
      onChanged(t(delta > 0 ? 'office.quarantine.extended' : 'office.quarantine.shortened', { who, date: formatDate(end) }))
  }
  const release = async () => {
    if (await action.run(() => releaseQuarantine(quarantine.id, code, note.trim()))) onChanged(t('office.quarantine.released', { who, address }))
  }
  const print = async () => {
    const name = await action.run(() => download(noticePath(quarantine.id), `notice-${quarantine.id}.pdf`))
    if (name) setPrinted(name)
  }
  return (
    <li class="card" data-testid="active-quarantine">
      <p>
        <span class="chip warn">{t(`staff.quarantine.${quarantine.kind}`)}</span> <strong>{who}</strong>
        {quarantine.place && ` · ${quarantine.place}`}
      </p>
      <p class="muted">
        {t('staff.household.quarantineDates', { start: formatDate(quarantine.start_date), end: formatDate(quarantine.planned_end_date) })}
        {' · '}
        {t('office.quarantine.left', { n: Math.max(0, daysBetween(localDay(), quarantine.planned_end_date)) })}
      </p>
      {printed && <p class="outcome-ok">{t('office.quarantine.printed', { name: printed })}</p>}
      <div class="actions">
        <button type="button" class="secondary" aria-pressed={mode === 'change'} data-testid="change-end" onClick={() => setMode(mode === 'change' ? null : 'change')}>
          {t('office.quarantine.change')}
        </button>
        <button type="button" class="secondary" aria-pressed={mode === 'release'} data-testid="release" onClick={() => setMode(mode === 'release' ? null : 'release')}>
          {t('office.quarantine.release')}
        </button>
        {quarantine.kind === 'home' && (
          <button type="button" class="secondary" data-testid="print-notice" disabled={action.busy} onClick={print}>
            {t('office.quarantine.print')}
          </button>
        )}
      </div>
      {mode === 'change' && (
        <div class="move">
          <label>
            {t('office.quarantine.newEnd')}
            <input type="date" name="new_end" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
          </label>
          {delta !== 0 && (
            <p class="hint">{t(delta > 0 ? 'office.quarantine.longer' : 'office.quarantine.shorter', { n: Math.abs(delta) })}</p>
          )}
          <ReasonPicker name="change_reason" codes={QUARANTINE_END} code={code} text={reason} onCode={setCode} onText={setReason} />
          <button type="button" class="primary wide" data-testid="confirm-change" disabled={!reasonReady(code, reason) || delta === 0 || action.busy} onClick={change}>
            {t('office.quarantine.confirmChange')}
          </button>
        </div>
      )}
      {mode === 'release' && (
        <div class="move">
          <ReasonPicker name="release_reason" codes={QUARANTINE_END} code={code} text={note} onCode={setCode} onText={setNote} />
          <button type="button" class="primary wide" data-testid="confirm-release" disabled={!reasonReady(code, note) || action.busy} onClick={release}>
            {t('office.quarantine.confirmRelease', { who })}
          </button>
        </div>
      )}
      <Refusal error={action.error} />
    </li>
  )
}

export default function QuarantineOrders({ params }: ScreenProps) {
  useLang()
  const household = useLoad(() => getHousehold(params.id), [params.id])
  const active = useLoad(() => activeQuarantines(params.id), [params.id])
  const [message, setMessage] = useState<string | null>(null)
  const h = household.data
  const wholeActive = (active.data?.items ?? []).some((q) => q.person_id === null)
  const done = (text: string) => {
    setMessage(text)
    active.reload()
    household.reload()
  }
  return (
    <section class="staff office">
      <BackButton to={`/staff/households/${params.id}`} />
      <Refusal error={household.error ?? active.error} />
      {household.loading && !h && <Loading />}
      {h && (
        <>
          <header class="file-head">
            <h1 data-testid="address">{h.address}</h1>
            <span class={`chip ${h.status === 'normal' ? 'ok' : 'bad'}`} data-testid="status">
              {t(`staff.household.status.${h.status}`)}
            </span>
          </header>
          {message && (
            <div class="outcome-ok saved" role="status" data-testid="quarantine-done">
              {message}{' '}
              <button type="button" class="link" data-testid="to-file" onClick={() => go(`/staff/households/${h.id}`)}>
                {t('office.quarantine.toFile')}
              </button>
            </div>
          )}
          <div class="office-cols">
            <section>
              <h2>{t('office.quarantine.active')}</h2>
              {active.data?.items.length === 0 && <p>{t('staff.household.noQuarantine')}</p>}
              <ul class="plain single">
                {(active.data?.items ?? []).map((q) => (
                  <Active key={`${q.id}:${q.planned_end_date}`} quarantine={q} address={h.address} onChanged={done} />
                ))}
              </ul>
            </section>
            {!wholeActive && <StartForm household={h} onStarted={(q) => done(t('office.quarantine.started', { who: q.person_name ?? t('staff.household.wholeHousehold'), end: formatDate(q.planned_end_date) }))} />}
          </div>
        </>
      )}
    </section>
  )
}
