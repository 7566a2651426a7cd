/** 订购物资: pick a shop, its items (no-markup prices), quantities and a delivery round, then place
 * the order. The Idempotency-Key is made once per intended order, so a retried tap after a lost
 * answer returns the same order instead of making a second one. */
import { useEffect, useRef, useState } from 'preact/hooks'
import { navigate, queryParam } from '../../app/router'
import { type ItemRead, orderableItems } from '../../api/catalog'
import { type NextRound, type RoundRead, deliveryRounds } from '../../api/deliveryRounds'
import { recordMedicineOrder } from '../../api/medicine'
import { placeOrder } from '../../api/orders'
import { type PartnerRead, partners } from '../../api/partners'
import { ApiProblem } from '../../api/problem'
import { Problem } from '../../components/Problem'
import { type Cart, cartCount, cartLines, cartTotalFen, roundOpen, setQuantity, suggestedRound, yuan } from '../../household/cart'
import { preselectedPartner } from '../../household/medicine'
import { formatDateTime, t, unitText, useLang } from '../../i18n'
import './household.css'

function roundText(r: Pick<RoundRead, 'delivery_date' | 'local_time'>): string {
  return t('household.order.roundLabel', { date: r.delivery_date.slice(5), time: r.local_time })
}

function RoundChoice({ round, chosen, onChoose }: { round: RoundRead; chosen: boolean; onChoose(): void }) {
  const open = roundOpen(round)
  const closed = round.status !== 'open' || Date.parse(round.cutoff_at) <= Date.now()
  const state = open
    ? round.partner_remaining !== null ? t('household.order.roundLeft', { n: round.partner_remaining }) : ''
    : closed ? t('household.order.roundClosed') : t('household.order.roundFull')
  return (
    <button class="choice" type="button" aria-pressed={chosen} disabled={!open} data-testid="round" onClick={onChoose}>
      {roundText(round)}
      <small>
        {t('household.order.cutoff', { time: formatDateTime(round.cutoff_at, false) })} · {state}
      </small>
    </button>
  )
}

function ItemRow({ item, quantity, onChange }: { item: ItemRead; quantity: number; onChange(q: number): void }) {
  return (
    <li class="item" data-testid="item">
      <div class="item-text">
        <p class="item-name">{item.name}</p>
        <p class="item-meta">
          {t('household.order.price', { price: yuan(item.price_fen), unit: unitText(item.unit) })} · {t('household.order.noMarkup')} ·{' '}
          {t('household.order.stock', { n: item.stock })}
        </p>
      </div>
      <div class="stepper">
        <button type="button" aria-label={t('household.order.less', { name: item.name })} disabled={quantity === 0} onClick={() => onChange(quantity - 1)}>−</button>
        <output data-testid="quantity">{quantity}</output>
        <button type="button" aria-label={t('household.order.more', { name: item.name })} disabled={quantity >= item.stock} onClick={() => onChange(quantity + 1)}>+</button>
      </div>
    </li>
  )
}

