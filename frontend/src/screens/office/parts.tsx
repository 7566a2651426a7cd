/** What the office screens share: a busy/error wrapper for actions, a refusal shown with the
 * API's title and its detail, the links between the roster screens, and this local year. */
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { ApiProblem } from '../../api/problem'
import { navigate } from '../../app/router'
import { Problem } from '../../components/Problem'
import { t } from '../../i18n'
import { localDay } from '../../office/dates'
import { go } from '../staff/common'
import './office.css'

export interface Action {
  busy: boolean
  error: unknown
  /** Runs `fn` unless one is running; keeps its error; resolves with its answer or undefined. */
  run<T>(fn: () => Promise<T>): Promise<T | undefined>
  clear(): void
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  return {
    busy,
    error,
    clear: () => setError(null),
    async run<T>(fn: () => Promise<T>) {
      if (busy) return undefined
      setBusy(true)
      setError(null)
      try {
        return await fn()
      } catch (err) {
        setError(err)
        return undefined
      } finally {
        setBusy(false)
      }
    },
  }
}

/** The API's problem title, and for a refusal by a rule (409) what it names, e.g. the other shift
 * or the floors left without a worker. */
export function Refusal({ error }: { error: unknown }) {
  if (!error) return null
  const detail = error instanceof ApiProblem && error.status === 409 ? error.detail : undefined
  return (
    <div class="refusal">
      <Problem error={error} />
      {detail && <p class="muted" data-testid="problem-detail">{detail}</p>}
    </div>
  )
}

const ROSTER_LINKS: [string, string][] = [
  ['/staff/roster', 'office.nav.roster'],
  ['/staff/roster/week', 'office.nav.week'],
  ['/staff/roster/coverage', 'office.nav.coverage'],
  ['/staff/roster/templates', 'office.nav.templates'],
]

/** Tabs between the roster screens (the current one pressed). */
export function RosterTabs({ current }: { current: string }) {
  return (
    <nav class="office-tabs" aria-label={t('office.nav.label')}>
      {ROSTER_LINKS.map(([path, key]) => (
        <button key={path} type="button" aria-current={path === current ? 'page' : undefined} onClick={() => navigate(path)}>
          {t(key)}
        </button>
      ))}
    </nav>
  )
}

/** A row that opens another screen (back returns here). */
export function OpenRow({ to, children, testId, tone }: { to: string; children: ComponentChildren; testId?: string; tone?: string }) {
  return (
    <li>
      <button type="button" class={`row ${tone ?? ''}`} data-testid={testId} onClick={() => go(to)}>
        {children}
      </button>
    </li>
  )
}

export function thisYear(): number {
  return Number(localDay().slice(0, 4))
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]

/** Seven toggles, Monday first. */
export function WeekdayToggles({ value, onChange, name }: { value: number[]; onChange(next: number[]): void; name: string }) {
  const flip = (d: number) => onChange(value.includes(d) ? value.filter((x) => x !== d) : [...value, d].sort())
  return (
    <div class="weekdays" role="group" data-testid={name}>
      {WEEKDAYS.map((d) => (
        <button key={d} type="button" class="toggle" aria-pressed={value.includes(d)} data-day={d} onClick={() => flip(d)}>
          {t(`office.weekday.${d}`)}
        </button>
      ))}
    </div>
  )
}

/** "一二三四五" style summary of weekdays; every day: "每天". */
export function weekdaysText(days: number[]): string {
  if (days.length === 7) return t('office.weekday.all')
  return days.map((d) => t(`office.weekday.${d}`)).join(t('office.weekday.sep'))
}
