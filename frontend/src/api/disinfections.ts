/** Disinfection 消毒 (services/registry/registry/operations/disinfections/router.py): records, and the
 * day's scheduled places each done, pending, overdue or missed. */
import { request } from './client'
import type { Page } from './page'

export type PlaceKind = 'main_road' | 'building' | 'lift' | 'stairwell' | 'garbage_point' | 'other'
export const PLACE_KINDS: PlaceKind[] = ['lift', 'stairwell', 'building', 'main_road', 'garbage_point', 'other']
/** Kinds named by their building (the others by a place name). */
export const BUILDING_KINDS: PlaceKind[] = ['building', 'lift', 'stairwell']

export interface DisinfectionCreate {
  client_id: string
  place_kind: PlaceKind
  building_id?: string
  place: string
  agent: string
  concentration: string
  note: string
  /** The disinfection task this work completes: it is marked done with the record. */
  task_id?: string
}

export interface DisinfectionRead extends Omit<DisinfectionCreate, 'building_id' | 'task_id'> {
  id: string
  building_id: string | null
  task_id: string | null
  done_at: string
  done_by: string
}

export type OccurrenceState = 'done' | 'pending' | 'overdue' | 'missed'

export interface OccurrenceRead {
  schedule_id: string
  schedule_name: string
  place_kind: PlaceKind
  building_id: string | null
  place: string
  due_at: string
  state: OccurrenceState
}

/** A retry with the same client_id answers the first record. */
export const recordDisinfection = (body: DisinfectionCreate) =>
  request<DisinfectionRead>('/disinfections', { json: body })

export const todaysOccurrences = (communityId: string | undefined) =>
  request<Page<OccurrenceRead>>('/disinfections/occurrences', { query: { community_id: communityId, limit: 200 } })

export const recentDisinfections = (communityId: string | undefined) =>
  request<Page<DisinfectionRead>>('/disinfections', { query: { community_id: communityId, limit: 10 } })
