/** A local verifier of a staff password, so a volunteer who signed in on this phone before can
 * sign in again with no network at shift change. PBKDF2-SHA256 (WebCrypto) with a random salt;
 * the password itself is never stored. */

export interface Verifier {
  salt: string // base64
  hash: string // base64
  iterations: number
}

export const ITERATIONS = 100_000
const encoder = new TextEncoder()

function b64(bytes: ArrayBuffer | Uint8Array): string {
  let text = ''
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte)
  return btoa(text)
}

function unb64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}

async function derive(username: string, password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const material = await crypto.subtle.importKey(
    'raw',
    encoder.encode(`${username.toLowerCase()}\u0000${password}`),
    'PBKDF2',
    false,
    ['deriveBits'],
  )
  return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 256)
}

export async function makeVerifier(username: string, password: string, iterations = ITERATIONS): Promise<Verifier> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  return { salt: b64(salt), hash: b64(await derive(username, password, salt, iterations)), iterations }
}

export async function checkVerifier(verifier: Verifier, username: string, password: string): Promise<boolean> {
  const candidate = new Uint8Array(await derive(username, password, unb64(verifier.salt), verifier.iterations))
  const expected = unb64(verifier.hash)
  if (candidate.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < candidate.length; i++) diff |= candidate[i] ^ expected[i]
  return diff === 0
}
