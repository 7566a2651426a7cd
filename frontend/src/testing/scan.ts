/** What the sampler's camera read: a pass QR (signed token), a household card (its card number),
 * or a tube barcode. Pure: the sampling bundle is passed in. */
import type { BundleHousehold, BundleMember, SamplingBundle } from '../api/sampling'
import { parseToken } from '../gate/token'

export interface BundleIndex {
  bundle: SamplingBundle
  households: Map<string, BundleHousehold>
  byCard: Map<string, BundleHousehold>
  passes: Map<string, { household_id: string; person_id: string | null }>
  people: Map<string, { member: BundleMember; household: BundleHousehold }>
}

export function indexBundle(bundle: SamplingBundle): BundleIndex {
  const households = new Map<string, BundleHousehold>()
  const byCard = new Map<string, BundleHousehold>()
  const people = new Map<string, { member: BundleMember; household: BundleHousehold }>()
  for (const h of bundle.households) {
    households.set(h.household_id, h)
    if (h.card_number) byCard.set(h.card_number.trim().toUpperCase(), h)
    for (const m of h.members) people.set(m.person_id, { member: m, household: h })
  }
  const passes = new Map(bundle.passes.map((p) => [p.pass_id, { household_id: p.household_id, person_id: p.person_id }]))
  return { bundle, households, byCard, passes, people }
}

export type ScanResult =
  | { kind: 'household'; household: BundleHousehold; personId: string | null; via: 'pass' | 'card' }
  | { kind: 'tube'; barcode: string }
  | { kind: 'unknown_pass' }
  | { kind: 'unreadable' }

/** Tube labels: letters, digits and dashes, 4 to 40 (sample_tube.barcode). */
export const TUBE_PATTERN = /^[0-9A-Za-z-]{4,40}$/

export function classifyScan(raw: string, index: BundleIndex | null): ScanResult {
  const text = raw.trim()
  const token = parseToken(text)
  if (token) {
    if (!index) return { kind: 'unknown_pass' }
    const pass = index.passes.get(token.claims.passUuid) ?? index.passes.get(token.claims.passId)
    const householdId = pass?.household_id ?? token.claims.householdUuid
    const household = index.households.get(householdId)
    if (!household) return { kind: 'unknown_pass' }
    return { kind: 'household', household, personId: pass?.person_id ?? null, via: 'pass' }
  }
  // a household card: its number, alone or at the end of a link
  const card = text.toUpperCase().split('/').pop() ?? ''
  const household = index?.byCard.get(card)
  if (household) return { kind: 'household', household, personId: null, via: 'card' }
  if (TUBE_PATTERN.test(text)) return { kind: 'tube', barcode: text }
  return { kind: 'unreadable' }
}

/** "3栋 5层 502" for the picker and the lists. */
export function householdLabel(h: Pick<BundleHousehold, 'building_name' | 'floor' | 'room'>): string {
  return `${h.building_name} ${h.room}`
}
