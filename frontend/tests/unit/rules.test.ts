import { describe, expect, it } from 'vitest'
import { type GateBundle, type StoredBundle, applyBundle, bundleStale, indexBundle } from '../../src/gate/bundle'
import { inCurfew, judge, quotaWindow, localParts, windowEnd } from '../../src/gate/rules'
import type { PassClaims } from '../../src/gate/token'

const ZONE = 'Asia/Shanghai'
/** 2026-11-24 10:00 in Shanghai (02:00 UTC). */
const MORNING = Date.parse('2026-11-24T02:00:00Z')

function bundle(over: Partial<GateBundle> = {}, rules: Partial<GateBundle['rules']> = {}): StoredBundle {
  const base: GateBundle = {
    community_id: 'c',
    version: 3,
    since: null,
    generated_at: new Date(MORNING - 60_000).toISOString(),
    timezone: ZONE,
    rules: {
      fever_threshold: 37.3,
      mask_required: true,
      quota_scope: 'household',
      quota_exits: 1,
      quota_period_days: 2,
      curfew_start: '22:00',
      curfew_end: '06:00',
      refuse_quarantined: true,
      text: '',
      ...rules,
    },
    keys: [{ kid: 1, alg: 'ES256', public_key: 'k', verify_until: null }],
    quarantined_households: [],
    quota: { window: 0, next_window_at: '', used: {} },
    revoked: [],
    suspended: [],
    ...over,
  }
  return applyBundle(null, base, MORNING)
}

const claims: PassClaims = {
  kid: 1,
  passId: 'PASS',
  householdId: 'HOME',
  passUuid: '',
  householdUuid: '',
  validFrom: MORNING - 86400_000,
  validUntil: MORNING + 30 * 86400_000,
  passVersion: 1,
}

const windowNow = quotaWindow(bundle().rules, localParts(MORNING, ZONE).day)
const out = { direction: 'out' as const, at: MORNING }

function reason(b: StoredBundle, passage = {}, c = claims, exits: { subject: string; window: number }[] = []) {
  const j = judge(indexBundle(b), c, { ...out, ...passage }, exits)
  return j.verdict === 'allow' ? 'allow' : j.reason
}

describe('the offline verdict mirrors the server', () => {
  it('allows a valid pass', () => expect(reason(bundle({ quota: { window: windowNow, next_window_at: '', used: {} } }))).toBe('allow'))
  it('denies a revoked pass', () => expect(reason(bundle({ revoked: ['PASS'] }))).toBe('revoked'))
  it('denies a suspended pass', () => expect(reason(bundle({ suspended: ['PASS'] }))).toBe('suspended'))
  it('denies an expired pass', () => expect(reason(bundle(), {}, { ...claims, validUntil: MORNING })).toBe('expired'))
  it('denies a pass not valid yet', () => expect(reason(bundle(), {}, { ...claims, validFrom: MORNING + 1 })).toBe('not_yet_valid'))
  it('denies a quarantined household', () => expect(reason(bundle({ quarantined_households: ['HOME'] }))).toBe('quarantined'))
  it('lets a quarantined household through when the community does not refuse them', () =>
    expect(reason(bundle({ quarantined_households: ['HOME'] }, { refuse_quarantined: false }))).toBe('allow'))
  it('denies a fever at the threshold, and flags it', () => {
    const j = judge(indexBundle(bundle()), claims, { ...out, temperature: 37.3 }, [])
    expect(j.reason).toBe('fever')
    expect(j.fever).toBe(true)
  })
  it('flags a fever even when the pass is revoked (revocation is said first)', () => {
    const j = judge(indexBundle(bundle({ revoked: ['PASS'] })), claims, { ...out, temperature: 38.5 }, [])
    expect(j.reason).toBe('revoked')
    expect(j.fever).toBe(true)
  })
  it('denies no mask when masks are required', () => {
    expect(reason(bundle(), { mask: false, temperature: 36.5 })).toBe('no_mask')
    expect(reason(bundle({}, { mask_required: false, quota_scope: 'none' }), { mask: false })).toBe('allow')
  })
  it('denies going out in curfew but lets people in', () => {
    const night = Date.parse('2026-11-24T15:30:00Z') // 23:30 in Shanghai
    expect(reason(bundle(), { at: night })).toBe('curfew')
    expect(reason(bundle(), { at: night, direction: 'in' })).toBe('allow')
  })
  it('counts the quota from the bundle and from the exits this phone logged', () => {
    const used = bundle({ quota: { window: windowNow, next_window_at: '', used: { HOME: 1 } } })
    const j = judge(indexBundle(used), claims, out, [])
    expect(j.reason).toBe('quota_used')
    expect(j.nextAllowedAt).toBe(windowEnd(used.rules, windowNow, ZONE))
    expect(reason(bundle(), {}, claims, [{ subject: 'HOME', window: windowNow }])).toBe('quota_used')
    expect(reason(bundle(), {}, claims, [{ subject: 'HOME', window: windowNow - 1 }])).toBe('allow')
  })
  it('ignores a bundle quota of an older window', () => {
    const old = bundle({ quota: { window: windowNow - 1, next_window_at: '', used: { HOME: 5 } } })
    expect(reason(old)).toBe('allow')
  })
  it('an allowed exit names the quota slot it takes', () => {
    const j = judge(indexBundle(bundle()), claims, out, [])
    expect(j.quota).toEqual({ subject: 'HOME', window: windowNow })
  })
})

