import { describe, expect, it } from 'vitest'
import { shortName } from '../../src/app/names'

describe('shortName', () => {
  it('keeps the name after a role title', () => {
    expect(shortName('社区工作人员 李敏')).toBe('李敏')
    expect(shortName('卡口志愿者\u3000陈军')).toBe('陈军')
    expect(shortName('网格员·王强')).toBe('王强')
  })
  it('keeps a plain name', () => {
    expect(shortName('刘红')).toBe('刘红')
    expect(shortName(' admin ')).toBe('admin')
  })
})
