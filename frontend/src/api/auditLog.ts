/** The audit log (services/registry/registry/oversight/audit_log/router.py): administrators only. */
import { request } from './client'
import { download } from './files'
import type { Page } from './page'

export interface AuditEvent {
  id: string
  at: string
  actor: string
  role: string
  action: string
  target_type: string
  target_id: string
  reason: string
  reason_code: string
  community_id: string | null
  household_id: string | null
  person_id: string | null
}

export interface AuditFilter {
  action?: string
  actor?: string
  household_id?: string
  person_id?: string
  since?: string
  until?: string
}

function query(filter: AuditFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<string, string>
}

export const auditEvents = (filter: AuditFilter, offset = 0) =>
  request<Page<AuditEvent>>('/audit-events', { query: { ...query(filter), limit: 50, offset } })

export function exportAuditEvents(filter: AuditFilter, reason: string): Promise<string> {
  const params = new URLSearchParams({ ...query(filter), reason })
  return download(`/audit-events/export.xlsx?${params}`, 'audit-log.xlsx')
}
