/** Partners (supplies `GET /api/v1/partners`): the supermarkets and pharmacies of the community. */
import { request } from './client'

export interface PartnerRead {
  id: string
  community_id: string
  name: string
  kind: 'supermarket' | 'pharmacy' | string
  contact_name: string
  active: boolean
}

export const partners = () => request<PartnerRead[]>('/partners')
