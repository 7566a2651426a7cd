import { describe, expect, it } from 'vitest'
import type { VerdictView } from '../../src/gate/gateData'
import { setLang } from '../../src/i18n'
import { reasonText } from '../../src/screens/gate/verdictText'

const fever: VerdictView = {
  verdict: 'deny',
  reason: 'fever',
  message: '体温 38.2°C ≥ 37.3°C，禁止通行，请引导至发热门诊', // the server's words
  fever: true,
  address: null,
  passNumber: null,
  passId: null,
  householdId: null,
  nextAllowedAt: null,
  offline: false,
}

describe('reasonText', () => {
  it('says a fever once: the referral has a line of its own on the screen', () => {
    setLang('zh-CN')
    const text = reasonText(fever, 38.2, 37.3)
    expect(text).toBe('体温 38.2°C ≥ 37.3°C，禁止通行')
    expect(text).not.toContain('发热门诊')
  })
  it("shows the server's own words for other refusals", () => {
    setLang('zh-CN')
    expect(reasonText({ ...fever, reason: 'revoked', fever: false, message: '出入证已作废：搬离' })).toBe('出入证已作废：搬离')
  })
})
