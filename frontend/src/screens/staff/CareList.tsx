/** 关爱回访: the care list's check-ins due today in the caller's buildings (or all of the list);
 * a name opens the outcome buttons. "Needs help", or "no answer" twice, raises a task for staff. */
import { useState } from 'preact/hooks'
import { careEntries, recordCheckIn, type CareEntry, type CheckInOutcome, type CheckInWay } from '../../api/careList'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDate, t, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { communityOf, Loading, useLoad } from './common'

const OUTCOMES: CheckInOutcome[] = ['fine', 'needs_help', 'no_answer']
const WAYS: CheckInWay[] = ['phone', 'door']

function CheckInForm({ entry, onDone }: { entry: CareEntry; onDone(escalated: boolean): void }) {
  const [way, setWay] = useState<CheckInWay>(entry.way)
  const [note, setNote] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const key = `care:${entry.id}`
  const send = async (outcome: CheckInOutcome) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      const saved = await recordCheckIn(entry.id, { client_id: pendingClientId(key), way, outcome, note })
      settleClientId(key)
      onDone(saved.escalated)
    } catch (err) {
      setError(err) // the same client id on the next press: a retry, never a second record
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="care-form" data-testid="care-form">
      <div class="segmented" role="tablist">
        {WAYS.map((w) => (
          <button key={w} type="button" role="tab" aria-selected={way === w} data-way={w} onClick={() => setWay(w)}>
            {t(`care.way.${w}`)}
          </button>
        ))}
      </div>
      <input name="note" maxLength={500} placeholder={t('care.note')} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <div class="care-outcomes">
        {OUTCOMES.map((o) => (
          <button key={o} type="button" class={o === 'fine' ? 'primary' : o === 'needs_help' ? 'danger' : ''} data-outcome={o} disabled={busy} onClick={() => send(o)}>
            {t(`care.outcome.${o}`)}
          </button>
        ))}
      </div>
      <Problem error={error} />
    </div>
  )
}

function Entry({ entry, open, onOpen, onDone }: { entry: CareEntry; open: boolean; onOpen(): void; onDone(escalated: boolean): void }) {
  return (
    <li data-testid="care-entry" data-escalated={entry.escalated_at ? 'true' : 'false'}>
      <button type="button" class="row" onClick={onOpen}>
        <span class="row-main">
          <strong>{entry.name}</strong>
          {entry.age !== null && <span class="muted"> {t('care.age', { n: entry.age })}</span>}
          {entry.categories.map((c) => (
            <span key={c} class="chip">{t(`care.category.${c}`)}</span>
          ))}
          {entry.escalated_at && <span class="chip bad">{t('care.escalated')}</span>}
        </span>
        <span class="row-sub">
          {entry.address}
          {entry.needs.length > 0 && ` · ${entry.needs.map((n) => t(`care.need.${n}`)).join('、')}`}
          {entry.last_outcome && ` · ${t('care.last', { outcome: t(`care.outcome.${entry.last_outcome}`) })}`}
          {entry.due_on && ` · ${t('care.dueOn', { date: formatDate(entry.due_on) })}`}
        </span>
      </button>
      {open && <CheckInForm entry={entry} onDone={onDone} />}
    </li>
  )
}

export default function CareList() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const [all, setAll] = useState(false)
  const [open, setOpen] = useState<string | null>(null)
  const [flash, setFlash] = useState<string | null>(null)
  const list = useLoad(() => careEntries(community, !all, false), [community, all])
  const page = list.data
  const done = (escalated: boolean) => {
    setOpen(null)
    setFlash(escalated ? t('care.raised') : t('care.saved'))
    list.reload()
  }
  return (
    <section class="staff">
      <div class="segmented" role="tablist">
        <button type="button" role="tab" aria-selected={!all} data-testid="care-due" onClick={() => setAll(false)}>
          {t('care.dueToday')}
        </button>
        <button type="button" role="tab" aria-selected={all} data-testid="care-all" onClick={() => setAll(true)}>
          {t('care.everyone')}
        </button>
      </div>
      {flash && <p class="summary" data-testid="care-flash" role="status">{flash}</p>}
      <Problem error={list.error} />
      {list.loading && !page && <Loading />}
      {page && (
        <>
          <p class="summary" data-testid="care-count">
            {page.total === 0 ? t(all ? 'care.none' : 'care.allDone') : t('care.count', { n: page.total })}
          </p>
          <ul class="rows">
            {page.items.map((e) => (
              <Entry key={e.id} entry={e} open={open === e.id} onOpen={() => setOpen(open === e.id ? null : e.id)} onDone={done} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
