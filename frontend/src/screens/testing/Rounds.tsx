/** 全员核酸: the community's rounds, newest first; the office plans a new one (date, pool size,
 * points with hours and tables). Samplers and grid workers open the sampler and missing list. */
import { useState } from 'preact/hooks'
import { type Round, createRound, listRounds } from '../../api/testingRounds'
import { useAccount } from '../../auth/session'
import { FieldProblem, Problem } from '../../components/Problem'
import { t, TIME_ZONE, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { POOL_SIZES, type FormProblem, type RoundForm, emptyPoint, newRoundForm, roundBody } from '../../testing/plan'
import { communityOf, go, Loading, useLoad } from '../staff/common'
import './testing.css'

const OFFICE = ['staff', 'admin']

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date())
}

function NewRound({ communityId, onCreated }: { communityId: string; onCreated(r: Round): void }) {
  const [form, setForm] = useState<RoundForm>(() => newRoundForm(today()))
  const [bad, setBad] = useState<FormProblem | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const set = (patch: Partial<RoundForm>) => setForm({ ...form, ...patch })
  const setPoint = (i: number, patch: Partial<RoundForm['points'][number]>) =>
    set({ points: form.points.map((p, j) => (j === i ? { ...p, ...patch } : p)) })
  const submit = async (e: Event) => {
    e.preventDefault()
    const body = roundBody(form, communityId)
    if (typeof body === 'string') return setBad(body)
    setBad(null)
    setBusy(true)
    setError(null)
    try {
      const round = await createRound(body, pendingClientId('testing-round'))
      settleClientId('testing-round')
      onCreated(round)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="card round-form" data-testid="new-round" onSubmit={submit}>
      <h2>{t('testing.new.title')}</h2>
      <label>{t('testing.new.name')}<input name="name" value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} /></label>
      <FieldProblem error={error} field="name" />
      <label>{t('testing.new.date')}<input type="date" name="round_date" value={form.round_date} onInput={(e) => set({ round_date: e.currentTarget.value })} /></label>
      <fieldset class="question">
        <legend>{t('testing.new.pool')}</legend>
        <div class="segmented">
          {POOL_SIZES.map((n) => (
            <button key={n} type="button" aria-pressed={form.pool_size === n} data-pool={n} onClick={() => set({ pool_size: n })}>
              {t('testing.pool', { n })}
            </button>
          ))}
        </div>
      </fieldset>
      <div class="two">
        <label>{t('testing.new.perSlot')}<input name="households_per_slot" inputMode="numeric" value={form.households_per_slot} onInput={(e) => set({ households_per_slot: e.currentTarget.value })} /></label>
        <label>{t('testing.new.minutes')}<input name="slot_minutes" inputMode="numeric" value={form.slot_minutes} onInput={(e) => set({ slot_minutes: e.currentTarget.value })} /></label>
      </div>
      {form.points.map((p, i) => (
        <fieldset key={i} class="point" data-testid="point">
          <legend>{t('testing.new.point', { n: i + 1 })}</legend>
          <label>{t('testing.new.pointName')}<input name={`point-${i}-name`} value={p.name} onInput={(e) => setPoint(i, { name: e.currentTarget.value })} /></label>
          <label>{t('testing.new.place')}<input name={`point-${i}-place`} value={p.place} onInput={(e) => setPoint(i, { place: e.currentTarget.value })} /></label>
          <div class="three">
            <label>{t('testing.new.opens')}<input type="time" name={`point-${i}-opens`} value={p.opens_at} onInput={(e) => setPoint(i, { opens_at: e.currentTarget.value })} /></label>
            <label>{t('testing.new.closes')}<input type="time" name={`point-${i}-closes`} value={p.closes_at} onInput={(e) => setPoint(i, { closes_at: e.currentTarget.value })} /></label>
            <label>{t('testing.new.tables')}<input name={`point-${i}-tables`} inputMode="numeric" value={p.tables} onInput={(e) => setPoint(i, { tables: e.currentTarget.value })} /></label>
          </div>
          {form.points.length > 1 && (
            <button type="button" class="secondary" onClick={() => set({ points: form.points.filter((_, j) => j !== i) })}>{t('testing.new.removePoint')}</button>
          )}
        </fieldset>
      ))}
      <button type="button" class="secondary" data-testid="add-point" onClick={() => set({ points: [...form.points, emptyPoint(form.points.length + 1)] })}>
        {t('testing.new.addPoint')}
      </button>
      {bad && <p class="problem" role="alert">{t(`testing.new.bad.${bad}`)}</p>}
      <Problem error={error} />
      <button type="submit" class="primary big" data-testid="create-round" disabled={busy}>{t('testing.new.create')}</button>
    </form>
  )
}

export default function Rounds() {
  useLang()
  const account = useAccount()
  const office = account !== null && OFFICE.includes(account.role)
  const rounds = useLoad(() => listRounds(communityOf(account)), [])
  const [creating, setCreating] = useState(false)
  return (
    <section class="staff testing" data-testid="rounds">
      {office && !creating && (
        <button type="button" class="primary big" data-testid="plan-round" onClick={() => setCreating(true)}>{t('testing.new.title')}</button>
      )}
      {office && creating && (
        <NewRound communityId={communityOf(account) ?? ''} onCreated={(r) => go(`/staff/testing/${r.id}`)} />
      )}
      <Problem error={rounds.error} />
      {rounds.loading && !rounds.data && <Loading />}
      {rounds.data && rounds.data.length === 0 && <p class="muted">{t('testing.rounds.none')}</p>}
      <ul class="plain rounds">
        {rounds.data?.map((r) => (
          <li key={r.id} class="card" data-testid="round-row">
            <strong>{r.name}</strong> <span class={`status status-${r.status}`}>{t(`testing.status.${r.status}`)}</span>
            <p class="muted">{r.round_date} · {t('testing.pool', { n: r.pool_size })} · {r.points.map((p) => p.name).join('、')}</p>
            <div class="row-actions">
              {office && <button type="button" class="secondary" onClick={() => go(`/staff/testing/${r.id}`)}>{t('testing.rounds.plan')}</button>}
              {r.status !== 'closed' && <button type="button" class="secondary" data-testid="open-sampler" onClick={() => go(`/sampling/${r.id}`)}>{t('testing.sampler.title')}</button>}
              {account?.role !== 'gate_volunteer' && <button type="button" class="secondary" onClick={() => go(`/staff/testing/${r.id}/missing`)}>{t('testing.missing.title')}</button>}
              {office && <button type="button" class="secondary" onClick={() => go(`/staff/testing/${r.id}/results`)}>{t('testing.results.title')}</button>}
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
