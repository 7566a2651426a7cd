import { describe, expect, it } from 'vitest'
import { ONLINE_SCREENS } from '../../src/app/onlineScreens'
import { DICTIONARIES } from '../../src/i18n/registry'
import { type AreaDict, LANGS, mergeDictionaries, pickLang, translate, translateTerm, translateUnit } from '../../src/i18n/translate'

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
  it('merge every area without clashes, the online words too', () => {
    expect(() => mergeDictionaries([...DICTIONARIES, ...ONLINE_DICTIONARIES])).not.toThrow()
  })
})

/** Every area's dictionary, by file name (src/i18n/<area>.ts), found on disk: a new area is
 * checked without touching this test (the names below only prove that the search finds files). */
const areasIn = (files: Record<string, unknown>): [string, AreaDict][] =>
  Object.entries(files).flatMap(([path, dict]) => (isAreaDict(dict) ? [[path.replace(/^.*\/|\.ts$/g, ''), dict]] : []))
const MAIN_AREAS = areasIn(import.meta.glob<unknown>('../../src/i18n/*.ts', { eager: true, import: 'default' }))
/** The words only the online screens use (i18n/online/, loaded with them, not precached). */
const ONLINE_AREAS = areasIn(
  import.meta.glob<unknown>(['../../src/i18n/online/*.ts', '!../../src/i18n/online/index.ts'], { eager: true, import: 'default' }),
)
const AREAS = [...MAIN_AREAS, ...ONLINE_AREAS]
const ONLINE_DICTIONARIES = ONLINE_AREAS.map(([, dict]) => dict)

function isAreaDict(value: unknown): value is AreaDict {
  return typeof value === 'object' && value !== null && LANGS.every((lang) => lang in value)
}

/** Words that are blank in one language on purpose: Chinese weekdays are written together
 * (一三五), English ones apart (Mo We Fr). */
const BLANK_ON_PURPOSE = new Set(['office.weekday.sep'])
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('every area in Chinese and English', () => {
  it('is found and registered, each one once', () => {
    const names = MAIN_AREAS.map(([name]) => name)
    expect(names).toEqual(expect.arrayContaining(['gate', 'household', 'notices', 'office', 'ops', 'shell', 'staff', 'terms']))
    expect(MAIN_AREAS.filter(([, dict]) => !DICTIONARIES.includes(dict)).map(([name]) => name)).toEqual([])
    expect(DICTIONARIES).toHaveLength(MAIN_AREAS.length)
    expect(ONLINE_AREAS.map(([name]) => name)).toEqual(expect.arrayContaining(['audit', 'office', 'ops', 'records', 'testing']))
  })
  it.each(AREAS)('%s: has the same keys in both languages', (_, area) => {
    expect(Object.keys(area.en).sort()).toEqual(Object.keys(area['zh-CN']).sort())
  })
  it.each(AREAS)('%s: keys are prefixed with the area', (name, area) => {
    for (const lang of LANGS) {
      expect(Object.keys(area[lang]).filter((key) => !key.startsWith(`${name}.`))).toEqual([])
    }
  })
  it.each(AREAS)('%s: has no blank words', (_, area) => {
    for (const lang of LANGS) {
      const blank = Object.entries(area[lang]).filter(([key, text]) => !text.trim() && !BLANK_ON_PURPOSE.has(key))
      expect(blank.map(([key]) => `${lang} ${key}`)).toEqual([])
    }
  })
  it.each(AREAS)('%s: fills the same placeholders in both languages', (_, area) => {
    const differ = Object.entries(area['zh-CN'])
      .filter(([key, zh]) => key in area.en && placeholders(zh).join() !== placeholders(area.en[key]).join())
      .map(([key]) => key)
    expect(differ).toEqual([])
  })
  it('lists as blank on purpose only words that exist', () => {
    const all = mergeDictionaries([...DICTIONARIES, ...ONLINE_DICTIONARIES])
    for (const key of BLANK_ON_PURPOSE) expect(key in all['zh-CN'] && key in all.en).toBe(true)
  })
})

/** The screens' side: every key the code names (t('…'), either side of a t(a ? '…' : '…'), a
 * route's or a field's `title:`/`label:`) exists in both languages, and every key built at run
 * time (t(`gate.reason.${reason}`)) has words under its prefix. Without this a missing key shows
 * itself on the screen, and only the e2e tests that visit that screen would notice. */
