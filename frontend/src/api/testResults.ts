/** Results 检测结果 (registry `health/test_results`): the lab's file imported (dry run first),
 * positive tubes, the re-test list and the quarantine decision per household. */
import { upload } from './files'
import { request } from './client'

export interface ImportRowProblem {
  row: number
  barcode: string
  message: string // in Chinese
}

/** What newly positive or invalid tubes set off. */
export interface SetOff {
  positive_tubes: number
  invalid_tubes: number
  retests_added: number
  households_listed: number
  buildings_watched: number
}

export interface ResultsImport {
  dry_run: boolean
  /** False: nothing was written (a dry run, or problems). */
  applied: boolean
  rows: number
  results_set: number
  unchanged: number
  problems: ImportRowProblem[]
  set_off: SetOff
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
  building_name: string
  floor: number
  room: string
  /** None: undecided. */
  decision: 'quarantined' | 'not_quarantined' | null
}

export interface PositiveTube {
  tube_id: string
  barcode: string
  result: 'positive' | 'invalid'
  result_at: string | null
  people: PositivePerson[]
  households: PositiveHousehold[]
}

export interface Retest extends PositivePerson {
  source_barcode: string
  source_result: string | null
  retested: boolean
  retest_barcode: string | null
  retest_result: string | null
  decision: 'quarantined' | 'not_quarantined' | null
  decided_by: string | null
}

export type Decision = 'quarantine' | 'no_quarantine'

export const importResults = (roundId: string, file: File, dryRun: boolean) =>
  upload<ResultsImport>(`/testing-rounds/${roundId}/results:import?dry_run=${dryRun}`, file)

export const listPositives = (roundId: string) => request<PositiveTube[]>(`/testing-rounds/${roundId}/positives`)

export const listRetests = (roundId: string) => request<Retest[]>(`/testing-rounds/${roundId}/retests`)

export const decideHousehold = (roundId: string, householdId: string, decision: Decision, reason: string) =>
  request<unknown>(`/testing-rounds/${roundId}/retests/households/${householdId}/decision`, {
    // a quarantine decided on a positive pool's household: the reason is the positive result
    json: decision === 'quarantine' ? { decision, reason, reason_code: 'positive_result' } : { decision, reason },
  })
