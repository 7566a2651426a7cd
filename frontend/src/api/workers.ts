/** The roster of people who work (services/registry/registry/operations/workers/router.py), phones masked,
 * and the gates' coverage (shifts/coverage). */
import { request } from './client'
import type { Page } from './page'

export type WorkerKind = 'staff' | 'grid_worker' | 'volunteer'

export interface WorkerRead {
  id: string
  name: string
  kind: WorkerKind
  category: string
  category_name: string
  age: number | null
  phone: string | null
  skills: string[]
  availability_note: string
  has_account: boolean
  active: boolean
}

export const listWorkers = (query: { q?: string; kind?: WorkerKind; offset?: number }) =>
  request<Page<WorkerRead>>('/workers', { query: { limit: 50, active: 'true', ...query } })

export interface UncoveredShift {
  shift_id: string
  gate_name: string
  starts_at: string
  label: string
  assigned: number
  min_workers: number
  nobody: boolean
}

export interface OverHours {
  worker_id: string
  name: string
  hours: number
  max_weekly_hours: number
}

export interface NextShift {
  gate_id: string
  gate_name: string
  shift_id: string | null
  starts_at: string | null
  assigned: number
  min_workers: number
  staffed: boolean
}

export interface Coverage {
  unstaffed: UncoveredShift[]
  next_shifts: NextShift[]
  over_hours: OverHours[]
}

export const coverage = (communityId: string | undefined) =>
  request<Coverage>('/shifts/coverage', { query: { community_id: communityId } })
