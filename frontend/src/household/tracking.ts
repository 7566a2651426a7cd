/** The tracking timeline of an order: placed → accepted → packed → out for delivery → at the gate
 * drop point; a door order (the household is in quarantine) goes on from the gate, where
 * community workers take it, to the door. Each step with the time it happened (pure,
 * unit-tested). */
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

/** Whether the order will change no more: a door order at the gate is still on its way up. */
export function isFinal(status: OrderStatus, mode: OrderDetail['delivery_mode'] = 'gate'): boolean {
  return FINAL.has(status) && !(status === 'delivered_gate' && mode === 'door')
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
  const door = order.delivery_mode === 'door' || order.status === 'delivered_door'
  const keys: StepKey[] = door ? [...FLOW, 'delivered_gate', 'delivered_door'] : [...FLOW, 'delivered_gate']
  const index = keys.indexOf(order.status as StepKey)
  return keys.map((key, i) => ({
    key,
    at: reached.get(key) ?? null,
    done: i <= index,
    current: i === index,
  }))
}
