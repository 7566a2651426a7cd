/** 消毒登记: today's scheduled places (done, pending, overdue, missed) and the record form: kind
 * of place, building or place name, agent, concentration. A tap on a scheduled place fills it.
 * Opened from a disinfection task (`?task=<id>`), the record completes that task. */
import { useEffect, useState } from 'preact/hooks'
import { navigate, queryParam } from '../../app/router'
import { listBuildings } from '../../api/communities'
import {
  BUILDING_KINDS,
  PLACE_KINDS,
  recordDisinfection,
  todaysOccurrences,
  type DisinfectionRead,
  type OccurrenceRead,
  type PlaceKind,
} from '../../api/disinfections'
import { getTask, type TaskRead } from '../../api/tasks'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { communityOf, Loading, useLoad } from './common'

const KEY = 'disinfection:form'
const STATE_CHIP = { done: 'ok', pending: '', overdue: 'bad', missed: 'bad' } as const

interface Form {
  kind: PlaceKind
  buildingId: string
  place: string
  agent: string
  concentration: string
  note: string
}

const START: Form = { kind: 'lift', buildingId: '', place: '', agent: '84消毒液', concentration: '1:100', note: '' }

const ORDER = { overdue: 0, pending: 1, missed: 2, done: 3 } as const

/** The places still to do today (overdue first), then how many are done. */
function Schedule({ items, onPick }: { items: OccurrenceRead[]; onPick(o: OccurrenceRead): void }) {
  if (items.length === 0) return <p class="muted">{t('ops.disinfection.noSchedule')}</p>
  const todo = items
    .filter((o) => o.state !== 'done')
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || Date.parse(a.due_at) - Date.parse(b.due_at))
  const done = items.length - todo.length
  return (
    <>
      <ul class="rows">
        {todo.map((o) => (
          <li key={`${o.schedule_id}:${o.place}:${o.due_at}`}>
            <button type="button" class="row" data-testid="occurrence" data-state={o.state} onClick={() => onPick(o)}>
              <span class="row-main">
                <strong>{formatDateTime(o.due_at, false)}</strong> {o.place}
                <span class={`chip ${STATE_CHIP[o.state]}`}>{t(`ops.disinfection.state.${o.state}`)}</span>
              </span>
              <span class="row-sub">{o.schedule_name}</span>
            </button>
          </li>
        ))}
      </ul>
      <p class="muted" data-testid="done-count">{t('ops.disinfection.doneCount', { n: done, all: items.length })}</p>
    </>
  )
}

