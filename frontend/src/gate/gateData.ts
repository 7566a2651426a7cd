/** The gate phone's state: its gate, the offline bundle, the exits it recorded, the outbox and
 * its sync. Screens call these; the rules themselves are pure (rules.ts, token.ts). */
import { NetworkDown } from '../api/client'
import * as api from '../api/gate'
import { ApiProblem } from '../api/problem'
import { currentAccount } from '../auth/session'
import { db } from '../offline/db'
import type { OutboxItem, SendResult } from '../offline/outbox'
import { outbox, registerUploader, syncOutbox } from '../offline/sync'
import { type BundleIndex, type StoredBundle, applyBundle, indexBundle } from './bundle'
import { type Direction, type Judgement, type LocalExit, deny, judge } from './rules'
import { type PassClaims, parseToken, signatureValid } from './token'

export { outbox, syncOutbox }

export interface GatePost {
  id: string
  community_id: string
  name: string
}

/** An exit recorded on this phone; counted against the quota until a bundle fetched after its
 * upload includes it. */
interface RecordedExit extends LocalExit {
  client_id: string
  at: number
  synced_at: number | null
}

const KEY_GATE = 'gate.post'
const KEY_BUNDLE = 'gate.bundle'
const KEY_EXITS = 'gate.exits'
const KEY_FLAGGED = 'gate.flagged'

async function kvGet<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('kv', key)) as T | undefined
}

async function kvPut(key: string, value: unknown): Promise<void> {
  await (await db()).put('kv', value, key)
}

// -- the gate this phone works at ------------------------------------------------------------

export async function savedGate(): Promise<GatePost | null> {
  return (await kvGet<GatePost>(KEY_GATE)) ?? null
}

export async function chooseGate(gate: GatePost): Promise<void> {
  await kvPut(KEY_GATE, { id: gate.id, community_id: gate.community_id, name: gate.name })
}

// -- the offline bundle ------------------------------------------------------------------------

let index: BundleIndex | null = null

export async function loadBundle(): Promise<BundleIndex | null> {
  if (!index) {
    const stored = await kvGet<StoredBundle>(KEY_BUNDLE)
    index = stored ? indexBundle(stored) : null
  }
  return index
}

/** Fetches changes since the stored version (or everything) and keeps the result. A 304 (the
 * stored bundle is current) only renews its age: its `generated_at` stays, as exits uploaded
 * since are not known to be counted in it. */
export async function refreshBundle(communityId: string): Promise<BundleIndex> {
  const stored = (await loadBundle())?.bundle ?? null
  const since = stored && stored.community_id === communityId ? stored.version : undefined
  const etag = since === undefined ? undefined : stored?.etag ?? undefined
  const answer = await api.fetchBundle(communityId, since, etag)
  if (answer.notModified) {
    const kept = { ...stored!, fetched_at: Date.now() } // asked with the stored bundle's ETag
    await kvPut(KEY_BUNDLE, kept)
    index = indexBundle(kept)
    return index
  }
  const next = { ...applyBundle(since === undefined ? null : stored, answer.body, Date.now()), etag: answer.etag }
  await kvPut(KEY_BUNDLE, next)
  index = indexBundle(next)
  await markExitsCounted(Date.parse(next.generated_at))
  return index
}

// -- exits recorded on this phone (quota offline) ------------------------------------------------

async function exits(): Promise<RecordedExit[]> {
  return (await kvGet<RecordedExit[]>(KEY_EXITS)) ?? []
}

async function addExit(exit: RecordedExit): Promise<void> {
  const monthAgo = Date.now() - 30 * 86400_000
  await kvPut(KEY_EXITS, [...(await exits()).filter((e) => e.at > monthAgo), exit])
}

async function markExitsSynced(clientIds: string[]): Promise<void> {
  const ids = new Set(clientIds)
  const now = Date.now()
  await kvPut(
    KEY_EXITS,
    (await exits()).map((e) => (ids.has(e.client_id) && e.synced_at === null ? { ...e, synced_at: now } : e)),
  )
}

