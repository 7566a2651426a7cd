/** Files to and from the API with the signed-in person's token: a download (PDF, XLSX) the
 * browser saves, and a spreadsheet upload (multipart). `request()` speaks JSON only. */
import { currentAccount, tokenFor } from '../auth/session'
import { lang } from '../i18n'
import { NetworkDown, problemFrom } from './problem'

async function send(path: string, init: RequestInit): Promise<Response> {
  const who = currentAccount()
  const token = who ? await tokenFor(who.subject) : null
  const headers: Record<string, string> = {
    'Accept-Language': lang() === 'en' ? 'en' : 'zh-CN',
    'X-Request-ID': crypto.randomUUID(),
  }
  if (token) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(`/api/v1${path}`, { ...init, headers, cache: 'no-store' })
  } catch {
    throw new NetworkDown()
  }
  if (!response.ok) throw await problemFrom(response)
  return response
}

/** The file name the API gave (Content-Disposition, UTF-8 form first), else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (utf8) return decodeURIComponent(utf8[1])
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  return plain ? plain[1] : fallback
}

/** Fetches `path` and hands it to the browser as a download; resolves with the file name. */
export async function download(path: string, fallback: string): Promise<string> {
  const response = await send(path, { method: 'GET' })
  const name = fileNameOf(response.headers.get('content-disposition'), fallback)
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return name
}

export async function upload<T>(path: string, file: File, field = 'file'): Promise<T> {
  const body = new FormData()
  body.set(field, file)
  const response = await send(path, { method: 'POST', body })
  return (await response.json()) as T
}
