/** Gate routes (services/registry/registry/access/gates/router.py, office_router.py). */
import type { GateBundle } from '../gate/bundle'
import type { Direction, Reason } from '../gate/rules'
import { request, revalidate } from './client'

export interface GateRead {
  id: string
  community_id: string
  name: string
  volunteers: string[]
}

export interface GateCheck {
  gate_id: string
  token?: string
  pass_number?: string
  direction: Direction
}

export interface GateVerdict {
  verdict: 'allow' | 'deny'
  reason: Reason | null
  message: string
  pass_id: string | null
  pass_number: string | null
  pass_status: string | null
  household_id: string | null
  address: string | null
  valid_until: string | null
  next_allowed_at: string | null
  fever: boolean
}

export interface PassageRecord extends GateCheck {
  client_id: string
  temperature: number
  mask: boolean
  note?: string
  /** On a fever: the household member it is (GET /gate/passes/{id}/members). */
  person_id?: string
}

export interface PassageRead extends GateVerdict {
  log_id: string
  client_id: string
  duplicate: boolean
}

export interface OfflinePassage extends PassageRecord {
  occurred_at: string
  verdict: 'allow' | 'deny'
  reason: Reason | null
  /** Uploaded by another volunteer (shift change): the username of who logged it. */
  recorded_by?: string
}

export interface BatchResult {
  accepted: string[]
  duplicates: string[]
  rejected: { index: number; client_id: string | null; errors: string[] }[]
  flagged: { client_id: string; server_reason: string; message: string }[]
  /** Accepted, but `recorded_by` is no volunteer posted at the gate: kept as the uploader's. */
  unverified_recorders?: string[]
}

export interface VisitorCreate {
  client_id: string
  gate_id: string
  kind: 'visitor' | 'courier' | 'returnee'
  name: string
  phone: string
  purpose?: string
  visiting?: string
  household_id?: string | null
  from_city?: string
  transport?: string
  arrival_date?: string | null
  temperature: number
}

export const listGates = () => request<GateRead[]>('/gate/gates', { timeoutMs: 8000 })

export const verifyPass = (check: GateCheck) =>
  request<GateVerdict>('/gate/verify', { json: check, timeoutMs: 2500 })

export const recordPassage = (record: PassageRecord) =>
  request<PassageRead>('/gate/logs', { json: record, timeoutMs: 5000 })

export const uploadPassages = (logs: OfflinePassage[], token: string) =>
  request<BatchResult>('/gate/logs:batch', { json: { logs }, token, timeoutMs: 20000 })

/** With `etag` (the stored bundle's, for the same `since`): `notModified` while it is current. */
export const fetchBundle = (communityId: string, since?: number, etag?: string) =>
  revalidate<GateBundle>('/gate/bundle', {
    query: { community_id: communityId, since },
    ifNoneMatch: etag,
    timeoutMs: 15000,
  })

export const registerVisitor = (visitor: VisitorCreate, token?: string) =>
  request<unknown>('/gate/visitors', { json: visitor, ...(token ? { token } : {}), timeoutMs: 8000 })

export interface GateMember {
  person_id: string
  name: string // masked: 张*
  relation: string
  birth_year: number | null
}

export const passMembers = (passId: string, gateId: string) =>
  request<GateMember[]>(`/gate/passes/${passId}/members`, { query: { gate_id: gateId }, timeoutMs: 4000 })
