/** The one way screens call the API: same-origin `/api/v1`, bearer token of the signed-in
 * person (refreshed once on 401), Accept-Language of the UI, a request id, problems thrown as
 * `ApiProblem` (show its title) and network failures as `NetworkDown` (work offline). */
import { lang } from '../i18n'
import { ApiProblem, NetworkDown, problemFrom } from './problem'

export interface TokenSource {
  /** A valid access token, refreshing it if needed; null when signed out or offline-only. */
  accessToken(): Promise<string | null>
  /** The token was refused: refresh and return a new one, or null. */
  renew(): Promise<string | null>
}

let tokens: TokenSource | null = null

export function useTokenSource(source: TokenSource): void {
  tokens = source
}

export interface RequestOptions {
  method?: string
  json?: unknown
  form?: Record<string, string>
  query?: Record<string, string | number | undefined>
  /** Sign with this token instead of the current person's (outbox sync of another volunteer). */
  token?: string | null
  anonymous?: boolean
  idempotencyKey?: string
  timeoutMs?: number
  /** A conditional GET: the ETag of the copy held (see `revalidate`). */
  ifNoneMatch?: string
}

function url(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value))
  }
  const qs = params.toString()
  return `/api/v1${path}${qs ? `?${qs}` : ''}`
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': lang() === 'en' ? 'en' : 'zh-CN',
    'X-Request-ID': crypto.randomUUID(),
  }
  let body: BodyInit | undefined
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.form) {
    body = new URLSearchParams(options.form)
  }
  if (token) headers.Authorization = `Bearer ${token}`
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey
  if (options.ifNoneMatch) headers['If-None-Match'] = options.ifNoneMatch
  if (typeof navigator !== 'undefined' && navigator.onLine === false) throw new NetworkDown()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15000)
  try {
    return await fetch(url(path, options.query), {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      signal: controller.signal,
      cache: 'no-store',
    })
  } catch {
    throw new NetworkDown()
  } finally {
    clearTimeout(timer)
  }
}

async function answer(path: string, options: RequestOptions): Promise<Response> {
  const explicit = options.token !== undefined
  let token = options.anonymous ? null : explicit ? options.token! : await tokens?.accessToken() ?? null
  let response = await send(path, options, token)
  if (response.status === 401 && !options.anonymous && !explicit && tokens) {
    token = await tokens.renew()
    if (token) response = await send(path, options, token)
  }
  return response
}

async function read<T>(response: Response): Promise<T> {
  if (!response.ok) throw await problemFrom(response)
  if (response.status === 204) return undefined as T
  const type = response.headers.get('content-type') ?? ''
  return (type.includes('json') ? await response.json() : await response.text()) as T
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return read<T>(await answer(path, options))
}

/** The copy named by `options.ifNoneMatch` is current (304), or the new one with its ETag. */
export type Revalidated<T> = { notModified: true } | { notModified: false; body: T; etag: string | null }

export async function revalidate<T>(path: string, options: RequestOptions = {}): Promise<Revalidated<T>> {
  const response = await answer(path, options)
  if (response.status === 304) return { notModified: true }
  return { notModified: false, body: await read<T>(response), etag: response.headers.get('etag') }
}

export { ApiProblem, NetworkDown }
