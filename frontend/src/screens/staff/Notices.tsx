/** 通知: staff publish notices to residents (title, text, pinned, last day); each notice has its
 * group-chat text to copy and an A4 poster (PDF) to print; staff may withdraw one. */
import { useState } from 'preact/hooks'
import { download } from '../../api/files'
import { listNotices, noticePosterPath, publishNotice, withdrawNotice, type NoticeRead } from '../../api/notices'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDate, formatDateTime, t, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { communityOf, Loading, useLoad } from './common'

const MANAGERS = ['staff', 'admin']
const KEY = 'notice:new'
const STATE_CHIP = { scheduled: 'warn', current: 'ok', expired: '', withdrawn: 'bad' } as const

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const area = document.createElement('textarea') // older WebViews: no async clipboard
    area.value = text
    document.body.appendChild(area)
    area.select()
    document.execCommand('copy')
    area.remove()
  }
}

function PublishForm({ onPublished }: { onPublished(): void }) {
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [pinned, setPinned] = useState(false)
  const [lastDay, setLastDay] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState(false)
  const [open, setOpen] = useState(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await publishNotice({
        client_id: pendingClientId(KEY),
        title: title.trim(),
        body: body.trim(),
        pinned,
        ...(lastDay ? { expires_at: `${lastDay}T23:59:59+08:00` } : {}),
      })
      settleClientId(KEY)
      setTitle('')
      setBody('')
      setPinned(false)
      setLastDay('')
      setDone(true)
      setOpen(false)
      onPublished()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      {done && !open && <p class="outcome-ok" role="status">{t('ops.notices.published')}</p>}
      <details class="card publish" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('ops.notices.publish')}</summary>
        <form onSubmit={submit}>
          <label>
            {t('ops.notices.heading')}
            <input name="title" required maxLength={100} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          </label>
          <label>
            {t('ops.notices.body')}
            <textarea name="body" required maxLength={5000} rows={6} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </label>
          <label class="check">
            <input type="checkbox" name="pinned" checked={pinned} onChange={(e) => setPinned(e.currentTarget.checked)} />
            {t('ops.notices.pinned')}
          </label>
          <label>
            {t('ops.notices.expires')}
            <input type="date" name="expires" value={lastDay} onInput={(e) => setLastDay(e.currentTarget.value)} />
          </label>
          <Problem error={error} />
          <button type="submit" class="primary big" data-testid="publish" disabled={busy || !title.trim() || !body.trim()}>
            {t('ops.notices.submit')}
          </button>
        </form>
      </details>
    </>
  )
}

function NoticeCard({ notice, manager, onChanged }: { notice: NoticeRead; manager: boolean; onChanged(): void }) {
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [asking, setAsking] = useState(false)
  const run = async (action: () => Promise<unknown>, done?: string) => {
    setError(null)
    try {
      await action()
      if (done) setNote(done)
    } catch (err) {
      setError(err)
    }
  }
  const live = notice.state === 'current' || notice.state === 'scheduled'
  return (
    <li class="card notice" data-testid="notice">
      <div class="member-head">
        <span class={`chip ${STATE_CHIP[notice.state]}`}>{t(`ops.notices.state.${notice.state}`)}</span>
        {notice.pinned && <span class="chip warn">{t('ops.notices.pinned')}</span>}
      </div>
      <h3>{notice.title}</h3>
      <p class="muted">
        {formatDateTime(notice.published_at)}
        {notice.expires_at && ` · ${t('ops.notices.until', { date: formatDate(notice.expires_at) })}`}
      </p>
      <p class="notice-body">{notice.body}</p>
      {note && <p class="outcome-ok" role="status">{note}</p>}
      <Problem error={error} />
      {live && (
        <div class="segmented wrap">
          <button type="button" data-testid="copy-share" onClick={() => run(() => copy(notice.share_text), t('ops.notices.copied'))}>
            {t('ops.notices.copy')}
          </button>
          <button type="button" onClick={() => run(() => download(noticePosterPath(notice.id), 'notice.pdf'))}>
            {t('ops.notices.poster')}
          </button>
        </div>
      )}
      {live && manager && !asking && (
        <button type="button" class="secondary wide" onClick={() => setAsking(true)}>
          {t('ops.notices.withdraw')}
        </button>
      )}
      {asking && (
        <>
          <p class="warn-text">{t('ops.notices.withdrawConfirm')}</p>
          <div class="segmented">
            <button type="button" onClick={() => setAsking(false)}>
              {t('staff.delivery.cancel')}
            </button>
            <button type="button" class="danger" onClick={() => run(() => withdrawNotice(notice.id).then(onChanged))}>
              {t('ops.notices.withdraw')}
            </button>
          </div>
        </>
      )}
    </li>
  )
}

export default function Notices() {
  useLang()
  const account = useAccount()
  const manager = account ? MANAGERS.includes(account.role) : false
  const notices = useLoad(() => listNotices(communityOf(account)), [account?.subject])
  return (
    <section class="staff">
      {manager && <PublishForm onPublished={notices.reload} />}
      <Problem error={notices.error} />
      {notices.loading && !notices.data && <Loading />}
      {notices.data && notices.data.items.length === 0 && <p class="summary">{t('ops.notices.none')}</p>}
      <ul class="plain">
        {(notices.data?.items ?? []).map((n) => (
          <NoticeCard key={n.id} notice={n} manager={manager} onChanged={notices.reload} />
        ))}
      </ul>
    </section>
  )
}
