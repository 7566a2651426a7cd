/** The tracking timeline of an order: placed → accepted → packed → out for delivery → at the gate
 * drop point or at the door, each with the time it happened (pure, unit-tested). */
import type { OrderDetail, OrderStatus } from '../api/orders'

export type StepKey = 'placed' | 'accepted' | 'packed' | 'out_for_delivery' | 'delivered_gate' | 'delivered_door'

export interface Step {
  key: StepKey | 'rejected' | 'cancelled'
  /** When it happened (ISO), or null while still to come. */
  at: string | null
  done: boolean
  current: boolean
}

const FLOW: StepKey[] = ['placed', 'accepted', 'packed', 'out_for_delivery']
const FINAL: ReadonlySet<OrderStatus> = new Set(['delivered_gate', 'delivered_door', 'rejected', 'cancelled'])

export function isFinal(status: OrderStatus): boolean {
  return FINAL.has(status)
}

/** The steps to draw. A rejected or cancelled order ends where it stopped, with that as its last
 * step; otherwise the last step is the gate or the door, as the order's delivery mode says. */
export function trackingSteps(order: Pick<OrderDetail, 'status' | 'delivery_mode' | 'timeline' | 'created_at'>): Step[] {
  const reached = new Map<string, string>()
  reached.set('placed', order.created_at)
  for (const entry of order.timeline) {
    if (entry.kind === 'status' && !reached.has(entry.status)) reached.set(entry.status, entry.at)
  }
  if (order.status === 'rejected' || order.status === 'cancelled') {
    const steps: Step[] = FLOW.filter((k) => reached.has(k)).map((key) => ({
      key,
      at: reached.get(key) ?? null,
      done: true,
      current: false,
    }))
    steps.push({ key: order.status, at: reached.get(order.status) ?? null, done: true, current: true })
    return steps
  }
  const last: StepKey = order.status === 'delivered_door' || (order.status !== 'delivered_gate' && order.delivery_mode === 'door')
    ? 'delivered_door'
    : 'delivered_gate'
  const keys: StepKey[] = [...FLOW, last]
  const index = keys.indexOf(order.status as StepKey)
  return keys.map((key, i) => ({
    key,
    at: reached.get(key) ?? null,
    done: i <= index,
    current: i === index,
  }))
}
