/** Household files (services/registry/registry/residents/households/router.py). */
import { request } from './client'

export type HouseholdStatus = 'normal' | 'home_quarantine' | 'sealed'

export interface MemberRead {
  id: string
  name: string
  relation: string
  id_number: string | null
  phone: string | null
  birth_date: string | null
  elderly: boolean
  lives_alone: boolean
  chronic_illness: boolean
  disability: boolean
  pregnant: boolean
}

export interface HouseholdDetail {
  id: string
  community_id: string
  building_id: string
  compound_name: string
  building_name: string
  unit: number
  floor: number
  room: string
  address: string
  card_number: string
  status: HouseholdStatus
  contact_phone: string | null
  member_count: number
  members: MemberRead[]
  revealed: boolean
}

export const getHousehold = (id: string) => request<HouseholdDetail>(`/households/${id}`)
