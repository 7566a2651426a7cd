/** Spreadsheet import of people (services/registry/registry/residents/imports/router.py). */
import { upload } from './files'

export interface ImportProblem {
  row: number
  column: string
  message: string
}

export interface ImportReport {
  dry_run: boolean
  rows: number
  valid_rows: number
  invalid_rows: number
  people_created: number
  people_updated: number
  people_unchanged: number
  households_created: number
  buildings_created: number
  compounds_created: number
  problems: ImportProblem[]
  problems_truncated: boolean
}

/** `dryRun`: the report of what would change, nothing written. Importing the same file twice
 * changes nothing (rows are upserted by ID number). */
export const importPeople = (file: File, dryRun: boolean, communityId?: string) =>
  upload<ImportReport>(
    `/imports/people?dry_run=${dryRun}${communityId ? `&community_id=${communityId}` : ''}`,
    file,
  )
