/** The app's IndexedDB (idb). One database; each area adds its stores in `upgrade` by bumping
 * DB_VERSION with a new `if (oldVersion < N)` step (never edit an old step). */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb'
import type { OutboxItem } from './outbox'

export interface ShouhuDB extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { by_created: string } }
  kv: { key: string; value: unknown }
}

export const DB_NAME = 'shouhu'
export const DB_VERSION = 1

export function openShouhuDB(name = DB_NAME): Promise<IDBPDatabase<ShouhuDB>> {
  return openDB<ShouhuDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'client_id' })
        outbox.createIndex('by_created', 'created_at')
        db.createObjectStore('kv')
      }
    },
  })
}

let shared: Promise<IDBPDatabase<ShouhuDB>> | null = null

export function db(): Promise<IDBPDatabase<ShouhuDB>> {
  shared ??= openShouhuDB()
  return shared
}
