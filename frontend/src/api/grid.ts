/** Grid assignments 网格分工 (services/registry/registry/residents/assignments/router.py): which buildings,
 * or floors of one, each grid worker (an account, `user:<uuid>`) is responsible for. */
import { request } from './client'

export interface GridArea {
  subject: string
  community_id: string
  building_id: string
  building_name: string
  floor_from: number | null
  floor_to: number | null
}

export interface UncoveredArea {
  building_id: string
  building_name: string
  floor_from: number
  floor_to: number
  whole_building: boolean
  households: number
}

export interface WorkerLoad {
  subject: string
  buildings: number
  households: number
  areas: GridArea[]
}

export interface GridCoverage {
  community_id: string
  buildings: number
  households: number
  households_covered: number
  households_uncovered: number
  uncovered: UncoveredArea[]
  workers: WorkerLoad[]
}

export interface WorkerAreas {
  subject: string
  building_ids: string[]
  floors: { building_id: string; floor_from: number; floor_to: number }[]
}

export const gridCoverage = (communityId: string | undefined) =>
  request<GridCoverage>('/assignments/coverage', { query: { community_id: communityId } })

/** Several workers' areas in one step; refused (two responsible workers, or a floor left with
 * nobody) as a whole. */
export const setGridPlan = (communityId: string, workers: WorkerAreas[]) =>
  request<GridArea[]>('/assignments', { method: 'PUT', json: { community_id: communityId, workers } })

export interface AccountName {
  subject: string
  username: string
  display_name: string
}

/** The grid-worker accounts of a community by name (staff and admins): who each `subject` is. */
export const listGridWorkers = (communityId: string | undefined) =>
  request<AccountName[]>('/auth/grid-workers', { query: { community_id: communityId } })
