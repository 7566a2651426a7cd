/** 通知: one notice, as the poster's QR code and the group-chat link open it (`/notices/:id`):
 * title, text, when it was published and until when it holds. Residents read the current notices
 * of their community; staff any notice of theirs, with a word when residents cannot see it. With
 * no network, a resident reads it from the household card kept on the phone. */
import { useEffect, useState } from 'preact/hooks'
import { navigate } from '../../app/router'
import { type NoticeRead, getNotice } from '../../api/notices'
import { NetworkDown } from '../../api/problem'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { savedNotices } from '../../household/savedNotices'
import { formatDateTime, t, useLang } from '../../i18n'
import type { ScreenProps } from '../../routes'
import './household.css'

type Shown = Pick<NoticeRead, 'id' | 'title' | 'body' | 'pinned' | 'published_at'> &
  Partial<Pick<NoticeRead, 'expires_at' | 'state'>>

export default function NoticeView({ params }: ScreenProps) {
  useLang()
  const account = useAccount()
  const householdId = account?.householdId
  const [notice, setNotice] = useState<Shown | null>(null)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    let cancelled = false
    setNotice(null)
    setSaved(false)
    setError(null)
    getNotice(params.id).then(
      (found) => !cancelled && setNotice(found),
      async (e: unknown) => {
        const kept = e instanceof NetworkDown ? (await savedNotices(householdId)).find((n) => n.id === params.id) : undefined
        if (cancelled) return
        if (kept) {
          setNotice(kept)
          setSaved(true)
        } else setError(e)
      },
    )
    return () => void (cancelled = true)
  }, [params.id, householdId])

  return (
    <div class="notice-screen">
      {saved && <p class="note-box" data-testid="notice-saved">{t('notices.saved')}</p>}
      <Problem error={error} />
      {notice === null && error === null && <p class="loading">{t('shell.loading')}</p>}
      {notice && (
        <article class="notice" data-testid="notice">
          <h1 data-testid="notice-title">
            {notice.pinned && <span class="tag">{t('notices.pinned')}</span>} {notice.title}
          </h1>
          <p class="notice-meta">
            {t('notices.published', { when: formatDateTime(notice.published_at) })}
            {notice.expires_at && ` · ${t('notices.until', { when: formatDateTime(notice.expires_at) })}`}
          </p>
          {notice.state && notice.state !== 'current' && (
            <p class="note-box" data-testid="notice-state">{t(`notices.state.${notice.state}`)}</p>
          )}
          <p class="notice-body" data-testid="notice-body">{notice.body}</p>
        </article>
      )}
      <div class="row-actions">
        <button class="secondary" type="button" data-testid="all-notices" onClick={() => navigate('/notices')}>
          {t('notices.all')}
        </button>
        {account?.role === 'resident' && (
          <button class="secondary" type="button" onClick={() => navigate('/household')}>
            {t('notices.toCard')}
          </button>
        )}
      </div>
    </div>
  )
}
