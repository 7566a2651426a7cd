/** Medicine on behalf 代配药 and the custody log 保管记录 of insurance cards and record books
 * (services/registry/registry/operations/medicine/router.py, custody_router.py). */
import { request } from './client'
import type { Page } from './page'
import type { MedicineRequestCreate } from '../household/medicine'

export type MedicineKind = 'otc' | 'prescription'
export type RequestStatus = 'requested' | 'ordered' | 'in_run' | 'collected' | 'partly' | 'not_available' | 'cancelled'
export type Repayment = 'pending' | 'paid_back' | 'waived'
export type RunStatus = 'planned' | 'out' | 'back' | 'closed'
export type RunOutcome = 'collected' | 'partly' | 'not_available'
export type CustodyItem = 'insurance_card' | 'record_book'

export interface MedicineRequest {
  id: string
  household_id: string
  person_id: string
  person_name: string
  medicine_name: string
  dose: string
  quantity: string
  hospital: string
  kind: MedicineKind
  needs_prescription: boolean
  needs_record_book: boolean
  needs_insurance_card: boolean
  status: RequestStatus
  order_id: string | null
  run_id: string | null
  amount_paid_fen: number | null
  receipt_number: string
  repayment: Repayment
  note?: string
  created_at?: string
}

export interface MedicineRun {
  id: string
  worker_id: string
  worker_name: string
  hospital: string
  run_date: string
  status: RunStatus
  requests: MedicineRequest[]
}

export interface Handover {
  id: string
  person_id: string
  person_name: string
  item: CustodyItem
  current: boolean
  from_worker_id: string | null
  from_name: string
  to_worker_id: string | null
  to_name: string
  handed_at: string
  confirmed_at: string | null
  flag: 'quarantined' | 'off_duty' | null
}

export const waitingRequests = (community: string | undefined) =>
  request<Page<MedicineRequest>>('/medicine/requests', {
    query: { community_id: community, status: 'requested', kind: 'prescription', limit: 200 },
  })

/** A request: a resident for a member of their household, the office for a resident of its area.
 * The same client_id again answers the first request. */
export const askMedicine = (body: MedicineRequestCreate) =>
  request<MedicineRequest>('/medicine/requests', { method: 'POST', json: body })

/** The caller's area, newest first: a resident's token sees its own household's. */
export const medicineRequests = () => request<Page<MedicineRequest>>('/medicine/requests', { query: { limit: 50 } })

/** The pharmacy order placed for an over-the-counter request: it becomes `ordered`. */
export const recordMedicineOrder = (requestId: string, orderId: string) =>
  request<MedicineRequest>(`/medicine/requests/${requestId}`, { method: 'PATCH', json: { order_id: orderId } })

export const medicineRuns = () => request<Page<MedicineRun>>('/medicine/runs', { query: { limit: 50 } })

export const makeRun = (body: { client_id: string; worker_id: string; hospital: string; run_date: string; request_ids: string[] }) =>
  request<MedicineRun>('/medicine/runs', { method: 'POST', json: body })

export const moveRun = (runId: string, status: RunStatus) =>
  request<MedicineRun>(`/medicine/runs/${runId}/status`, { method: 'POST', json: { status } })

export const changeRunLine = (
  runId: string,
  requestId: string,
  body: { outcome?: RunOutcome; amount_paid_fen?: number; receipt_number?: string; repayment?: Repayment },
) => request<MedicineRun>(`/medicine/runs/${runId}/requests/${requestId}`, { method: 'PATCH', json: body })

export const handOver = (body: { client_id: string; person_id: string; item: CustodyItem; to_worker_id: string | null; run_id?: string }) =>
  request<Handover>('/medicine/custody', { method: 'POST', json: body })

export const confirmHandover = (id: string) => request<Handover>(`/medicine/custody/${id}/confirm`, { method: 'POST' })

export const heldBy = (workerId: string) => request<Handover[]>('/medicine/custody', { query: { worker_id: workerId } })

export const heldFor = (personId: string) => request<Handover[]>('/medicine/custody', { query: { person_id: personId } })

export const heldByMe = () => request<Handover[]>('/medicine/custody/mine')

export const flaggedCustody = (community: string | undefined) =>
  request<Handover[]>('/medicine/custody/flagged', { query: { community_id: community } })
