/** Care list 关爱名单 (services/registry/registry/operations/care_list/router.py). */
import { request } from './client'
import type { Page } from './page'

export type CareCategory = 'elderly_alone' | 'chronic_illness' | 'disability' | 'pregnant' | 'quarantined_alone' | 'other'
export type CareNeed = 'medicine' | 'meals' | 'mobility'
export type CheckInWay = 'phone' | 'door'
export type CheckInOutcome = 'fine' | 'needs_help' | 'no_answer'

export interface CareEntry {
  id: string
  person_id: string
  name: string
  age: number | null
  household_id: string
  address: string
  categories: CareCategory[]
  reason: string
  cadence_days: number
  way: CheckInWay
  needs: CareNeed[]
  active: boolean
  escalated_at: string | null
  last_check_in_at: string | null
  last_outcome: CheckInOutcome | null
  due_on: string | null
}

export interface CheckInRead {
  id: string
  outcome: CheckInOutcome
  checked_at: string
  escalated: boolean
}

export const careEntries = (community: string | undefined, due: boolean, mine: boolean) =>
  request<Page<CareEntry>>('/care-list', {
    query: { community_id: community, due: due ? 'true' : undefined, mine: mine ? 'true' : undefined, limit: 200 },
  })

export const recordCheckIn = (entryId: string, body: { client_id: string; way: CheckInWay; outcome: CheckInOutcome; note: string }) =>
  request<CheckInRead>(`/care-list/${entryId}/check-ins`, { method: 'POST', json: body })