describe('clock rules', () => {
  it('curfew across midnight', () => {
    const r = bundle().rules
    expect(inCurfew(r, 22 * 60)).toBe(true)
    expect(inCurfew(r, 5 * 60 + 59)).toBe(true)
    expect(inCurfew(r, 6 * 60)).toBe(false)
    expect(inCurfew({ ...r, curfew_start: null }, 23 * 60)).toBe(false)
  })
  it('the next window starts at local midnight', () => {
    const end = windowEnd(bundle().rules, windowNow, ZONE)
    const local = localParts(end, ZONE)
    expect(local.minutes).toBe(0)
    expect(new Date(end).getUTCHours()).toBe(16) // 00:00 in Shanghai
  })
  it('windows match the server (days since 2020-01-01 local, per period)', () => {
    // 2026-11-24 is day 2519 since 2020-01-01 → window 1259 with two-day periods
    expect(windowNow).toBe(1259)
  })
})

describe('bundle', () => {
  it('folds changes since a version into the stored lists', () => {
    const stored = bundle({ revoked: ['A'], suspended: ['B'] })
    const next = applyBundle(stored, { ...stored, version: 4, since: 3, changes: [{ id: 'B', status: 'active' }, { id: 'C', status: 'revoked' }] }, MORNING)
    expect(next.revoked.sort()).toEqual(['A', 'C'])
    expect(next.suspended).toEqual([])
    expect(next.version).toBe(4)
    expect('changes' in next).toBe(false)
  })
  it('is stale after the limit', () => {
    const b = bundle()
    expect(bundleStale(b, MORNING + 11 * 3600_000)).toBe(false)
    expect(bundleStale(b, MORNING + 13 * 3600_000)).toBe(true)
    expect(bundleStale({ ...b, rules: { ...b.rules, bundle_max_age_hours: 1 } }, MORNING + 2 * 3600_000)).toBe(true)
  })
})

describe('negative_within_hours offline', () => {
  const HOUR = 3600_000
  const negatives = (at: number) => ({ latest_negatives: { PASS: new Date(at).toISOString() } })
  const rule = { negative_within_hours: 48, quota_scope: 'none' as const }
  it('is off when the rule is not set, whatever the bundle lists', () =>
    expect(reason(bundle({}, { quota_scope: 'none' }))).toBe('allow'))
  it('denies a pass with no negative listed', () => expect(reason(bundle({}, rule))).toBe('no_recent_negative'))
  it('allows a negative within the hours', () =>
    expect(reason(bundle(negatives(MORNING - 47 * HOUR), rule))).toBe('allow'))
  it('denies a negative older than the hours', () =>
    expect(reason(bundle(negatives(MORNING - 49 * HOUR), rule))).toBe('no_recent_negative'))
  it('checks entries as well as exits', () =>
    expect(reason(bundle({}, rule), { direction: 'in' })).toBe('no_recent_negative'))
  it('says quarantine first', () =>
    expect(reason(bundle({ quarantined_households: ['HOME'] }, rule))).toBe('quarantined'))
  it('keeps the negatives of the latest bundle when changes are folded in', () => {
    const stored = bundle(negatives(MORNING - HOUR), rule)
    const changed = applyBundle(stored, { ...stored, since: 3, changes: [], latest_negatives: {} }, MORNING)
    expect(reason(changed)).toBe('no_recent_negative')
  })
})
