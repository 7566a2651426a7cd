/** Passes 出入证 (services/registry/registry/access/passes/router.py). */
import { request } from './client'
import type { Page } from './page'

export interface PassRead {
  id: string
  household_id: string
  person_id: string | null
  number: string
  status: 'active' | 'suspended' | 'revoked'
  effective_status: 'active' | 'suspended' | 'revoked' | 'expired'
  address: string
  valid_from: string
  valid_until: string
  issued_at: string
}

export const householdPasses = (householdId: string) =>
  request<Page<PassRead>>('/passes', { query: { household_id: householdId, limit: 20 } })

/** The printable cards of a building's valid passes (A4: 8 per sheet; A6: one per page), for
 * `download()`. */
export const passCardsPath = (buildingId: string, layout: 'a4' | 'a6' = 'a4') =>
  `/passes/cards.pdf?building_id=${encodeURIComponent(buildingId)}&layout=${layout}`
