/** Pieces of the sampler screen: the member picker, the typed ID fallback, refused uploads. */
import { useState } from 'preact/hooks'
import { type PersonLookup, lookupPerson } from '../../api/sampling'
import type { BundleHousehold } from '../../api/sampling'
import { Problem } from '../../components/Problem'
import { t } from '../../i18n'
import type { OutboxItem } from '../../offline/outbox'
import type { SamplePayload } from '../../testing/outboxKinds'
import { householdLabel } from '../../testing/scan'
import { togglePick } from '../../testing/tubes'

export function MemberPicker({ household, initial, room, sampled, onDone, onCancel }: {
  household: BundleHousehold
  initial: string[]
  room: number
  sampled: Set<string>
  onDone(picked: string[]): void
  onCancel(): void
}) {
  const [picked, setPicked] = useState<string[]>(initial.slice(0, room))
  return (
    <section class="picker" data-testid="member-picker">
      <h2>{householdLabel(household)}</h2>
      <p class="hint">{t('testing.sampler.pickHint', { n: room })}</p>
      <div class="picker-list">
        {household.members.map((m) => {
          const on = picked.includes(m.person_id)
          return (
            <button
              key={m.person_id}
              type="button"
              class="pick"
              aria-pressed={on}
              data-testid="member"
              disabled={!on && picked.length >= room}
              onClick={() => setPicked(togglePick(picked, m.person_id, room))}
            >
              <span class="pick-name">{m.name}</span>
              {m.birth_year && <small>{t('testing.sampler.born', { year: m.birth_year })}</small>}
              {m.arrangement && <span class="tag">{t(`testing.arrangement.${m.arrangement}`)}</span>}
              {sampled.has(m.person_id) && <span class="tag warn">{t('testing.sampler.already')}</span>}
            </button>
          )
        })}
      </div>
      <div class="picker-actions">
        <button type="button" class="secondary" onClick={onCancel}>{t('testing.cancel')}</button>
        <button type="button" class="primary" data-testid="register" disabled={picked.length === 0} onClick={() => onDone(picked)}>
          {t('testing.sampler.register', { n: picked.length })}
        </button>
      </div>
    </section>
  )
}

/** A person without a QR: their ID number, looked up online (the phone keeps no ID numbers). */
export function IdLookup({ roundId, online, onFound }: { roundId: string; online: boolean; onFound(p: PersonLookup): void }) {
  const [value, setValue] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!value.trim()) return
    setBusy(true)
    setError(null)
    try {
      onFound(await lookupPerson(roundId, value.trim().toUpperCase()))
      setValue('')
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="number-entry" onSubmit={submit}>
      <input
        name="id_number"
        autocomplete="off"
        maxLength={18}
        placeholder={t('testing.sampler.idPlaceholder')}
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={busy || !online}>{t('testing.sampler.lookup')}</button>
      {!online && <p class="hint">{t('testing.sampler.lookupOffline')}</p>}
      <Problem error={error} />
    </form>
  )
}

/** Registrations the server refused, with its reason in the UI language; a person of another
 * community may be confirmed as a visitor and sent again. */
export function RefusedList({ items, onConfirm, onDismiss }: {
  items: OutboxItem[]
  onConfirm(item: OutboxItem): void
  onDismiss(item: OutboxItem): void
}) {
  if (items.length === 0) return null
  return (
    <section class="refused" data-testid="refused">
      <h2>{t('testing.sampler.refused', { n: items.length })}</h2>
      <ul>
        {items.map((item) => {
          const payload = item.payload as unknown as SamplePayload
          const reason = item.rejected?.[0] ?? ''
          return (
            <li key={item.client_id} data-reason={reason}>
              <strong>{payload.label.name}</strong> {payload.label.place} · {payload.registration.tube_barcode}
              <p class="refused-why">{t(`testing.reject.${reason}`) || reason}</p>
              <div class="row-actions">
                {reason === 'other_community' && (
                  <button type="button" class="primary" data-testid="confirm-visitor" onClick={() => onConfirm(item)}>
                    {t('testing.sampler.confirmVisitor')}
                  </button>
                )}
                <button type="button" class="secondary" onClick={() => onDismiss(item)}>{t('testing.sampler.dismiss')}</button>
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
