import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadBundle, refreshBundle } from '../../src/gate/gateData'

const COMMUNITY = 'c0ffee00-0000-4000-8000-000000000001'

function bundle(version: number, since: number | null, generatedAt: string) {
  return {
    community_id: COMMUNITY,
    version,
    since,
    generated_at: generatedAt,
    timezone: 'Asia/Shanghai',
    rules: { fever_threshold: 37.3, mask_required: true, quota_scope: 'none', quota_exits: 1, quota_period_days: 2, curfew_start: null, curfew_end: null, refuse_quarantined: true, text: '' },
    keys: [],
    quarantined_households: [],
    quota: { window: 1, next_window_at: '', used: {} },
    ...(since === null ? { revoked: ['R'], suspended: [] } : { changes: [] }),
  }
}

/** The server: answers from the queue, recording what each request sent. */
function server(answers: Response[]) {
  const sent: { url: string; ifNoneMatch: string | null }[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>
    sent.push({ url, ifNoneMatch: headers['If-None-Match'] ?? null })
    return answers.shift()!
  })
  return sent
}

const json = (body: unknown, etag: string) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', etag } })

afterEach(() => vi.unstubAllGlobals())

describe('refreshBundle', () => {
  it('sends the stored ETag and keeps the bundle on 304, renewing only its age', async () => {
    const sent = server([
      json(bundle(7, null, '2026-12-08T08:00:00+00:00'), 'W/"7-0-full"'),
      json(bundle(7, 7, '2026-12-08T08:01:00+00:00'), 'W/"7-0-since7"'),
      new Response(null, { status: 304, headers: { etag: 'W/"7-0-since7"' } }),
    ])
    await refreshBundle(COMMUNITY)
    await refreshBundle(COMMUNITY)
    const before = (await loadBundle())!.bundle
    expect(before.etag).toBe('W/"7-0-since7"')
    const after = (await refreshBundle(COMMUNITY)).bundle
    expect(sent.map((s) => s.ifNoneMatch)).toEqual([null, 'W/"7-0-full"', 'W/"7-0-since7"'])
    expect(sent[2].url).toContain('since=7')
    expect(after.revoked).toEqual(['R'])
    expect(after.generated_at).toBe(before.generated_at)
    expect(after.fetched_at).toBeGreaterThanOrEqual(before.fetched_at)
    expect(after.etag).toBe(before.etag)
  })
})
