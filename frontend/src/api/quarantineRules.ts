/** A community's quarantine rule (services/registry/registry/health/quarantine_rules/router.py):
 * the default length, whether a household's self-report stands for a follow-up call, and the
 * bulk-change threshold past which a second account must approve (administrators set it). */
import { request } from './client'

export interface QuarantineRule {
  community_id: string
  default_days: number
  fever_threshold: number
  time_zone: string
  self_reports_replace_calls: boolean
  bulk_change_threshold: number
}

export interface QuarantineRuleChange {
  default_days?: number
  self_reports_replace_calls?: boolean
  bulk_change_threshold?: number
}

export const quarantineRule = (communityId: string) =>
  request<QuarantineRule>(`/quarantine-rules/${communityId}`)

export const setQuarantineRule = (communityId: string, change: QuarantineRuleChange) =>
  request<QuarantineRule>(`/quarantine-rules/${communityId}`, { method: 'PUT', json: change })
