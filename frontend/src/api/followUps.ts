/** Follow-ups 随访 of people in quarantine (services/registry/registry/health/follow_ups/router.py). */
import { request } from './client'
import type { Page } from './page'
import type { QuarantineKind } from './quarantines'

export type FollowUpPeriod = 'morning' | 'evening'
export const SYMPTOMS = [
  'fever',
  'cough',
  'sore_throat',
  'fatigue',
  'shortness_of_breath',
  'diarrhea',
  'loss_of_taste_or_smell',
] as const
export type Symptom = (typeof SYMPTOMS)[number]

export interface DueFollowUp {
  quarantine_id: string
  person_id: string
  person_name: string
  household_id: string
  address: string
  kind: QuarantineKind
  planned_end_date: string
}

export interface DueFollowUpPage extends Page<DueFollowUp> {
  local_date: string
  period: FollowUpPeriod
}

export interface FollowUpCreate {
  client_id: string
  quarantine_id: string
  person_id: string
  temperature: number
  symptoms: Symptom[]
}

export interface FollowUpRead {
  id: string
  client_id: string
  person_name: string
  checked_at: string
  local_date: string
  period: FollowUpPeriod
  temperature: number
  symptoms: Symptom[]
  fever: boolean
  referral_id: string | null
}

export const dueFollowUps = (
  communityId: string | undefined,
  period: FollowUpPeriod | undefined,
  localDate?: string,
  offset = 0,
) =>
  request<DueFollowUpPage>('/follow-ups/due', {
    query: { community_id: communityId, period, local_date: localDate, offset, limit: 100 },
  })

export const recordFollowUp = (check: FollowUpCreate) =>
  request<FollowUpRead>('/follow-ups', { json: check })