export default function NewOrder() {
  useLang()
  const [shops, setShops] = useState<PartnerRead[] | null>(null)
  const [partner, setPartner] = useState<PartnerRead | null>(null)
  const [items, setItems] = useState<ItemRead[] | null>(null)
  const [rounds, setRounds] = useState<RoundRead[]>([])
  const [roundId, setRoundId] = useState<string | null>(null)
  const [cart, setCart] = useState<Cart>({})
  const [error, setError] = useState<unknown>(null)
  const [suggested, setSuggested] = useState<NextRound | null | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const attempt = useRef<{ body: string; key: string } | null>(null)

  useEffect(() => {
    partners().then((list) => {
      const active = list.filter((p) => p.active)
      setShops(active)
      setPartner(preselectedPartner(active, queryParam('kind')))
    }, setError)
  }, [])
  useEffect(() => {
    if (!partner) return
    setItems(null)
    setCart({})
    setRoundId(null)
    setSuggested(undefined)
    orderableItems(partner.id).then((page) => setItems(page.items), setError)
    deliveryRounds(partner.id).then((list) => {
      setRounds(list)
      setRoundId(list.find((r) => roundOpen(r))?.id ?? null)
    }, setError)
  }, [partner?.id])

  const prices = Object.fromEntries((items ?? []).map((i) => [i.id, i.price_fen]))
  const count = cartCount(cart)
  const chosenRound = rounds.find((r) => r.id === roundId) ?? null

  const submit = async () => {
    if (!partner) return
    if (count === 0) return setError(new ApiProblem(0, t('household.order.pickItems')))
    if (!roundId) return setError(new ApiProblem(0, t('household.order.pickRound')))
    const body = { partner_id: partner.id, round_id: roundId, lines: cartLines(cart) }
    const signature = JSON.stringify(body)
    if (attempt.current?.body !== signature) attempt.current = { body: signature, key: crypto.randomUUID() }
    setBusy(true)
    setError(null)
    setSuggested(undefined)
    try {
      const placed = await placeOrder(body, attempt.current.key)
      // an over-the-counter medicine request (代配药) this order fulfils: marked ordered; if that
      // fails the request still offers the pharmacy, and the order stands
      const medicine = queryParam('medicine_request')
      if (medicine) await recordMedicineOrder(medicine, placed.id).catch(() => undefined)
      navigate(`/household/orders/${placed.id}`)
    } catch (e) {
      setError(e)
      const next = suggestedRound(e) // the API names the next round that can take the order
      if (next !== undefined) {
        setSuggested(next)
        setRounds(await deliveryRounds(partner.id).catch(() => rounds)) // the refused one's new state
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="order-screen">
      <section>
        <h2>{t('household.order.partner')}</h2>
        <div class="choices">
          {(shops ?? []).map((p) => (
            <button key={p.id} class="choice" type="button" aria-pressed={partner?.id === p.id} data-testid="partner" onClick={() => setPartner(p)}>
              {p.name}
              <small>{t(`household.order.kind.${p.kind}`)}</small>
            </button>
          ))}
        </div>
      </section>
      {partner && (
        <section>
          <h2>{t('household.order.items')}</h2>
          {items === null && <p class="loading">{t('shell.loading')}</p>}
          {items?.length === 0 && <p class="hint">{t('household.order.noItems')}</p>}
          <ul class="items">
            {(items ?? []).map((item) => (
              <ItemRow key={item.id} item={item} quantity={cart[item.id] ?? 0} onChange={(q) => setCart(setQuantity(cart, item.id, q, item.stock))} />
            ))}
          </ul>
        </section>
      )}
      {partner && (
        <section id="rounds">
          <h2>{t('household.order.round')}</h2>
          {rounds.length === 0 && <p class="hint">{t('household.order.noRounds')}</p>}
          <div class="choices">
            {rounds.map((r) => (
              <RoundChoice key={r.id} round={r} chosen={r.id === roundId} onChoose={() => setRoundId(r.id)} />
            ))}
          </div>
        </section>
      )}
      {partner && (
        <div class="order-bar">
          <Problem error={error} />
          {suggested !== undefined && (
            <div class="note-box" data-testid="suggested-round">
              {suggested ? (
                <>
                  <p>{t('household.order.suggest', { round: roundText(suggested) })}</p>
                  <button class="secondary" type="button" onClick={() => { setRoundId(suggested.id); setSuggested(undefined); setError(null) }}>
                    {t('household.order.useSuggested')}
                  </button>
                </>
              ) : (
                <p>{t('household.order.noSuggestion')}</p>
              )}
            </div>
          )}
          {/* the round the order goes with, in sight of the button (the list is far above) */}
          <button type="button" class={`chosen-round ${chosenRound ? '' : 'missing'}`} data-testid="chosen-round"
            onClick={() => document.getElementById('rounds')?.scrollIntoView({ block: 'start' })}>
            {chosenRound ? t('household.order.chosenRound', { round: roundText(chosenRound) }) : t('household.order.pickRound')}
            <small>{t('household.order.changeRound')}</small>
          </button>
          <p data-testid="total">{t('household.order.total', { total: yuan(cartTotalFen(cart, prices)), count })}</p>
          <button class="primary big" type="button" data-testid="place-order" disabled={busy} onClick={() => void submit()}>
            {busy ? t('household.order.placing') : t('household.order.place')}
          </button>
        </div>
      )}
      {shops === null && error === null && <p class="loading">{t('shell.loading')}</p>}
      {shops !== null && !partner && <Problem error={error} />}
    </div>
  )
}
