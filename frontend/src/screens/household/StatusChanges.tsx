/** 限制措施及原因 on the household card: each quarantine or withdrawn pass with the reason staff
 * chose and wrote, its dates, and a way to appeal (申诉); the community's answer shows here. */
import { useState } from 'preact/hooks'
import { type StatusChange, submitAppeal } from '../../api/appeals'
import { Problem } from '../../components/Problem'
import { formatDate, t } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'

export interface StatusChangesCard {
  available: boolean
  items: StatusChange[]
  problem: { type: string; title: string } | null
}

function AppealForm({ change, onSent }: { change: StatusChange; onSent(): void }) {
  const [text, setText] = useState('')
  const [phone, setPhone] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const key = `appeal:${change.record_id}`
  const send = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await submitAppeal({
        client_id: pendingClientId(key),
        record_type: change.record_type,
        record_id: change.record_id,
        text: text.trim(),
        phone: phone.trim() || undefined,
      })
      settleClientId(key)
      onSent()
    } catch (err) {
      setError(err) // the same client id on the next press: a retry, never a second appeal
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="appeal-form" data-testid="appeal-form" onSubmit={send}>
      <p class="hint">{t('safeguards.appeal.hint')}</p>
      <label>
        {t('safeguards.appeal.text')}
        <textarea data-testid="appeal-text" rows={3} maxLength={1000} required minLength={2} value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label>
        {t('safeguards.appeal.phone')}
        <input data-testid="appeal-phone" type="tel" inputMode="tel" value={phone}
          onInput={(e) => setPhone((e.target as HTMLInputElement).value)} />
      </label>
      <Problem error={error} />
      <button class="primary" type="submit" data-testid="appeal-send" disabled={busy || text.trim().length < 2}>
        {t('safeguards.appeal.send')}
      </button>
    </form>
  )
}

function ChangeItem({ change, onChanged }: { change: StatusChange; onChanged(): void }) {
  const [open, setOpen] = useState(false)
  const appeal = change.appeal
  const dates = change.until
    ? t('safeguards.range', { start: formatDate(change.since), end: formatDate(change.until) })
    : t('safeguards.since', { date: formatDate(change.since) })
  return (
    <li class="status-change" data-testid="status-change" data-kind={change.kind}>
      <p class="fact-main">
        {t(`safeguards.kind.${change.kind}`)} · {change.person_name ?? t('safeguards.whole')}
      </p>
      <p class="fact-sub">{dates}</p>
      <p class="fact-sub" data-testid="status-reason">
        {t('safeguards.reason', { label: change.reason_label || '—' })}
        {change.reason && `：${change.reason}`}
      </p>
      {appeal?.status === 'open' && (
        <p class="note-box" data-testid="appeal-state">{t('safeguards.appeal.open', { date: formatDate(appeal.submitted_at) })}</p>
      )}
      {appeal?.status === 'answered' && (
        <p class={`note-box answer-${appeal.outcome}`} data-testid="appeal-answer">
          <strong>{t(`safeguards.appeal.${appeal.outcome}`)}</strong> {appeal.answer_note}
        </p>
      )}
      {appeal?.status !== 'open' && !open && (
        <button class="secondary" type="button" data-testid="appeal-button" onClick={() => setOpen(true)}>
          {appeal ? t('safeguards.appeal.again') : t('safeguards.appeal')}
        </button>
      )}
      {open && (
        <>
          <AppealForm change={change} onSent={() => { setOpen(false); onChanged() }} />
          <button class="secondary" type="button" onClick={() => setOpen(false)}>{t('safeguards.appeal.cancel')}</button>
        </>
      )}
    </li>
  )
}

export function StatusChangesSection({ section, onChanged }: { section: StatusChangesCard | undefined; onChanged(): void }) {
  if (!section) return null
  if (!section.available) {
    return section.problem ? <p class="note-box">{t('household.unavailable', { title: section.problem.title })}</p> : null
  }
  if (section.items.length === 0) return null
  return (
    <section class="fact stop" data-testid="status-changes">
      <h2>{t('safeguards.card.title')}</h2>
      <ul class="status-changes">
        {section.items.map((c) => <ChangeItem key={c.record_id} change={c} onChanged={onChanged} />)}
      </ul>
    </section>
  )
}
