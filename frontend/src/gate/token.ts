/** The signed pass token a QR carries (services/registry/registry/access/passes/tokens.py): 47 payload
 * bytes + a 64-byte ECDSA P-256/SHA-256 signature in raw r‖s form, RFC 4648 base32 without
 * padding (178 characters). Checked here with WebCrypto and the community's public keys. */

export const TOKEN_CHARS = 178
const PAYLOAD_BYTES = 47
const FORMAT_VERSION = 1
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export interface PassClaims {
  kid: number
  passId: string // 22-char base64url of the 16 UUID bytes, as in the offline bundle
  householdId: string
  passUuid: string
  householdUuid: string
  validFrom: number // ms since epoch
  validUntil: number
  passVersion: number
}

export interface ParsedToken {
  claims: PassClaims
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export function base32Decode(text: string): Uint8Array<ArrayBuffer> | null {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8))
  let bits = 0
  let value = 0
  let index = 0
  for (const char of text) {
    const digit = ALPHABET.indexOf(char)
    if (digit < 0) return null
    value = (value << 5) | digit
    bits += 5
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 0xff
      bits -= 8
    }
  }
  return out
}

export function compactId(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function uuidOf(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
}

/** Claims and signed parts, or null when the text is not a pass token at all. */
export function parseToken(raw: string): ParsedToken | null {
  const text = raw.trim().toUpperCase()
  if (text.length !== TOKEN_CHARS) return null
  const blob = base32Decode(text)
  if (!blob || blob.length < PAYLOAD_BYTES + 64) return null
  const payload = blob.slice(0, PAYLOAD_BYTES)
  const signature = blob.slice(PAYLOAD_BYTES, PAYLOAD_BYTES + 64)
  const view = new DataView(payload.buffer)
  if (view.getUint8(0) !== FORMAT_VERSION) return null
  const pass = payload.slice(5, 21)
  const household = payload.slice(21, 37)
  return {
    claims: {
      kid: view.getUint32(1),
      passId: compactId(pass),
      householdId: compactId(household),
      passUuid: uuidOf(pass),
      householdUuid: uuidOf(household),
      validFrom: view.getUint32(37) * 1000,
      validUntil: view.getUint32(41) * 1000,
      passVersion: view.getUint16(45),
    },
    payload,
    signature,
  }
}

const keyCache = new Map<string, Promise<CryptoKey>>()

function importKey(point: string): Promise<CryptoKey> {
  let key = keyCache.get(point)
  if (!key) {
    key = crypto.subtle.importKey('raw', fromBase64Url(point), { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'verify',
    ])
    keyCache.set(point, key)
  }
  return key
}

/** `publicKey`: the uncompressed point, base64url (the bundle's `keys[].public_key`). */
export async function signatureValid(token: ParsedToken, publicKey: string): Promise<boolean> {
  try {
    const key = await importKey(publicKey)
    return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, token.signature, token.payload)
  } catch {
    return false
  }
}

/** Pass numbers: 8 digits, the last a Luhn check digit (registry/access/passes/numbers.py). */
export function passNumberWellFormed(number: string): boolean {
  if (!/^\d{8}$/.test(number)) return false
  let total = 0
  const body = number.slice(0, 7)
  for (let i = 0; i < 7; i++) {
    let d = Number(body[6 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    total += d
  }
  return String((10 - (total % 10)) % 10) === number[7]
}
