/** 审计日志 (administrators): who read whose full personal data, who exported what, who changed
 * which status; filtered by action, account, household or person and date; exported with a
 * reason, which is itself recorded. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { auditEvents, exportAuditEvents, type AuditFilter } from '../../api/auditLog'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { Loading, useLoad } from '../staff/common'
import './office.css'

const ACTIONS = [
  'reveal_personal_data',
  'start_quarantine',
  'change_quarantine_end',
  'release_quarantine',
  'suspend_pass',
  'resume_pass',
  'revoke_pass',
  'reissue_pass',
  'submit_appeal',
  'answer_appeal',
  'hold_start_quarantine',
  'approve_bulk_change',
  'reject_bulk_change',
  'export_households_full',
  'export_households_masked',
  'export_health_data_full',
  'export_health_data_masked',
  'export_audit_log',
  'import_people',
  'purge_health_data',
]
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A day in China as the UTC instant it starts: the API takes instants with their offset. */
function dayStart(day: string): string | undefined {
  return day ? `${day}T00:00:00+08:00` : undefined
}

/** A status change's reason code (or an appeal's answer) in words; an unknown one as it is. */
function reasonLabel(code: string): string {
  for (const key of [`safeguards.code.${code}`, `safeguards.staff.${code}`]) {
    const text = t(key)
    if (text !== key) return text
  }
  return code
}

function actionText(action: string): string {
  const key = `audit.action.${action}`
  const text = t(key)
  return text === key ? action : text
}

export default function AuditLog() {
  useLang()
  const [draft, setDraft] = useState({ action: '', actor: '', subject: '', from: '', to: '' })
  const [filter, setFilter] = useState<AuditFilter>({})
  const [offset, setOffset] = useState(0)
  const [reason, setReason] = useState('')
  const [exportError, setExportError] = useState<unknown>(null)
  const [exported, setExported] = useState<string | null>(null)
  const page = useLoad(() => auditEvents(filter, offset), [filter, offset])
  const subjectBad = draft.subject !== '' && !UUID.test(draft.subject.trim())

  const apply = (e: Event) => {
    e.preventDefault()
    if (subjectBad) return
    const subject = draft.subject.trim()
    setOffset(0)
    setFilter({
      action: draft.action || undefined,
      actor: draft.actor.trim() || undefined,
      household_id: subject || undefined,
      since: dayStart(draft.from),
      until: draft.to ? dayStart(nextDay(draft.to)) : undefined,
    })
  }
  const doExport = async () => {
    setExportError(null)
    try {
      setExported(await exportAuditEvents(filter, reason.trim()))
    } catch (err) {
      setExportError(err)
    }
  }
  const set = (name: keyof typeof draft) => (e: Event) =>
    setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value })
  const data = page.data
  return (
    <section class="staff office">
      <form class="audit-filter" onSubmit={apply} data-testid="audit-filter">
        <label>
          {t('audit.action')}
          <select name="action" value={draft.action} onChange={set('action')}>
            <option value="">{t('audit.anyAction')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>{actionText(a)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.actor')}
          <input name="actor" value={draft.actor} onInput={set('actor')} placeholder="user:…" />
        </label>
        <label>
          {t('audit.household')}
          <input name="household" value={draft.subject} onInput={set('subject')} placeholder={t('audit.householdHint')} />
        </label>
        {subjectBad && <p class="problem">{t('audit.badId')}</p>}
        <label>
          {t('audit.from')}
          <input type="date" name="from" value={draft.from} onInput={set('from')} />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" name="to" value={draft.to} onInput={set('to')} />
        </label>
        <button type="submit" class="primary" data-testid="audit-apply">{t('audit.apply')}</button>
      </form>
      <Problem error={page.error} />
      {page.loading && !data && <Loading />}
      {data && (
        <>
          <p class="summary" data-testid="audit-count">{t('audit.count', { n: data.total })}</p>
          <ul class="rows">
            {data.items.map((e) => (
              <li key={e.id} class="row audit-event" data-testid="audit-event" data-action={e.action}>
                <span class="row-main">
                  <strong>{actionText(e.action)}</strong>
                  <span class="muted"> {formatDateTime(e.at)}</span>
                </span>
                <span class="row-sub">
                  {t('audit.by', { actor: e.actor, role: t(`audit.role.${e.role}`) })}
                  {e.reason_code && ` · ${reasonLabel(e.reason_code)}`}
                  {e.reason && ` · ${t('audit.reason', { reason: e.reason })}`}
                </span>
                <span class="row-sub muted">
                  {e.target_type} {e.target_id}
                </span>
              </li>
            ))}
          </ul>
          <div class="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 50))}>{t('audit.newer')}</button>
            <button type="button" disabled={offset + 50 >= data.total} onClick={() => setOffset(offset + 50)}>{t('audit.older')}</button>
          </div>
          <div class="audit-export">
            <input name="reason" value={reason} maxLength={200} placeholder={t('audit.exportReason')} onInput={(e) => setReason(e.currentTarget.value)} />
            <button type="button" class="secondary" data-testid="audit-export" disabled={reason.trim().length < 2} onClick={doExport}>
              {t('audit.export')}
            </button>
          </div>
          {exported && <p class="summary" role="status">{t('audit.exported', { name: exported })}</p>}
          <Problem error={exportError} />
        </>
      )}
    </section>
  )
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
