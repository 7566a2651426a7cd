/** Sampling's writes in the app's one outbox: registrations (kind `sample`, uploaded by round in
 * batches of at most 500 through `registrations:batch`) and knocks (kind `knock`). Each keeps its
 * client id until the server holds it, so a batch sent twice stores nothing twice. Imported by the
 * shell, so what a sampler queued uploads on the next start wherever the app opens. */
import { type Knock, type Registration, recordKnock, uploadRegistrations } from '../api/sampling'
import { ApiProblem } from '../api/problem'
import { currentAccount } from '../auth/session'
import { db } from '../offline/db'
import type { OutboxItem, SendResult } from '../offline/outbox'
import { outbox, registerUploader, syncOutbox } from '../offline/sync'

export const BATCH_LIMIT = 500
const KEY_FLAGGED = 'sampling.flagged'

/** What the sampler sees of a queued registration (never sent). */
export interface SampleLabel {
  name: string
  place: string
}

export interface SamplePayload {
  round_id: string
  registration: Registration
  label: SampleLabel
}

export interface KnockPayload {
  round_id: string
  knock: Knock
}

export interface Flagged {
  client_id: string
  round_id: string
  label: SampleLabel
}

function volunteer() {
  const me = currentAccount()!
  return { subject: me.subject, username: me.username, name: me.name }
}

export async function queueRegistration(roundId: string, registration: Registration, label: SampleLabel): Promise<void> {
  const payload: SamplePayload = { round_id: roundId, registration, label }
  await outbox.add({
    client_id: registration.client_id,
    kind: 'sample',
    volunteer: volunteer(),
    payload: payload as unknown as Record<string, unknown>,
    created_at: registration.sampled_at,
  })
}

export async function queueKnock(roundId: string, knock: Knock): Promise<void> {
  const payload: KnockPayload = { round_id: roundId, knock }
  await outbox.add({ client_id: knock.client_id, kind: 'knock', volunteer: volunteer(), payload: payload as unknown as Record<string, unknown> })
  void syncOutbox()
}

/** Groups of at most `limit` registrations of one round, in the order they were taken. */
export function batches(items: OutboxItem[], limit = BATCH_LIMIT): { roundId: string; items: OutboxItem[] }[] {
  const out: { roundId: string; items: OutboxItem[] }[] = []
  const byRound = new Map<string, OutboxItem[]>()
  for (const item of items) {
    const round = (item.payload as unknown as SamplePayload).round_id
    byRound.set(round, [...(byRound.get(round) ?? []), item])
  }
  for (const [roundId, all] of byRound) {
    for (let i = 0; i < all.length; i += limit) out.push({ roundId, items: all.slice(i, i + limit) })
  }
  return out
}

export async function flaggedSamples(): Promise<Flagged[]> {
  return ((await (await db()).get('kv', KEY_FLAGGED)) as Flagged[] | undefined) ?? []
}

async function addFlagged(flagged: Flagged[]): Promise<void> {
  if (flagged.length === 0) return
  await (await db()).put('kv', [...(await flaggedSamples()), ...flagged].slice(-200), KEY_FLAGGED)
}

const PERMANENT = new Set([400, 403, 404, 409, 422])

/** One batch; a batch the API refuses whole (422: an item it cannot read) is sent again one by
 * one, so the bad item is set aside with the API's title and the others go up. */
async function uploadBatch(roundId: string, payloads: SamplePayload[], token: string, result: SendResult): Promise<void> {
  let answer
  try {
    answer = await uploadRegistrations(roundId, payloads.map((p) => p.registration), token)
  } catch (error) {
    if (!(error instanceof ApiProblem && error.status === 422)) throw error
    if (payloads.length === 1) {
      result.rejected.push({ client_id: payloads[0].registration.client_id, errors: ['invalid', error.title] })
      return
    }
    for (const one of payloads) await uploadBatch(roundId, [one], token, result)
    return
  }
  result.done.push(...answer.accepted, ...answer.duplicates)
  for (const refused of answer.rejected) {
    result.rejected.push({ client_id: refused.client_id, errors: [refused.reason, refused.detail ?? ''] })
  }
  const flagged = new Set(answer.flagged)
  await addFlagged(
    payloads
      .filter((p) => flagged.has(p.registration.client_id))
      .map((p) => ({ client_id: p.registration.client_id, round_id: roundId, label: p.label })),
  )
}

async function upload(items: OutboxItem[], token: string, _proxied: boolean, result: SendResult): Promise<void> {
  for (const batch of batches(items.filter((i) => i.kind === 'sample'))) {
    await uploadBatch(batch.roundId, batch.items.map((i) => i.payload as unknown as SamplePayload), token, result)
  }
  for (const item of items.filter((i) => i.kind === 'knock')) {
    const payload = item.payload as unknown as KnockPayload
    try {
      await recordKnock(payload.round_id, payload.knock, token)
      result.done.push(item.client_id)
    } catch (error) {
      if (error instanceof ApiProblem && PERMANENT.has(error.status)) {
        result.rejected.push({ client_id: item.client_id, errors: ['knock', error.title] })
      } else throw error
    }
  }
}

registerUploader(['sample', 'knock'], upload)
