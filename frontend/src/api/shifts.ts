/** Gate shifts 排班 (services/registry/registry/operations/shifts/router.py): my shifts, check-in and -out. */
import { request } from './client'

export interface MyShift {
  shift_id: string
  worker_id: string
  gate_name: string
  starts_at: string
  ends_at: string
  local_date: string
  label: string
  checked_in_at: string | null
  checked_out_at: string | null
  colleagues: string[]
}

export const myShifts = () => request<MyShift[]>('/shifts/mine')

/** Checking in again keeps the first time, so a retried tap changes nothing. */
export const checkIn = (shiftId: string) => request<unknown>(`/shifts/${shiftId}/check-in`, { json: {} })

export const checkOut = (shiftId: string) => request<unknown>(`/shifts/${shiftId}/check-out`, { json: {} })
