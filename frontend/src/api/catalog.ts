/** A partner's catalog (supplies `GET /api/v1/catalog/items`); prices in fen (分). */
import { request } from './client'

export interface ItemRead {
  id: string
  partner_id: string
  name: string
  category: 'vegetables' | 'meat' | 'staples' | 'medicine' | 'protective' | string
  unit: string
  price_fen: number
  reference_price_fen: number | null
  stock: number
  orderable: boolean
}

interface ItemPage {
  items: ItemRead[]
  total: number
}

export const orderableItems = (partnerId: string) =>
  request<ItemPage>('/catalog/items', { query: { partner_id: partnerId, orderable: 'true', limit: 200 } })
