/** 住户卡: the household's pass QR (large, white, full screen on a tap), the next outing, quarantine,
 * the restrictions with their reasons and appeals, members (masked by the API), each member's
 * health self-report, notices and recent orders. The last card is kept on the phone, so
 * the QR shows with no network. */
import { useEffect, useState } from 'preact/hooks'
import { useOnline } from '../../app/hooks'
import { navigate } from '../../app/router'
import { type HouseholdCard as Card, type CardOrder, type CardOuting, type CardPass, householdCard } from '../../api/householdCard'
import { NetworkDown } from '../../api/problem'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { type StoredCard, loadCard, saveCard } from '../../household/cardStore'
import { svgDataUrl } from '../../household/qr'
import { formatAge, formatDate, formatDateTime, t, term, useLang } from '../../i18n'
import './household.css'
import { SelfReportSection } from './SelfReportSection'
import { StatusChangesSection } from './StatusChanges'
import { TestingSection } from './TestingSection'

function PassBlock({ pass }: { pass: CardPass | null }) {
  const [full, setFull] = useState(false)
  if (!pass) return <p class="note-box" data-testid="no-pass">{t('household.pass.none')}</p>
  const status = pass.effective_status
  return (
    <section class="pass-block" data-testid="pass">
      {pass.qr_svg ? (
        <button class="pass-qr" type="button" aria-label={t('household.pass.show')} onClick={() => setFull(true)}>
          <img src={svgDataUrl(pass.qr_svg)} alt={`${t('household.pass')} ${pass.number}`} data-testid="pass-qr" />
        </button>
      ) : (
        <p class="pass-dead">{t('household.pass.revoked')}</p>
      )}
      <p class="pass-number" data-testid="pass-number">{pass.number}</p>
      <span class={`pass-status ${status}`} data-testid="pass-status">
        {t(`household.pass.status.${status}`)}
      </span>
      <p class="pass-meta">{t('household.pass.validUntil', { date: formatDate(pass.valid_until) })}</p>
      {status === 'suspended' && <p class="pass-meta">{pass.reason || t('household.pass.suspendedHint')}</p>}
      {full && pass.qr_svg && (
        <div class="qr-full" role="dialog" data-testid="qr-full" onClick={() => setFull(false)}>
          <img src={svgDataUrl(pass.qr_svg)} alt={pass.number} />
          <p class="pass-number">{pass.number}</p>
          <button class="secondary" type="button">{t('household.pass.close')}</button>
        </div>
      )}
    </section>
  )
}

function OutingBlock({ outing }: { outing: CardOuting }) {
  const quota = outing.quota
  let main = t('household.outing.now')
  if (outing.reason === 'quarantined') main = t('household.outing.quarantined')
  else if (outing.reason === 'curfew') main = t('household.outing.curfew', { hours: outing.curfew ?? '' })
  else if (outing.reason === 'quota_used') main = t('household.outing.quotaUsed')
  return (
    <section class={`fact ${outing.can_go_out_now ? '' : 'stop'}`} data-testid="outing">
      <h2>{t('household.outing')}</h2>
      <p class="fact-main">{main}</p>
      {!outing.can_go_out_now && outing.next_allowed_at && (
        <p class="fact-main" data-testid="next-outing">
          {t('household.outing.next', { when: formatDateTime(outing.next_allowed_at) })}
        </p>
      )}
      {outing.can_go_out_now && quota && <p class="fact-sub">{t('household.outing.left', { n: quota.left })}</p>}
      {quota && (
        <p class="fact-sub">
          {t('household.outing.rule', {
            who: t(`household.outing.rule.${quota.scope}`),
            days: quota.period_days,
            n: quota.exits_per_period,
          })}
        </p>
      )}
    </section>
  )
}

function QuarantineBlock({ card }: { card: Card }) {
  const q = card.quarantine
  const label = card.household.status === 'sealed' ? t('household.quarantine.sealed') : t('household.quarantine.active')
  return (
    <section class={`fact ${q.in_quarantine ? 'stop' : ''}`} data-testid="quarantine">
      <h2>{t('household.quarantine')}</h2>
      <p class="fact-main">{q.in_quarantine ? label : t('household.quarantine.none')}</p>
      {q.end_date && <p class="fact-main">{t('household.quarantine.until', { date: formatDate(q.end_date) })}</p>}
      {q.periods.map((p, i) => (
        <p class="fact-sub" key={i}>
          {t('household.quarantine.period', {
            who: p.person_name ?? t('household.quarantine.whole'),
            kind: t(`household.quarantine.kind.${p.kind}`),
            start: formatDate(p.start_date),
            end: formatDate(p.planned_end_date),
          })}
        </p>
      ))}
    </section>
  )
}

