/** Delivery rounds (supplies `GET /api/v1/delivery-rounds`), with one partner's load in each. */
import { request } from './client'

export interface RoundRead {
  id: string
  delivery_date: string
  local_time: string
  delivers_at: string
  cutoff_at: string
  capacity_per_partner: number
  closed: boolean
  status: 'open' | 'closed'
  partner_orders: number | null
  partner_remaining: number | null
}

/** The next round that can take the order, as the API names it when it refuses one that is
 * full or closed (problem extension `next_round`; null when there is none). */
export interface NextRound {
  id: string
  delivery_date: string
  local_time: string
  delivers_at: string
  cutoff_at: string
  local_cutoff: string
}

/** Today's and tomorrow's rounds (community time) unless dates are given. */
export const deliveryRounds = (partnerId: string, fromDate?: string, toDate?: string) =>
  request<RoundRead[]>('/delivery-rounds', { query: { partner_id: partnerId, from_date: fromDate, to_date: toDate } })
