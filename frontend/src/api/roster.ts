/** The office side of the roster and the gate shifts (services/registry/registry/operations/workers/ and
 * shifts/): add and correct workers, shift templates, filling a week, putting people on shifts,
 * and the full coverage view. Phones come back masked; a blank phone in an update leaves it. */
import { request } from './client'
import type { Page } from './page'
import type { WorkerKind, WorkerRead } from './workers'

export type WorkerCategory =
  | 'retired_cadre'
  | 'veteran'
  | 'party_member'
  | 'social_worker'
  | 'resident_volunteer'
  | 'subdistrict_staff'

export const WORKER_CATEGORIES: WorkerCategory[] = [
  'retired_cadre',
  'veteran',
  'party_member',
  'social_worker',
  'resident_volunteer',
  'subdistrict_staff',
]
export const WORKER_KINDS: WorkerKind[] = ['volunteer', 'grid_worker', 'staff']

/** When someone can take shifts: ISO weekdays (1 = Monday), local `HH:MM`; an end at or before
 * the start runs past midnight. */
export interface AvailabilitySlot {
  weekdays: number[]
  start: string
  end: string
}

export interface WorkerFull extends WorkerRead {
  community_id: string
  birth_year: number | null
  availability: AvailabilitySlot[]
  account_username: string | null
  note: string
}

export interface WorkerFields {
  name: string
  kind: WorkerKind
  category: WorkerCategory
  birth_year?: number | null
  phone?: string | null
  skills: string[]
  availability: AvailabilitySlot[]
  availability_note: string
  account_username: string | null
  active: boolean
  note: string
}

export interface WorkerCreate extends WorkerFields {
  client_id: string
  age?: number
}

export const getWorker = (id: string) => request<WorkerFull>(`/workers/${id}`)

/** A retry with the same client_id answers the first record. */
export const createWorker = (body: WorkerCreate) => request<WorkerFull>('/workers', { json: body })

export const updateWorker = (id: string, body: Partial<WorkerFields>) =>
  request<WorkerFull>(`/workers/${id}`, { method: 'PATCH', json: body })

export const activeWorkers = (q?: string) =>
  request<Page<WorkerFull>>('/workers', { query: { limit: 200, active: 'true', q: q || undefined } })

export interface ShiftTemplate {
  id: string
  gate_id: string | null
  gate_name: string | null
  name: string
  start_time: string
  end_time: string
  crosses_midnight: boolean
  hours: number
  weekdays: number[]
  min_workers: number
  active: boolean
}

export interface ShiftTemplateCreate {
  community_id?: string
  gate_id?: string | null
  name: string
  start_time: string
  end_time: string
  weekdays: number[]
  min_workers: number
}

export const listTemplates = (communityId: string | undefined) =>
  request<ShiftTemplate[]>('/shift-templates', { query: { community_id: communityId } })

export const createTemplate = (body: ShiftTemplateCreate) => request<ShiftTemplate>('/shift-templates', { json: body })

export const setTemplateActive = (id: string, active: boolean) =>
  request<ShiftTemplate>(`/shift-templates/${id}`, { method: 'PATCH', json: { active } })

export interface ShiftWorker {
  worker_id: string
  name: string
  category: WorkerCategory
  checked_in_at: string | null
  checked_out_at: string | null
}

export interface Shift {
  id: string
  gate_id: string
  gate_name: string
  template_id: string | null
  starts_at: string
  ends_at: string
  local_date: string
  label: string
  hours: number
  min_workers: number
  staffed: boolean
  note: string
  workers: ShiftWorker[]
}

export interface FillWeekResult {
  created: number
  existing: number
  shifts: Shift[]
}

/** Filling a week twice makes nothing new (200 with every shift existing). */
export const fillWeek = (weekStart: string, gateIds: string[], communityId?: string) =>
  request<FillWeekResult>('/shifts/fill-week', {
    json: { week_start: weekStart, gate_ids: gateIds, ...(communityId ? { community_id: communityId } : {}) },
  })

export const listShifts = (query: { gate_id?: string; worker_id?: string; start: string; end: string }) =>
  request<Page<Shift>>('/shifts', { query: { limit: 200, ...query } })

export const getShift = (id: string) => request<Shift>(`/shifts/${id}`)

/** A retry with the same client_id answers 200 with the shift unchanged. */
export const assignToShift = (shiftId: string, workerId: string, clientId: string) =>
  request<Shift>(`/shifts/${shiftId}/assignments`, { json: { worker_id: workerId, client_id: clientId } })

export const unassignFromShift = (shiftId: string, workerId: string) =>
  request<Shift>(`/shifts/${shiftId}/assignments/${workerId}`, { method: 'DELETE' })

export interface UncoveredShift {
  shift_id: string
  gate_id: string
  gate_name: string
  starts_at: string
  ends_at: string
  label: string
  assigned: number
  min_workers: number
  nobody: boolean
  is_next: boolean
}

export interface NextShift {
  gate_id: string
  gate_name: string
  shift_id: string | null
  starts_at: string | null
  ends_at: string | null
  assigned: number
  min_workers: number
  staffed: boolean
}

export interface OverHours {
  worker_id: string
  name: string
  week_start: string
  hours: number
  max_weekly_hours: number
}

export interface CoverageSummary {
  gates: number
  shifts: number
  staffed_shifts: number
  unstaffed_shifts: number
  shifts_with_nobody: number
  gates_next_shift_unstaffed: number
  uncovered_hours: number
  workers_over_hours: number
  max_weekly_hours: number
}

export interface FullCoverage {
  summary: CoverageSummary
  unstaffed: UncoveredShift[]
  next_shifts: NextShift[]
  over_hours: OverHours[]
}

export const fullCoverage = (communityId: string | undefined, firstDay?: string, lastDay?: string) =>
  request<FullCoverage>('/shifts/coverage', {
    query: { community_id: communityId, first_day: firstDay, last_day: lastDay },
  })
