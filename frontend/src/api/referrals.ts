/** Fever-clinic referrals 转诊 (services/registry/registry/health/referrals/router.py): the open list and
 * closing one with its outcome (naming the person when the gate could not). */
import { request } from './client'
import type { Page } from './page'

export type ReferralOutcome = 'ruled_out' | 'admitted' | 'centralized_quarantine' | 'other'
export const REFERRAL_OUTCOMES: ReferralOutcome[] = ['ruled_out', 'admitted', 'centralized_quarantine', 'other']

export interface ReferralRead {
  id: string
  household_id: string
  address: string
  person_id: string | null
  person_name: string | null
  source: 'follow_up' | 'gate' | 'gate_returnee' | 'self_report'
  /** null: a positive antigen self-test reported without a temperature. */
  temperature: number | null
  status: 'open' | 'closed'
  opened_at: string
  closed_at: string | null
  outcome: ReferralOutcome | null
  note: string
}

export const openReferrals = (communityId: string | undefined, offset = 0) =>
  request<Page<ReferralRead>>('/referrals', { query: { community_id: communityId, status: 'open', limit: 50, offset } })

export const closeReferral = (id: string, body: { outcome: ReferralOutcome; note: string; person_id?: string }) =>
  request<ReferralRead>(`/referrals/${id}/close`, { json: body })
