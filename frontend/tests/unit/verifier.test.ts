import { describe, expect, it } from 'vitest'
import { checkVerifier, makeVerifier } from '../../src/auth/verifier'

describe('offline sign-in verifier', () => {
  it('accepts the password it was made from, and nothing else', async () => {
    const v = await makeVerifier('gate1', 'shouhu2020', 1000)
    expect(v.hash).not.toContain('shouhu2020')
    expect(await checkVerifier(v, 'gate1', 'shouhu2020')).toBe(true)
    expect(await checkVerifier(v, 'GATE1', 'shouhu2020')).toBe(true) // usernames are case-blind
    expect(await checkVerifier(v, 'gate1', 'shouhu2021')).toBe(false)
    expect(await checkVerifier(v, 'gate2', 'shouhu2020')).toBe(false)
  })
  it('salts each verifier', async () => {
    const a = await makeVerifier('gate1', 'pw', 1000)
    const b = await makeVerifier('gate1', 'pw', 1000)
    expect(a.hash).not.toBe(b.hash)
  })
})
