/** Status changes and appeals 申诉 (services/registry/registry/oversight/appeals/router.py). */
import { request } from './client'
import type { Page } from './page'

export type AppealOutcome = 'upheld' | 'changed'

export interface AppealBrief {
  id: string
  status: 'open' | 'answered'
  outcome: AppealOutcome | null
  answer_note: string
  submitted_at: string
  answered_at: string | null
}

/** One status change locking the household in, as the card carries it. */
export interface StatusChange {
  record_type: 'quarantine' | 'pass'
  record_id: string
  kind: 'quarantine' | 'pass_suspended' | 'pass_revoked'
  person_name: string | null
  reason_code: string
  reason_label: string
  reason: string
  since: string
  until: string | null
  appeal: AppealBrief | null
}

export interface Appeal {
  id: string
  household_id: string
  address: string
  record_type: 'quarantine' | 'pass'
  record_id: string
  text: string
  phone: string | null
  status: 'open' | 'answered'
  outcome: AppealOutcome | null
  answer_note: string
  answered_at: string | null
  submitted_at: string
}

export interface AppealCreate {
  client_id: string
  record_type: 'quarantine' | 'pass'
  record_id: string
  text: string
  phone?: string
}

export const submitAppeal = (body: AppealCreate) => request<Appeal>('/appeals', { method: 'POST', json: body })

export const listAppeals = (status: 'open' | undefined) =>
  request<Page<Appeal>>('/appeals', { query: { status, limit: 200 } })

export const answerAppeal = (id: string, outcome: AppealOutcome, note: string) =>
  request<Appeal>(`/appeals/${id}/answer`, { method: 'POST', json: { outcome, note } })
