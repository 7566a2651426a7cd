/** The shell: top bar (title, 待同步 N, language, account), the current screen, the update prompt. */
import { useEffect, useState } from 'preact/hooks'
import { logout } from '../api/auth'
import { currentAccount, forget, leave, useAccount } from '../auth/session'
import '../gate/gateData' // registers the gate's uploader
import { syncOutbox } from '../offline/sync'
import '../testing/outboxKinds' // registers the sampling uploader
import { lang, setLang, t, useLang } from '../i18n'
import { ROUTES, type Route } from '../routes'
import { type Synced, useOnline, usePending, useSynced } from './hooks'
import { shortName } from './names'
import { signInPath } from './returnTo'
import { matchPath, navigate, usePath } from './router'
import { UpdatePrompt } from './UpdatePrompt'

function resolve(path: string): { route: Route; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path)
    if (params) return { route, params }
  }
  return null
}

function AccountMenu() {
  const account = useAccount()
  const [open, setOpen] = useState(false)
  if (!account) return null
  const full = account.name || account.username
  const signOut = async () => {
    setOpen(false)
    const token = account.accessToken
    forget(account.subject)
    if (token) await logout(token, account.refreshToken).catch(() => undefined)
    navigate('/signin')
  }
  return (
    <div class="account">
      <button class="bar-button" data-testid="account" title={full} aria-label={full} aria-expanded={open} onClick={() => setOpen(!open)}>
        {shortName(full)}
      </button>
      {open && (
        <div class="menu" role="menu">
          <p class="menu-who" data-testid="account-name">{full}</p>
          {account.role !== 'resident' && (
            <button role="menuitem" data-testid="shift-change" onClick={() => { setOpen(false); leave(); navigate('/signin') }}>
              {t('shell.shiftChange')}
            </button>
          )}
          <button role="menuitem" data-testid="sign-out" onClick={signOut}>
            {t('shell.signOut')}
          </button>
        </div>
      )}
    </div>
  )
}

/** "已同步 5 条通行记录" under the bar after an upload; a tap or a few seconds hide it. */
function SyncedNote({ synced, onDismiss }: { synced: Synced; onDismiss(): void }) {
  const parts = [
    synced.passages > 0 ? t('shell.synced.passages', { n: synced.passages }) : '',
    synced.others > 0 ? t('shell.synced.others', { n: synced.others }) : '',
  ].filter(Boolean)
  return (
    <button type="button" class="synced" role="status" data-testid="synced" onClick={onDismiss}>
      {parts.join(t('shell.synced.sep'))}
    </button>
  )
}

/** The app and, beside it (mounted once), the update prompt. */
export function Root() {
  return (
    <>
      <App />
      <UpdatePrompt />
    </>
  )
}

export function App() {
  useLang()
  const path = usePath()
  const account = useAccount()
  const online = useOnline()
  const pending = usePending()
  const [synced, dismissSynced] = useSynced()

  useEffect(() => {
    void syncOutbox() // on start
  }, [])
  useEffect(() => {
    if (online && account) void syncOutbox() // on reconnect, and when someone signs in
  }, [online, account?.subject])

  const found = resolve(path)
  useEffect(() => {
    if (!found) navigate('/', true)
    else if (!found.route.public && !currentAccount()) navigate(signInPath(path + location.search), true)
    else if (found.route.roles && account && !found.route.roles.includes(account.role)) navigate('/', true)
  }, [path, account?.subject])
  if (!found || (!found.route.public && !account)) return null
  if (found.route.roles && account && !found.route.roles.includes(account.role)) return null
  const { route, params } = found
  const Screen = route.screen
  return (
    <div class="shell">
      <header class="bar">
        <button class="bar-title" onClick={() => navigate('/')}>
          守护 <span class="bar-sub">{t(route.title)}</span>
        </button>
        {!online && <span class="chip offline" data-testid="offline">{t('shell.offline')}</span>}
        {pending > 0 && (
          <span class="chip pending" data-testid="pending">
            {t('shell.pending', { n: pending })}
          </span>
        )}
        <button class="bar-button" data-testid="lang" onClick={() => setLang(lang() === 'en' ? 'zh-CN' : 'en')}>
          {lang() === 'en' ? '中文' : 'EN'}
        </button>
        <AccountMenu />
      </header>
      {synced && <SyncedNote synced={synced} onDismiss={dismissSynced} />}
      <main class="screen">
        <Screen params={params} />
      </main>
    </div>
  )
}
