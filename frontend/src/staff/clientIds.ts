/** Client ids of forms a phone may send twice (a lost answer, a double tap, a reload): the id is
 * made once per intended record and kept until the server has it, so a retry answers the first
 * record instead of making a second. Kept in sessionStorage so a reload mid-send keeps it too. */

const PREFIX = 'shouhu.clientId.'
const memory = new Map<string, string>()

function stored(key: string): string | null {
  try {
    return sessionStorage.getItem(PREFIX + key)
  } catch {
    return memory.get(key) ?? null
  }
}

/** The client id of the pending record `key` (e.g. `screening:<household>`), made on first use. */
export function pendingClientId(key: string): string {
  const existing = stored(key)
  if (existing) return existing
  const fresh = crypto.randomUUID()
  memory.set(key, fresh)
  try {
    sessionStorage.setItem(PREFIX + key, fresh)
  } catch {
    /* private mode: memory only */
  }
  return fresh
}

/** The server has the record: the next one for `key` gets a new id. */
export function settleClientId(key: string): void {
  memory.delete(key)
  try {
    sessionStorage.removeItem(PREFIX + key)
  } catch {
    /* nothing stored */
  }
}
