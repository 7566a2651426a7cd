/** Quarantines (services/registry/registry/health/quarantines/router.py). */
import { request } from './client'
import type { Page } from './page'

export type QuarantineKind = 'home' | 'centralized'

export interface QuarantineRead {
  id: string
  household_id: string
  address: string
  person_id: string | null
  person_name: string | null
  kind: QuarantineKind
  place: string
  start_date: string
  planned_end_date: string
  status: 'active' | 'released'
}

export const activeQuarantines = (householdId: string) =>
  request<Page<QuarantineRead>>('/quarantines', {
    query: { household_id: householdId, status: 'active', limit: 20 },
  })
