/** The last household card this phone received, kept in IndexedDB (the shell's `kv` store) so the
 * pass QR and the rest of the card open with no network. One card per household. */
import type { HouseholdCard } from '../api/householdCard'
import { db } from '../offline/db'

export interface StoredCard {
  card: HouseholdCard
  savedAt: number
}

const key = (householdId: string) => `household.card:${householdId}`

export async function saveCard(householdId: string, card: HouseholdCard, now: number = Date.now()): Promise<void> {
  const stored: StoredCard = { card, savedAt: now }
  await (await db()).put('kv', stored, key(householdId))
}

export async function loadCard(householdId: string): Promise<StoredCard | null> {
  const stored = (await (await db()).get('kv', key(householdId))) as StoredCard | undefined
  return stored ?? null
}
