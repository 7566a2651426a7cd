/** The dispatch log 调度会 (services/registry/registry/operations/dispatch_meetings/router.py): twice-daily
 * meeting notes whose action items become tasks. */
import { request } from './client'
import type { Page } from './page'
import type { TaskRead } from './tasks'

export interface ActionItem {
  title: string
  assignee_worker_id?: string
  due_at?: string
}

export interface MeetingCreate {
  client_id: string
  chair: string
  attendees: string[]
  notes: string
  decisions: string[]
  action_items: ActionItem[]
}

export interface MeetingRead {
  id: string
  held_at: string
  local_date: string
  period: 'morning' | 'evening'
  chair: string
  attendees: string[]
  notes: string
  decisions: string[]
  tasks: TaskRead[]
}

export const listMeetings = () => request<Page<MeetingRead>>('/dispatch-meetings', { query: { limit: 20 } })

/** A retry with the same client_id answers the first note and never makes its tasks twice. */
export const recordMeeting = (body: MeetingCreate) => request<MeetingRead>('/dispatch-meetings', { json: body })