/** A bundle generated after an exit's upload counts it already. */
async function markExitsCounted(generatedAt: number): Promise<void> {
  await kvPut(
    KEY_EXITS,
    (await exits()).filter((e) => e.synced_at === null || e.synced_at > generatedAt),
  )
}

// -- verdicts ------------------------------------------------------------------------------------

export interface Scan {
  token?: string
  passNumber?: string
}

export interface VerdictView {
  verdict: 'allow' | 'deny'
  reason: string | null
  message: string | null // the server's Chinese message, when it judged
  fever: boolean
  address: string | null
  passNumber: string | null
  passId: string | null
  householdId: string | null
  nextAllowedAt: number | null
  offline: boolean
}

function fromServer(v: api.GateVerdict): VerdictView {
  return {
    verdict: v.verdict,
    reason: v.reason,
    message: v.message,
    fever: v.fever,
    address: v.address,
    passNumber: v.pass_number,
    passId: v.pass_id,
    householdId: v.household_id,
    nextAllowedAt: v.next_allowed_at ? Date.parse(v.next_allowed_at) : null,
    offline: false,
  }
}

function fromLocal(j: Judgement, claims: PassClaims | null): VerdictView {
  return {
    verdict: j.verdict,
    reason: j.reason,
    message: null,
    fever: j.fever,
    address: null,
    passNumber: null,
    passId: claims?.passUuid ?? null,
    householdId: claims?.householdUuid ?? null,
    nextAllowedAt: j.nextAllowedAt,
    offline: true,
  }
}

export interface LocalCheck {
  judgement: Judgement
  claims: PassClaims | null
}

/** The verdict on the phone alone (offline): signature with the bundle's keys, then the rules. */
export async function judgeOffline(
  scan: Scan,
  direction: Direction,
  at: number,
  temperature: number | null = null,
  mask: boolean | null = null,
): Promise<LocalCheck> {
  const idx = await loadBundle()
  const feverOnly = (reason: Parameters<typeof deny>[0]) =>
    deny(reason, idx !== null && temperature !== null && temperature >= idx.bundle.rules.fever_threshold)
  if (!scan.token) return { judgement: feverOnly('offline_number'), claims: null }
  if (!idx) return { judgement: deny('offline_number'), claims: null }
  const parsed = parseToken(scan.token)
  if (!parsed) return { judgement: feverOnly('forged'), claims: null }
  const key = idx.keys.get(parsed.claims.kid)
  if (!key || !(await signatureValid(parsed, key))) return { judgement: feverOnly('forged'), claims: null }
  const local = (await exits()).filter((e) => e.synced_at === null || e.synced_at > Date.parse(idx.bundle.generated_at))
  return { judgement: judge(idx, parsed.claims, { direction, at, temperature, mask }, local), claims: parsed.claims }
}

export function offlineView(check: LocalCheck): VerdictView {
  return fromLocal(check.judgement, check.claims)
}

/** The server's verdict when it answers, else null (the caller keeps the offline one). */
export async function verifyOnline(gate: GatePost, scan: Scan, direction: Direction): Promise<VerdictView | null> {
  try {
    return fromServer(
      await api.verifyPass({ gate_id: gate.id, direction, ...(scan.token ? { token: scan.token } : { pass_number: scan.passNumber }) }),
    )
  } catch (error) {
    if (error instanceof NetworkDown) return null
    throw error
  }
}

export interface PassageInput {
  gate: GatePost
  scan: Scan
  direction: Direction
  temperature: number
  mask: boolean
  personId?: string | null
}

/** Logs a passage: online, the server judges and stores it at once; with no network, the phone
 * judges it and queues it (same client id, so an upload that did reach the server is not stored
 * twice). Returns the final verdict to show. */
