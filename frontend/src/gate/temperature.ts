/** The temperature pad: digits only, one decimal placed by itself ("365" → 36.5 °C), so a gloved
 * volunteer types three digits and never looks for the decimal point. */

export const PAD_DIGITS = 3

export function pressDigit(digits: string, digit: string): string {
  return digits.length >= PAD_DIGITS ? digits : digits + digit
}

export function backspace(digits: string): string {
  return digits.slice(0, -1)
}

/** The value once complete, else null. */
export function padValue(digits: string): number | null {
  return digits.length === PAD_DIGITS ? Number(digits) / 10 : null
}

/** "36.5", or "36._" while typing. */
export function padDisplay(digits: string): string {
  const filled = digits.padEnd(PAD_DIGITS, '_')
  return `${filled.slice(0, 2)}.${filled.slice(2)}`
}
