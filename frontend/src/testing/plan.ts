/** Pure helpers of the planning screens: the new round's form, slots grouped by building, the
 * time of a slot, busyness words. */
import type { PointInput, PoolSize, RoundCreate, Slot } from '../api/testingRounds'

export const POOL_SIZES: PoolSize[] = [1, 5, 10, 20]

export interface RoundForm {
  name: string
  round_date: string
  pool_size: PoolSize
  households_per_slot: string
  slot_minutes: string
  points: { name: string; place: string; opens_at: string; closes_at: string; tables: string }[]
}

export function emptyPoint(n: number): RoundForm['points'][number] {
  return { name: `采样点${n}`, place: '', opens_at: '08:00', closes_at: '12:00', tables: '2' }
}

export function newRoundForm(date: string): RoundForm {
  return { name: `${date} 全员核酸`, round_date: date, pool_size: 10, households_per_slot: '20', slot_minutes: '10', points: [emptyPoint(1)] }
}

export type FormProblem = 'name' | 'date' | 'points' | 'pointName' | 'hours' | 'tables' | 'numbers'

/** The body to send, or what is wrong with the form. */
export function roundBody(form: RoundForm, communityId: string): RoundCreate | FormProblem {
  if (!form.name.trim()) return 'name'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.round_date)) return 'date'
  if (form.points.length === 0) return 'points'
  const perSlot = Number(form.households_per_slot)
  const minutes = Number(form.slot_minutes)
  if (!Number.isInteger(perSlot) || perSlot < 1 || !Number.isInteger(minutes) || minutes < 1) return 'numbers'
  const points: PointInput[] = []
  for (const p of form.points) {
    if (!p.name.trim()) return 'pointName'
    if (!/^\d{2}:\d{2}$/.test(p.opens_at) || !/^\d{2}:\d{2}$/.test(p.closes_at) || p.opens_at >= p.closes_at) return 'hours'
    const tables = Number(p.tables)
    if (!Number.isInteger(tables) || tables < 1) return 'tables'
    points.push({ name: p.name.trim(), place: p.place.trim(), opens_at: p.opens_at, closes_at: p.closes_at, tables })
  }
  return {
    community_id: communityId,
    name: form.name.trim(),
    round_date: form.round_date,
    pool_size: form.pool_size,
    households_per_slot: perSlot,
    slot_minutes: minutes,
    points,
  }
}

export interface BuildingSlots {
  building_id: string
  building_name: string
  slots: Slot[]
}

/** Slots by building, buildings in the order of their first slot, each building's by time. */
export function slotsByBuilding(slots: readonly Slot[]): BuildingSlots[] {
  const out = new Map<string, BuildingSlots>()
  const sorted = [...slots].sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.from_floor - b.from_floor)
  for (const s of sorted) {
    const b = out.get(s.building_id) ?? { building_id: s.building_id, building_name: s.building_name, slots: [] }
    b.slots.push(s)
    out.set(s.building_id, b)
  }
  return [...out.values()]
}

/** "08:00" of an instant or "HH:MM[:SS]" time, in Asia/Shanghai. */
export function clock(value: string): string {
  if (/^\d{2}:\d{2}/.test(value)) return value.slice(0, 5)
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(value))
}

/** An edited "HH:MM" on the slot's day, as the API's instant (Asia/Shanghai is UTC+8, no DST). */
export function atClock(original: string, hhmm: string): string {
  if (/^\d{2}:\d{2}/.test(original)) return hhmm
  const local = new Date(Date.parse(original) + 8 * 3600_000).toISOString().slice(0, 10)
  return new Date(`${local}T${hhmm}:00+08:00`).toISOString()
}

export function floorsText(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`
}
