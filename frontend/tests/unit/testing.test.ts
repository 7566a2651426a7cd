import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SamplingBundle } from '../../src/api/sampling'
import type { Slot } from '../../src/api/testingRounds'
import { putAccount } from '../../src/auth/session'
import type { OutboxItem } from '../../src/offline/outbox'
import { outbox, syncOutbox } from '../../src/offline/sync'
import { batches, flaggedSamples, queueKnock, queueRegistration } from '../../src/testing/outboxKinds'
import { atClock, clock, floorsText, newRoundForm, roundBody, slotsByBuilding } from '../../src/testing/plan'
import { classifyScan, indexBundle } from '../../src/testing/scan'
import { fill, isFull, remaining, togglePick, tubeFor } from '../../src/testing/tubes'
import fixture from './fixtures/pass-token.json'

const ROUND = 'r0000000-0000-4000-8000-000000000001'
const HOUSEHOLD = fixture.household_uuid

function bundle(): SamplingBundle {
  return {
    round: { id: ROUND, community_id: 'c1', pool_size: 5, status: 'sampling' },
    points: [{ id: 'p1', name: '东门采样点', place: '东门', opens_at: '08:00', closes_at: '12:00', tables: 2 }],
    households: [
      {
        household_id: HOUSEHOLD, building_id: 'b1', building_name: '东苑 1栋', floor: 5, room: '502', card_number: 'H23456789AB',
        members: [
          { person_id: 'a', name: '张*', birth_year: 1960, arrangement: null },
          { person_id: 'b', name: '李*', birth_year: 1990, arrangement: 'home_sampling' },
        ],
      },
    ],
    passes: [{ pass_id: fixture.pass_uuid, household_id: HOUSEHOLD, person_id: null }],
  }
}

describe('what the sampler scanned', () => {
  const index = indexBundle(bundle())

  it('a pass QR opens its household from the bundle', () => {
    const scan = classifyScan(fixture.token, index)
    expect(scan).toMatchObject({ kind: 'household', via: 'pass', personId: null })
    expect(scan.kind === 'household' && scan.household.room).toBe('502')
  })

  it('a personal pass names its person', () => {
    const b = bundle()
    b.passes[0].person_id = 'b'
    expect(classifyScan(fixture.token, indexBundle(b))).toMatchObject({ kind: 'household', personId: 'b' })
  })

  it('a pass of a household not in the bundle is unknown, not a tube', () => {
    const b = bundle()
    b.households = []
    b.passes = []
    expect(classifyScan(fixture.token, indexBundle(b)).kind).toBe('unknown_pass')
  })

  it('a household card QR (its number, alone or ending a link) opens the household', () => {
    expect(classifyScan('h23456789ab', index)).toMatchObject({ kind: 'household', via: 'card' })
    expect(classifyScan('https://example.invalid/card/H23456789AB', index)).toMatchObject({ kind: 'household', via: 'card' })
  })

  it('anything else of letters and digits is a tube; the rest is unreadable', () => {
    expect(classifyScan(' TB-20261210-0001 ', index)).toEqual({ kind: 'tube', barcode: 'TB-20261210-0001' })
    expect(classifyScan('去往 东门', index).kind).toBe('unreadable')
    expect(classifyScan('AB', index).kind).toBe('unreadable')
  })
})

describe('the tube in hand', () => {
  it('fills up to its capacity and says when it is full', () => {
    let tube = tubeFor('T1', 5, undefined)
    expect(tube).toEqual({ barcode: 'T1', capacity: 5, filled: 0 })
    tube = fill(tube, 3)
    expect(remaining(tube)).toBe(2)
    tube = fill(tube, 4)
    expect(tube.filled).toBe(5)
    expect(isFull(tube)).toBe(true)
  })

  it('takes the server word online, the phone memory offline', () => {
    expect(tubeFor('T1', 10, { barcode: 'T1', capacity: 10, filled: 4 })).toMatchObject({ filled: 4 })
    expect(tubeFor('T1', 10, { barcode: 'T1', capacity: 10, filled: 4 }, { filled: 6, capacity: 1 })).toMatchObject({ filled: 6, capacity: 1 })
    expect(tubeFor('T1', 10, { barcode: 'T1', capacity: 10, filled: 7 }, { filled: 6, capacity: 10 })).toMatchObject({ filled: 7 })
  })

  it('picks no one twice and no more than fits', () => {
    let picked = togglePick([], 'a', 2)
    picked = togglePick(picked, 'b', 2)
    expect(togglePick(picked, 'c', 2)).toEqual(['a', 'b'])
    expect(togglePick(picked, 'a', 2)).toEqual(['b'])
  })
})

