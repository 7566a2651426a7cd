/** 未采样: households with someone expected and not yet sampled, by building and floor, refreshed
 * every few seconds while open; a tap records a knock at the door (offline through the outbox). */
import { useEffect, useState } from 'preact/hooks'
import { useOnline } from '../../app/hooks'
import { type KnockOutcome, type MissingHousehold, type MissingList as Missing, missingList } from '../../api/sampling'
import { NetworkDown } from '../../api/problem'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import type { OutboxItem } from '../../offline/outbox'
import { outbox } from '../../offline/sync'
import { type KnockPayload, queueKnock } from '../../testing/outboxKinds'
import { BackButton } from '../staff/common'
import './testing.css'

export const REFRESH_MS = 5000
const OUTCOMES: KnockOutcome[] = ['no_answer', 'will_come', 'refuses', 'away']

function KnockForm({ roundId, household, onDone, onCancel }: {
  roundId: string
  household: MissingHousehold
  onDone(outcome: KnockOutcome): void
  onCancel(): void
}) {
  const [outcome, setOutcome] = useState<KnockOutcome | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState<unknown>(null)
  const submit = async () => {
    if (!outcome) return
    try {
      await queueKnock(roundId, {
        client_id: crypto.randomUUID(),
        household_id: household.household_id,
        outcome,
        note: note.trim(),
        knocked_at: new Date().toISOString(),
      })
      onDone(outcome)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div class="knock" data-testid="knock-form">
      <div class="knock-outcomes" role="group" aria-label={t('testing.knock.outcome')}>
        {OUTCOMES.map((o) => (
          <button key={o} type="button" aria-pressed={outcome === o} data-outcome={o} onClick={() => setOutcome(o)}>
            {t(`testing.knock.${o}`)}
          </button>
        ))}
      </div>
      <input name="note" maxLength={200} placeholder={t('testing.knock.note')} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <Problem error={error} />
      <div class="picker-actions">
        <button type="button" class="secondary" onClick={onCancel}>{t('testing.cancel')}</button>
        <button type="button" class="primary" data-testid="knock-save" disabled={!outcome} onClick={submit}>{t('testing.knock.save')}</button>
      </div>
    </div>
  )
}

/** Knocks of this round the server refused for good (e.g. more than 48 hours old). */
function RefusedKnocks({ roundId }: { roundId: string }) {
  const [items, setItems] = useState<OutboxItem[]>([])
  useEffect(() => {
    const mine = (i: OutboxItem) => i.kind === 'knock' && (i.payload as unknown as KnockPayload).round_id === roundId
    const load = async () => setItems((await outbox.rejected()).filter(mine))
    void load()
    return outbox.subscribe(() => void load())
  }, [roundId])
  if (items.length === 0) return null
  return (
    <section class="refused" data-testid="refused-knocks">
      <h2>{t('testing.knock.refused', { n: items.length })}</h2>
      <ul>
        {items.map((i) => (
          <li key={i.client_id}>
            {t(`testing.knock.${(i.payload as unknown as KnockPayload).knock.outcome}`)} · {i.rejected?.[1] ?? ''}
            <button type="button" class="secondary small" onClick={() => void outbox.discard(i.client_id)}>{t('testing.sampler.dismiss')}</button>
          </li>
        ))}
      </ul>
    </section>
  )
}

export default function MissingList({ params }: { params: Record<string, string> }) {
  useLang()
  const online = useOnline()
  const roundId = params.id
  const [list, setList] = useState<Missing | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [at, setAt] = useState<number | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [knocked, setKnocked] = useState<Record<string, KnockOutcome>>({})

  useEffect(() => {
    let stopped = false
    const load = async () => {
      if (document.visibilityState === 'hidden') return
      try {
        const answer = await missingList(roundId)
        if (stopped) return
        setList(answer)
        setAt(Date.now())
        setError(null)
      } catch (e) {
        if (!stopped) setError(e)
      }
    }
    void load()
    const timer = setInterval(load, REFRESH_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [roundId, online])

  const offline = error instanceof NetworkDown || !online
  return (
    <section class="staff missing" data-testid="missing">
      <BackButton to={`/staff/testing`} />
      {at && <p class="hint" data-testid="missing-at">{t('testing.missing.at', { time: formatDateTime(new Date(at).toISOString()) })}{offline ? ` · ${t('testing.missing.offline')}` : ''}</p>}
      {!offline && <Problem error={error} />}
      <RefusedKnocks roundId={roundId} />
      {list && list.buildings.length === 0 && <p class="outcome-ok">{t('testing.missing.none')}</p>}
      {list?.buildings.map((b) => (
        <details key={b.building_id} class="card" open={list.buildings.length <= 3} data-testid="missing-building">
          <summary>
            <strong>{b.name}</strong>{' '}
            <span class="muted">{t('testing.missing.counts', { expected: b.expected, sampled: b.sampled, missing: b.missing })}</span>
          </summary>
          {b.floors.map((f) => (
            <div key={f.floor} class="floor">
              <h3>{t('testing.floor', { n: f.floor })}</h3>
              <ul class="plain">
                {f.households.map((h) => (
                  <li key={h.household_id} data-testid="missing-household" data-household={h.household_id}>
                    <button type="button" class="household-row" onClick={() => setOpen(open === h.household_id ? null : h.household_id)}>
                      <strong>{h.room}</strong> {h.missing.map((m) => m.name).join('、')}
                      {knocked[h.household_id] ? (
                        <span class="tag" data-testid="knock-queued">{t(`testing.knock.${knocked[h.household_id]}`)} · {t('testing.knock.recorded')}</span>
                      ) : h.last_knock ? (
                        <span class="tag">{t(`testing.knock.${h.last_knock.outcome}`)} {h.last_knock.note}</span>
                      ) : null}
                    </button>
                    {open === h.household_id && (
                      <KnockForm
                        roundId={roundId}
                        household={h}
                        onCancel={() => setOpen(null)}
                        onDone={(o) => {
                          setKnocked({ ...knocked, [h.household_id]: o })
                          setOpen(null)
                        }}
                      />
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </details>
      ))}
    </section>
  )
}
