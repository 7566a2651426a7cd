/** 明细: the records behind a dashboard figure that has no screen of its own (today's referrals,
 * gate denials, quarantines…), shown as cards of their main fields, as masked as the API sent. */
import '../../i18n/online' // first: the words these screens bring
import { Fragment } from 'preact'
import { request } from '../../api/client'
import { queryParam } from '../../app/router'
import { Problem } from '../../components/Problem'
import { formatDate, formatDateTime, t, useLang } from '../../i18n'
import { apiOf } from '../../staff/links'
import { BackButton, Loading, useLoad } from './common'

type Item = Record<string, unknown>

const HEADLINES = ['person_name', 'name', 'title', 'schedule_name', 'address', 'gate_name']
const DETAILS = [
  'address', 'status', 'state', 'verdict', 'reason', 'message', 'temperature', 'risk_level', 'outcome',
  'method', 'kind', 'direction', 'mask', 'fever', 'period', 'place', 'from_city', 'arrival_date',
  'start_date', 'planned_end_date', 'opened_at', 'screened_at', 'checked_at', 'occurred_at',
  'due_at', 'done_at', 'created_at', 'screened_by', 'phone',
]
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function translated(key: string, fallback: string): string {
  const text = t(key)
  return text === key ? fallback : text
}

function shown(value: unknown): string {
  if (typeof value === 'boolean') return t(value ? 'staff.yes' : 'staff.no')
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string') return ''
  if (DATE_TIME.test(value)) return formatDateTime(value)
  if (DATE.test(value)) return formatDate(value)
  return translated(`records.value.${value}`, value)
}

function ItemCard({ item }: { item: Item }) {
  const headKey = HEADLINES.find((k) => typeof item[k] === 'string' && item[k])
  const details = DETAILS.filter((k) => k !== headKey && item[k] !== null && item[k] !== undefined && item[k] !== '')
  return (
    <li class="card" data-testid="list-item">
      {headKey && <strong class="item-head">{String(item[headKey])}</strong>}
      <dl class="pii">
        {details.slice(0, 8).map((k) => (
          <Fragment key={k}>
            <dt>{translated(`records.field.${k}`, k)}</dt>
            <dd>{shown(item[k])}</dd>
          </Fragment>
        ))}
      </dl>
    </li>
  )
}

export default function ApiList() {
  useLang()
  const link = queryParam('api') ?? ''
  const list = useLoad(async () => {
    const api = apiOf(link)
    if (!api) return { items: [] as Item[], total: 0 }
    const body = await request<unknown>(api.path, { query: { limit: '100', ...api.query } })
    if (Array.isArray(body)) return { items: body as Item[], total: body.length }
    const page = body as { items?: Item[]; total?: number }
    return { items: page.items ?? [], total: page.total ?? page.items?.length ?? 0 }
  }, [link])
  return (
    <section class="staff">
      <BackButton to="/staff/dashboard" />
      <Problem error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <>
          <p class="summary">{list.data.total === 0 ? t('ops.list.empty') : t('staff.count', { n: list.data.total })}</p>
          <ul class="plain">
            {list.data.items.map((item, i) => (
              <ItemCard key={String(item.id ?? i)} item={item} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