describe('planning a round', () => {
  it('sends the form as the API wants it, or names what is wrong', () => {
    const form = newRoundForm('2026-12-10')
    const body = roundBody(form, 'c1')
    expect(body).toMatchObject({ community_id: 'c1', round_date: '2026-12-10', pool_size: 10, households_per_slot: 20, slot_minutes: 10 })
    expect(typeof body !== 'string' && body.points[0]).toEqual({ name: '采样点1', place: '', opens_at: '08:00', closes_at: '12:00', tables: 2 })
    expect(roundBody({ ...form, name: ' ' }, 'c1')).toBe('name')
    expect(roundBody({ ...form, points: [] }, 'c1')).toBe('points')
    expect(roundBody({ ...form, points: [{ ...form.points[0], closes_at: '07:00' }] }, 'c1')).toBe('hours')
    expect(roundBody({ ...form, points: [{ ...form.points[0], tables: '0' }] }, 'c1')).toBe('tables')
    expect(roundBody({ ...form, slot_minutes: 'x' }, 'c1')).toBe('numbers')
  })

  it('groups slots by building, each by time', () => {
    const slot = (id: string, building: string, starts: string, from: number): Slot => ({
      id, building_id: building, building_name: building, point_id: 'p', point_name: 'P', from_floor: from, to_floor: from + 2,
      starts_at: starts, ends_at: starts, households: 20,
    })
    const grouped = slotsByBuilding([
      slot('3', 'B', '2026-12-10T00:10:00Z', 1),
      slot('2', 'A', '2026-12-10T00:10:00Z', 4),
      slot('1', 'A', '2026-12-10T00:00:00Z', 1),
    ])
    expect(grouped.map((b) => [b.building_id, b.slots.map((s) => s.id)])).toEqual([['A', ['1', '2']], ['B', ['3']]])
  })

  it('shows and edits times in Asia/Shanghai', () => {
    expect(clock('2026-12-10T00:10:00Z')).toBe('08:10')
    expect(clock('08:30:00')).toBe('08:30')
    expect(atClock('2026-12-10T00:10:00Z', '09:40')).toBe('2026-12-10T01:40:00.000Z')
    expect(atClock('2026-12-09T17:00:00Z', '01:00')).toBe('2026-12-09T17:00:00.000Z')
    expect(atClock('08:00', '09:00')).toBe('09:00')
    expect(floorsText(3, 3)).toBe('3')
    expect(floorsText(1, 6)).toBe('1–6')
  })
})

describe('registrations in the outbox', () => {
  afterEach(() => vi.unstubAllGlobals())

  const item = (id: string, round: string): OutboxItem => ({
    client_id: id, kind: 'sample', volunteer: { subject: 's', username: 'u', name: 'n' },
    payload: { round_id: round } as Record<string, unknown>, created_at: '', attempts: 0,
  })

  it('go up by round in batches of at most 500', () => {
    const items = [...Array.from({ length: 501 }, (_, i) => item(`a${i}`, 'R1')), item('b', 'R2')]
    expect(batches(items).map((b) => [b.roundId, b.items.length])).toEqual([['R1', 500], ['R1', 1], ['R2', 1]])
  })

  it('upload exactly once; refusals keep their reason; duplicates are remembered as flagged', async () => {
    putAccount({
      subject: 'user:s1', username: 'sampler', name: '采样员', role: 'grid_worker', communityIds: ['c1'], householdId: null,
      accessToken: 'tok', accessExpiresAt: Date.now() + 3600_000, refreshToken: null, verifier: null, onlineAt: Date.now(),
    })
    const bodies: { url: string; body: { registrations?: { client_id: string }[] } }[] = []
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body))
      bodies.push({ url, body })
      if (url.includes('/knocks')) return new Response('{}', { status: 201, headers: { 'content-type': 'application/json' } })
      const ids = body.registrations.map((r: { client_id: string }) => r.client_id)
      const answer = { accepted: [ids[0]], duplicates: [], rejected: [{ client_id: ids[1], reason: 'other_community', detail: '' }], flagged: [ids[2]] }
      answer.accepted.push(ids[2])
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
    })
    const registration = (id: string) => ({
      client_id: id, tube_barcode: 'T1', point_id: 'p1', person_id: id, home: false, confirm_visitor: false, sampled_at: new Date().toISOString(),
    })
    for (const id of ['x1', 'x2', 'x3']) await queueRegistration(ROUND, registration(id), { name: id, place: '1栋 101' })
    expect(await outbox.count()).toBe(3)
    await syncOutbox()
    await syncOutbox()
    const batchCalls = bodies.filter((b) => b.url.includes('registrations:batch'))
    expect(batchCalls).toHaveLength(1)
    expect(batchCalls[0].url).toBe(`/api/v1/testing-rounds/${ROUND}/registrations:batch`)
    expect(batchCalls[0].body.registrations!.map((r) => r.client_id)).toEqual(['x1', 'x2', 'x3'])
    expect(batchCalls[0].body).not.toHaveProperty('registrations.0.label')
    expect(await outbox.count()).toBe(0)
    const refused = await outbox.rejected()
    expect(refused.map((r) => [r.client_id, r.rejected?.[0]])).toEqual([['x2', 'other_community']])
    expect((await flaggedSamples()).map((f) => f.client_id)).toEqual(['x3'])

    await queueKnock(ROUND, { client_id: 'k1', household_id: HOUSEHOLD, outcome: 'no_answer', note: '', knocked_at: new Date().toISOString() })
    await syncOutbox()
    expect(bodies.filter((b) => b.url.endsWith('/knocks'))).toHaveLength(1)
    expect(await outbox.count()).toBe(0)
  })
})

