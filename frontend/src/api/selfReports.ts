/** Self-reports 自主上报 from the household card (services/registry/registry/health/self_reports/). */
import { request } from './client'
import type { FollowUpPeriod, Symptom } from './followUps'
import type { Page } from './page'

export type AntigenResult = 'negative' | 'positive' | 'invalid'
export const ANTIGEN_RESULTS: AntigenResult[] = ['negative', 'positive', 'invalid']

export interface SelfReportCreate {
  client_id: string
  person_id: string
  temperature?: number
  symptoms: Symptom[]
  antigen_result?: AntigenResult
  antigen_lot?: string
}

export interface SelfReportRead {
  id: string
  person_id: string
  person_name: string
  reported_at: string
  local_date: string
  period: FollowUpPeriod
  temperature: number | null
  symptoms: Symptom[]
  antigen_result: AntigenResult | null
  antigen_lot: string
  fever: boolean
  replaces_call: boolean
  referral_id: string | null
}

/** The card's part (gateway `self_report`): each member and whether they reported this period. */
export interface CardSelfReport {
  available: boolean
  local_date: string | null
  period: FollowUpPeriod | null
  replaces_calls: boolean
  fever_threshold: number | null
  members: {
    person_id: string
    name: string
    in_quarantine: boolean
    reported: boolean
    temperature: number | null
    antigen_result: AntigenResult | null
    reported_at: string | null
    fever: boolean
  }[]
  problem: { type: string; title: string } | null
}

export const recordSelfReport = (body: SelfReportCreate) => request<SelfReportRead>('/self-reports', { json: body })

/** Staff: the self-reports of their area (a grid worker's buildings), newest first: a day's, or a
 * household's. */
export const listSelfReports = (filter: { communityId?: string; localDate?: string; householdId?: string }) =>
  request<Page<SelfReportRead>>('/self-reports', {
    query: { community_id: filter.communityId, local_date: filter.localDate, household_id: filter.householdId, limit: 50 },
  })
