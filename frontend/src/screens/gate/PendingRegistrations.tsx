/** 访客自助登记 on the gate screen: the visitors who filled the poster's form, waiting. The
 * volunteer takes the temperature, types it, and confirms with one tap: only then is the visitor
 * registered at the gate. Refreshed every 15 s while online; nothing is shown offline. */
import { useEffect, useState } from 'preact/hooks'
import { confirmRegistration, type ConfirmedVisitor, type PendingRegistration, pendingRegistrations } from '../../api/visitorRegistrations'
import { Problem } from '../../components/Problem'
import { formatDateTime, t } from '../../i18n'
import { parseTemperature } from './VisitorForm'

const REFRESH_MS = 15_000

function Pending({ item, onConfirmed }: { item: PendingRegistration; onConfirmed(v: ConfirmedVisitor): void }) {
  const [temperature, setTemperature] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const value = parseTemperature(temperature)
  const confirm = async () => {
    if (value === null || busy) return
    setBusy(true)
    setError(null)
    try {
      onConfirmed(await confirmRegistration(item.id, value))
    } catch (e) {
      setError(e) // a second tap confirms the same registration: never a second visitor
    } finally {
      setBusy(false)
    }
  }
  return (
    <li class="pending-registration" data-testid="pending-registration">
      <p>
        <strong>{item.name}</strong> <span class="pii">{item.phone}</span>{' '}
        <small>{formatDateTime(item.submitted_at, false)}</small>
      </p>
      {(item.visiting || item.purpose) && <p class="muted">{[item.visiting, item.purpose].filter(Boolean).join(' · ')}</p>}
      <div class="pending-confirm">
        <input
          name="registration_temperature"
          inputMode="decimal"
          maxLength={4}
          placeholder={t('gate.selfRegistration.temperature')}
          aria-label={t('gate.selfRegistration.temperature')}
          value={temperature}
          onInput={(e) => setTemperature(e.currentTarget.value)}
        />
        <button type="button" class="primary" data-testid="confirm-registration" disabled={value === null || busy} onClick={confirm}>
          {t('gate.selfRegistration.confirm')}
        </button>
      </div>
      <Problem error={error} />
    </li>
  )
}

export function PendingRegistrations({ gateId, online }: { gateId: string; online: boolean }) {
  const [items, setItems] = useState<PendingRegistration[]>([])
  const [done, setDone] = useState<ConfirmedVisitor | null>(null)
  const load = () =>
    pendingRegistrations(gateId).then(
      (page) => setItems(page.items),
      () => undefined, // the list waits for the next refresh
    )
  useEffect(() => {
    if (!online) return
    void load()
    const timer = setInterval(load, REFRESH_MS)
    return () => clearInterval(timer)
  }, [gateId, online])
  if (!online || (items.length === 0 && !done)) return null
  return (
    <section class="pending-registrations" data-testid="pending-registrations">
      <h2>{t('gate.selfRegistration.title', { n: items.length })}</h2>
      {done && (
        <p class={`outcome ${done.fever ? 'deny' : 'allow'}`} role="status" data-testid="registration-confirmed">
          {t('gate.selfRegistration.done', { name: done.name, t: done.temperature.toFixed(1) })}
          {done.fever && ` ${t('gate.reason.fever')}`}
        </p>
      )}
      <ul>
        {items.map((item) => (
          <Pending
            key={item.id}
            item={item}
            onConfirmed={(visitor) => {
              setDone(visitor)
              setItems(items.filter((i) => i.id !== item.id))
            }}
          />
        ))}
      </ul>
    </section>
  )
}
