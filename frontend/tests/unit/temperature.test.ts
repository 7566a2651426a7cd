import { describe, expect, it } from 'vitest'
import { temperatureValid } from '../../src/gate/rules'
import { backspace, padDisplay, padValue, pressDigit } from '../../src/gate/temperature'

describe('temperature pad', () => {
  it('places the decimal itself', () => {
    let digits = ''
    for (const d of '365') digits = pressDigit(digits, d)
    expect(padValue(digits)).toBe(36.5)
    expect(padDisplay(digits)).toBe('36.5')
  })
  it('shows what is still missing and ignores a fourth digit', () => {
    expect(padDisplay('37')).toBe('37._')
    expect(padValue('37')).toBeNull()
    expect(pressDigit('373', '9')).toBe('373')
    expect(backspace('373')).toBe('37')
  })
  it('rejects readings outside 30–45 °C as input errors', () => {
    expect(temperatureValid(padValue('295')!)).toBe(false)
    expect(temperatureValid(padValue('451')!)).toBe(false)
    expect(temperatureValid(padValue('300')!)).toBe(true)
    expect(temperatureValid(padValue('450')!)).toBe(true)
  })
})
