/** The gate verdict on the phone, offline: a mirror of registry/access/gates/verdicts.py, checked in the
 * same order (genuine and ours → valid → household allowed out → body → clock). */
import type { BundleIndex, GateRules } from './bundle'
import type { PassClaims } from './token'

export type Reason =
  | 'forged'
  | 'wrong_community'
  | 'not_found'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not_yet_valid'
  | 'quarantined'
  | 'fever'
  | 'no_mask'
  | 'curfew'
  | 'quota_used'
  | 'no_recent_negative'
  | 'offline_number'

export type Direction = 'out' | 'in'

export interface Judgement {
  verdict: 'allow' | 'deny'
  reason: Reason | null
  fever: boolean
  nextAllowedAt: number | null
  /** The exit quota slot an allowed exit takes (subject id, window). */
  quota: { subject: string; window: number } | null
}

/** Exits this phone recorded that the bundle may not count yet (see gateData.recentExits). */
export interface LocalExit {
  subject: string
  window: number
}

export interface Passage {
  direction: Direction
  at: number // ms since epoch
  temperature?: number | null
  mask?: boolean | null
}

const QUOTA_EPOCH_DAY = Date.UTC(2020, 0, 1) / 86400_000

export function deny(reason: Reason, fever = false): Judgement {
  return { verdict: 'deny', reason, fever, nextAllowedAt: null, quota: null }
}

export function isFever(rules: GateRules, temperature: number | null | undefined): boolean {
  return temperature !== null && temperature !== undefined && temperature >= rules.fever_threshold
}

/** Local date and time of an instant in a time zone. */
export function localParts(at: number, zone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const day = Date.UTC(get('year'), get('month') - 1, get('day')) / 86400_000
  return { day, minutes: get('hour') * 60 + get('minute') }
}

function hhmm(text: string): number {
  const [h, m] = text.split(':').map(Number)
  return h * 60 + m
}

export function inCurfew(rules: GateRules, minutes: number): boolean {
  if (!rules.curfew_start || !rules.curfew_end) return false
  const start = hhmm(rules.curfew_start)
  const end = hhmm(rules.curfew_end)
  if (start === end) return false
  return start < end ? start <= minutes && minutes < end : minutes >= start || minutes < end
}

export function quotaWindow(rules: GateRules, localDay: number): number {
  return Math.floor((localDay - QUOTA_EPOCH_DAY) / rules.quota_period_days)
}

/** Local midnight starting the next window, as an instant (zone offset taken at that day). */
export function windowEnd(rules: GateRules, window: number, zone: string): number {
  const day = QUOTA_EPOCH_DAY + (window + 1) * rules.quota_period_days
  const utcMidnight = day * 86400_000
  const local = localParts(utcMidnight, zone)
  const offsetMinutes = (local.day - day) * 1440 + local.minutes
  return utcMidnight - offsetMinutes * 60_000
}

/** The verdict for a pass whose signature was checked with one of the bundle's keys. */
export function judge(index: BundleIndex, claims: PassClaims, passage: Passage, localExits: LocalExit[]): Judgement {
  const judgement = judgeInner(index, claims, passage, localExits)
  judgement.fever = isFever(index.bundle.rules, passage.temperature)
  return judgement
}

function judgeInner(index: BundleIndex, claims: PassClaims, passage: Passage, localExits: LocalExit[]): Judgement {
  const { bundle } = index
  const rules = bundle.rules
  if (index.revoked.has(claims.passId)) return deny('revoked')
  if (index.suspended.has(claims.passId)) return deny('suspended')
  if (passage.at >= claims.validUntil) return deny('expired')
  if (passage.at < claims.validFrom) return deny('not_yet_valid')
  if (rules.refuse_quarantined && index.quarantined.has(claims.householdId)) return deny('quarantined')
  const within = rules.negative_within_hours
  if (within !== null && within !== undefined) {
    // the pass's latest negative: its person's, or for a household pass its expected members' oldest
    const latest = index.negatives.get(claims.passId)
    if (latest === undefined || passage.at - latest > within * 3600_000) return deny('no_recent_negative')
  }
  if (isFever(rules, passage.temperature)) return deny('fever')
  if (passage.mask === false && rules.mask_required) return deny('no_mask')
  const allow: Judgement = { verdict: 'allow', reason: null, fever: false, nextAllowedAt: null, quota: null }
  if (passage.direction !== 'out') return allow
  const local = localParts(passage.at, bundle.timezone)
  if (inCurfew(rules, local.minutes)) return deny('curfew')
  if (rules.quota_scope === 'none') return allow
  // A household pass counts its household; the token names no person, so a personal pass is
  // counted by household offline too (the server re-checks per person when the log uploads).
  const subject = claims.householdId
  const window = quotaWindow(rules, local.day)
  const fromBundle = bundle.quota.window === window ? bundle.quota.used[subject] ?? 0 : 0
  const fromPhone = localExits.filter((e) => e.subject === subject && e.window === window).length
  if (fromBundle + fromPhone >= rules.quota_exits) {
    return { ...deny('quota_used'), nextAllowedAt: windowEnd(rules, window, bundle.timezone) }
  }
  return { ...allow, quota: { subject, window } }
}

/** Temperatures outside 30–45 °C are input errors, not fevers (as the API's 422). */
export function temperatureValid(value: number): boolean {
  return Number.isFinite(value) && value >= 30 && value <= 45
}
