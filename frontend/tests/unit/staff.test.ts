import { describe, expect, it } from 'vitest'
import type { PickList } from '../../src/api/doorDeliveries'
import { fileNameOf } from '../../src/api/files'
import { hourBars } from '../../src/staff/chart'
import { pendingClientId, settleClientId } from '../../src/staff/clientIds'
import { apiOf, screenFor } from '../../src/staff/links'
import { delivered, markHandedOver, openOnly } from '../../src/staff/pickList'
import { currentRound, dayWord } from '../../src/staff/rounds'
import { cleanQuery, peopleQuery } from '../../src/staff/search'

describe('household search query', () => {
  const empty = { q: '', buildingId: '', unit: '', room: '' }
  it('asks nothing when nothing was typed or picked', () => {
    expect(peopleQuery(empty)).toBeNull()
    expect(peopleQuery({ ...empty, q: '   ', unit: '2' })).toBeNull()
  })
  it('drops spaces and lower-cases pinyin; an ID number ends in upper-case X', () => {
    expect(cleanQuery(' Zhang San ')).toBe('zhangsan')
    expect(peopleQuery({ ...empty, q: 'ZS' })?.q).toBe('zs')
    expect(peopleQuery({ ...empty, q: '138 0013 8000' })?.q).toBe('13800138000')
    expect(peopleQuery({ ...empty, q: '11010519491231002x' })?.q).toBe('11010519491231002X')
  })
  it('takes unit and room only with a building, and a unit only from 1 to 50', () => {
    expect(peopleQuery({ ...empty, unit: '2', room: '301' })).toBeNull()
    expect(peopleQuery({ q: '', buildingId: 'b1', unit: '2', room: ' 301 ' })).toEqual({
      q: undefined,
      building_id: 'b1',
      unit: 2,
      room: '301',
    })
    expect(peopleQuery({ q: '', buildingId: 'b1', unit: '99', room: '' })?.unit).toBeUndefined()
  })
})

describe('client ids of retried forms', () => {
  it('keeps one id until the server has the record, then makes a new one', () => {
    const first = pendingClientId('screening:h1')
    expect(pendingClientId('screening:h1')).toBe(first)
    expect(pendingClientId('screening:h2')).not.toBe(first)
    settleClientId('screening:h1')
    expect(pendingClientId('screening:h1')).not.toBe(first)
  })
})

describe('delivery rounds', () => {
  const rounds = [
    { id: 'tomorrow-10', delivers_at: '2026-11-25T02:00:00Z' },
    { id: 'today-10', delivers_at: '2026-11-24T02:00:00Z' },
    { id: 'today-16', delivers_at: '2026-11-24T08:00:00Z' },
  ]
  it('opens on the round being delivered now or next', () => {
    expect(currentRound(rounds, Date.parse('2026-11-24T01:00:00Z'))?.id).toBe('today-10')
    expect(currentRound(rounds, Date.parse('2026-11-24T04:59:00Z'))?.id).toBe('today-10')
    expect(currentRound(rounds, Date.parse('2026-11-24T05:01:00Z'))?.id).toBe('today-16')
    expect(currentRound(rounds, Date.parse('2026-11-26T00:00:00Z'))?.id).toBe('tomorrow-10')
    expect(currentRound([], 0)).toBeNull()
  })
  it('names today and tomorrow, across a month end', () => {
    expect(dayWord('2026-11-30', '2026-11-30')).toBe('today')
    expect(dayWord('2026-12-01', '2026-11-30')).toBe('tomorrow')
    expect(dayWord('2026-12-02', '2026-11-30')).toBeNull()
  })
})

function entry(id: string, handedOver: string | null = null) {
  return {
    order_id: id,
    household_id: `h-${id}`,
    partner_id: 'p',
    room: id,
    status: handedOver ? ('delivered_door' as const) : ('out_for_delivery' as const),
    door_reason: '',
    carrier: '',
    handed_over_at: handedOver,
    items: [],
  }
}

const LIST: PickList = {
  round_id: 'r',
  delivery_date: '2026-11-24',
  local_time: '10:00',
  door_orders: 3,
  handed_over: 1,
  compounds: [
    {
      compound: '东苑',
      buildings: [
        { building: '1栋', door_orders: 1, units: [{ unit: 1, floors: [{ floor: 2, entries: [entry('201', '2026-11-24T02:00:00Z')] }] }] },
        {
          building: '3栋',
          door_orders: 2,
          units: [{ unit: 2, floors: [{ floor: 1, entries: [entry('101')] }, { floor: 5, entries: [entry('501')] }] }],
        },
      ],
    },
  ],
}