describe('the sampler phone’s storage', () => {
  afterEach(() => vi.unstubAllGlobals())

  const json = (body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } })

  it('keeps the bundle with its ETag and renews only its age on 304', async () => {
    const { downloadBundle, storedBundle } = await import('../../src/testing/samplingData')
    const sent: (string | null)[] = []
    const answers = [
      json(bundle(), { etag: 'W/"b1"' }),
      json({ id: ROUND, name: '第三轮全员核酸', round_date: '2026-12-10' }),
      new Response(null, { status: 304 }),
    ]
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      sent.push((init.headers as Record<string, string>)['If-None-Match'] ?? null)
      return answers.shift()!
    })
    const first = await downloadBundle(ROUND)
    expect(first.stored.bundle.round.name).toBe('第三轮全员核酸')
    const again = await downloadBundle(ROUND)
    expect(sent).toEqual([null, null, 'W/"b1"'])
    expect(again.stored.etag).toBe('W/"b1"')
    expect(again.index.households.size).toBe(1)
    expect((await storedBundle(ROUND))?.stored.fetched_at).toBe(again.stored.fetched_at)
  })

  it('opens a tube from the server when online, from its own memory offline', async () => {
    const { openTube, rememberTube } = await import('../../src/testing/samplingData')
    vi.stubGlobal('fetch', async () => json({ usable: false, reason: 'tube_other_round', filled: 3, capacity: 10 }))
    expect(await openTube(ROUND, 'OLD1', 5)).toEqual({ tube: null, refused: 'tube_other_round' })
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('network')
    })
    expect(await openTube(ROUND, 'NEW1', 5)).toEqual({ tube: { barcode: 'NEW1', capacity: 5, filled: 0 }, refused: null })
    await rememberTube(ROUND, { barcode: 'NEW1', capacity: 5, filled: 5 })
    expect(await openTube(ROUND, 'NEW1', 5)).toEqual({ tube: null, refused: 'tube_full' })
  })
})

describe('a batch the API refuses whole', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('is sent again one by one: the unreadable item is set aside, the others go up', async () => {
    const sent: string[][] = []
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const ids = JSON.parse(String(init.body)).registrations.map((r: { client_id: string }) => r.client_id)
      sent.push(ids)
      if (ids.includes('bad')) {
        return new Response(JSON.stringify({ type: '/problems/validation', title: '请求内容有误', status: 422 }), {
          status: 422,
          headers: { 'content-type': 'application/problem+json' },
        })
      }
      return new Response(JSON.stringify({ accepted: ids, duplicates: [], rejected: [], flagged: [] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    })
    const registration = (id: string) => ({
      client_id: id, tube_barcode: 'T9', point_id: 'p1', person_id: id, home: false, confirm_visitor: false, sampled_at: new Date().toISOString(),
    })
    for (const id of ['ok1', 'bad', 'ok2']) await queueRegistration(ROUND, registration(id), { name: id, place: '' })
    await syncOutbox()
    expect([...sent[0]].sort()).toEqual(['bad', 'ok1', 'ok2'])
    expect(sent.slice(1).map((ids) => ids.join()).sort()).toEqual(['bad', 'ok1', 'ok2'])
    expect(await outbox.count()).toBe(0)
    const refused = (await outbox.rejected()).filter((r) => r.client_id === 'bad')
    expect(refused.map((r) => r.rejected)).toEqual([['invalid', '请求内容有误']])
  })
})
