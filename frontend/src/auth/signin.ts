/** Signing in: staff online (and offline on a phone they used before), residents by code. */
import { me, residentToken, staffToken } from '../api/auth'
import { ApiProblem, NetworkDown } from '../api/problem'
import { t } from '../i18n'
import { type Account, OFFLINE_SIGNIN_DAYS, type Role, accountByUsername, putAccount, switchTo } from './session'
import { checkVerifier, makeVerifier } from './verifier'

function localProblem(key: string): ApiProblem {
  return new ApiProblem(0, t(key))
}

export async function signInStaff(username: string, password: string): Promise<Account> {
  const name = username.trim()
  try {
    const token = await staffToken(name, password)
    const profile = await me(token.access_token)
    const known = accountByUsername(name)
    const account: Account = {
      subject: profile.subject,
      username: name,
      name: profile.name,
      role: profile.role as Role,
      communityIds: profile.community_ids,
      householdId: profile.household_id,
      accessToken: token.access_token,
      accessExpiresAt: Date.now() + token.expires_in * 1000,
      refreshToken: token.refresh_token,
      verifier: known?.verifier ?? null,
      onlineAt: Date.now(),
    }
    putAccount(account)
    // the verifier is made after sign-in so that slow PBKDF2 does not delay the first screen
    void makeVerifier(name, password).then((verifier) => putAccount({ ...account, verifier }, false))
    return account
  } catch (error) {
    if (!(error instanceof NetworkDown)) throw error
    return signInOffline(name, password)
  }
}

async function signInOffline(username: string, password: string): Promise<Account> {
  const known = accountByUsername(username)
  if (!known?.verifier) throw localProblem('shell.signin.offlineUnknown')
  if (Date.now() - known.onlineAt > OFFLINE_SIGNIN_DAYS * 86400_000) throw localProblem('shell.signin.offlineExpired')
  if (!(await checkVerifier(known.verifier, username, password))) throw localProblem('shell.signin.offlineWrong')
  switchTo(known.subject)
  return known
}

export async function signInResident(code: string): Promise<Account> {
  const token = await residentToken(code.trim().toUpperCase())
  const profile = await me(token.access_token)
  const account: Account = {
    subject: profile.subject,
    username: profile.name,
    name: profile.name,
    role: 'resident',
    communityIds: profile.community_ids,
    householdId: profile.household_id,
    accessToken: token.access_token,
    accessExpiresAt: Date.now() + token.expires_in * 1000,
    refreshToken: token.refresh_token,
    verifier: null,
    onlineAt: Date.now(),
  }
  putAccount(account)
  return account
}
