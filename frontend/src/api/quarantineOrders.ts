/** Starting, extending or shortening, and releasing quarantines 隔离
 * (services/registry/registry/health/quarantines/router.py); the door notice is a PDF (files.ts). */
import { request } from './client'
import type { QuarantineKind, QuarantineRead } from './quarantines'

export interface QuarantineCreate {
  client_id: string
  household_id: string
  person_id?: string
  kind: QuarantineKind
  place: string
  start_date?: string
  planned_end_date?: string
}

export interface QuarantineChange {
  previous_end_date: string
  planned_end_date: string
  reason: string
  changed_at: string
}

export interface QuarantineDetail extends QuarantineRead {
  people: { id: string; name: string }[]
  changes: QuarantineChange[]
  released_at: string | null
}

/** A retry with the same client_id answers the first record. */
export const startQuarantine = (body: QuarantineCreate) => request<QuarantineDetail>('/quarantines', { json: body })

export const getQuarantine = (id: string) => request<QuarantineDetail>(`/quarantines/${id}`)

export const changeQuarantineEnd = (id: string, plannedEnd: string, reason: string) =>
  request<QuarantineDetail>(`/quarantines/${id}/end-date-changes`, { json: { planned_end_date: plannedEnd, reason } })

export const releaseQuarantine = (id: string, note: string) =>
  request<QuarantineDetail>(`/quarantines/${id}/release`, { json: { note } })

export const noticePath = (id: string) => `/quarantines/${id}/notice.pdf`
