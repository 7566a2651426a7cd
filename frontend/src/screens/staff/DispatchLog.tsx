/** 调度会: the twice-daily meeting notes, latest first, with their decisions and the tasks their
 * action items became; staff record a meeting (each action item: what, who, by when). */
import { useState } from 'preact/hooks'
import { listMeetings, recordMeeting, type ActionItem, type MeetingRead } from '../../api/dispatchMeetings'
import { listWorkers } from '../../api/workers'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDate, formatDateTime, t, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { lines, localToIso, names } from '../../staff/meetings'
import { Loading, useLoad } from './common'

const MANAGERS = ['staff', 'admin']
const KEY = 'dispatch:new'

interface Row {
  title: string
  worker: string
  due: string
}

const EMPTY_ROW: Row = { title: '', worker: '', due: '' }

function MeetingForm({ onSaved }: { onSaved(): void }) {
  const workers = useLoad(() => listWorkers({}), [])
  const [open, setOpen] = useState(false)
  const [chair, setChair] = useState('')
  const [attendees, setAttendees] = useState('')
  const [decisions, setDecisions] = useState('')
  const [rows, setRows] = useState<Row[]>([{ ...EMPTY_ROW }])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    const items: ActionItem[] = rows
      .filter((r) => r.title.trim())
      .map((r) => ({
        title: r.title.trim(),
        ...(r.worker ? { assignee_worker_id: r.worker } : {}),
        ...(localToIso(r.due) ? { due_at: localToIso(r.due) } : {}),
      }))
    try {
      await recordMeeting({
        client_id: pendingClientId(KEY),
        chair: chair.trim(),
        attendees: names(attendees),
        notes: '',
        decisions: lines(decisions),
        action_items: items,
      })
      settleClientId(KEY)
      setChair('')
      setAttendees('')
      setDecisions('')
      setRows([{ ...EMPTY_ROW }])
      setOpen(false)
      onSaved()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <details class="card publish" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('ops.dispatch.record')}</summary>
      <form onSubmit={submit}>
        <label>
          {t('ops.dispatch.chair')}
          <input name="chair" maxLength={100} value={chair} onInput={(e) => setChair(e.currentTarget.value)} />
        </label>
        <label>
          {t('ops.dispatch.attendees')}
          <input name="attendees" value={attendees} onInput={(e) => setAttendees(e.currentTarget.value)} />
        </label>
        <label>
          {t('ops.dispatch.decisions')}
          <textarea name="decisions" rows={4} value={decisions} onInput={(e) => setDecisions(e.currentTarget.value)} />
        </label>
        <fieldset>
          <legend>{t('ops.dispatch.actions')}</legend>
          {rows.map((r, i) => (
            <div key={i} class="action-row" data-testid="action-row">
              <input
                name="action-title"
                placeholder={t('ops.dispatch.actionTitle')}
                maxLength={100}
                value={r.title}
                onInput={(e) => setRow(i, { title: e.currentTarget.value })}
              />
              <select name="action-worker" value={r.worker} onChange={(e) => setRow(i, { worker: e.currentTarget.value })}>
                <option value="">{t('ops.dispatch.noOwner')}</option>
                {(workers.data?.items ?? []).map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
              <input type="datetime-local" name="action-due" value={r.due} onInput={(e) => setRow(i, { due: e.currentTarget.value })} />
            </div>
          ))}
          <button type="button" class="secondary wide" onClick={() => setRows([...rows, { ...EMPTY_ROW }])}>
            {t('ops.dispatch.addAction')}
          </button>
        </fieldset>
        <Problem error={error ?? workers.error} />
        <button type="submit" class="primary big" data-testid="record-meeting" disabled={busy}>
          {t('ops.dispatch.submit')}
        </button>
      </form>
    </details>
  )
}

function Meeting({ meeting }: { meeting: MeetingRead }) {
  return (
    <li class="card" data-testid="meeting">
      <h3>
        {formatDate(meeting.local_date)} {t(`staff.followUp.${meeting.period}`)}
      </h3>
      <p class="muted">
        {formatDateTime(meeting.held_at)}
        {meeting.chair && ` · ${t('ops.dispatch.chairedBy', { name: meeting.chair })}`}
        {meeting.attendees.length > 0 && ` · ${meeting.attendees.join('、')}`}
      </p>
      {meeting.decisions.length > 0 && (
        <ol class="decisions">
          {meeting.decisions.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ol>
      )}
      {meeting.notes && <p class="note">{meeting.notes}</p>}
      <ul class="plain">
        {meeting.tasks.map((task) => (
          <li key={task.id} class="meeting-task">
            <span class={`chip ${task.status === 'done' ? 'ok' : task.overdue ? 'bad' : 'warn'}`}>
              {t(`ops.tasks.status.${task.status}`)}
            </span>{' '}
            {task.title}
            <span class="muted">
              {task.assignee_name && ` · ${task.assignee_name}`}
              {task.due_at && ` · ${t('ops.tasks.due', { time: formatDateTime(task.due_at) })}`}
            </span>
          </li>
        ))}
      </ul>
    </li>
  )
}

export default function DispatchLog() {
  useLang()
  const account = useAccount()
  const manager = account ? MANAGERS.includes(account.role) : false
  const meetings = useLoad(listMeetings, [])
  return (
    <section class="staff">
      {manager && <MeetingForm onSaved={meetings.reload} />}
      <Problem error={meetings.error} />
      {meetings.loading && !meetings.data && <Loading />}
      {meetings.data && meetings.data.items.length === 0 && <p class="summary">{t('ops.dispatch.none')}</p>}
      <ul class="plain">
        {(meetings.data?.items ?? []).map((m) => (
          <Meeting key={m.id} meeting={m} />
        ))}
      </ul>
    </section>
  )
}
