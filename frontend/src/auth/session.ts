/** Who is signed in on this device. Several accounts may be kept (a shared gate phone at shift
 * change): `current` is the one using the phone; the others keep their refresh token so their
 * queued gate logs upload under their own name. Kept in localStorage, so a reload or an offline
 * start resumes the session. */
import { useEffect, useState } from 'preact/hooks'
import { type TokenSource, useTokenSource } from '../api/client'
import { ApiProblem, NetworkDown } from '../api/problem'
import { refreshTokens } from '../api/auth'
import type { Verifier } from './verifier'

export type Role = 'admin' | 'staff' | 'grid_worker' | 'gate_volunteer' | 'officer' | 'resident' | 'partner'

export interface Account {
  subject: string // gateway subject, e.g. `user:<uuid>`
  username: string // staff login, or the household address for a resident
  name: string
  role: Role
  communityIds: string[]
  householdId: string | null
  accessToken: string | null
  accessExpiresAt: number // ms since epoch
  refreshToken: string | null
  verifier: Verifier | null // staff only: offline sign-in on this phone
  onlineAt: number // last online sign-in
}

interface Stored {
  current: string | null
  accounts: Record<string, Account>
}

/** An offline sign-in is allowed this long after the account's last online sign-in here. */
export const OFFLINE_SIGNIN_DAYS = 7
const KEY = 'shouhu.session'
const listeners = new Set<() => void>()
let state: Stored = load()

function load(): Stored {
  try {
    const raw = localStorage.getItem(KEY)
    if (raw) return JSON.parse(raw) as Stored
  } catch {
    /* corrupt or unavailable: start signed out */
  }
  return { current: null, accounts: {} }
}

function save(): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(state))
  } catch {
    /* storage full or private mode */
  }
  listeners.forEach((fn) => fn())
}

export function currentAccount(): Account | null {
  return state.current ? state.accounts[state.current] ?? null : null
}

export function account(subject: string): Account | null {
  return state.accounts[subject] ?? null
}

export function accountByUsername(username: string): Account | null {
  const wanted = username.trim().toLowerCase()
  return Object.values(state.accounts).find((a) => a.username.toLowerCase() === wanted && a.verifier) ?? null
}

export function putAccount(next: Account, makeCurrent = true): void {
  state = {
    current: makeCurrent ? next.subject : state.current,
    accounts: { ...state.accounts, [next.subject]: next },
  }
  save()
}

export function switchTo(subject: string): void {
  if (state.accounts[subject]) {
    state = { ...state, current: subject }
    save()
  }
}

/** Shift change: the phone goes back to the sign-in screen; this account's tokens stay so its
 * queued logs still upload under its name. */
export function leave(): void {
  state = { ...state, current: null }
  save()
}

/** Sign-out: forget this account's tokens and offline verifier on this phone. */
export function forget(subject: string): void {
  const accounts = { ...state.accounts }
  delete accounts[subject]
  state = { current: state.current === subject ? null : state.current, accounts }
  save()
}

const renewing = new Map<string, Promise<string | null>>()

/** A valid access token of `subject`, refreshed with its refresh token when near expiry;
 * null when it has none (signed in offline, refresh expired) or the network is down. */
export async function tokenFor(subject: string, force = false): Promise<string | null> {
  const acc = state.accounts[subject]
  if (!acc) return null
  if (!force && acc.accessToken && acc.accessExpiresAt - 30_000 > Date.now()) return acc.accessToken
  if (!acc.refreshToken) return force ? null : acc.accessToken && acc.accessExpiresAt > Date.now() ? acc.accessToken : null
  let pending = renewing.get(subject)
  if (!pending) {
    pending = renew(acc).finally(() => renewing.delete(subject))
    renewing.set(subject, pending)
  }
  return pending
}

async function renew(acc: Account): Promise<string | null> {
  try {
    const fresh = await refreshTokens(acc.refreshToken!)
    const latest = state.accounts[acc.subject] ?? acc
    putAccount(
      {
        ...latest,
        accessToken: fresh.access_token,
        accessExpiresAt: Date.now() + fresh.expires_in * 1000,
        refreshToken: fresh.refresh_token ?? latest.refreshToken,
      },
      false,
    )
    return fresh.access_token
  } catch (error) {
    if (error instanceof NetworkDown) return null
    if (error instanceof ApiProblem && error.status === 401) {
      const latest = state.accounts[acc.subject]
      if (latest) putAccount({ ...latest, accessToken: null, refreshToken: null }, false)
    }
    return null
  }
}

const currentTokens: TokenSource = {
  accessToken: () => (state.current ? tokenFor(state.current) : Promise.resolve(null)),
  renew: () => (state.current ? tokenFor(state.current, true) : Promise.resolve(null)),
}
useTokenSource(currentTokens)

/** Re-renders on sign-in, sign-out and token changes. */
export function useAccount(): Account | null {
  const [, setTick] = useState(0)
  useEffect(() => {
    const fn = () => setTick((n) => n + 1)
    listeners.add(fn)
    return () => void listeners.delete(fn)
  }, [])
  return currentAccount()
}

export function isStaff(role: Role): boolean {
  return role !== 'resident' && role !== 'partner'
}
