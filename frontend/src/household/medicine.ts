/** The medicine request form 代配药申请 (resident and office alike): what it sends, and what the
 * resident may do next with a request. */
import type { MedicineKind, MedicineRequest } from '../api/medicine'
import type { PartnerRead } from '../api/partners'

export type Need = 'insurance_card' | 'record_book' | 'prescription'
export const NEEDS: Need[] = ['insurance_card', 'record_book', 'prescription']

export interface MedicineForm {
  personId: string
  medicineName: string
  dose: string
  quantity: string
  hospital: string
  kind: MedicineKind
  needs: Need[]
  note: string
}

export const EMPTY_FORM: MedicineForm = {
  personId: '',
  medicineName: '',
  dose: '',
  quantity: '',
  hospital: '',
  kind: 'prescription',
  needs: [],
  note: '',
}

export interface MedicineRequestCreate {
  client_id: string
  person_id: string
  medicine_name: string
  dose: string
  quantity: string
  hospital: string
  kind: MedicineKind
  needs_prescription: boolean
  needs_record_book: boolean
  needs_insurance_card: boolean
  note: string
}

/** Ready to send: a member and a medicine name (the API's only required words). */
export function formReady(form: MedicineForm): boolean {
  return form.personId !== '' && form.medicineName.trim() !== ''
}

/** The request's body. Over the counter needs no card, book or prescription: it is a pharmacy
 * order, so whatever was ticked for a hospital is left out. */
export function requestBody(form: MedicineForm, clientId: string): MedicineRequestCreate {
  const needs = form.kind === 'otc' ? [] : form.needs
  return {
    client_id: clientId,
    person_id: form.personId,
    medicine_name: form.medicineName.trim(),
    dose: form.dose.trim(),
    quantity: form.quantity.trim(),
    hospital: form.kind === 'otc' ? '' : form.hospital.trim(),
    kind: form.kind,
    needs_prescription: needs.includes('prescription'),
    needs_record_book: needs.includes('record_book'),
    needs_insurance_card: needs.includes('insurance_card'),
    note: form.note.trim(),
  }
}

/** The pending client id's key: the same form sent again (a lost answer, a double tap) is a
 * retry of one request; a form changed after a failure is another request, with its own id, not
 * silently answered with the first one. */
export function requestKey(form: MedicineForm): string {
  const { client_id: _, ...content } = requestBody(form, '')
  return `medicine-request:${JSON.stringify(content)}`
}

/** An over-the-counter request still waiting for its pharmacy order. */
export function awaitsOrder(r: Pick<MedicineRequest, 'kind' | 'status' | 'order_id'>): boolean {
  return r.kind === 'otc' && r.status === 'requested' && r.order_id === null
}

/** Where the order for an over-the-counter request is placed: NewOrder with the pharmacy chosen,
 * and the request to mark as ordered once the order is in. */
export function pharmacyOrderUrl(requestId: string): string {
  return `/household/orders/new?kind=pharmacy&medicine_request=${encodeURIComponent(requestId)}`
}

/** The shop NewOrder opens with: the only active one, or the first of the kind asked for. */
export function preselectedPartner(active: PartnerRead[], kind: string | null): PartnerRead | null {
  if (kind) {
    const wanted = active.find((p) => p.kind === kind)
    if (wanted) return wanted
  }
  return active.length === 1 ? active[0] : null
}
