/** Where a dashboard figure leads: the PWA screen for its list API, or the generic list. */

const SCREENS: [prefix: string, screen: string][] = [
  ['screenings/work-list', '/staff/screening'],
  ['follow-ups/due', '/staff/follow-ups'],
  ['delivery-rounds', '/staff/deliveries'],
  ['tasks', '/staff/tasks'],
  ['disinfections', '/staff/disinfections'],
  ['shifts/coverage', '/staff/roster'],
  ['care-list', '/staff/care'],
  ['medicine/custody/flagged', '/staff/medicine?tab=custody'],
  ['appeals', '/staff/appeals'],
  ['bulk-approvals', '/staff/bulk-approvals'],
]

/** `/api/v1/follow-ups/due?community_id=…` → `/staff/follow-ups`; a list with no screen of its
 * own → `/staff/list?api=<the API path>`. Anything not under /api/v1/ → null. */
export function screenFor(link: string | null): string | null {
  if (!link || !link.startsWith('/api/v1/')) return null
  const [path, qs = ''] = link.slice('/api/v1/'.length).split('?', 2)
  if (path === 'follow-ups/due') {
    const given = new URLSearchParams(qs)
    const keep = new URLSearchParams()
    for (const [from, to] of [['local_date', 'date'], ['period', 'period']]) {
      const value = given.get(from)
      if (value) keep.set(to, value)
    }
    const query = keep.toString()
    return `/staff/follow-ups${query ? `?${query}` : ''}`
  }
  const missing = /^testing-rounds\/([0-9a-f-]{36})\/missing$/.exec(path)
  if (missing) return `/staff/testing/${missing[1]}/missing`
  for (const [prefix, screen] of SCREENS) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return screen
  }
  if (path === 'orders' && link.includes('round_id=')) return '/staff/deliveries'
  return `/staff/list?api=${encodeURIComponent(link)}`
}

/** The API path and query of a generic list link, for `request()` (which adds /api/v1). */
export function apiOf(link: string): { path: string; query: Record<string, string> } | null {
  if (!link.startsWith('/api/v1/') || link.includes('..')) return null
  const [path, qs = ''] = link.slice('/api/v1'.length).split('?', 2)
  return { path, query: Object.fromEntries(new URLSearchParams(qs)) }
}
