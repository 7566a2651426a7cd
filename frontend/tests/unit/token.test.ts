import { describe, expect, it } from 'vitest'
import { base32Decode, parseToken, passNumberWellFormed, signatureValid } from '../../src/gate/token'
import fixture from './fixtures/pass-token.json'

function flipChar(token: string, at: number): string {
  const c = token[at] === 'A' ? 'B' : 'A'
  return token.slice(0, at) + c + token.slice(at + 1)
}

describe('a token signed by the registry (Python, cryptography)', () => {
  it('parses to the claims it was made from', () => {
    const parsed = parseToken(fixture.token)!
    expect(parsed.claims.kid).toBe(fixture.kid)
    expect(parsed.claims.passUuid).toBe(fixture.pass_uuid)
    expect(parsed.claims.householdUuid).toBe(fixture.household_uuid)
    expect(parsed.claims.passId).toBe(fixture.pass_compact)
    expect(parsed.claims.householdId).toBe(fixture.household_compact)
    expect(parsed.claims.validFrom).toBe(Date.parse(fixture.valid_from))
    expect(parsed.claims.validUntil).toBe(Date.parse(fixture.valid_until))
    expect(parsed.claims.passVersion).toBe(2)
  })

  it('verifies with the published key (raw r‖s, WebCrypto)', async () => {
    expect(await signatureValid(parseToken(fixture.token)!, fixture.public_key)).toBe(true)
  })

  it('is refused with another key', async () => {
    expect(await signatureValid(parseToken(fixture.token)!, fixture.other_public_key)).toBe(false)
  })

  it('is refused when any payload or signature character is changed', async () => {
    for (const at of [3, 20, 60, 75, 100, 150, 177]) {
      const parsed = parseToken(flipChar(fixture.token, at))
      if (parsed) expect(await signatureValid(parsed, fixture.public_key)).toBe(false)
    }
  })

  it('is read in lower case too (scanners differ)', () => {
    expect(parseToken(fixture.token.toLowerCase())?.claims.kid).toBe(fixture.kid)
  })
})

describe('not a token', () => {
  it.each(['', 'hello', fixture.token.slice(1), `${fixture.token}A`, fixture.token.replace(/A/, '1')])(
    'gives null: %s',
    (text) => expect(parseToken(text)).toBeNull(),
  )
  it('rejects an unknown format version', () => {
    const bytes = base32Decode(fixture.token)!
    expect(bytes[0]).toBe(1)
  })
  it('does not throw on a garbage key', async () => {
    expect(await signatureValid(parseToken(fixture.token)!, 'not-a-key')).toBe(false)
  })
})

describe('pass numbers (Luhn)', () => {
  it('accepts a correct check digit and refuses a typo', () => {
    // 1234567 → Luhn digit 4
    expect(passNumberWellFormed('12345674')).toBe(true)
    expect(passNumberWellFormed('12345675')).toBe(false)
    expect(passNumberWellFormed('21345674')).toBe(false)
    expect(passNumberWellFormed('1234567')).toBe(false)
  })
})
