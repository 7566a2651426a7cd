/** Pure translation: no DOM, no storage (unit-tested). */

export const LANGS = ['zh-CN', 'en'] as const
export type Lang = (typeof LANGS)[number]
export type Dict = Record<string, string>
/** One area's dictionary (src/i18n/<area>.ts): keys prefixed with the area, e.g. `gate.allow`. */
export type AreaDict = { 'zh-CN': Dict; en: Dict }
export type Params = Record<string, string | number>

export function mergeDictionaries(areas: readonly AreaDict[]): AreaDict {
  const merged: AreaDict = { 'zh-CN': {}, en: {} }
  for (const area of areas) {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(area[lang])) {
        if (key in merged[lang]) throw new Error(`i18n key defined twice: ${key}`)
        merged[lang][key] = text
      }
    }
  }
  return merged
}

/** `{name}` placeholders are filled from params; a key missing in English falls back to
 * Chinese (the reference language), then to the key itself so a gap is visible, never blank. */
export function translate(dicts: AreaDict, lang: Lang, key: string, params?: Params): string {
  const text = dicts[lang][key] ?? dicts['zh-CN'][key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}

export function pickLang(stored: string | null, browser: readonly string[]): Lang {
  if (stored === 'zh-CN' || stored === 'en') return stored
  for (const tag of browser) {
    const lower = tag.toLowerCase()
    if (lower.startsWith('zh')) return 'zh-CN'
    if (lower.startsWith('en')) return 'en'
  }
  return 'zh-CN'
}

/** `terms.<kind>.<name>` keys by their Chinese, per dictionary set. */
const termIndex = new WeakMap<Dict, Map<string, string>>()

/** One of the API's Chinese words (a relation, a skill, a unit) in `lang`: the key under
 * `terms.<kind>.` whose Chinese it is; a word with no such key is shown as it is. */
export function translateTerm(dicts: AreaDict, lang: Lang, kind: string, value: string): string {
  if (lang === 'zh-CN') return value
  let index = termIndex.get(dicts['zh-CN'])
  if (!index) {
    index = new Map()
    for (const [key, zh] of Object.entries(dicts['zh-CN'])) {
      const m = /^terms\.(\w+)\./.exec(key)
      if (m) index.set(`${m[1]}:${zh}`, key)
    }
    termIndex.set(dicts['zh-CN'], index)
  }
  const key = index.get(`${kind}:${value.trim()}`)
  return key ? translate(dicts, lang, key) : value
}

/** A selling unit, with the amount it holds: "袋（5公斤）" → "bag (5 kg)", "斤" → "jin (500 g)". */
export function translateUnit(dicts: AreaDict, lang: Lang, unit: string): string {
  if (lang === 'zh-CN') return unit
  const m = /^(.+?)\s*[（(]\s*(\d+(?:\.\d+)?)\s*(.+?)\s*[）)]$/.exec(unit.trim())
  if (!m) return translateTerm(dicts, lang, 'unit', unit)
  const measure = translateTerm(dicts, lang, 'unit', m[3]).replace(/\s*\(.*\)$/, '') // "3斤" → "3 jin"
  return `${translateTerm(dicts, lang, 'unit', m[1])} (${m[2]} ${measure})`
}
