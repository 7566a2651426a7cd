/** Screening 排查 (services/registry/registry/health/screenings/router.py). */
import { request } from './client'
import type { Page } from './page'

export type ScreeningMethod = 'door' | 'phone' | 'gate'
export type ScreeningOutcome = 'reached' | 'not_reached' | 'refused'
export type RiskLevel = 'low' | 'medium' | 'high'

export interface WorkListHousehold {
  household_id: string
  building_id: string
  address: string
  last_outcome: ScreeningOutcome | null
}

export interface ScreeningCreate {
  client_id: string
  household_id: string
  method: ScreeningMethod
  outcome: ScreeningOutcome
  outbreak_travel?: boolean
  case_contact?: boolean
  symptoms?: boolean
  note?: string
}

export interface ScreeningRead {
  id: string
  client_id: string
  round_id: string
  household_id: string
  address: string
  method: ScreeningMethod
  outcome: ScreeningOutcome
  outbreak_travel: boolean | null
  case_contact: boolean | null
  symptoms: boolean | null
  risk_level: RiskLevel | null
  note: string
  screened_by: string
  screened_at: string
}

export interface ScreeningRoundRead {
  id: string
  community_id: string
  number: number
  started_at: string
  started_by: string
}

export const workList = (communityId: string | undefined, offset = 0, limit = 50) =>
  request<Page<WorkListHousehold>>('/screenings/work-list', {
    query: { community_id: communityId, offset, limit },
  })

export const screeningRounds = (communityId: string | undefined) =>
  request<Page<ScreeningRoundRead>>('/screenings/rounds', {
    query: { community_id: communityId, limit: 1 },
  })

export const startRound = (communityId: string | undefined) =>
  request<ScreeningRoundRead>('/screenings/rounds', { json: { community_id: communityId ?? null } })

/** A retry with the same client_id answers the first record (200), never a second one. */
export const recordScreening = (form: ScreeningCreate) =>
  request<ScreeningRead>('/screenings', { json: form })

export const householdScreenings = (householdId: string, limit = 5) =>
  request<Page<ScreeningRead>>('/screenings', { query: { household_id: householdId, limit } })
