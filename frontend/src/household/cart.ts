/** The order being put together: quantities per catalog item, its total, and which delivery round
 * to suggest when the chosen one is full or closed (the API names it; pure, unit-tested). */
import type { NextRound, RoundRead } from '../api/deliveryRounds'
import { ApiProblem } from '../api/problem'

export const MAX_QUANTITY = 99
export type Cart = Readonly<Record<string, number>>

export function setQuantity(cart: Cart, itemId: string, quantity: number, stock = MAX_QUANTITY): Cart {
  const q = Math.max(0, Math.min(Math.floor(quantity), MAX_QUANTITY, stock))
  const next = { ...cart }
  if (q === 0) delete next[itemId]
  else next[itemId] = q
  return next
}

export function cartLines(cart: Cart): { item_id: string; quantity: number }[] {
  return Object.entries(cart)
    .filter(([, quantity]) => quantity > 0)
    .map(([item_id, quantity]) => ({ item_id, quantity }))
}

export function cartTotalFen(cart: Cart, prices: Readonly<Record<string, number>>): number {
  return Object.entries(cart).reduce((sum, [id, q]) => sum + (prices[id] ?? 0) * q, 0)
}

export function cartCount(cart: Cart): number {
  return Object.values(cart).reduce((sum, q) => sum + q, 0)
}

/** A round a resident can still order for (open, before its cutoff, room left for the partner). */
export function roundOpen(round: RoundRead, now: number = Date.now()): boolean {
  if (round.status !== 'open' || round.closed) return false
  if (Date.parse(round.cutoff_at) <= now) return false
  return round.partner_remaining === null || round.partner_remaining > 0
}

const ROUND_REFUSALS = ['/problems/delivery-round-full', '/problems/delivery-round-closed']

/** The round to suggest after a refusal: the API's `next_round` (null: no round can take it);
 * undefined when the error is not a full or closed round. */
export function suggestedRound(error: unknown): NextRound | null | undefined {
  if (!(error instanceof ApiProblem) || !ROUND_REFUSALS.includes(error.type)) return undefined
  const next = error.extension<NextRound | null>('next_round')
  return next && typeof next.id === 'string' ? next : null
}

/** 12.5 → "¥12.50" style money from fen. */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`
}
