/** 订单跟踪: placed → accepted → packed → out for delivery → at the gate / at the door, each with its
 * time; refreshed every 15 s while the screen is open and the order is not finished. */
import { useEffect, useRef, useState } from 'preact/hooks'
import type { ScreenProps } from '../../routes'
import { type OrderDetail, cancelOrder, order as fetchOrder } from '../../api/orders'
import { partners } from '../../api/partners'
import { Problem } from '../../components/Problem'
import { yuan } from '../../household/cart'
import { type Step, isFinal, trackingSteps } from '../../household/tracking'
import { formatDateTime, t, useLang } from '../../i18n'
import './household.css'

export const POLL_MS = 15_000

/** `link`: the line down to the next step is drawn green when that step is reached too. */
function stepClass(step: Step, nextDone: boolean): string {
  const stopped = step.key === 'rejected' || step.key === 'cancelled'
  return [step.done && 'done', step.current && 'current', stopped && 'stopped', nextDone && 'link'].filter(Boolean).join(' ')
}

export default function OrderTracking({ params }: ScreenProps) {
  useLang()
  const [detail, setDetail] = useState<OrderDetail | null>(null)
  const [checkedAt, setCheckedAt] = useState<number | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [partnerName, setPartnerName] = useState('')
  const cancelKey = useRef(crypto.randomUUID())

  const load = async () => {
    try {
      setDetail(await fetchOrder(params.id))
      setCheckedAt(Date.now())
      setError(null)
    } catch (e) {
      setError(e)
    }
  }
  useEffect(() => {
    void load()
  }, [params.id])
  useEffect(() => {
    if (!detail?.partner_id) return
    partners().then(
      (list) => setPartnerName(list.find((p) => p.id === detail.partner_id)?.name ?? ''),
      () => undefined, // the name is a nicety
    )
  }, [detail?.partner_id])
  const finished = detail !== null && isFinal(detail.status, detail.delivery_mode)
  useEffect(() => {
    if (finished) return
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load()
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [params.id, finished])

  const cancel = async () => {
    try {
      setDetail(await cancelOrder(params.id, cancelKey.current))
    } catch (e) {
      setError(e)
    }
  }

  if (!detail) return error ? <Problem error={error} /> : <p class="loading">{t('shell.loading')}</p>
  const steps = trackingSteps(detail)
  return (
    <div class="order-screen">
      {partnerName && <p class="card-address" data-testid="partner-name">{partnerName}</p>}
      <p class="card-sub">
        {t('household.order.roundLabel', { date: detail.round.delivery_date.slice(5), time: detail.round.local_time })} ·{' '}
        {detail.delivery_mode === 'door'
          ? detail.door_reason ? t('household.order.door', { reason: detail.door_reason }) : t('household.order.doorNoReason')
          : t('household.order.gate')}
      </p>
      <ol class="timeline" data-testid="timeline">
        {steps.map((s, i) => (
          <li key={s.key} class={stepClass(s, steps[i + 1]?.done ?? false)} data-testid={`step-${s.key}`} data-done={String(s.done)}>
            <p class="step">
              {t(s.key === 'delivered_gate' && detail.delivery_mode === 'door'
                ? 'household.order.status.gateThenDoor'
                : `household.order.status.${s.key}`)}
            </p>
            {s.at && <p class="step-time">{formatDateTime(s.at)}</p>}
          </li>
        ))}
      </ol>
      {detail.reason && <p class="note-box">{t('household.order.reason', { reason: detail.reason })}</p>}
      <Problem error={error} />
      <section>
        <h2>{t('household.tracking.lines')}</h2>
        <table class="lines">
          <tbody>
            {detail.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.item_name} × {l.quantity}</td>
                <td>{yuan(l.line_total_fen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {detail.refunded_fen > 0 && <p>{t('household.order.refunded', { total: yuan(detail.refunded_fen) })}</p>}
        <p class="fact-main">{t('household.order.total.paid', { total: yuan(detail.payable_fen) })}</p>
      </section>
      {checkedAt && (
        <p class="hint" data-testid="checked-at">
          {t(finished ? 'household.tracking.finished' : 'household.tracking.updated', { time: formatDateTime(new Date(checkedAt), false) })}
        </p>
      )}
      {detail.status === 'placed' && (
        <button class="secondary big" type="button" data-testid="cancel-order" onClick={() => void cancel()}>
          {t('household.tracking.cancel')}
        </button>
      )}
    </div>
  )
}
