/** Household orders (supplies `/api/v1/orders`): place, read with the tracking timeline, cancel. */
import { request } from './client'

export type OrderStatus =
  | 'placed'
  | 'accepted'
  | 'rejected'
  | 'cancelled'
  | 'packed'
  | 'out_for_delivery'
  | 'delivered_gate'
  | 'delivered_door'

export interface TimelineEntry {
  kind: 'status' | 'delivery_mode' | 'shortage' | 'carrier' | 'group_buy'
  status: OrderStatus
  note: string
  actor_role: string
  at: string
  local_time: string
}

export interface OrderDetail {
  id: string
  partner_id: string
  round: { id: string; delivery_date: string; local_time: string }
  status: OrderStatus
  delivery_mode: 'gate' | 'door'
  door_reason: string
  lines: { id: string; item_name: string; unit: string; unit_price_fen: number; quantity: number; line_total_fen: number }[]
  total_fen: number
  refunded_fen: number
  payable_fen: number
  reason: string
  note: string
  created_at: string
  updated_at: string
  timeline: TimelineEntry[]
}

export interface OrderCreate {
  partner_id: string
  round_id: string
  lines: { item_id: string; quantity: number }[]
  note?: string
}

/** `idempotencyKey` is made once per intended order and kept for its retries. */
export const placeOrder = (body: OrderCreate, idempotencyKey: string) =>
  request<OrderDetail>('/orders', { json: body, idempotencyKey })

export const order = (id: string) => request<OrderDetail>(`/orders/${encodeURIComponent(id)}`)

export type OrderRead = Omit<OrderDetail, 'timeline'>

export const ownOrders = () => request<{ items: OrderRead[]; total: number }>('/orders', { query: { limit: 20 } })

export const cancelOrder = (id: string, idempotencyKey: string) =>
  request<OrderDetail>(`/orders/${encodeURIComponent(id)}/cancel`, { json: {}, idempotencyKey })
