/** 居民申诉: households' appeals against a quarantine or a withdrawn pass, oldest first; staff
 * answer each once, 维持 (upheld) or 已更正 (corrected), with a note the household reads on its
 * card. "Corrected" lifts nothing: the status is lifted on its own screen, with a reason. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { type Appeal, type AppealOutcome, answerAppeal, listAppeals } from '../../api/appeals'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { Loading, useLoad } from './common'

const OUTCOMES: AppealOutcome[] = ['upheld', 'changed']

function AnswerForm({ appeal, onDone }: { appeal: Appeal; onDone(): void }) {
  const [note, setNote] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const send = async (outcome: AppealOutcome) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await answerAppeal(appeal.id, outcome, note.trim())
      onDone()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="care-form" data-testid="answer-form">
      <textarea data-testid="answer-note" rows={3} maxLength={500} placeholder={t('safeguards.staff.note')} value={note}
        onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      <p class="hint">{t('safeguards.staff.changedHint')}</p>
      <div class="care-outcomes">
        {OUTCOMES.map((o) => (
          <button key={o} type="button" class={o === 'upheld' ? 'secondary' : 'primary'} data-outcome={o}
            disabled={busy || note.trim().length < 2} onClick={() => send(o)}>
            {t(`safeguards.staff.${o}`)}
          </button>
        ))}
      </div>
      <Problem error={error} />
    </div>
  )
}

function AppealRow({ appeal, open, onOpen, onDone }: { appeal: Appeal; open: boolean; onOpen(): void; onDone(): void }) {
  const Row = appeal.status === 'open' ? 'button' : 'div' // an answered appeal is read, not opened
  return (
    <li data-testid="appeal" data-status={appeal.status}>
      <Row type={appeal.status === 'open' ? 'button' : undefined} class="row" onClick={appeal.status === 'open' ? onOpen : undefined}>
        <span class="row-main">
          <strong>{appeal.address}</strong>
          <span class="chip">{t(`safeguards.staff.record.${appeal.record_type}`)}</span>
          {appeal.outcome && (
            <span class="chip">{t('safeguards.staff.answered', { outcome: t(`safeguards.staff.${appeal.outcome}`) })}</span>
          )}
        </span>
        <span class="row-sub" data-testid="appeal-text">{appeal.text}</span>
        <span class="row-sub">
          {t('safeguards.staff.submitted', { date: formatDateTime(appeal.submitted_at) })}
          {appeal.phone && ` · ${appeal.phone}`}
        </span>
        {appeal.answer_note && <span class="row-sub">{appeal.answer_note}</span>}
      </Row>
      {open && appeal.status === 'open' && <AnswerForm appeal={appeal} onDone={onDone} />}
    </li>
  )
}

export default function Appeals() {
  useLang()
  const [all, setAll] = useState(false)
  const [open, setOpen] = useState<string | null>(null)
  const list = useLoad(() => listAppeals(all ? undefined : 'open'), [all])
  const page = list.data
  return (
    <section class="staff">
      <div class="segmented" role="tablist">
        <button type="button" role="tab" aria-selected={!all} data-testid="appeals-open" onClick={() => setAll(false)}>
          {t('safeguards.staff.open')}
        </button>
        <button type="button" role="tab" aria-selected={all} data-testid="appeals-all" onClick={() => setAll(true)}>
          {t('safeguards.staff.all')}
        </button>
      </div>
      <Problem error={list.error} />
      {list.loading && !page && <Loading />}
      {page && page.total === 0 && <p class="summary">{t('safeguards.staff.none')}</p>}
      {page && (
        <ul class="rows">
          {page.items.map((a) => (
            <AppealRow key={a.id} appeal={a} open={open === a.id} onOpen={() => setOpen(open === a.id ? null : a.id)}
              onDone={() => { setOpen(null); list.reload() }} />
          ))}
        </ul>
      )}
    </section>
  )
}