export function OrderSummary({ order }: { order: CardOrder }) {
  return (
    <button type="button" data-testid="order" onClick={() => navigate(`/household/orders/${order.id}`)}>
      <span class="order-status">{t(`household.order.status.${order.status}`)}</span>
      {t('household.order.summary', {
        partner: order.partner_name,
        date: order.delivery_date.slice(5),
        time: order.delivery_time,
        count: order.item_count,
      })}
    </button>
  )
}

function CardView({ card, online, refresh }: { card: Card; online: boolean; refresh(): void }) {
  return (
    <>
      <p class="card-address" data-testid="address">{card.household.address}</p>
      <p class="card-sub">
        {t('household.cardNumber', { n: card.household.card_number })} · {t(`household.status.${card.household.status}`)}
      </p>
      <PassBlock pass={card.pass} />
      <TestingSection householdId={card.household.id} online={online} fromCard={card.testing} />
      <OutingBlock outing={card.outing} />
      <QuarantineBlock card={card} />
      <StatusChangesSection section={card.status_changes} onChanged={refresh} />
      <SelfReportSection part={card.self_report} onReported={refresh} />
      <section>
        <h2>{t('household.notices')}</h2>
        {!card.notices.available && card.notices.problem && (
          <p class="note-box">{t('household.unavailable', { title: card.notices.problem.title })}</p>
        )}
        {card.notices.available && card.notices.items.length === 0 && <p class="hint">{t('household.notices.none')}</p>}
        <ul class="notices" data-testid="notices">
          {card.notices.items.map((n) => (
            <li key={n.id}>
              <h3>{n.pinned && <span class="tag">{t('household.notices.pinned')}</span>} {n.title}</h3>
              <p>{n.body}</p>
            </li>
          ))}
        </ul>
        <button class="secondary" type="button" data-testid="all-notices" onClick={() => navigate('/notices')}>
          {t('notices.all')}
        </button>
      </section>
      <section>
        <h2>{t('household.members')}</h2>
        <ul class="members" data-testid="members">
          {card.members.map((m, i) => (
            <li key={i}>
              <span class="member-name">{m.name}</span>
              {m.relation && <span>{term('relation', m.relation)}</span>}
              {m.elderly && <span class="tag">{t('household.member.elderly')}</span>}
              {m.id_number && <span class="pii">{m.id_number}</span>}
              {m.phone && <span class="pii">{m.phone}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('household.recentOrders')}</h2>
        {!card.orders.available && card.orders.problem && (
          <p class="note-box" data-testid="orders-unavailable">
            {t('household.unavailable', { title: card.orders.problem.title })}
          </p>
        )}
        {card.orders.available && card.orders.items.length === 0 && <p class="hint">{t('household.orders.none')}</p>}
        <ul class="order-list">
          {card.orders.items.map((o) => (
            <li key={o.id}><OrderSummary order={o} /></li>
          ))}
        </ul>
        <div class="row-actions">
          <button class="primary" type="button" data-testid="new-order" onClick={() => navigate('/household/orders/new')}>
            {t('household.orders.new')}
          </button>
          <button class="secondary" type="button" onClick={() => navigate('/household/orders')}>
            {t('household.orders.all')}
          </button>
          <button class="secondary" type="button" data-testid="medicine-link" onClick={() => navigate('/household/medicine')}>
            {t('medicine.ask.open')}
          </button>
        </div>
      </section>
    </>
  )
}

export default function HouseholdCard() {
  useLang()
  const account = useAccount()
  const online = useOnline()
  const householdId = account?.householdId ?? ''
  const [stored, setStored] = useState<StoredCard | null>(null)
  const [live, setLive] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const refresh = async () => {
    try {
      const card = await householdCard()
      const now = Date.now()
      setStored({ card, savedAt: now })
      setLive(true)
      setError(null)
      await saveCard(householdId, card, now)
    } catch (e) {
      setError(e)
      setLive(false)
    }
  }

  useEffect(() => {
    let cancelled = false
    void loadCard(householdId).then((saved) => {
      if (!cancelled && saved) setStored((current) => current ?? saved)
    })
    return () => void (cancelled = true)
  }, [householdId])
  useEffect(() => {
    if (online) void refresh()
  }, [online, householdId])

  const offline = !live && stored !== null && (error instanceof NetworkDown || !online)
  return (
    <div class="card-screen">
      {offline && stored && (
        <p class="note-box" data-testid="offline-card">
          {t('household.offlineCard', { age: formatAge(Date.now() - stored.savedAt) })}
        </p>
      )}
      {!offline && error !== null && <Problem error={error} />}
      {stored ? <CardView card={stored.card} online={online} refresh={() => void refresh()} /> : error === null && <p class="loading">{t('shell.loading')}</p>}
      {stored && (
        <p class="hint">
          {t('household.savedAt', { age: formatAge(Date.now() - stored.savedAt) })}{' '}
          <button class="secondary" type="button" onClick={() => void refresh()}>{t('household.refresh')}</button>
        </p>
      )}
    </div>
  )
}
