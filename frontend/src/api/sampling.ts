/** Sampling 采样登记 (registry `health/sampling`): the offline bundle, tubes, registrations in
 * batches (exactly once by client id), the missing list and knocks. */
import type { Arrangement, Point } from './testingRounds'
import { request, revalidate } from './client'

export interface BundleMember {
  person_id: string
  name: string
  birth_year: number | null
  arrangement: Arrangement | null
}

export interface BundleHousehold {
  household_id: string
  building_id: string
  building_name: string
  floor: number
  room: string
  card_number: string
  members: BundleMember[]
}

export interface SamplingBundle {
  round: { id: string; community_id: string; pool_size: number; status: string; name?: string; round_date?: string }
  points: Point[]
  households: BundleHousehold[]
  passes: { pass_id: string; household_id: string; person_id: string | null }[]
}

export interface PersonLookup {
  person_id: string
  name: string
  household_id: string
  community_id: string
  same_community: boolean
}

export type TubeReason = 'tube_other_round' | 'tube_full'

export interface TubeCheck {
  usable: boolean
  reason: TubeReason | null
  filled: number
  capacity: number
}

export interface Registration {
  client_id: string
  tube_barcode: string
  point_id: string | null
  person_id: string
  home: boolean
  confirm_visitor: boolean
  sampled_at: string
}

export type RejectReason = 'tube_other_round' | 'tube_full' | 'unknown_person' | 'other_community' | 'round_not_sampling'

export interface BatchAnswer {
  accepted: string[]
  duplicates: string[]
  rejected: { client_id: string; reason: RejectReason | string; detail: string }[]
  flagged: string[]
}

export type KnockOutcome = 'no_answer' | 'will_come' | 'refuses' | 'away'

export interface Knock {
  client_id: string
  household_id: string
  outcome: KnockOutcome
  note: string
  knocked_at: string
}

export interface MissingHousehold {
  household_id: string
  room: string
  missing: { person_id: string; name: string }[]
  last_knock: { outcome: KnockOutcome; note: string; knocked_at: string; knocked_by: string } | null
}

export interface MissingBuilding {
  building_id: string
  name: string
  expected: number
  sampled: number
  missing: number
  floors: { floor: number; households: MissingHousehold[] }[]
}

export interface MissingList {
  buildings: MissingBuilding[]
}

export const samplingBundle = (roundId: string, etag?: string) =>
  revalidate<SamplingBundle>(`/testing-rounds/${roundId}/sampling-bundle`, { ifNoneMatch: etag })

export const lookupPerson = (roundId: string, idNumber: string) =>
  request<PersonLookup>(`/testing-rounds/${roundId}/people:lookup`, { json: { id_number: idNumber } })

export const checkTube = (roundId: string, barcode: string) =>
  request<TubeCheck>(`/testing-rounds/${roundId}/tubes:check`, { json: { barcode } })

export const uploadRegistrations = (roundId: string, registrations: Registration[], token?: string | null) =>
  request<BatchAnswer>(`/testing-rounds/${roundId}/registrations:batch`, {
    json: { registrations },
    ...(token !== undefined ? { token } : {}),
  })

export const missingList = (roundId: string, buildingId?: string, floor?: number) =>
  request<MissingList>(`/testing-rounds/${roundId}/missing`, { query: { building_id: buildingId, floor } })

export const recordKnock = (roundId: string, knock: Knock, token?: string | null) =>
  request<unknown>(`/testing-rounds/${roundId}/knocks`, { json: knock, ...(token !== undefined ? { token } : {}) })

export interface FigureCounts {
  expected: number
  sampled: number
  excluded: number
  home_sampled: number
  missing: number
  knocked: number
  tubes: number
  positives: number
}

export interface Figures {
  round_id: string
  community_id: string
  name: string
  status: string
  visitors: number
  total: FigureCounts
  buildings: (FigureCounts & { building_id: string; name: string })[]
  /** point_id null: home sampling. */
  points: (FigureCounts & { point_id: string | null; name: string })[]
}

export const roundFigures = (roundId: string) => request<Figures>(`/testing-rounds/${roundId}/figures`)

export const figuresXlsxPath = (roundId: string) => `/testing-rounds/${roundId}/figures.xlsx`
