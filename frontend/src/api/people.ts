/** People search (services/registry/registry/residents/people/router.py): name, pinyin initials, full
 * pinyin, building/unit/room, or an exact ID number or mobile number. Masked as the API answers. */
import { request } from './client'
import type { Page } from './page'

export interface PersonRead {
  id: string
  community_id: string
  household_id: string
  building_id: string
  address: string
  name: string
  relation: string
  id_number: string | null
  phone: string | null
  birth_date: string | null
  age: number | null
  elderly: boolean
  lives_alone: boolean
  chronic_illness: boolean
  disability: boolean
  pregnant: boolean
}

export interface PersonPage extends Page<PersonRead> {
  truncated: boolean
}

export interface PeopleQuery {
  q?: string
  building_id?: string
  unit?: number
  room?: string
  limit?: number
  offset?: number
}

export const searchPeople = (query: PeopleQuery) =>
  request<PersonPage>('/people', { query: { ...query } })
