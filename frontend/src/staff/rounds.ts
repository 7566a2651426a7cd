/** Which delivery round the pick list opens on: the one being delivered now or next. */

export interface RoundTime {
  id: string
  delivers_at: string
}

/** A round stays "current" this long after its delivery time (carriers are still on the stairs). */
export const ROUND_GRACE_MS = 3 * 60 * 60 * 1000

export function currentRound<T extends RoundTime>(rounds: readonly T[], now: number): T | null {
  if (rounds.length === 0) return null
  const sorted = [...rounds].sort((a, b) => Date.parse(a.delivers_at) - Date.parse(b.delivers_at))
  return sorted.find((r) => Date.parse(r.delivers_at) + ROUND_GRACE_MS > now) ?? sorted[sorted.length - 1]
}

/** 'today' or 'tomorrow' for a round's local delivery date (YYYY-MM-DD), else null. */
export function dayWord(deliveryDate: string, today: string): 'today' | 'tomorrow' | null {
  if (deliveryDate === today) return 'today'
  const next = new Date(`${today}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10) === deliveryDate ? 'tomorrow' : null
}
