/** Visitor self-registration 访客自助登记 (services/registry/registry/access/visitor_registrations/):
 * the public form's one write (no sign-in), the gate's pending list and its confirmation. */
import { request } from './client'

export interface RegistrationCreate {
  client_id: string
  gate_token: string
  name: string
  phone: string
  purpose: string
  visiting: string
}

export interface RegistrationSubmitted {
  id: string
  client_id: string
  gate_name: string
  status: 'pending' | 'confirmed'
  expires_at: string
}

/** The gate visitor a confirmation records (registry `VisitorRead`, phone masked). */
export interface ConfirmedVisitor {
  id: string
  name: string
  phone: string
  temperature: number
  fever: boolean
  duplicate: boolean
}

export interface PendingRegistration {
  id: string
  gate_id: string
  name: string
  phone: string
  purpose: string
  visiting: string
  status: 'pending' | 'confirmed'
  submitted_at: string
  expires_at: string
}

/** Anonymous: a visitor's own phone, never a signed-in session's token. */
export const submitRegistration = (body: RegistrationCreate) =>
  request<RegistrationSubmitted>('/visitor-registrations', { json: body, anonymous: true })

export const pendingRegistrations = (gateId: string) =>
  request<{ items: PendingRegistration[]; total: number }>('/visitor-registrations/pending', { query: { gate_id: gateId } })

export const confirmRegistration = (id: string, temperature: number) =>
  request<ConfirmedVisitor>(`/visitor-registrations/${id}/confirm`, { json: { temperature } })
