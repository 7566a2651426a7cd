import { describe, expect, it } from 'vitest'
import gate from '../../src/i18n/gate'
import { DICTIONARIES } from '../../src/i18n/registry'
import shell from '../../src/i18n/shell'
import { type AreaDict, mergeDictionaries, pickLang, translate } from '../../src/i18n/translate'

const dicts: AreaDict = {
  'zh-CN': { 'a.hello': '{name}，您好', 'a.only_zh': '只有中文' },
  en: { 'a.hello': 'Hello, {name}' },
}

describe('translate', () => {
  it('fills params', () => {
    expect(translate(dicts, 'zh-CN', 'a.hello', { name: '陈军' })).toBe('陈军，您好')
    expect(translate(dicts, 'en', 'a.hello', { name: 'Chen' })).toBe('Hello, Chen')
  })
  it('falls back to Chinese, then to the key', () => {
    expect(translate(dicts, 'en', 'a.only_zh')).toBe('只有中文')
    expect(translate(dicts, 'en', 'a.missing')).toBe('a.missing')
  })
  it('leaves unknown placeholders visible', () => {
    expect(translate(dicts, 'en', 'a.hello', {})).toBe('Hello, {name}')
  })
})

describe('dictionaries', () => {
  it('refuses a key defined twice', () => {
    expect(() => mergeDictionaries([dicts, dicts])).toThrow(/twice/)
  })
  it('merge every area without clashes', () => {
    expect(() => mergeDictionaries(DICTIONARIES)).not.toThrow()
  })
  it.each([shell, gate])('have the same keys in both languages', (area) => {
    expect(Object.keys(area.en).sort()).toEqual(Object.keys(area['zh-CN']).sort())
  })
})

describe('pickLang', () => {
  it('keeps the stored choice', () => expect(pickLang('en', ['zh-CN'])).toBe('en'))
  it('follows the browser', () => expect(pickLang(null, ['en-GB', 'zh'])).toBe('en'))
  it('defaults to Chinese', () => expect(pickLang(null, ['fr-FR'])).toBe('zh-CN'))
})
