/** Tasks 任务 (services/registry/registry/operations/tasks/router.py): posters, distribution, phone calls,
 * disinfection; grid workers and volunteers see and move their own. */
import { request } from './client'
import type { Page } from './page'

export type TaskKind = 'disinfection' | 'poster' | 'distribution' | 'phone_calls' | 'other'
export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled'

export interface TaskRead {
  id: string
  kind: TaskKind
  title: string
  note: string
  place: string
  building_id: string | null
  assignee_name: string
  due_at: string | null
  status: TaskStatus
  overdue: boolean
  status_note: string
  done_at: string | null
}

export interface TaskQuery {
  mine?: boolean
  status?: TaskStatus
  overdue?: boolean
  offset?: number
}

export const listTasks = (query: TaskQuery) =>
  request<Page<TaskRead>>('/tasks', { query: { limit: 50, ...query, mine: query.mine ? 'true' : undefined, overdue: query.overdue ? 'true' : undefined } })

export const getTask = (id: string) => request<TaskRead>(`/tasks/${id}`)

/** Asking for the status a task already has is a harmless retry. */
export const changeTaskStatus = (id: string, status: TaskStatus, note = '') =>
  request<TaskRead>(`/tasks/${id}/status`, { json: { status, note } })
