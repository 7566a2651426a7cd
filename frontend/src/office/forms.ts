/** Pure helpers of the office forms: skills, ages, availability, schedule times. */
import type { AvailabilitySlot } from '../api/roster'
import { isoWeekday } from './dates'

/** "测温，驾驶 配送、测温" → ["测温", "驾驶", "配送"] (at most 20 characters each). */
export function splitSkills(text: string): string[] {
  return [...new Set(text.split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean))]
}

/** The birth year to send for a typed age (this local year minus the age), or null. */
export function birthYearOf(age: string, thisYear: number): number | null {
  const n = Number(age)
  return age.trim() && Number.isInteger(n) && n >= 14 && n <= 100 ? thisYear - n : null
}

/** A mainland mobile number typed with spaces or dashes → 11 digits, or null when it is not one. */
export function cleanMobile(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '')
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

/** True when a slot of `slots` covers a shift from `start` to `end` (local `HH:MM`) starting on
 * local day `day`; a shift or slot ending at or before its start runs past midnight. No slots:
 * nothing is known, so true. */
export function availableFor(slots: AvailabilitySlot[], day: string, start: string, end: string): boolean {
  if (slots.length === 0) return true
  const weekday = isoWeekday(day)
  const s = minutes(start)
  const e = minutes(end) <= s ? minutes(end) + 1440 : minutes(end)
  return slots.some((slot) => {
    if (!slot.weekdays.includes(weekday)) return false
    const a = minutes(slot.start)
    const b = minutes(slot.end) <= a ? minutes(slot.end) + 1440 : minutes(slot.end)
    return a <= s && e <= b
  })
}

/** "8:00, 16:00 20:30" → ["08:00", "16:00", "20:30"]; null when one is not a time of day or one
 * repeats. */
export function parseTimes(text: string): string[] | null {
  const parts = text.split(/[、,，;；\s]+/).filter(Boolean)
  const times: string[] = []
  for (const p of parts) {
    const m = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(p)
    if (!m) return null
    times.push(`${m[1].padStart(2, '0')}:${m[2]}`)
  }
  if (times.length === 0 || new Set(times).size !== times.length) return null
  return times.sort()
}

/** Names of places, one per line or separated by 、: distinct, blanks dropped. */
export function splitPlaces(text: string): string[] {
  return [...new Set(text.split(/[\n、;；]+/).map((p) => p.trim()).filter(Boolean))]
}
