/** Door deliveries 送货上门 (services/supplies/supplies/door_deliveries/router.py): the pick list
 * of a round and the hand-over; the community's rounds to pick from (delivery_rounds/router.py). */
import { request } from './client'
import type { RoundRead } from './deliveryRounds'
import type { OrderStatus } from './orders'

export interface PickItem {
  name: string
  unit: string
  quantity: number
}

export interface PickEntry {
  order_id: string
  household_id: string
  partner_id: string
  room: string
  status: OrderStatus
  door_reason: string
  carrier: string
  handed_over_at: string | null
  items: PickItem[]
}

export interface PickList {
  round_id: string
  delivery_date: string
  local_time: string
  door_orders: number
  handed_over: number
  compounds: {
    compound: string
    buildings: {
      building: string
      door_orders: number
      units: { unit: number; floors: { floor: number; entries: PickEntry[] }[] }[]
    }[]
  }[]
}

/** Statuses from which the door hand-over may be confirmed (service.HAND_OVER_FROM). */
export const HAND_OVER_FROM: OrderStatus[] = ['out_for_delivery', 'delivered_gate']

export const listRounds = (fromDate?: string, toDate?: string) =>
  request<RoundRead[]>('/delivery-rounds', { query: { from_date: fromDate, to_date: toDate } })

export const pickList = (roundId: string) => request<PickList>(`/delivery-rounds/${roundId}/pick-list`)

/** The Idempotency-Key makes a retried confirmation answer the first one. */
export const handOver = (orderId: string, note: string, idempotencyKey: string) =>
  request<unknown>(`/orders/${orderId}/hand-over`, { json: { note }, idempotencyKey })
