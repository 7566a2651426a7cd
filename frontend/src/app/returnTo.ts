/** Sign-in sends a person back where they were going: a link opened while signed out (a notice's
 * QR code on a poster) leads through sign-in to that page, if it is one of ours that their role
 * may open; otherwise to their start screen. Pure (unit-tested). */
import type { Role } from '../auth/session'
import { matchPath } from './router'

export interface GuardedRoute {
  path: string
  roles?: Role[]
  public?: boolean
  startFor?: Role[]
}

/** The sign-in screen, remembering `wanted` (path and query) unless it is home or sign-in. */
export function signInPath(wanted: string): string {
  const path = wanted.split(/[?#]/)[0]
  if (path === '/' || path === '' || path === '/signin') return '/signin'
  return `/signin?next=${encodeURIComponent(wanted)}`
}

export function startPath(role: Role, routes: readonly GuardedRoute[]): string {
  return routes.find((r) => r.startFor?.includes(role))?.path ?? '/'
}

/** Where to go after signing in with `role`: `next` when it is a same-origin path of a screen
 * this role may open, else the role's start screen. */
export function afterSignIn(next: string | null, role: Role, routes: readonly GuardedRoute[]): string {
  const start = startPath(role, routes)
  // only a path of this app: never `//host`, `/\host` or a full URL
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return start
  const path = next.split(/[?#]/)[0]
  const route = routes.find((r) => matchPath(r.path, path) !== null)
  if (!route || route.public || (route.roles && !route.roles.includes(role))) return start
  return next
}

export type SignInTab = 'staff' | 'resident'

/** The tab the sign-in screen opens on: `as` when a link names it (`/signin?as=resident`, as a
 * household's link or text message does); the resident tab when the page being opened is for
 * residents only (`/household/…`) or a notice (the poster's QR code); else the tab this phone
 * last signed in with; else staff. */
export function signInTab(
  next: string | null,
  as: string | null,
  routes: readonly GuardedRoute[],
  lastUsed: string | null = null,
): SignInTab {
  if (as === 'resident' || as === 'staff') return as
  const path = next?.split(/[?#]/)[0] ?? ''
  if (path.startsWith('/notices')) return 'resident'
  const route = path ? routes.find((r) => matchPath(r.path, path) !== null) : undefined
  if (route?.roles?.length && route.roles.every((role) => role === 'resident')) return 'resident'
  return lastUsed === 'resident' ? 'resident' : 'staff'
}
