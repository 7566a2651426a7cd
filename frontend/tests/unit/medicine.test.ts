import { describe, expect, it } from 'vitest'
import type { PartnerRead } from '../../src/api/partners'
import { awaitsOrder, EMPTY_FORM, formReady, pharmacyOrderUrl, preselectedPartner, requestBody, requestKey } from '../../src/household/medicine'

const partner = (id: string, kind: string): PartnerRead => ({ id, community_id: 'c', name: id, kind, contact_name: '', active: true })

describe('the medicine request form', () => {
  it('is ready with a member and a medicine name', () => {
    expect(formReady(EMPTY_FORM)).toBe(false)
    expect(formReady({ ...EMPTY_FORM, personId: 'p', medicineName: '  ' })).toBe(false)
    expect(formReady({ ...EMPTY_FORM, personId: 'p', medicineName: '硝苯地平' })).toBe(true)
  })

  it('sends a prescription refill with what the run takes along, trimmed', () => {
    const body = requestBody(
      { ...EMPTY_FORM, personId: 'p', medicineName: ' 硝苯地平 ', hospital: ' 市一院 ', needs: ['insurance_card', 'prescription'] },
      'id-1',
    )
    expect(body).toMatchObject({
      client_id: 'id-1',
      person_id: 'p',
      medicine_name: '硝苯地平',
      hospital: '市一院',
      kind: 'prescription',
      needs_insurance_card: true,
      needs_prescription: true,
      needs_record_book: false,
    })
  })

  it('sends an over-the-counter request without hospital or cards: it is a pharmacy order', () => {
    const body = requestBody({ ...EMPTY_FORM, personId: 'p', medicineName: '布洛芬', kind: 'otc', hospital: '市一院', needs: ['record_book'] }, 'id')
    expect(body).toMatchObject({ kind: 'otc', hospital: '', needs_record_book: false, needs_insurance_card: false, needs_prescription: false })
  })
})

describe('the client id of a request', () => {
  const form = { ...EMPTY_FORM, personId: 'p', medicineName: '硝苯地平' }
  it('is the same for the same form sent again: a retry', () => {
    expect(requestKey({ ...form, medicineName: ' 硝苯地平 ' })).toBe(requestKey(form))
  })
  it('is another for a form changed after a failure, or for another member', () => {
    expect(requestKey({ ...form, quantity: '2盒' })).not.toBe(requestKey(form))
    expect(requestKey({ ...form, personId: 'q' })).not.toBe(requestKey(form))
  })
})

describe('an over-the-counter request', () => {
  it('offers the pharmacy only while it waits for its order', () => {
    expect(awaitsOrder({ kind: 'otc', status: 'requested', order_id: null })).toBe(true)
    expect(awaitsOrder({ kind: 'otc', status: 'ordered', order_id: 'o' })).toBe(false)
    expect(awaitsOrder({ kind: 'otc', status: 'cancelled', order_id: null })).toBe(false)
    expect(awaitsOrder({ kind: 'prescription', status: 'requested', order_id: null })).toBe(false)
  })

  it('opens the order form with the pharmacy chosen', () => {
    expect(pharmacyOrderUrl('r 1')).toBe('/household/orders/new?kind=pharmacy&medicine_request=r%201')
    const shops = [partner('market', 'supermarket'), partner('drugs', 'pharmacy')]
    expect(preselectedPartner(shops, 'pharmacy')?.id).toBe('drugs')
    expect(preselectedPartner(shops, null)).toBeNull()
    expect(preselectedPartner([shops[0]], 'pharmacy')?.id).toBe('market')
    expect(preselectedPartner([shops[0]], null)?.id).toBe('market')
  })
})
