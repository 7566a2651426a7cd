/** The one outbox of the app and its upload. Each area registers an uploader for its kinds
 * (the gate: passages, visitors; sampling: registrations, knocks); a flush groups what waits by
 * the volunteer who recorded it and uploads each group with that volunteer's own token while it
 * lasts, else with the token of the one on duty (`proxied`). Items of a kind nobody registered
 * yet stay pending. */
import { ApiProblem } from '../api/problem'
import { currentAccount, tokenFor } from '../auth/session'
import { db } from './db'
import { Outbox, type OutboxItem, type SendResult } from './outbox'

export const outbox = new Outbox(db())

/** Uploads `items` (all of its kinds, one volunteer's) with `token`, recording in `result` what
 * the server now holds and what it refused for good; throws on a network or server failure. */
export type Uploader = (items: OutboxItem[], token: string, proxied: boolean, result: SendResult) => Promise<void>

const uploaders = new Map<string, Uploader>()

export function registerUploader(kinds: string[], uploader: Uploader): void {
  for (const kind of kinds) uploaders.set(kind, uploader)
}

async function uploadGroup(items: OutboxItem[], token: string, proxied: boolean, result: SendResult): Promise<void> {
  const byUploader = new Map<Uploader, OutboxItem[]>()
  for (const item of items) {
    const uploader = uploaders.get(item.kind)
    if (uploader) byUploader.set(uploader, [...(byUploader.get(uploader) ?? []), item])
  }
  for (const [uploader, group] of byUploader) await uploader(group, token, proxied, result)
}

async function send(items: OutboxItem[]): Promise<SendResult> {
  const result: SendResult = { done: [], rejected: [] }
  const groups = new Map<string, OutboxItem[]>()
  for (const item of items) groups.set(item.volunteer.subject, [...(groups.get(item.volunteer.subject) ?? []), item])
  const me = currentAccount()
  for (const [subject, group] of groups) {
    // Each volunteer's records go up under their own token while it lasts (refresh tokens are
    // kept per account at shift change); when it is gone, the volunteer on duty uploads them.
    let token = await tokenFor(subject)
    let proxied = false
    if (!token && me && me.subject !== subject) {
      token = await tokenFor(me.subject)
      proxied = true
    }
    if (!token) continue
    try {
      await uploadGroup(group, token, proxied, result)
    } catch (error) {
      if (!(error instanceof ApiProblem && error.status === 401)) throw error
      const again = await tokenFor(subject, true)
      const fallback = again ?? (me && me.subject !== subject ? await tokenFor(me.subject) : null)
      if (fallback) {
        const held = new Set([...result.done, ...result.rejected.map((r) => r.client_id)])
        await uploadGroup(group.filter((item) => !held.has(item.client_id)), fallback, !again, result)
      }
    }
  }
  return result
}

/** Uploads what waits; quiet when offline (it runs again on reconnect). */
export async function syncOutbox(): Promise<SendResult | null> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return null
  try {
    return await outbox.flush(send)
  } catch {
    return null
  }
}
