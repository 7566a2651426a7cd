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
  reason_code: string
  reason: string
}

/** The answer (202) when the start waits for a second account's approval (批量变更复核). */
export interface HeldForApproval {
  status: 'pending_approval'
  pending_approval_id: string
  message: string
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
export const startQuarantine = (body: QuarantineCreate) =>
  request<QuarantineDetail | HeldForApproval>('/quarantines', { json: body })

export const getQuarantine = (id: string) => request<QuarantineDetail>(`/quarantines/${id}`)

export const changeQuarantineEnd = (id: string, plannedEnd: string, reasonCode: string, reason: string) =>
  request<QuarantineDetail>(`/quarantines/${id}/end-date-changes`, {
    json: { planned_end_date: plannedEnd, reason_code: reasonCode, reason },
  })

export const releaseQuarantine = (id: string, reasonCode: string, note: string) =>
  request<QuarantineDetail>(`/quarantines/${id}/release`, { json: { reason_code: reasonCode, note } })

export const noticePath = (id: string) => `/quarantines/${id}/notice.pdf`
