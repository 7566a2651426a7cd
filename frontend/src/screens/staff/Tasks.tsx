/** 任务: open and in-progress tasks, soonest due first (grid workers and volunteers: their own),
 * started and finished with one tap each. */
import { useState } from 'preact/hooks'
import { changeTaskStatus, listTasks, type TaskRead, type TaskStatus } from '../../api/tasks'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { go, Loading, useLoad } from './common'

const MANAGERS = ['staff', 'admin']

async function openTasks(mine: boolean): Promise<TaskRead[]> {
  const [open, started] = await Promise.all([
    listTasks({ mine, status: 'open' }),
    listTasks({ mine, status: 'in_progress' }),
  ])
  const due = (task: TaskRead) => (task.due_at ? Date.parse(task.due_at) : Number.MAX_SAFE_INTEGER)
  return [...started.items, ...open.items].sort((a, b) => due(a) - due(b))
}

function TaskCard({ task, onChanged }: { task: TaskRead; onChanged(): void }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const move = async (status: TaskStatus) => {
    setBusy(true)
    setError(null)
    try {
      await changeTaskStatus(task.id, status)
      onChanged()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <li class={`card task ${task.overdue ? 'task-overdue' : ''}`} data-testid="task">
      <div class="member-head">
        <span class="chip warn">{t(`ops.tasks.kind.${task.kind}`)}</span>
        <strong>{task.title}</strong>
      </div>
      {task.place && <p>{task.place}</p>}
      <p class="muted">
        {task.due_at && (
          <span class={task.overdue ? 'late' : ''}>
            {task.overdue ? `${t('ops.tasks.overdue')} · ` : ''}
            {t('ops.tasks.due', { time: formatDateTime(task.due_at) })}
          </span>
        )}
        {task.assignee_name && ` · ${t('ops.tasks.assignee', { name: task.assignee_name })}`}
      </p>
      {task.note && <p class="note">{task.note}</p>}
      <Problem error={error} />
      <div class="segmented">
        {task.kind === 'disinfection' && (
          <button type="button" data-testid="task-record" onClick={() => go(`/staff/disinfections?task=${task.id}`)}>
            {t('ops.disinfection.recordThis')}
          </button>
        )}
        {task.status === 'open' && (
          <button type="button" data-testid="task-start" disabled={busy} onClick={() => move('in_progress')}>
            {t('ops.tasks.start')}
          </button>
        )}
        {task.status === 'in_progress' && (
          <button type="button" class="done" data-testid="task-done" disabled={busy} onClick={() => move('done')}>
            {t('ops.tasks.done')}
          </button>
        )}
      </div>
    </li>
  )
}

export default function Tasks() {
  useLang()
  const account = useAccount()
  const manager = account ? MANAGERS.includes(account.role) : false
  const [mine, setMine] = useState(!manager)
  const tasks = useLoad(() => openTasks(mine), [mine])
  return (
    <section class="staff">
      {manager && (
        <div class="segmented" role="tablist">
          <button type="button" role="tab" aria-selected={mine} onClick={() => setMine(true)}>
            {t('ops.tasks.mine')}
          </button>
          <button type="button" role="tab" aria-selected={!mine} onClick={() => setMine(false)}>
            {t('ops.tasks.all')}
          </button>
        </div>
      )}
      <Problem error={tasks.error} />
      {tasks.loading && !tasks.data && <Loading />}
      {tasks.data && tasks.data.length === 0 && <p class="summary">{t('ops.tasks.none')}</p>}
      <ul class="plain">
        {(tasks.data ?? []).map((task) => (
          <TaskCard key={task.id} task={task} onChanged={tasks.reload} />
        ))}
      </ul>
    </section>
  )
}