describe('pick list', () => {
  it('keeps only the doors left, and no empty branches', () => {
    const open = openOnly(LIST)
    expect(open).toHaveLength(1)
    expect(open[0].buildings.map((b) => [b.building, b.door_orders])).toEqual([['3栋', 2]])
  })
  it('marks a door handed over once', () => {
    const after = markHandedOver(LIST, '101', '2026-11-24T03:00:00Z')
    expect(after.handed_over).toBe(2)
    const door = after.compounds[0].buildings[1].units[0].floors[0].entries[0]
    expect(delivered(door)).toBe(true)
    expect(markHandedOver(after, '101', 'later')).toBe(after)
    expect(openOnly(after)[0].buildings[0].units[0].floors.map((f) => f.floor)).toEqual([5])
  })
})

describe('dashboard links', () => {
  it('open the PWA screen of their list, or the generic list', () => {
    expect(screenFor('/api/v1/screenings/work-list?community_id=c')).toBe('/staff/screening')
    expect(screenFor('/api/v1/follow-ups/due?community_id=c&local_date=2026-11-24&period=morning')).toBe(
      '/staff/follow-ups?date=2026-11-24&period=morning',
    )
    expect(screenFor('/api/v1/disinfections/overdue?community_id=c')).toBe('/staff/disinfections')
    expect(screenFor('/api/v1/tasks?status=done')).toBe('/staff/tasks')
    expect(screenFor('/api/v1/care-list?community_id=c&escalated=true')).toBe('/staff/care')
    expect(screenFor('/api/v1/medicine/custody/flagged?community_id=c')).toBe('/staff/medicine?tab=custody')
    const round = '0b3f6a1e-2c4d-4e5f-8a9b-0c1d2e3f4a5b'
    expect(screenFor(`/api/v1/testing-rounds/${round}/missing`)).toBe(`/staff/testing/${round}/missing`)
    expect(screenFor('/api/v1/orders?round_id=r')).toBe('/staff/deliveries')
    expect(screenFor('/api/v1/referrals?status=open')).toBe(
      `/staff/list?api=${encodeURIComponent('/api/v1/referrals?status=open')}`,
    )
    expect(screenFor(null)).toBeNull()
    expect(screenFor('https://elsewhere.example/api/v1/x')).toBeNull()
  })
  it('give the generic list a path under /api/v1 only', () => {
    expect(apiOf('/api/v1/referrals?status=open&community_id=c')).toEqual({
      path: '/referrals',
      query: { status: 'open', community_id: 'c' },
    })
    expect(apiOf('/api/v1/../auth/users')).toBeNull()
    expect(apiOf('/auth/users')).toBeNull()
  })
})

describe('hourly chart', () => {
  it('stacks out and in, scaled to the busiest hour', () => {
    const hours = [
      { gate_passages_out: 3, gate_passages_in: 1, follow_ups_done: 0 },
      { gate_passages_out: 0, gate_passages_in: 0, follow_ups_done: 2 },
    ]
    const { bars, max } = hourBars(hours, 100, 40)
    expect(max).toBe(4)
    expect(bars[0].out).toEqual({ y: 10, height: 30 })
    expect(bars[0].in).toEqual({ y: 0, height: 10 })
    expect(bars[1].followUps).toBe(20)
    expect(hourBars([{ gate_passages_out: 0, gate_passages_in: 0, follow_ups_done: 0 }], 10, 10).max).toBe(1)
  })
})

describe('downloaded file names', () => {
  it('prefer the UTF-8 name', () => {
    const header = `attachment; filename="daily-report-2026-11-24.xlsx"; filename*=UTF-8''${encodeURIComponent('日报-2026-11-24.xlsx')}`
    expect(fileNameOf(header, 'x')).toBe('日报-2026-11-24.xlsx')
    expect(fileNameOf('attachment; filename="cards.pdf"', 'x')).toBe('cards.pdf')
    expect(fileNameOf(null, 'fallback.pdf')).toBe('fallback.pdf')
  })
})

describe('dispatch meeting form', () => {
  it('splits names and decisions, and reads local times as UTC+8', async () => {
    const { names, lines, localToIso } = await import('../../src/staff/meetings')
    expect(names('刘红、李敏, 王强  赵六')).toEqual(['刘红', '李敏', '王强', '赵六'])
    expect(lines('东苑3栋加一次消毒\n\n  西苑张贴通知 ')).toEqual(['东苑3栋加一次消毒', '西苑张贴通知'])
    expect(localToIso('2026-11-24T18:00')).toBe('2026-11-24T18:00:00+08:00')
    expect(localToIso('')).toBeUndefined()
  })
})
