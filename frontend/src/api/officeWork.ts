/** The office side of tasks and disinfection (services/registry/registry/operations/tasks/ and
 * disinfections/): creating and correcting tasks, and recurring disinfection schedules. */
import { request } from './client'
import type { PlaceKind } from './disinfections'
import type { Page } from './page'
import type { TaskKind, TaskRead } from './tasks'

export const TASK_KINDS: TaskKind[] = ['poster', 'distribution', 'phone_calls', 'disinfection', 'other']

export interface TaskCreate {
  client_id: string
  kind: TaskKind
  title: string
  note: string
  place: string
  building_id?: string
  assignee_worker_id?: string
  due_at?: string
}

/** A retry with the same client_id answers the first task. */
export const createTask = (body: TaskCreate) => request<TaskRead>('/tasks', { json: body })

export interface TaskFilter {
  mine?: boolean
  overdue?: boolean
  status?: 'open' | 'in_progress' | 'done' | 'cancelled'
  assignee_worker_id?: string
  offset?: number
}

export const findTasks = (f: TaskFilter) =>
  request<Page<TaskRead>>('/tasks', {
    query: {
      limit: 50,
      status: f.status,
      assignee_worker_id: f.assignee_worker_id,
      offset: f.offset,
      mine: f.mine ? 'true' : undefined,
      overdue: f.overdue ? 'true' : undefined,
    },
  })

export interface ScheduleFields {
  name: string
  place_kind: PlaceKind
  times: string[]
  all_buildings: boolean
  building_ids: string[]
  places: string[]
  grace_minutes: number
  active: boolean
}

export interface ScheduleRead {
  id: string
  name: string
  place_kind: PlaceKind
  times: string[]
  all_buildings: boolean
  places: { building_id: string | null; place: string }[]
  grace_minutes: number
  active: boolean
  effective_from: string
}

export const listSchedules = (communityId: string | undefined) =>
  request<Page<ScheduleRead>>('/disinfections/schedules', { query: { community_id: communityId, limit: 200 } })

export const createSchedule = (body: ScheduleFields & { community_id?: string }) =>
  request<ScheduleRead>('/disinfections/schedules', { json: body })

/** Replaces the schedule: new times and places apply from now on. */
export const replaceSchedule = (id: string, body: ScheduleFields) =>
  request<ScheduleRead>(`/disinfections/schedules/${id}`, { method: 'PUT', json: body })
