/** Spreadsheet import of people (services/registry/registry/residents/imports/router.py). */
import { upload } from './files'

export interface ImportProblem {
  row: number
  column: string
  message: string
}

export interface NewBuilding {
  compound: string
  building: string
  units: number[]
  rows: number[]
  row_count: number
}

export interface NewUnit {
  compound: string
  building: string
  unit: number
  rows: number[]
  row_count: number
}

export interface IgnoredColumn {
  column: string
  header: string
  rows: number[]
  row_count: number
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
  new_buildings: NewBuilding[]
  new_units: NewUnit[]
  ignored_columns: IgnoredColumn[]
  problems: ImportProblem[]
  problems_truncated: boolean
}

/** `dryRun`: the report of what would change, nothing written. Importing the same file twice
 * changes nothing (rows are upserted by ID number). `createBuildings` false: rows naming an
 * unknown building are reported instead of making it. */
export const importPeople = (
  file: File,
  dryRun: boolean,
  communityId?: string,
  createBuildings = true,
) =>
  upload<ImportReport>(
    `/imports/people?dry_run=${dryRun}&create_buildings=${createBuildings}` +
      (communityId ? `&community_id=${communityId}` : ''),
    file,
  )
