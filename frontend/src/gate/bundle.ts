/** The offline gate bundle (GET /api/v1/gate/bundle, registry/access/gates/sync.py) and the in-memory
 * view the verdict rules read. Pure: storage and fetching live in gateData.ts. */

export interface GateRules {
  fever_threshold: number
  mask_required: boolean
  quota_scope: 'none' | 'household' | 'person'
  quota_exits: number
  quota_period_days: number
  curfew_start: string | null // "HH:MM", community time
  curfew_end: string | null
  refuse_quarantined: boolean
  /** When set, a pass needs a negative test sampled within this many hours (absent: bundles
   * before the rule existed, i.e. off). */
  negative_within_hours?: number | null
  text: string
  /** Not sent by the API today: hours after which the screen warns that the bundle is stale. */
  bundle_max_age_hours?: number
}

export interface GateBundle {
  community_id: string
  version: number
  since: number | null
  generated_at: string
  timezone: string
  rules: GateRules
  keys: { kid: number; alg: string; public_key: string; verify_until: string | null }[]
  quarantined_households: string[]
  quota: { window: number; next_window_at: string; used: Record<string, number> }
  /** Pass id → when its latest negative was sampled (ISO); a pass not listed has none. Sent in
   * full with every bundle, changes included, while the rule is set. */
  latest_negatives?: Record<string, string>
  revoked?: string[]
  suspended?: string[]
  changes?: { id: string; status: string }[]
}

/** What the phone keeps: a full bundle with `since` changes folded in, when it was fetched or
 * last confirmed current, and the ETag of the answer it came from (sent back as If-None-Match). */
export interface StoredBundle extends GateBundle {
  revoked: string[]
  suspended: string[]
  fetched_at: number
  etag?: string | null
}

export const DEFAULT_MAX_AGE_HOURS = 12

/** Folds a bundle (full, or changes since a version) into the stored one. */
export function applyBundle(stored: StoredBundle | null, incoming: GateBundle, now: number): StoredBundle {
  if (incoming.changes === undefined || stored === null) {
    return { ...incoming, revoked: incoming.revoked ?? [], suspended: incoming.suspended ?? [], fetched_at: now }
  }
  const revoked = new Set(stored.revoked)
  const suspended = new Set(stored.suspended)
  for (const change of incoming.changes) {
    revoked.delete(change.id)
    suspended.delete(change.id)
    if (change.status === 'revoked') revoked.add(change.id)
    if (change.status === 'suspended') suspended.add(change.id)
  }
  const { changes: _ignored, ...rest } = incoming
  return { ...rest, revoked: [...revoked], suspended: [...suspended], fetched_at: now }
}

export function bundleAgeMs(bundle: StoredBundle, now: number): number {
  return now - bundle.fetched_at
}

export function bundleStale(bundle: StoredBundle, now: number): boolean {
  const hours = bundle.rules.bundle_max_age_hours ?? DEFAULT_MAX_AGE_HOURS
  return bundleAgeMs(bundle, now) > hours * 3600_000
}

/** Sets for O(1) lookups, built once per stored bundle. */
export interface BundleIndex {
  bundle: StoredBundle
  revoked: Set<string>
  suspended: Set<string>
  quarantined: Set<string>
  keys: Map<number, string>
  negatives: Map<string, number>
}

export function indexBundle(bundle: StoredBundle): BundleIndex {
  return {
    bundle,
    revoked: new Set(bundle.revoked),
    suspended: new Set(bundle.suspended),
    quarantined: new Set(bundle.quarantined_households),
    keys: new Map(bundle.keys.map((k) => [k.kid, k.public_key])),
    negatives: new Map(Object.entries(bundle.latest_negatives ?? {}).map(([id, at]) => [id, Date.parse(at)])),
  }
}
