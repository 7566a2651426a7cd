/** Results 检测结果 (registry `health/test_results`): the lab's file imported (dry run first),
 * positive tubes, the re-test list and the quarantine decision per household. */
import { upload } from './files'
import { request } from './client'
import type { Page } from './page'
import { itemsOf } from './testingRounds'

export interface ImportRowProblem {
  row: number
  message: string
  barcode?: string | null
  column?: string | null
}

export interface ResultsImport {
  dry_run: boolean
  rows: number
  applied?: boolean
  negatives?: number
  positives?: number
  invalid?: number
  problems: ImportRowProblem[]
  /** What an applied import set off (re-tests, watched buildings, households to decide). */
  effects?: Record<string, number>
  [key: string]: unknown
}

export interface PositivePerson {
  person_id: string
  name: string
  household_id: string
  building_name: string
  floor: number
  room: string
}

export interface PositiveHousehold {
  household_id: string
  building_name?: string
  floor?: number
  room?: string
  address?: string
  decision?: { decision: Decision; reason: string } | null
}

export interface PositiveTube {
  barcode: string
  result?: string
  result_at: string
  people: PositivePerson[]
  households: PositiveHousehold[]
}

export interface Retest {
  person_id: string
  name: string
  household_id: string
  building_name?: string
  floor?: number
  room?: string
  retested: boolean
  [key: string]: unknown
}

export type Decision = 'quarantine' | 'no_quarantine'

export const importResults = (roundId: string, file: File, dryRun: boolean) =>
  upload<ResultsImport>(`/testing-rounds/${roundId}/results:import?dry_run=${dryRun}`, file)

export const listPositives = async (roundId: string) =>
  itemsOf(await request<Page<PositiveTube> | PositiveTube[]>(`/testing-rounds/${roundId}/positives`))

export const listRetests = async (roundId: string) =>
  itemsOf(await request<Page<Retest> | Retest[]>(`/testing-rounds/${roundId}/retests`))

export const decideHousehold = (roundId: string, householdId: string, decision: Decision, reason: string) =>
  request<unknown>(`/testing-rounds/${roundId}/retests/households/${householdId}/decision`, {
    json: { decision, reason },
  })
