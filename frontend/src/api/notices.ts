/** Notices 通知 to residents (services/registry/registry/operations/notices/router.py). */
import { request } from './client'
import type { Page } from './page'

export type NoticeState = 'scheduled' | 'current' | 'expired' | 'withdrawn'

export interface NoticeRead {
  id: string
  title: string
  body: string
  pinned: boolean
  published_at: string
  expires_at: string | null
  state: NoticeState
  url: string
  share_text: string
}

export interface NoticeCreate {
  client_id: string
  title: string
  body: string
  pinned: boolean
  expires_at?: string
}

export const listNotices = (communityId: string | undefined) =>
  request<Page<NoticeRead>>('/notices', { query: { community_id: communityId, limit: 50 } })

/** A resident gets only a current notice of their community; the rest is "not found". */
export const getNotice = (id: string) => request<NoticeRead>(`/notices/${encodeURIComponent(id)}`)

/** A retry with the same client_id answers the first notice. */
export const publishNotice = (body: NoticeCreate) => request<NoticeRead>('/notices', { json: body })

export const withdrawNotice = (id: string) => request<void>(`/notices/${id}`, { method: 'DELETE' })

export const noticePosterPath = (id: string) => `/notices/${id}/poster.pdf`
