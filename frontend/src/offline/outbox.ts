/** The offline outbox: writes made at the gate (passages, visitors) kept in IndexedDB with the
 * phone's UUID until the server has them. Each item records the volunteer who made it. A flush
 * sends what waits through a `Sender`, removes what the server acknowledged (stored now or
 * before: the server dedups by client id, so a retry never makes a second record) and keeps the
 * rest; one flush runs at a time. */
import type { IDBPDatabase } from 'idb'
import type { ShouhuDB } from './db'

export interface Volunteer {
  subject: string
  username: string
  name: string
}

export interface OutboxItem {
  client_id: string
  kind: string // 'passage', 'visitor', … (the sender decides how to upload each kind)
  volunteer: Volunteer
  payload: Record<string, unknown>
  created_at: string
  attempts: number
  /** Set when the server refused the item for good (invalid): kept for the record, not resent. */
  rejected?: string[]
}

export interface SendResult {
  /** Client ids the server now holds (accepted now or already recorded). */
  done: string[]
  /** Client ids refused for good, with the server's reasons. */
  rejected: { client_id: string; errors: string[] }[]
}

export type Sender = (items: OutboxItem[]) => Promise<SendResult>

type Listener = (pending: number) => void
/** Told after each upload of the items the server now holds (none: not told). */
type SentListener = (sent: OutboxItem[]) => void

export class Outbox {
  private running: Promise<SendResult> | null = null
  private queued: Promise<SendResult> | null = null
  private listeners = new Set<Listener>()
  private sentListeners = new Set<SentListener>()

  constructor(private readonly database: Promise<IDBPDatabase<ShouhuDB>>) {}

  async add(item: Omit<OutboxItem, 'attempts' | 'created_at'> & { created_at?: string }): Promise<void> {
    const d = await this.database
    await d.put('outbox', { ...item, created_at: item.created_at ?? new Date().toISOString(), attempts: 0 })
    await this.notify()
  }

  async pending(): Promise<OutboxItem[]> {
    const d = await this.database
    const all = await d.getAllFromIndex('outbox', 'by_created')
    return all.filter((item) => !item.rejected)
  }

  async rejected(): Promise<OutboxItem[]> {
    const d = await this.database
    return (await d.getAll('outbox')).filter((item) => item.rejected)
  }

  /** A refused item sent again (e.g. a visitor the sampler confirmed): its payload changed, the
   * refusal cleared, the same client id (the server stored nothing for it). */
  async retry(clientId: string, payload: Record<string, unknown>): Promise<void> {
    const d = await this.database
    const item = await d.get('outbox', clientId)
    if (!item) return
    const { rejected: _, ...rest } = item
    await d.put('outbox', { ...rest, payload, attempts: 0 })
    await this.notify()
  }

  /** A refused item the person on duty has read and let go. */
  async discard(clientId: string): Promise<void> {
    const d = await this.database
    await d.delete('outbox', clientId)
    await this.notify()
  }

  async count(): Promise<number> {
    return (await this.pending()).length
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /** What a flush delivered, so the screen can say "已同步 5 条" once the badge is gone. */
  onSent(listener: SentListener): () => void {
    this.sentListeners.add(listener)
    return () => void this.sentListeners.delete(listener)
  }

  private async notify(): Promise<void> {
    const n = await this.count()
    this.listeners.forEach((fn) => fn(n))
  }

  /** Sends everything pending. Flushes run one after another, never side by side: a call made
   * while one runs gets the next one (which reads what is still pending then), and calls made
   * while that one waits share it. So an item is never in two uploads at once. */
  flush(send: Sender): Promise<SendResult> {
    if (this.queued) return this.queued
    const run = (this.running ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        this.queued = null
        this.running = run
        return this.flushOnce(send)
      })
      .finally(async () => {
        if (this.running === run) this.running = null
        await this.notify()
      })
    this.queued = run
    return run
  }

  private async flushOnce(send: Sender): Promise<SendResult> {
    const items = await this.pending()
    if (items.length === 0) return { done: [], rejected: [] }
    const d = await this.database
    let result: SendResult
    try {
      result = await send(items)
    } catch (error) {
      const tx = d.transaction('outbox', 'readwrite')
      for (const item of items) await tx.store.put({ ...item, attempts: item.attempts + 1 })
      await tx.done
      throw error
    }
    const tx = d.transaction('outbox', 'readwrite')
    for (const id of result.done) await tx.store.delete(id)
    for (const refused of result.rejected) {
      const item = await tx.store.get(refused.client_id)
      if (item) await tx.store.put({ ...item, rejected: refused.errors })
    }
    await tx.done
    const done = new Set(result.done)
    const sent = items.filter((item) => done.has(item.client_id))
    if (sent.length > 0) this.sentListeners.forEach((fn) => fn(sent))
    return result
  }
}
