/** What the staff screens share: loading state, the caller's community, flag chips, yes/no. */
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Account } from '../../auth/session'
import { navigate } from '../../app/router'
import { lang, t, TIME_ZONE } from '../../i18n'
import './staff.css'

export interface Loaded<T> {
  data: T | null
  error: unknown
  loading: boolean
  reload(): void
}

/** Runs `load` when `deps` change; an answer that arrives after a newer request is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  const seq = useRef(0)
  useEffect(() => {
    const mine = ++seq.current
    setLoading(true)
    setError(null)
    load().then(
      (value) => {
        if (mine !== seq.current) return
        setData(value)
        setLoading(false)
      },
      (err: unknown) => {
        if (mine !== seq.current) return
        setError(err)
        setLoading(false)
      },
    )
  }, [...deps, tick])
  return { data, error, loading, reload: () => setTick((n) => n + 1) }
}

/** The community the caller works in (the API needs it when there are several). */
export function communityOf(account: Account | null): string | undefined {
  return account?.communityIds[0]
}

export interface Flagged {
  elderly: boolean
  lives_alone: boolean
  chronic_illness: boolean
  disability: boolean
  pregnant: boolean
}

const FLAGS: [keyof Flagged, string][] = [
  ['elderly', 'staff.flag.elderly'],
  ['lives_alone', 'staff.flag.livesAlone'],
  ['chronic_illness', 'staff.flag.chronic'],
  ['disability', 'staff.flag.disability'],
  ['pregnant', 'staff.flag.pregnant'],
]

export function Flags({ person }: { person: Flagged }) {
  const shown = FLAGS.filter(([field]) => person[field])
  if (shown.length === 0) return null
  return (
    <span class="flags">
      {shown.map(([field, key]) => (
        <span key={field} class="flag" data-flag={field}>
          {t(key)}
        </span>
      ))}
    </span>
  )
}

/** A required yes/no answer: neither is pressed until the person answers. */
export function YesNo({ label, value, onChange, name }: {
  label: string
  value: boolean | null
  onChange(next: boolean): void
  name: string
}) {
  return (
    <fieldset class="question" data-testid={`q-${name}`}>
      <legend>{label}</legend>
      <div class="segmented">
        <button type="button" aria-pressed={value === false} data-answer="no" onClick={() => onChange(false)}>
          {t('staff.no')}
        </button>
        <button type="button" aria-pressed={value === true} class="yes" data-answer="yes" onClick={() => onChange(true)}>
          {t('staff.yes')}
        </button>
      </div>
    </fieldset>
  )
}

let inAppSteps = 0

/** Opens `path` so that the back button returns here (history.back keeps the previous screen's
 * URL, e.g. the search words). */
export function go(path: string): void {
  inAppSteps++
  navigate(path)
}

/** Back to the previous staff screen, or to `to` when this one was opened directly. */
export function BackButton({ to }: { to: string }) {
  const back = () => {
    if (inAppSteps > 0) {
      inAppSteps--
      history.back()
    } else navigate(to)
  }
  return (
    <button type="button" class="back" onClick={back}>
      ‹ {t('staff.back')}
    </button>
  )
}

export function Loading() {
  return <p class="loading">{t('shell.loading')}</p>
}

export type Risk = 'low' | 'medium' | 'high'

export function RiskBadge({ level, small = false }: { level: Risk; small?: boolean }) {
  return (
    <span class={`risk risk-${level}${small ? ' small' : ''}`} data-testid="risk" data-risk={level}>
      {t(`staff.screening.risk.${level}`)}
    </span>
  )
}

/** The temperature entry of one person in one quarantine (the name and address ride along so the
 * screen needs no extra request). */
export function followUpPath(quarantineId: string, personId: string, name: string, address: string): string {
  const qs = new URLSearchParams({ name, address }).toString()
  return `/staff/follow-ups/${quarantineId}/${personId}?${qs}`
}

/** True when an API problem has this slug (`…/problems/<slug>`). */
export function isProblem(error: unknown, slug: string): boolean {
  return typeof error === 'object' && error !== null && 'type' in error && String(error.type).endsWith(`/${slug}`)
}

/** "11月28日" / "Nov 28" in the community's time zone. */
export function shortDate(value: string): string {
  return new Intl.DateTimeFormat(lang(), { timeZone: TIME_ZONE, month: 'short', day: 'numeric' }).format(new Date(value))
}
