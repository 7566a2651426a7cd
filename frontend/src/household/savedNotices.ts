/** The notices on the household card kept on this phone: what a resident can still read with no
 * network (the card holds the current ones, pinned first). */
import type { HouseholdCard } from '../api/householdCard'
import { loadCard } from './cardStore'

export type SavedNotice = HouseholdCard['notices']['items'][number]

export async function savedNotices(householdId: string | null | undefined): Promise<SavedNotice[]> {
  if (!householdId) return []
  return (await loadCard(householdId))?.card.notices.items ?? []
}
