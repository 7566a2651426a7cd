/** Bulk status changes held for a second approval 批量变更复核
 * (services/registry/registry/oversight/bulk_approvals/router.py). */
import { request } from './client'
import type { Page } from './page'

export interface BulkApproval {
  id: string
  household_id: string
  address: string
  action: 'start_quarantine' | 'suspend_pass' | 'revoke_pass'
  reason_code: string
  reason: string
  requested_by: string
  requested_by_name: string
  requested_at: string
  status: 'pending' | 'approved' | 'rejected'
  decided_by: string | null
  decision_note: string
}

export const pendingApprovals = () =>
  request<Page<BulkApproval>>('/bulk-approvals', { query: { status: 'pending', limit: 200 } })

export const decideApproval = (id: string, decision: 'approve' | 'reject', note: string) =>
  request<BulkApproval>(`/bulk-approvals/${id}/${decision}`, { method: 'POST', json: { note } })
