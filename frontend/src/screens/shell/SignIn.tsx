import { useState } from 'preact/hooks'
import { type SignInTab, afterSignIn, signInTab } from '../../app/returnTo'
import { navigate, queryParam } from '../../app/router'
import { signInResident, signInStaff } from '../../auth/signin'
import { fieldErrors } from '../../api/problem'
import { FieldProblem, Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { ROUTES } from '../../routes'

const TAB_KEY = 'shouhu.signinTab'

/** The tab this phone last signed in with: a household's phone opens on the resident tab. */
function lastTab(): string | null {
  try {
    return localStorage.getItem(TAB_KEY)
  } catch {
    return null
  }
}

export default function SignIn() {
  useLang()
  // a link opened while signed out (a notice's QR code) comes back after sign-in
  const [next] = useState(() => queryParam('next'))
  const [mode, setMode] = useState<SignInTab>(() => signInTab(next, queryParam('as'), ROUTES, lastTab()))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')

  const invalid = fieldErrors(error)

  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const account = mode === 'staff' ? await signInStaff(username, password) : await signInResident(code)
      try {
        localStorage.setItem(TAB_KEY, mode)
      } catch {
        /* private mode: the next sign-in opens on the default tab */
      }
      navigate(afterSignIn(next, account.role, ROUTES), true)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="signin" onSubmit={submit}>
      <h1>{t('shell.signin.heading')}</h1>
      {next && <p class="hint" data-testid="signin-next">{t('shell.signin.next')}</p>}
      <div class="segmented" role="tablist">
        <button type="button" role="tab" data-testid="tab-staff" aria-selected={mode === 'staff'} onClick={() => setMode('staff')}>
          {t('shell.signin.staff')}
        </button>
        <button type="button" role="tab" data-testid="tab-resident" aria-selected={mode === 'resident'} onClick={() => setMode('resident')}>
          {t('shell.signin.resident')}
        </button>
      </div>
      {mode === 'staff' ? (
        <>
          <label>
            {t('shell.signin.username')}
            <input name="username" autocomplete="username" autocapitalize="off" required value={username}
              aria-invalid={'username' in invalid} onInput={(e) => setUsername(e.currentTarget.value)} />
            <FieldProblem error={error} field="username" />
          </label>
          <label>
            {t('shell.signin.password')}
            <input name="password" type="password" autocomplete="current-password" required value={password}
              aria-invalid={'password' in invalid} onInput={(e) => setPassword(e.currentTarget.value)} />
            <FieldProblem error={error} field="password" />
          </label>
        </>
      ) : (
        <label>
          {t('shell.signin.code')}
          <input name="access_code" autocapitalize="characters" required value={code} placeholder="DEMO-0001"
            aria-invalid={'access_code' in invalid} onInput={(e) => setCode(e.currentTarget.value)} />
          <FieldProblem error={error} field="access_code" />
        </label>
      )}
      <Problem error={error} />
      <button class="primary big" type="submit" disabled={busy} data-testid="signin-submit">
        {busy ? t('shell.signin.busy') : t('shell.signin.submit')}
      </button>
      <p class="hint">{t('shell.signin.offlineHint')}</p>
    </form>
  )
}
