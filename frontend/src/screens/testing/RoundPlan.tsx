/** One round for the office: status (planned → sampling → closed), the schedule notice, slots by
 * building (adjust one; the building's poster PDF), the home-sampling and excluded list, and the
 * figures with the XLSX. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { download } from '../../api/files'
import {
  type Point, type Round, type RoundStatus, type Slot, getRound, listSlots, posterPath, publishNotice, updateRound, updateSlot,
} from '../../api/testingRounds'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { atClock, clock, floorsText, slotsByBuilding } from '../../testing/plan'
import { BackButton, go, Loading, useLoad } from '../staff/common'
import { Arrangements, FiguresTable } from './RoundParts'
import './testing.css'

type Tab = 'slots' | 'arrangements' | 'figures'
const NEXT: Partial<Record<RoundStatus, RoundStatus>> = { planned: 'sampling', sampling: 'closed' }

function SlotEdit({ roundId, slot, points, onSaved, onCancel }: {
  roundId: string
  slot: Slot
  points: Point[]
  onSaved(): void
  onCancel(): void
}) {
  const [pointId, setPointId] = useState(slot.point_id)
  const [starts, setStarts] = useState(clock(slot.starts_at))
  const [ends, setEnds] = useState(clock(slot.ends_at))
  const [from, setFrom] = useState(String(slot.from_floor))
  const [to, setTo] = useState(String(slot.to_floor))
  const [error, setError] = useState<unknown>(null)
  const save = async () => {
    try {
      await updateSlot(roundId, slot.id, {
        point_id: pointId,
        starts_at: atClock(slot.starts_at, starts),
        ends_at: atClock(slot.ends_at, ends),
        from_floor: Number(from),
        to_floor: Number(to),
      })
      onSaved()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div class="slot-edit" data-testid="slot-edit">
      <label>{t('testing.slot.point')}
        <select name="point_id" value={pointId} onChange={(e) => setPointId(e.currentTarget.value)}>
          {points.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </label>
      <div class="two">
        <label>{t('testing.slot.starts')}<input type="time" name="starts_at" value={starts} onInput={(e) => setStarts(e.currentTarget.value)} /></label>
        <label>{t('testing.slot.ends')}<input type="time" name="ends_at" value={ends} onInput={(e) => setEnds(e.currentTarget.value)} /></label>
        <label>{t('testing.slot.fromFloor')}<input name="from_floor" inputMode="numeric" value={from} onInput={(e) => setFrom(e.currentTarget.value)} /></label>
        <label>{t('testing.slot.toFloor')}<input name="to_floor" inputMode="numeric" value={to} onInput={(e) => setTo(e.currentTarget.value)} /></label>
      </div>
      <Problem error={error} />
      <div class="picker-actions">
        <button type="button" class="secondary" onClick={onCancel}>{t('testing.cancel')}</button>
        <button type="button" class="primary" data-testid="slot-save" onClick={save}>{t('testing.save')}</button>
      </div>
    </div>
  )
}

function Slots({ round }: { round: Round }) {
  const slots = useLoad(() => listSlots(round.id), [round.id])
  const [editing, setEditing] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const poster = async (buildingId: string, name: string) => {
    setError(null)
    try {
      await download(posterPath(round.id, buildingId), `${name}-核酸时段.pdf`)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div data-testid="slots">
      <Problem error={slots.error ?? error} />
      {slots.loading && !slots.data && <Loading />}
      {slots.data && slotsByBuilding(slots.data).map((b) => (
        <section key={b.building_id} class="card building-slots" data-testid="building-slots">
          <h3>
            {b.building_name}
            <button type="button" class="secondary small" data-testid="poster" onClick={() => poster(b.building_id, b.building_name)}>{t('testing.slot.poster')}</button>
          </h3>
          <ul class="plain">
            {b.slots.map((s) => (
              <li key={s.id} data-testid="slot">
                <button type="button" class="slot-row" onClick={() => setEditing(editing === s.id ? null : s.id)}>
                  <strong>{clock(s.starts_at)}–{clock(s.ends_at)}</strong> {s.point_name} · {t('testing.slot.floors', { floors: floorsText(s.from_floor, s.to_floor) })} · <span class="nowrap">{t('testing.slot.households', { n: s.households })}</span>
                </button>
                {editing === s.id && (
                  <SlotEdit roundId={round.id} slot={s} points={round.points} onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); slots.reload() }} />
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}

export default function RoundPlan({ params }: { params: Record<string, string> }) {
  useLang()
  const round = useLoad(() => getRound(params.id), [params.id])
  const [tab, setTab] = useState<Tab>('slots')
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const r = round.data
  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true)
    setError(null)
    setNote(null)
    try {
      await work()
      setNote(done)
      round.reload()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  if (!r) return <section class="staff"><Problem error={round.error} />{round.loading && <Loading />}</section>
  const next = NEXT[r.status]
  return (
    <section class="staff testing" data-testid="round-plan">
      <BackButton to="/staff/testing" />
      <h2>{r.name} <span class={`status status-${r.status}`} data-testid="round-status">{t(`testing.status.${r.status}`)}</span></h2>
      <p class="muted">{r.round_date} · {t('testing.pool', { n: r.pool_size })} · {r.points.map((p) => `${p.name} ${clock(p.opens_at)}–${clock(p.closes_at)} ×${p.tables}`).join('、')}</p>
      <div class="row-actions">
        {next && (
          <button type="button" class="primary" data-testid="round-next" disabled={busy} onClick={() => (next !== 'closed' || confirm(t('testing.plan.closeAsk'))) && act(() => updateRound(r.id, { status: next }), t(`testing.status.${next}`))}>
            {t(`testing.plan.to.${next}`)}
          </button>
        )}
        <button type="button" class="secondary" data-testid="publish-notice" disabled={busy} onClick={() => act(() => publishNotice(r.id), t('testing.plan.noticeDone'))}>
          {t('testing.plan.notice')}
        </button>
        <button type="button" class="secondary" onClick={() => go(`/sampling/${r.id}`)}>{t('testing.sampler.title')}</button>
        <button type="button" class="secondary" onClick={() => go(`/staff/testing/${r.id}/missing`)}>{t('testing.missing.title')}</button>
        <button type="button" class="secondary" onClick={() => go(`/staff/testing/${r.id}/results`)}>{t('testing.results.title')}</button>
      </div>
      {note && <p class="outcome-ok" role="status" data-testid="plan-note">{note}</p>}
      <Problem error={error} />
      <div class="segmented" role="tablist">
        {(['slots', 'arrangements', 'figures'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} data-tab={k} onClick={() => setTab(k)}>{t(`testing.plan.tab.${k}`)}</button>
        ))}
      </div>
      {tab === 'slots' && <Slots round={r} />}
      {tab === 'arrangements' && <Arrangements roundId={r.id} />}
      {tab === 'figures' && <FiguresTable roundId={r.id} />}
    </section>
  )
}
