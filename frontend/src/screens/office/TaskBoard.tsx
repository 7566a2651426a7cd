/** 任务派发: create a task (kind, place, who from the roster, due time) and follow them all: open,
 * in progress, overdue, mine, done; cancel one that is no longer needed. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { listBuildings } from '../../api/communities'
import { createTask, findTasks, TASK_KINDS, type TaskFilter } from '../../api/officeWork'
import { activeWorkers } from '../../api/roster'
import { changeTaskStatus, type TaskKind, type TaskRead } from '../../api/tasks'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { localToIso } from '../../staff/meetings'
import { communityOf, Loading, useLoad } from '../staff/common'
import { Refusal, useAction } from './parts'

const KEY = 'task:new'
type View = 'open' | 'in_progress' | 'overdue' | 'mine' | 'done' | 'all'
const VIEWS: View[] = ['open', 'in_progress', 'overdue', 'mine', 'done', 'all']

function filterOf(view: View, assignee: string): TaskFilter {
  const base = assignee ? { assignee_worker_id: assignee } : {}
  if (view === 'overdue') return { ...base, overdue: true }
  if (view === 'mine') return { ...base, mine: true }
  if (view === 'all') return base
  return { ...base, status: view }
}

function TaskForm({ onSaved }: { onSaved(task: TaskRead): void }) {
  const account = useAccount()
  const community = communityOf(account)
  const workers = useLoad(() => activeWorkers(), [])
  const buildings = useLoad(() => (community ? listBuildings(community) : Promise.resolve([])), [community])
  const [kind, setKind] = useState<TaskKind>('poster')
  const [title, setTitle] = useState('')
  const [place, setPlace] = useState('')
  const [building, setBuilding] = useState('')
  const [worker, setWorker] = useState('')
  const [due, setDue] = useState('')
  const [note, setNote] = useState('')
  const action = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!title.trim()) return
    const task = await action.run(() =>
      createTask({
        client_id: pendingClientId(KEY),
        kind,
        title: title.trim(),
        note: note.trim(),
        place: place.trim(),
        ...(building ? { building_id: building } : {}),
        ...(worker ? { assignee_worker_id: worker } : {}),
        ...(localToIso(due) ? { due_at: localToIso(due) } : {}),
      }),
    )
    if (!task) return
    settleClientId(KEY)
    setTitle('')
    setPlace('')
    setNote('')
    setDue('')
    onSaved(task)
  }
  return (
    <form class="card office-form" onSubmit={submit}>
      <h2>{t('office.task.new')}</h2>
      <fieldset>
        <legend>{t('office.task.kind')}</legend>
        <div class="segmented">
          {TASK_KINDS.map((k) => (
            <button key={k} type="button" aria-pressed={kind === k} data-kind={k} onClick={() => setKind(k)}>
              {t(`ops.tasks.kind.${k}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <label>
        {t('office.task.title')}
        <input name="task_title" maxLength={100} placeholder={t('office.task.titleExample')} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <div class="pair">
        <label>
          {t('office.task.place')}
          <input name="task_place" maxLength={100} placeholder={t('office.task.placeExample')} value={place} onInput={(e) => setPlace(e.currentTarget.value)} />
        </label>
        <label>
          {t('ops.disinfection.building')}
          <select name="task_building" value={building} onChange={(e) => setBuilding(e.currentTarget.value)}>
            <option value="">{t('office.task.noBuilding')}</option>
            {(buildings.data ?? []).map((b) => (
              <option key={b.id} value={b.id}>
                {b.compound_name} {b.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('office.task.assignee')}
        <select name="task_worker" value={worker} onChange={(e) => setWorker(e.currentTarget.value)}>
          <option value="">{t('ops.dispatch.noOwner')}</option>
          {(workers.data?.items ?? []).map((w) => (
            <option key={w.id} value={w.id}>
              {w.name} · {t(`ops.roster.kind.${w.kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('office.task.due')}
        <input type="datetime-local" name="task_due" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
      </label>
      <label>
        {t('office.task.note')}
        <textarea name="task_note" rows={2} maxLength={1000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <Refusal error={action.error ?? workers.error} />
      <button type="submit" class="primary big" data-testid="create-task" disabled={!title.trim() || action.busy}>
        {t('office.task.submit')}
      </button>
    </form>
  )
}

function TaskLine({ task, onChanged }: { task: TaskRead; onChanged(): void }) {
  const action = useAction()
  const [confirming, setConfirming] = useState(false)
  const cancel = async () => {
    if (await action.run(() => changeTaskStatus(task.id, 'cancelled'))) onChanged()
  }
  const live = task.status === 'open' || task.status === 'in_progress'
  return (
    <li class={`card ${task.overdue ? 'task-overdue' : ''}`} data-testid="board-task" data-title={task.title}>
      <div class="member-head">
        <span class="chip warn">{t(`ops.tasks.kind.${task.kind}`)}</span>
        <strong>{task.title}</strong>
        <span class={`chip ${task.status === 'done' ? 'ok' : task.overdue ? 'bad' : 'neutral'}`}>
          {task.overdue ? t('ops.tasks.overdue') : t(`ops.tasks.status.${task.status}`)}
        </span>
      </div>
      <p class="muted">
        {[task.place, task.assignee_name && t('ops.tasks.assignee', { name: task.assignee_name }), task.due_at && t('ops.tasks.due', { time: formatDateTime(task.due_at) })]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {task.status_note && <p class="note">{task.status_note}</p>}
      <Refusal error={action.error} />
      {live && !confirming && (
        <button type="button" class="link" onClick={() => setConfirming(true)}>
          {t('office.task.cancel')}
        </button>
      )}
      {live && confirming && (
        <div class="actions">
          <button type="button" class="danger" data-testid="confirm-cancel" disabled={action.busy} onClick={cancel}>
            {t('office.task.confirmCancel')}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            {t('office.task.keep')}
          </button>
        </div>
      )}
    </li>
  )
}

export default function TaskBoard() {
  useLang()
  const [view, setView] = useState<View>('open')
  const [assignee, setAssignee] = useState('')
  const [made, setMade] = useState<TaskRead | null>(null)
  const workers = useLoad(() => activeWorkers(), [])
  const tasks = useLoad(() => findTasks(filterOf(view, assignee)), [view, assignee])
  return (
    <section class="staff office">
      <div class="office-cols">
        <div>
          {made && (
            <p class="outcome-ok" role="status" data-testid="task-made">
              {t('office.task.made', { title: made.title })}
            </p>
          )}
          <TaskForm onSaved={(task) => { setMade(task); tasks.reload() }} />
        </div>
        <div>
          <div class="segmented wrap thirds" role="tablist">
            {VIEWS.map((v) => (
              <button key={v} type="button" role="tab" aria-selected={view === v} data-view={v} onClick={() => setView(v)}>
                {t(`office.task.view.${v}`)}
              </button>
            ))}
          </div>
          <label>
            {t('office.task.who')}
            <select name="filter_worker" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
              <option value="">{t('ops.tasks.all')}</option>
              {(workers.data?.items ?? []).map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <Problem error={tasks.error} />
          {tasks.loading && !tasks.data && <Loading />}
          {tasks.data && <p class="summary">{t('staff.count', { n: tasks.data.total })}</p>}
          <ul class="plain single">
            {(tasks.data?.items ?? []).map((task) => (
              <TaskLine key={task.id} task={task} onChanged={tasks.reload} />
            ))}
          </ul>
        </div>
      </div>
    </section>
  )
}
