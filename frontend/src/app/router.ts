/** A tiny path router (history API). Paths like `/gate/visitor` or `/household/:id`; the gateway
 * answers every non-API path with index.html, so deep links and reloads work. */
import { useEffect, useState } from 'preact/hooks'

const listeners = new Set<() => void>()

export function currentPath(): string {
  return location.pathname
}

export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  listeners.forEach((fn) => fn())
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => listeners.forEach((fn) => fn()))
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath())
  useEffect(() => {
    const fn = () => setPath(currentPath())
    listeners.add(fn)
    return () => void listeners.delete(fn)
  }, [])
  return path
}

/** `/household/:id` against `/household/42` → `{ id: '42' }`, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean)
  const got = path.split('/').filter(Boolean)
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i])
    else if (want[i] !== got[i]) return null
  }
  return params
}

export function queryParam(name: string): string | null {
  return new URLSearchParams(location.search).get(name)
}
