/** Mass testing rounds 全员核酸: planning (registry `health/testing_rounds`, docs/guides/testing-rounds.md). */
import type { Page } from './page'
import { request } from './client'

export type PoolSize = 1 | 5 | 10 | 20
export type RoundStatus = 'planned' | 'sampling' | 'closed'
export type Arrangement = 'excluded' | 'home_sampling'
export type BusyLevel = 'idle' | 'busy' | 'crowded'

export interface PointInput {
  name: string
  place: string
  opens_at: string // "08:00"
  closes_at: string
  tables: number
}

export interface Point extends PointInput {
  id: string
}

export interface RoundCreate {
  community_id?: string
  name: string
  round_date: string // YYYY-MM-DD
  pool_size: PoolSize
  households_per_slot?: number
  slot_minutes?: number
  points: PointInput[]
}

export interface Round {
  id: string
  community_id: string
  name: string
  round_date: string
  pool_size: PoolSize
  households_per_slot: number
  slot_minutes: number
  status: RoundStatus
  points: Point[]
}

export interface Slot {
  id: string
  building_id: string
  building_name: string
  point_id: string
  point_name: string
  from_floor: number
  to_floor: number
  starts_at: string
  ends_at: string
  households: number
}

export type SlotChange = Partial<Pick<Slot, 'point_id' | 'starts_at' | 'ends_at' | 'from_floor' | 'to_floor'>>

export interface ArrangedPerson {
  person_id: string
  name: string
  household_id: string
  building_id: string
  building_name: string
  floor: number
  room: string
  arrangement: Arrangement
  reason: string
  note: string
}

export interface Busyness {
  point_id: string
  name: string
  place: string
  opens_at: string
  closes_at: string
  tables: number
  registrations_10min: number
  level: BusyLevel
}

export interface MemberStatus {
  person_id?: string
  name: string
  sampled: boolean
  arrangement: Arrangement | null
  /** `pooled`: a pooled tube (混管): positive means a single-tube re-test is due (待复核). */
  latest_result: { result: string; sampled_at: string; pooled?: boolean } | null
}

/** The household card's testing section: `GET /testing-rounds/households/{id}/current`, and the
 * gateway card's `testing` (the same, points without ids, `available`/`problem` added). */
export interface HouseholdRound {
  household_id?: string
  available?: boolean
  round: { id: string; name: string; round_date: string; status: RoundStatus } | null
  slot: { point_id?: string; point_name: string; place: string; from_floor: number; to_floor: number; starts_at: string; ends_at: string } | null
  points: { point_id?: string; name: string; place: string; opens_at: string; closes_at: string; level: BusyLevel | string }[]
  members: MemberStatus[]
}

/** Lists are pages (`items`) in most routes; a bare array is taken too. */
export function itemsOf<T>(answer: Page<T> | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items
}

export const createRound = (body: RoundCreate, idempotencyKey: string) =>
  request<Round>('/testing-rounds', { json: body, idempotencyKey })

export const listRounds = async (communityId?: string) =>
  itemsOf(await request<Page<Round> | Round[]>('/testing-rounds', { query: { community_id: communityId } }))

export const getRound = (id: string) => request<Round>(`/testing-rounds/${id}`)

export const updateRound = (id: string, body: { name?: string; status?: RoundStatus }) =>
  request<Round>(`/testing-rounds/${id}`, { method: 'PATCH', json: body })

export const listSlots = async (id: string) =>
  itemsOf(await request<Page<Slot> | Slot[]>(`/testing-rounds/${id}/slots`))

export const updateSlot = (id: string, slotId: string, body: SlotChange) =>
  request<Slot>(`/testing-rounds/${id}/slots/${slotId}`, { method: 'PATCH', json: body })

export const listArrangements = async (id: string, arrangement?: Arrangement) =>
  itemsOf(
    await request<Page<ArrangedPerson> | ArrangedPerson[]>(`/testing-rounds/${id}/arrangements`, {
      query: { arrangement },
    }),
  )

export const arrange = (id: string, personId: string, body: { arrangement: Arrangement; reason: string; note: string }) =>
  request<ArrangedPerson>(`/testing-rounds/${id}/arrangements/${personId}`, { method: 'PUT', json: body })

export const unarrange = (id: string, personId: string) =>
  request<void>(`/testing-rounds/${id}/arrangements/${personId}`, { method: 'DELETE' })

export const pointBusyness = async (id: string) =>
  itemsOf(await request<Page<Busyness> | Busyness[]>(`/testing-rounds/${id}/points/busyness`))

export interface RoundNotice {
  notice_id: string
  title: string
  body: string
  url: string
  share_text: string
  published_at: string
}

export const publishNotice = (id: string) =>
  request<RoundNotice>(`/testing-rounds/${id}/notice`, { method: 'POST', json: {} })

export const posterPath = (id: string, buildingId: string) => `/testing-rounds/${id}/posters/${buildingId}`

export const householdRound = (householdId: string) =>
  request<HouseholdRound>(`/testing-rounds/households/${householdId}/current`)
