/** The UI language: zh-CN by default, English by a switch kept on the device; dates and times
 * always in the community's zone (Asia/Shanghai). */
import { useEffect, useState } from 'preact/hooks'
import { DICTIONARIES } from './registry'
import { type AreaDict, type Lang, type Params, mergeDictionaries, pickLang, translate, translateTerm, translateUnit } from './translate'

export type { Lang } from './translate'
export const TIME_ZONE = 'Asia/Shanghai'
const STORAGE_KEY = 'shouhu.lang'
let dicts = mergeDictionaries(DICTIONARIES)
const registered = new Set<AreaDict>()
const listeners = new Set<() => void>()

function storedLang(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

let current: Lang = pickLang(storedLang(), typeof navigator === 'undefined' ? [] : navigator.languages ?? [])

export function lang(): Lang {
  return current
}

export function setLang(next: Lang): void {
  current = next
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    /* private mode: the switch lasts for this visit */
  }
  document.documentElement.lang = next
  listeners.forEach((fn) => fn())
}

/** Adds the words a lazily loaded screen brings (i18n/online/): called once on its import. */
export function registerWords(...areas: AreaDict[]): void {
  const fresh = areas.filter((area) => !registered.has(area))
  if (!fresh.length) return
  fresh.forEach((area) => registered.add(area))
  dicts = mergeDictionaries([dicts, ...fresh])
}

export function t(key: string, params?: Params): string {
  return translate(dicts, current, key, params)
}

/** An API word kept in Chinese (kind `relation`, `skill`) in the UI language (i18n/terms.ts). */
export function term(kind: 'relation' | 'skill', value: string): string {
  return translateTerm(dicts, current, kind, value)
}

/** A selling unit ("袋（5公斤）") in the UI language. */
export function unitText(unit: string): string {
  return translateUnit(dicts, current, unit)
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [, setTick] = useState(0)
  useEffect(() => {
    const fn = () => setTick((n) => n + 1)
    listeners.add(fn)
    return () => void listeners.delete(fn)
  }, [])
  return current
}

export function formatDateTime(value: Date | string, withDate = true): string {
  const date = typeof value === 'string' ? new Date(value) : value
  return new Intl.DateTimeFormat(current, {
    timeZone: TIME_ZONE,
    ...(withDate ? { month: '2-digit', day: '2-digit' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date)
}

export function formatDate(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value
  return new Intl.DateTimeFormat(current, { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(date)
}

/** "5 分钟前" / "5 minutes ago". */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60000))
  const rtf = new Intl.RelativeTimeFormat(current, { numeric: 'auto' })
  if (minutes < 60) return rtf.format(-minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (hours < 48) return rtf.format(-hours, 'hour')
  return rtf.format(-Math.round(hours / 24), 'day')
}

export function formatNumber(value: number, digits = 1): string {
  return new Intl.NumberFormat(current, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value)
}
