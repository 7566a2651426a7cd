/** 社区通知: the notices a person may read, pinned first then newest (residents: the current ones of
 * their community), each opening its page. With no network, a resident sees the ones on the
 * household card kept on the phone. */
import { useEffect, useState } from 'preact/hooks'
import { navigate } from '../../app/router'
import { listNotices } from '../../api/notices'
import { NetworkDown } from '../../api/problem'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { type SavedNotice, savedNotices } from '../../household/savedNotices'
import { formatDateTime, t, useLang } from '../../i18n'
import './household.css'

type Listed = SavedNotice & { state?: string }

export default function NoticeList() {
  useLang()
  const account = useAccount()
  const householdId = account?.householdId
  const [items, setItems] = useState<Listed[] | null>(null)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    let cancelled = false
    listNotices(undefined).then(
      (page) => !cancelled && setItems(page.items),
      async (e: unknown) => {
        const kept = e instanceof NetworkDown && householdId ? await savedNotices(householdId) : null
        if (cancelled) return
        if (kept) {
          setItems(kept)
          setSaved(true)
        } else setError(e)
      },
    )
    return () => void (cancelled = true)
  }, [householdId])

  return (
    <div class="notice-screen">
      {saved && <p class="note-box">{t('notices.saved')}</p>}
      <Problem error={error} />
      {items === null && error === null && <p class="loading">{t('shell.loading')}</p>}
      {items?.length === 0 && <p class="hint">{t('notices.none')}</p>}
      <ul class="order-list" data-testid="notice-list">
        {(items ?? []).map((n) => (
          <li key={n.id}>
            <button type="button" data-testid="notice-item" onClick={() => navigate(`/notices/${n.id}`)}>
              <span class="notice-item-title">
                {n.pinned && <span class="tag">{t('notices.pinned')}</span>} {n.title}
              </span>
              <small class="notice-meta">
                {t('notices.published', { when: formatDateTime(n.published_at) })}
                {n.state && n.state !== 'current' && ` · ${t(`notices.state.${n.state}`)}`}
              </small>
            </button>
          </li>
        ))}
      </ul>
      {account?.role === 'resident' && (
        <button class="secondary" type="button" onClick={() => navigate('/household')}>{t('notices.toCard')}</button>
      )}
    </div>
  )
}
