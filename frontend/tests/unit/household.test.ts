import { describe, expect, it } from 'vitest'
import type { RoundRead } from '../../src/api/deliveryRounds'
import type { HouseholdCard } from '../../src/api/householdCard'
import type { OrderDetail, TimelineEntry } from '../../src/api/orders'
import { loadCard, saveCard } from '../../src/household/cardStore'
import { ApiProblem, problemOf } from '../../src/api/problem'
import { cartCount, cartLines, cartTotalFen, roundOpen, setQuantity, suggestedRound, yuan } from '../../src/household/cart'
import { svgDataUrl } from '../../src/household/qr'
import { isFinal, trackingSteps } from '../../src/household/tracking'

function entry(status: TimelineEntry['status'], at: string, kind: TimelineEntry['kind'] = 'status'): TimelineEntry {
  return { kind, status, note: '', actor_role: 'partner', at, local_time: '' }
}

function order(status: OrderDetail['status'], timeline: TimelineEntry[], mode: 'gate' | 'door' = 'gate') {
  return { status, delivery_mode: mode, timeline, created_at: '2026-11-24T01:00:00Z' } as const
}

describe('trackingSteps', () => {
  it('a new order: placed done, the rest to come, ending at the gate', () => {
    const steps = trackingSteps(order('placed', [entry('placed', '2026-11-24T01:00:00Z')]))
    expect(steps.map((s) => s.key)).toEqual(['placed', 'accepted', 'packed', 'out_for_delivery', 'delivered_gate'])
    expect(steps.map((s) => s.done)).toEqual([true, false, false, false, false])
    expect(steps[0]).toMatchObject({ current: true, at: '2026-11-24T01:00:00Z' })
  })

  it('delivered to the gate: every step done with its time', () => {
    const times = ['01:00', '01:10', '01:20', '01:30', '01:40'].map((t) => `2026-11-24T${t}:00Z`)
    const timeline = (['placed', 'accepted', 'packed', 'out_for_delivery', 'delivered_gate'] as const).map((s, i) => entry(s, times[i]))
    const steps = trackingSteps(order('delivered_gate', timeline))
    expect(steps.every((s) => s.done)).toBe(true)
    expect(steps.map((s) => s.at)).toEqual(times)
    expect(steps[4]).toMatchObject({ key: 'delivered_gate', current: true })
    expect(isFinal('delivered_gate')).toBe(true)
  })

  it('a door-delivery order ends at the door', () => {
    const steps = trackingSteps(order('packed', [entry('accepted', 'a'), entry('packed', 'b')], 'door'))
    expect(steps.at(-1)?.key).toBe('delivered_door')
    expect(steps.map((s) => s.key)).toContain('delivered_gate') // the gate, where workers take it up
    expect(steps.map((s) => s.done)).toEqual([true, true, true, false, false, false])
    expect(isFinal('packed')).toBe(false)
    expect(isFinal('delivered_gate', 'door')).toBe(false) // still on its way to the door
    expect(isFinal('delivered_door', 'door')).toBe(true)
  })

  it('a rejected order stops there; other timeline kinds are ignored', () => {
    const steps = trackingSteps(order('rejected', [entry('placed', 'a', 'delivery_mode'), entry('rejected', 'b')]))
    expect(steps.map((s) => s.key)).toEqual(['placed', 'rejected'])
    expect(steps[1]).toMatchObject({ at: 'b', current: true, done: true })
  })
})

function round(id: string, hours: number, extra: Partial<RoundRead> = {}): RoundRead {
  const at = Date.parse('2026-11-24T02:00:00Z') + hours * 3600_000
  return {
    id,
    delivery_date: '2026-11-24',
    local_time: '10:00',
    delivers_at: new Date(at).toISOString(),
    cutoff_at: new Date(at - 2 * 3600_000).toISOString(),
    capacity_per_partner: 10,
    closed: false,
    status: 'open',
    partner_orders: 0,
    partner_remaining: 10,
    ...extra,
  }
}

describe('cart', () => {
  it('keeps quantities within 0..stock and 99, and drops zeros', () => {
    let cart = setQuantity({}, 'a', 3)
    cart = setQuantity(cart, 'b', 500)
    cart = setQuantity(cart, 'c', 5, 2)
    expect(cart).toEqual({ a: 3, b: 99, c: 2 })
    cart = setQuantity(cart, 'a', 0)
    expect(cartLines(cart)).toEqual([{ item_id: 'b', quantity: 99 }, { item_id: 'c', quantity: 2 }])
    expect(cartCount(cart)).toBe(101)
    expect(cartTotalFen({ a: 2, b: 1 }, { a: 150, b: 600 })).toBe(900)
    expect(yuan(1234)).toBe('¥12.34')
  })

  it('suggests the round the API names in a full or closed refusal', () => {
    const now = Date.parse('2026-11-24T00:00:00Z')
    expect(roundOpen(round('full', 0, { partner_remaining: 0 }), now)).toBe(false)
    expect(roundOpen(round('closed', 6, { status: 'closed', closed: true }), now)).toBe(false)
    const next = {
      id: 'next', delivery_date: '2026-11-25', local_time: '10:00', delivers_at: '2026-11-25T02:00:00Z',
      cutoff_at: '2026-11-24T14:00:00Z', local_cutoff: '2026-11-24 22:00',
    }
    const full = problemOf(409, { type: '/problems/delivery-round-full', title: '该配送批次已满', status: 409, next_round: next })
    expect(suggestedRound(full)).toEqual(next)
    const closedNone = problemOf(409, { type: '/problems/delivery-round-closed', title: '已截单', status: 409, next_round: null })
    expect(suggestedRound(closedNone)).toBeNull()
    expect(suggestedRound(new ApiProblem(404, '未找到', '/problems/not-found'))).toBeUndefined()
    expect(suggestedRound(new Error('x'))).toBeUndefined()
    const pastCutoff = round('late', 1)
    expect(roundOpen(pastCutoff, Date.parse(pastCutoff.cutoff_at) + 1)).toBe(false)
  })
})

describe('qr', () => {
  it('makes an image source of the API\'s (already scalable) markup', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33" class="segno"><path d="M4 4.5h7"/></svg>'
    expect(svgDataUrl(svg)).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`)
  })
})

describe('cardStore', () => {
  it('keeps the last card per household for offline use', async () => {
    const card = { household: { id: 'h1', address: '东苑 1栋 1单元 101' } } as unknown as HouseholdCard
    expect(await loadCard('h1')).toBeNull()
    await saveCard('h1', card, 1000)
    expect(await loadCard('h1')).toEqual({ card, savedAt: 1000 })
    expect(await loadCard('h2')).toBeNull()
  })
})
