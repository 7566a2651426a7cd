/** Sign-in for staff (username + password) and residents (household access code). */
import { request } from './client'

export interface TokenRead {
  access_token: string
  token_type: string
  expires_in: number
  refresh_token: string | null
  role: string
}

export interface MeRead {
  subject: string
  role: string
  name: string
  community_ids: string[]
  partner_id: string | null
  household_id: string | null
}

export function staffToken(username: string, password: string): Promise<TokenRead> {
  return request('/auth/token', { form: { username, password }, anonymous: true })
}

export function residentToken(accessCode: string): Promise<TokenRead> {
  return request('/auth/resident-token', { json: { access_code: accessCode }, anonymous: true })
}

export function refreshTokens(refreshToken: string): Promise<TokenRead> {
  return request('/auth/refresh', { json: { refresh_token: refreshToken }, anonymous: true })
}

export function me(token: string): Promise<MeRead> {
  return request('/auth/me', { token })
}

export function logout(token: string, refreshToken: string | null): Promise<void> {
  return request('/auth/logout', { json: { refresh_token: refreshToken }, token })
}