export default function DisinfectionForm() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const schedule = useLoad(() => todaysOccurrences(community), [community])
  const buildings = useLoad(() => (community ? listBuildings(community) : Promise.resolve([])), [community])
  const [form, setForm] = useState<Form>(START)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [saved, setSaved] = useState<DisinfectionRead | null>(null)
  const [taskId, setTaskId] = useState(() => queryParam('task'))
  const task = useLoad<TaskRead | null>(() => (taskId ? getTask(taskId) : Promise.resolve(null)), [taskId])
  useEffect(() => {
    if (task.data?.building_id) setForm((f) => ({ ...f, buildingId: task.data?.building_id ?? '' }))
  }, [task.data])
  const dropTask = () => {
    setTaskId(null)
    navigate('/staff/disinfections', true)
  }
  const byBuilding = BUILDING_KINDS.includes(form.kind)
  const ready = (byBuilding ? form.buildingId : form.place.trim()) && form.agent.trim() && form.concentration.trim()
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch })

  const pick = (o: OccurrenceRead) => {
    const inBuilding = o.building_id !== null
    setForm({ ...form, kind: o.place_kind, buildingId: o.building_id ?? '', place: inBuilding ? '' : o.place })
    setSaved(null)
    document.getElementById('disinfection-form')?.scrollIntoView()
  }

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!ready || busy) return
    setBusy(true)
    setError(null)
    try {
      const record = await recordDisinfection({
        client_id: pendingClientId(KEY),
        place_kind: form.kind,
        ...(byBuilding ? { building_id: form.buildingId } : {}),
        place: form.place.trim(),
        agent: form.agent.trim(),
        concentration: form.concentration.trim(),
        note: form.note.trim(),
        ...(taskId ? { task_id: taskId } : {}),
      })
      settleClientId(KEY)
      setSaved(record)
      if (taskId) dropTask() // done: the next record is not for it
      setForm({ ...form, buildingId: '', place: '', note: '', concentration: record.concentration })
      schedule.reload()
    } catch (err) {
      setError(err) // the client id stays: a retry answers the first record
    } finally {
      setBusy(false)
    }
  }

  const buildingName = (id: string | null) => {
    const b = (buildings.data ?? []).find((x) => x.id === id)
    return b ? `${b.compound_name} ${b.name}` : ''
  }

  return (
    <section class="staff">
      <h2>{t('ops.disinfection.schedule')}</h2>
      <Problem error={schedule.error} />
      {schedule.loading && !schedule.data ? <Loading /> : <Schedule items={schedule.data?.items ?? []} onPick={pick} />}
      <form id="disinfection-form" class="card" onSubmit={submit}>
        <h2>{t('ops.disinfection.record')}</h2>
        {saved && (
          <p class="outcome-ok" role="status" data-testid="disinfection-saved">
            {t('ops.disinfection.saved', {
              place: `${buildingName(saved.building_id)} ${t(`ops.disinfection.kind.${saved.place_kind}`)} ${saved.place}`.trim(),
              time: formatDateTime(saved.done_at, false),
            })}
            {saved.task_id && ` · ${t('ops.disinfection.taskDone')}`}
          </p>
        )}
        {taskId && task.data && (
          <p data-testid="disinfection-task">
            <span class="chip warn">{t('ops.disinfection.forTask', { title: task.data.title })}</span>
            <button type="button" class="link" onClick={dropTask}>
              {t('ops.disinfection.dropTask')}
            </button>
          </p>
        )}
        <Problem error={task.error} />
        <fieldset>
          <legend>{t('ops.disinfection.kind')}</legend>
          <div class="segmented wrap thirds">
            {PLACE_KINDS.map((k) => (
              <button key={k} type="button" aria-pressed={form.kind === k} data-kind={k} onClick={() => set({ kind: k })}>
                {t(`ops.disinfection.kind.${k}`)}
              </button>
            ))}
          </div>
        </fieldset>
        {byBuilding && (
          <label>
            {t('ops.disinfection.building')}
            <select name="building" value={form.buildingId} onChange={(e) => set({ buildingId: e.currentTarget.value })}>
              <option value="">{t('ops.disinfection.pickBuilding')}</option>
              {(buildings.data ?? []).map((b) => (
                <option key={b.id} value={b.id}>
                  {b.compound_name} {b.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t(byBuilding ? 'ops.disinfection.detail' : 'ops.disinfection.place')}
          <input name="place" maxLength={100} value={form.place} onInput={(e) => set({ place: e.currentTarget.value })} />
        </label>
        <div class="pair">
          <label>
            {t('ops.disinfection.agent')}
            <input name="agent" maxLength={50} value={form.agent} onInput={(e) => set({ agent: e.currentTarget.value })} />
          </label>
          <label>
            {t('ops.disinfection.concentration')}
            <input
              name="concentration"
              maxLength={20}
              placeholder="1:100"
              value={form.concentration}
              onInput={(e) => set({ concentration: e.currentTarget.value })}
            />
          </label>
        </div>
        <p class="hint">{t('ops.disinfection.concentrationHint')}</p>
        <label>
          {t('ops.disinfection.note')}
          <input name="note" maxLength={200} value={form.note} onInput={(e) => set({ note: e.currentTarget.value })} />
        </label>
        <Problem error={error} />
        <button type="submit" class="primary big" data-testid="record-disinfection" disabled={!ready || busy}>
          {t('ops.disinfection.submit')}
        </button>
      </form>
    </section>
  )
}