describe('every key the screens use', () => {
  const sources = Object.entries(
    import.meta.glob<string>(['../../src/**/*.ts', '../../src/**/*.tsx', '!../../src/i18n/**'], {
      eager: true,
      query: '?raw',
      import: 'default',
    }),
  )
  const named = new Map<string, string>() // key → the file naming it
  const built = new Map<string, string>() // prefix → the file building a key on it
  const byFile = new Map<string, { named: Set<string>; built: Set<string> }>()
  for (const [path, text] of sources) {
    const own = { named: new Set<string>(), built: new Set<string>() }
    for (const call of text.matchAll(/\bt\(([^)]*)\)/g)) {
      for (const m of call[1].matchAll(/'([a-z]\w*\.[\w.]+)'/g)) own.named.add(m[1])
      for (const m of call[1].matchAll(/`([a-z]\w*\.[\w.]*)\$\{/g)) own.built.add(m[1])
    }
    for (const m of text.matchAll(/\b(?:title|label)\w*:\s*'([a-z]\w*\.[\w.]+)'/g)) own.named.add(m[1])
    own.named.forEach((key) => named.set(key, path))
    own.built.forEach((prefix) => built.set(prefix, path))
    byFile.set(path, own)
  }
  const all = mergeDictionaries([...DICTIONARIES, ...ONLINE_DICTIONARIES])
  const precached = mergeDictionaries(DICTIONARIES)

  /** What the screens that work offline can reach, found as the build finds it (vite.config.ts):
   * from main.tsx through static and dynamic imports, but never into an online screen. */
  const texts = new Map(sources)
  const resolve = (from: string, spec: string): string | undefined => {
    if (!spec.startsWith('.')) return undefined
    const parts = `${from.replace(/[^/]*$/, '')}${spec}`.split('/')
    const out: string[] = []
    for (const part of parts) {
      if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop()
      else if (part !== '.') out.push(part)
    }
    const base = out.join('/')
    return ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((f) => texts.has(f)) ?? base
  }
  const imports = (path: string) =>
    [...(texts.get(path) ?? '').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)'([^']+)'/gm)].flatMap((m) => {
      const target = resolve(path, m[1])
      return target ? [{ target, dynamic: m[0].includes('(') }] : []
    })
  const onlineScreens = new Set<string>()
  const reached = new Set<string>()
  const todo = ['../../src/main.tsx']
  while (todo.length) {
    const path = todo.pop()!
    if (reached.has(path)) continue
    reached.add(path)
    for (const { target, dynamic } of imports(path)) {
      if (dynamic && ONLINE_SCREENS.some((re) => re.test(target))) onlineScreens.add(target)
      else todo.push(target)
    }
  }

  it('are found in the sources', () => {
    expect(sources.length).toBeGreaterThan(50)
    expect(named.size).toBeGreaterThan(500)
    expect(built.size).toBeGreaterThan(20)
  })
  it.each(LANGS)('exist in %s', (lang) => {
    const missing = [...named].filter(([key]) => !(key in all[lang])).map(([key, path]) => `${key} (${path})`)
    expect(missing).toEqual([])
    const empty = [...built].filter(([prefix]) => !Object.keys(all[lang]).some((key) => key.startsWith(prefix)))
    expect(empty.map(([prefix, path]) => `${prefix}… (${path})`)).toEqual([])
  })
  it('are precached when a screen that works offline uses them', () => {
    expect(reached.size).toBeGreaterThan(50)
    expect(onlineScreens.size).toBeGreaterThan(10)
    const lost: string[] = []
    for (const path of reached) {
      const own = byFile.get(path)
      if (!own) continue
      own.named.forEach((key) => key in precached['zh-CN'] || lost.push(`${key} (${path})`))
      own.built.forEach((prefix) => Object.keys(precached['zh-CN']).some((key) => key.startsWith(prefix)) || lost.push(`${prefix}… (${path})`))
    }
    expect(lost).toEqual([])
    expect([...reached].filter((path) => path.includes('/i18n/online'))).toEqual([])
  })
  it('come with every online screen: it loads the online words first', () => {
    const first = (path: string) => /^import\b.*$/m.exec(texts.get(path) ?? '')?.[0] ?? ''
    expect([...onlineScreens].filter((path) => !first(path).startsWith("import '../../i18n/online'"))).toEqual([])
  })
})

describe('the API words kept in Chinese', () => {
  const all = mergeDictionaries(DICTIONARIES)
  it('show relations and skills in English, and stay as they are in Chinese', () => {
    expect(translateTerm(all, 'en', 'relation', '户主')).toBe('Head of household')
    expect(translateTerm(all, 'en', 'relation', '子女')).toBe('Child')
    expect(translateTerm(all, 'en', 'skill', '入户排查')).toBe('Door-to-door checks')
    expect(translateTerm(all, 'zh-CN', 'relation', '户主')).toBe('户主')
  })
  it('show a word they do not know as it is, and never a word of another kind', () => {
    expect(translateTerm(all, 'en', 'skill', '吹唢呐')).toBe('吹唢呐')
    expect(translateTerm(all, 'en', 'relation', '测温')).toBe('测温')
  })
  it('show units with the amount they hold', () => {
    expect(translateUnit(all, 'en', '斤')).toBe('jin (500 g)')
    expect(translateUnit(all, 'en', '袋（5公斤）')).toBe('bag (5 kg)')
    expect(translateUnit(all, 'en', '份（3斤）')).toBe('portion (3 jin)')
    expect(translateUnit(all, 'en', '瓶（500毫升）')).toBe('bottle (500 ml)')
    expect(translateUnit(all, 'en', '盒（10枚）')).toBe('box (10 pcs)')
    expect(translateUnit(all, 'zh-CN', '盒（10枚）')).toBe('盒（10枚）')
  })
  it('cover every relation the registry knows', () => {
    const relations = ['户主', '配偶', '子女', '父母', '祖父母', '孙子女', '兄弟姐妹', '儿媳女婿', '其他'] // people/relations.py
    expect(relations.filter((r) => translateTerm(all, 'en', 'relation', r) === r)).toEqual([])
  })
})

describe('pickLang', () => {
  it('keeps the stored choice', () => expect(pickLang('en', ['zh-CN'])).toBe('en'))
  it('follows the browser', () => expect(pickLang(null, ['en-GB', 'zh'])).toBe('en'))
  it('defaults to Chinese', () => expect(pickLang(null, ['fr-FR'])).toBe('zh-CN'))
})
