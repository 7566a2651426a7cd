/** Local days of the community (Asia/Shanghai, UTC+8 all year) as `YYYY-MM-DD` strings. */
import { TIME_ZONE } from '../i18n'

const DAY_MS = 86_400_000

/** Today's local date, or the local date of `at`. */
export function localDay(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** `2026-11-24` + 14 → `2026-12-08` (calendar days, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10)
}

/** ISO weekday of a local date, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1
}

/** The Monday on or before `day`. */
export function mondayOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day))
}

/** The seven local dates from `start`. */
export function weekOf(start: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(start, i))
}

/** The instant a local day begins, for API filters (`2026-11-24T00:00:00+08:00`). */
export function dayStartIso(day: string): string {
  return `${day}T00:00:00+08:00`
}

/** Whole days from `a` to `b` (both local dates). */
export function daysBetween(a: string, b: string): number {
  const ms = (s: string) => {
    const [y, m, d] = s.split('-').map(Number)
    return Date.UTC(y, m - 1, d)
  }
  return Math.round((ms(b) - ms(a)) / DAY_MS)
}

export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
}
