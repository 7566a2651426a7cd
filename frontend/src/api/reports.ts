/** The staff dashboard and the daily report 日报, composed by the gateway
 * (services/gateway/gateway/dashboard, reports). */
import { request } from './client'

export interface DashboardFigure {
  key: string
  label: string
  label_en: string
  value: number | null
  link: string | null
}

export interface DashboardHour {
  hour: string
  gate_passages_out: number
  gate_passages_in: number
  gate_denied: number
  follow_ups_done: number
  orders_delivered: number | null
}

export interface DeliveryRoundToday {
  round_id: string
  local_time: string
  orders: number
  undelivered: number
  link: string
}

export interface Dashboard {
  community_id: string
  community_name: string
  date: string
  now: string
  today: DashboardFigure[]
  open_work: DashboardFigure[]
  delivery_rounds: DeliveryRoundToday[]
  hours: DashboardHour[]
  unavailable: string[]
}

export const dashboard = (communityId: string | undefined) =>
  request<Dashboard>('/dashboard', { query: { community_id: communityId } })

export interface StockLine {
  name: string
  unit: string
  quantity: number
}

/** A day's figures; every number a count computed by its service from its records. */
export type ReportFigures = Record<string, number | Record<string, number> | StockLine[]> & {
  stock_distributed: StockLine[]
  gate_denied_by_reason: Record<string, number>
}

export type CommunityReport = ReportFigures & { community_id: string; community_name: string; subdistrict: string }

export interface DailyReport {
  date: string
  generated_at: string
  communities: CommunityReport[]
  totals: ReportFigures
}

export const dailyReport = (day: string | undefined) =>
  request<DailyReport>('/reports/daily', { query: { date: day } })

export const dailyReportXlsxPath = (day: string) => `/reports/daily.xlsx?date=${day}`
