import { beforeEach, describe, expect, it } from 'vitest'
import { openShouhuDB } from '../../src/offline/db'
import { Outbox, type OutboxItem, type Sender } from '../../src/offline/outbox'

const volunteer = { subject: 'user:1', username: 'gate1', name: '陈军' }
let n = 0

function fresh(): Outbox {
  return new Outbox(openShouhuDB(`test-${++n}`))
}

function item(id: string) {
  return { client_id: id, kind: 'passage', volunteer, payload: { temperature: 36.5 } }
}

/** A server that dedups by client id, as the batch endpoint does. */
function server() {
  const stored = new Map<string, OutboxItem>()
  const uploads: string[][] = []
  const send: Sender = async (items) => {
    uploads.push(items.map((i) => i.client_id))
    await new Promise((r) => setTimeout(r, 5))
    for (const i of items) stored.set(i.client_id, i)
    return { done: items.map((i) => i.client_id), rejected: [] }
  }
  return { stored, uploads, send }
}

describe('Outbox', () => {
  let box: Outbox
  beforeEach(() => {
    box = fresh()
  })

  it('keeps items until the server has them, then deletes them once', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await box.add(item(id))
    expect(await box.count()).toBe(5)
    const s = server()
    const result = await box.flush(s.send)
    expect(result.done).toHaveLength(5)
    expect(await box.count()).toBe(0)
    expect(s.stored.size).toBe(5)
    await box.flush(s.send)
    expect(s.uploads).toHaveLength(1) // nothing left: no second upload
  })

  it('tells what each upload delivered, and nothing when nothing went', async () => {
    const told: string[][] = []
    const stop = box.onSent((sent) => told.push(sent.map((i) => i.client_id)))
    for (const id of ['a', 'b', 'c']) await box.add(item(id))
    await box.flush(server().send)
    await box.flush(server().send)
    await box.add(item('d'))
    await box.flush(async () => ({ done: [], rejected: [{ client_id: 'd', errors: ['bad'] }] }))
    stop()
    expect(told).toEqual([['a', 'b', 'c']])
  })

  it('keeps everything when the upload fails, and counts the attempt', async () => {
    await box.add(item('a'))
    await expect(box.flush(async () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    const [kept] = await box.pending()
    expect(kept.client_id).toBe('a')
    expect(kept.attempts).toBe(1)
  })

  it('never sends an item in two uploads at once', async () => {
    for (const id of ['a', 'b', 'c']) await box.add(item(id))
    const s = server()
    await Promise.all([box.flush(s.send), box.flush(s.send), box.flush(s.send)])
    const sent = s.uploads.flat()
    expect(sent.sort()).toEqual(['a', 'b', 'c'])
    expect(await box.count()).toBe(0)
  })

  it('sends items added during a flush in the next one', async () => {
    await box.add(item('a'))
    const s = server()
    const first = box.flush(s.send)
    await box.add(item('b'))
    const second = box.flush(s.send)
    await Promise.all([first, second])
    expect(s.uploads.flat().sort()).toEqual(['a', 'b'])
    expect(await box.count()).toBe(0)
  })

  it('keeps refused items for the record without resending them', async () => {
    await box.add(item('bad'))
    await box.add(item('good'))
    const send: Sender = async () => ({ done: ['good'], rejected: [{ client_id: 'bad', errors: ['temperature'] }] })
    await box.flush(send)
    expect(await box.count()).toBe(0)
    const [refused] = await box.rejected()
    expect(refused.client_id).toBe('bad')
    expect(refused.rejected).toEqual(['temperature'])
  })

  it('tells subscribers how many wait', async () => {
    const seen: number[] = []
    box.subscribe((count) => seen.push(count))
    await box.add(item('a'))
    await box.add(item('b'))
    await box.flush(server().send)
    expect(seen).toEqual([1, 2, 0])
  })

  it('a re-added client id stays one item (the same log is never queued twice)', async () => {
    await box.add(item('a'))
    await box.add(item('a'))
    expect(await box.count()).toBe(1)
  })
})
