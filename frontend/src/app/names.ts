/** What the top bar shows of the signed-in person. Pure (unit-tested). */

/** The name without the role title accounts are often named with: "社区工作人员 李敏" → "李敏"
 * (the last word when there are several). The full name stays in the account menu. */
export function shortName(name: string): string {
  const words = name.trim().split(/[\s\u3000·]+/).filter(Boolean)
  return words.length > 1 ? words[words.length - 1] : name.trim()
}
