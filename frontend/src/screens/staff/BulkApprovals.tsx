/** 批量变更复核: quarantines and pass withdrawals one account asked for past its hourly limit of
 * households, waiting for a second account. Approve (it takes effect now) or reject; one's own
 * request cannot be approved by oneself (the server refuses, and says so). */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { type BulkApproval, decideApproval, pendingApprovals } from '../../api/bulkApprovals'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { Loading, useLoad } from './common'

function Held({ item, onDone }: { item: BulkApproval; onDone(): void }) {
  const [note, setNote] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const decide = async (decision: 'approve' | 'reject') => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await decideApproval(item.id, decision, note.trim())
      onDone()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <li class="card" data-testid="bulk-approval">
      <p>
        <span class="chip warn">{t(`safeguards.bulk.action.${item.action}`)}</span> <strong>{item.address}</strong>
      </p>
      <p class="muted">
        {t('safeguards.reason', { label: item.reason_code ? t(`safeguards.code.${item.reason_code}`) : '—' })}
        {item.reason && `：${item.reason}`}
      </p>
      <p class="muted">{t('safeguards.bulk.asked', { who: item.requested_by_name || item.requested_by, when: formatDateTime(item.requested_at) })}</p>
      <input name="decision_note" maxLength={200} placeholder={t('safeguards.bulk.note')} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <div class="actions">
        <button type="button" class="danger" data-testid="approve" disabled={busy} onClick={() => decide('approve')}>
          {t('safeguards.bulk.approve')}
        </button>
        <button type="button" class="secondary" data-testid="reject" disabled={busy} onClick={() => decide('reject')}>
          {t('safeguards.bulk.reject')}
        </button>
      </div>
      <Problem error={error} />
    </li>
  )
}

export default function BulkApprovals() {
  useLang()
  const list = useLoad(() => pendingApprovals(), [])
  const page = list.data
  return (
    <section class="staff">
      <p class="hint">{t('safeguards.bulk.hint')}</p>
      <Problem error={list.error} />
      {list.loading && !page && <Loading />}
      {page && page.total === 0 && <p class="summary">{t('safeguards.bulk.none')}</p>}
      {page && (
        <ul class="rows">
          {page.items.map((item) => <Held key={item.id} item={item} onDone={list.reload} />)}
        </ul>
      )}
    </section>
  )
}
