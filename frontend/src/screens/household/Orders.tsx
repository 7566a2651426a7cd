/** 我的订单: the household's orders, newest first, each opening its tracking timeline. */
import { useEffect, useState } from 'preact/hooks'
import { navigate } from '../../app/router'
import { type OrderRead, ownOrders } from '../../api/orders'
import { type PartnerRead, partners } from '../../api/partners'
import { Problem } from '../../components/Problem'
import { cartCount } from '../../household/cart'
import { t, useLang } from '../../i18n'
import { OrderSummary } from './HouseholdCard'
import './household.css'

export default function Orders() {
  useLang()
  const [orders, setOrders] = useState<OrderRead[] | null>(null)
  const [names, setNames] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    ownOrders().then((page) => setOrders(page.items), setError)
    partners().then(
      (list: PartnerRead[]) => setNames(Object.fromEntries(list.map((p) => [p.id, p.name]))),
      () => undefined, // names are a nicety; the orders show without them
    )
  }, [])
  return (
    <div class="order-screen">
      <button class="primary big" type="button" data-testid="new-order" onClick={() => navigate('/household/orders/new')}>
        {t('household.orders.new')}
      </button>
      <Problem error={error} />
      {orders && orders.length === 0 && <p class="hint">{t('household.orders.none')}</p>}
      {orders === null && error === null && <p class="loading">{t('shell.loading')}</p>}
      <ul class="order-list" style={{ marginTop: '12px' }}>
        {(orders ?? []).map((o) => (
          <li key={o.id}>
            <OrderSummary
              order={{
                id: o.id,
                partner_id: o.partner_id,
                partner_name: names[o.partner_id] ?? '',
                status: o.status,
                delivery_mode: o.delivery_mode,
                door_reason: o.door_reason,
                delivery_date: o.round.delivery_date,
                delivery_time: o.round.local_time,
                item_count: cartCount(Object.fromEntries(o.lines.map((l) => [l.id, l.quantity]))),
                payable_fen: o.payable_fen,
                created_at: o.created_at,
                updated_at: o.updated_at,
              }}
            />
          </li>
        ))}
      </ul>
    </div>
  )
}