export async function logPassage(input: PassageInput): Promise<VerdictView> {
  const clientId = crypto.randomUUID()
  const record: api.PassageRecord = {
    gate_id: input.gate.id,
    client_id: clientId,
    direction: input.direction,
    temperature: input.temperature,
    mask: input.mask,
    ...(input.scan.token ? { token: input.scan.token } : { pass_number: input.scan.passNumber }),
    ...(input.personId ? { person_id: input.personId } : {}),
  }
  try {
    const read = await api.recordPassage(record)
    return fromServer(read)
  } catch (error) {
    if (!(error instanceof NetworkDown)) throw error
  }
  const at = Date.now()
  const check = await judgeOffline(input.scan, input.direction, at, input.temperature, input.mask)
  const j = check.judgement
  if (j.reason === 'offline_number') return offlineView(check) // nothing to log: not judgeable
  const me = currentAccount()!
  const passage: api.OfflinePassage = {
    ...record,
    occurred_at: new Date(at).toISOString(),
    verdict: j.verdict,
    reason: j.reason,
  }
  await outbox.add({
    client_id: clientId,
    kind: 'passage',
    volunteer: { subject: me.subject, username: me.username, name: me.name },
    payload: passage as unknown as Record<string, unknown>,
  })
  if (j.verdict === 'allow' && j.quota) {
    await addExit({ client_id: clientId, subject: j.quota.subject, window: j.quota.window, at, synced_at: null })
  }
  void syncOutbox()
  return offlineView(check)
}

/** Registers a visitor; queued when offline. Throws ApiProblem for bad input. */
export async function logVisitor(visitor: Omit<api.VisitorCreate, 'client_id'>): Promise<'sent' | 'queued'> {
  const payload: api.VisitorCreate = { ...visitor, client_id: crypto.randomUUID() }
  try {
    await api.registerVisitor(payload)
    return 'sent'
  } catch (error) {
    if (!(error instanceof NetworkDown)) throw error
  }
  const me = currentAccount()!
  await outbox.add({
    client_id: payload.client_id,
    kind: 'visitor',
    volunteer: { subject: me.subject, username: me.username, name: me.name },
    payload: payload as unknown as Record<string, unknown>,
  })
  return 'queued'
}

// -- sync ----------------------------------------------------------------------------------------

const PERMANENT = new Set([400, 404, 409, 422])

async function uploadGroup(items: OutboxItem[], token: string, proxied: boolean, result: SendResult): Promise<void> {
  const passages = items.filter((i) => i.kind === 'passage')
  if (passages.length > 0) {
    // uploaded by the volunteer on duty (the one who logged it has no token left): the log names
    // who logged it, and the server records them if they are posted at the gate
    const logs = passages.map((item) => {
      const payload = { ...item.payload } as unknown as api.OfflinePassage
      if (proxied) payload.recorded_by = item.volunteer.username
      return payload
    })
    const batch = await api.uploadPassages(logs, token)
    const done = [...batch.accepted, ...batch.duplicates]
    result.done.push(...done)
    await markExitsSynced(done)
    for (const refused of batch.rejected) {
      if (refused.client_id) result.rejected.push({ client_id: refused.client_id, errors: refused.errors })
    }
    if (batch.flagged.length > 0) {
      const previous = (await kvGet<api.BatchResult['flagged']>(KEY_FLAGGED)) ?? []
      await kvPut(KEY_FLAGGED, [...previous, ...batch.flagged].slice(-100))
    }
  }
  for (const item of items.filter((i) => i.kind === 'visitor')) {
    try {
      await api.registerVisitor(item.payload as unknown as api.VisitorCreate, token)
      result.done.push(item.client_id)
    } catch (error) {
      if (error instanceof ApiProblem && PERMANENT.has(error.status)) {
        result.rejected.push({ client_id: item.client_id, errors: [error.title] })
      } else throw error
    }
  }
}

registerUploader(['passage', 'visitor'], uploadGroup)

export async function flaggedCount(): Promise<number> {
  return ((await kvGet<unknown[]>(KEY_FLAGGED)) ?? []).length
}
