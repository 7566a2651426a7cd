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
