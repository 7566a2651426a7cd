import { describe, expect, it } from 'vitest'
import type { QuarantineRule } from '../../src/api/quarantineRules'
import { ruleChange } from '../../src/screens/office/CommunityRules'

const rule: QuarantineRule = {
  community_id: 'c',
  default_days: 14,
  fever_threshold: 37.3,
  time_zone: 'Asia/Shanghai',
  self_reports_replace_calls: false,
  bulk_change_threshold: 20,
}

describe('the community rules form', () => {
  it('sends only what changed', () => {
    expect(ruleChange(rule, rule, true)).toEqual({})
    expect(ruleChange(rule, { ...rule, self_reports_replace_calls: true, default_days: 10 }, false)).toEqual({
      self_reports_replace_calls: true,
      default_days: 10,
    })
  })

  it('sends the threshold for administrators only (staff would get 403)', () => {
    const form = { ...rule, bulk_change_threshold: 5 }
    expect(ruleChange(rule, form, false)).toEqual({})
    expect(ruleChange(rule, form, true)).toEqual({ bulk_change_threshold: 5 })
  })
})
