import { describe, expect, it } from 'vitest'
import type { WorkerLoad } from '../../src/api/grid'
import { addDays, daysBetween, isoWeekday, localDay, mondayOf, weekOf } from '../../src/office/dates'
import { availableFor, birthYearOf, cleanMobile, parseTimes, splitPlaces, splitSkills } from '../../src/office/forms'
import { movePlan, movedPart, withPart, without } from '../../src/office/grid'

describe('local days', () => {
  it('counts calendar days across months and years', () => {
    expect(addDays('2026-11-24', 14)).toBe('2026-12-08')
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04')
    expect(daysBetween('2026-11-24', '2026-12-08')).toBe(14)
  })
  it('finds the Monday of a week', () => {
    expect(isoWeekday('2026-11-24')).toBe(2) // a Tuesday
    expect(mondayOf('2026-11-24')).toBe('2026-11-23')
    expect(mondayOf('2026-11-29')).toBe('2026-11-23') // Sunday belongs to the week before
    expect(weekOf('2026-11-23')).toHaveLength(7)
    expect(weekOf('2026-11-23')[6]).toBe('2026-11-29')
  })
  it('takes the day in Shanghai, not UTC', () => {
    expect(localDay(new Date('2026-11-23T17:30:00Z'))).toBe('2026-11-24')
  })
})

describe('worker form', () => {
  it('splits skills on Chinese and Latin separators, once each', () => {
    expect(splitSkills('测温，驾驶 配送、测温')).toEqual(['测温', '驾驶', '配送'])
  })
  it('turns an age into a birth year, refusing the impossible', () => {
    expect(birthYearOf('40', 2026)).toBe(1986)
    expect(birthYearOf('12', 2026)).toBeNull()
    expect(birthYearOf('abc', 2026)).toBeNull()
    expect(birthYearOf('', 2026)).toBeNull()
  })
  it('cleans a typed mobile number', () => {
    expect(cleanMobile('138 0013-8000')).toBe('13800138000')
    expect(cleanMobile('12345')).toBeNull()
  })
  it('says who is free for a shift, night shifts and slots past midnight included', () => {
    const weekdays = [{ weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '20:00' }]
    expect(availableFor(weekdays, '2026-11-24', '08:00', '14:00')).toBe(true)
    expect(availableFor(weekdays, '2026-11-29', '08:00', '14:00')).toBe(false) // Sunday
    expect(availableFor(weekdays, '2026-11-24', '20:00', '08:00')).toBe(false)
    const nights = [{ weekdays: [2], start: '19:00', end: '09:00' }]
    expect(availableFor(nights, '2026-11-24', '20:00', '08:00')).toBe(true)
    expect(availableFor([], '2026-11-24', '20:00', '08:00')).toBe(true)
  })
})

describe('disinfection schedule form', () => {
  it('reads times of day, sorted, each once', () => {
    expect(parseTimes('16:00, 8:00')).toEqual(['08:00', '16:00'])
    expect(parseTimes('08：30')).toEqual(['08:30'])
    expect(parseTimes('08:00 08:00')).toBeNull()
    expect(parseTimes('25:00')).toBeNull()
    expect(parseTimes('')).toBeNull()
  })
  it('reads places one per line', () => {
    expect(splitPlaces('东门主干道\n\n西苑垃圾站、东门主干道')).toEqual(['东门主干道', '西苑垃圾站'])
  })
})

describe('grid moves', () => {
  const area = (b: string, from: number | null = null, to: number | null = null) => ({ building_id: b, floor_from: from, floor_to: to })
  const load = (subject: string, ...areas: ReturnType<typeof area>[]): WorkerLoad => ({
    subject,
    buildings: areas.length,
    households: 0,
    areas: areas.map((a) => ({ ...a, subject, community_id: 'c', building_name: a.building_id })),
  })
  it('moves a whole building from one worker to the other in one plan', () => {
    const loads = [load('user:a', area('b1'), area('b2')), load('user:b', area('b3'))]
    expect(movePlan(loads, 'user:a', 'user:b', { area: area('b2') }, 6)).toEqual([
      { subject: 'user:a', building_ids: ['b1'], floors: [] },
      { subject: 'user:b', building_ids: ['b3', 'b2'], floors: [] },
    ])
  })
  it('moves the top floors, keeping the rest with the giver', () => {
    const part = { area: area('b1'), floors: { from: 4, to: 6 } }
    expect(movedPart(part, 6)).toEqual(area('b1', 4, 6))
    expect(without([area('b1')], part, 6)).toEqual([area('b1', 1, 3)])
  })
  it('joins floors with a touching range of the taker, a full span becoming the building', () => {
    expect(withPart([area('b1', 1, 3)], area('b1', 4, 6), 6)).toEqual([area('b1')])
    expect(withPart([area('b1', 1, 2)], area('b1', 4, 6), 6)).toEqual([area('b1', 1, 2), area('b1', 4, 6)])
  })
  it('hands nobody the area when asked (the API refuses that gap)', () => {
    const loads = [load('user:a', area('b1'))]
    expect(movePlan(loads, 'user:a', null, { area: area('b1') }, 6)).toEqual([{ subject: 'user:a', building_ids: [], floors: [] }])
  })
  it('assigns an uncovered area to a worker with none yet', () => {
    expect(movePlan([], null, 'user:c', { area: area('b9', 1, 3) }, 6)).toEqual([
      { subject: 'user:c', building_ids: [], floors: [{ building_id: 'b9', floor_from: 1, floor_to: 3 }] },
    ])
  })
})
