/** The menu of the screens this role may open (from the route table). */
import { navigate } from '../../app/router'
import { useAccount } from '../../auth/session'
import { t, useLang } from '../../i18n'
import { ROUTES } from '../../routes'

export default function Home() {
  useLang()
  const account = useAccount()
  if (!account) return null
  const items = ROUTES.filter((r) => r.menu && (!r.roles || r.roles.includes(account.role)))
  return (
    <nav class="home">
      <p class="hello">{t('shell.home.hello', { name: account.name || account.username })}</p>
      {items.map((r) => (
        <button class="tile" key={r.path} onClick={() => navigate(r.path)}>
          {t(r.title)}
        </button>
      ))}
      {items.length === 0 && <p class="hint">{t('shell.home.nothing')}</p>}
    </nav>
  )
}
