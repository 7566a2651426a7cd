/** The household card (gateway `GET /api/v1/household-card`, services/gateway/gateway/card/). */
import { request } from './client'
import type { CardSelfReport } from './selfReports'
import type { HouseholdRound } from './testingRounds'
import type { StatusChange } from './appeals'

export interface SectionProblem {
  type: string
  title: string
}

export interface CardPass {
  id: string
  number: string
  status: string
  effective_status: 'active' | 'suspended' | 'revoked' | 'expired' | string
  reason: string
  valid_from: string
  valid_until: string
  qr_svg: string | null
  qr_url: string
}

export interface CardOuting {
  can_go_out_now: boolean
  reason: 'quarantined' | 'curfew' | 'quota_used' | null
  message: string
  next_allowed_at: string | null
  quota: {
    scope: string
    exits_per_period: number
    period_days: number
    used: number
    left: number
    window_ends_at: string
  } | null
  curfew: string | null
}

export interface CardOrder {
  id: string
  partner_id: string
  partner_name: string
  status: string
  delivery_mode: 'gate' | 'door'
  door_reason: string
  delivery_date: string
  delivery_time: string
  item_count: number
  payable_fen: number
  created_at: string
  updated_at: string
}

export interface HouseholdCard {
  household: { id: string; community_id: string; address: string; card_number: string; status: string }
  members: { name: string; relation: string; id_number: string | null; phone: string | null; elderly: boolean }[]
  pass: CardPass | null
  outing: CardOuting
  quarantine: {
    in_quarantine: boolean
    end_date: string | null
    periods: { person_name: string | null; kind: string; start_date: string; planned_end_date: string }[]
  }
  notices: {
    available: boolean
    items: { id: string; title: string; body: string; pinned: boolean; published_at: string }[]
    problem: SectionProblem | null
  }
  orders: { available: boolean; items: CardOrder[]; problem: SectionProblem | null }
  /** The current testing round, when the gateway composes it into the card. */
  testing?: HouseholdRound | null
  /** Who has self-reported this morning / evening (自主上报). */
  self_report?: CardSelfReport | null
  /** Quarantines and withdrawn passes with their reasons and appeals (older cards lack it). */
  status_changes?: { available: boolean; items: StatusChange[]; problem: SectionProblem | null }
  generated_at: string
}

export const householdCard = () => request<HouseholdCard>('/household-card')
