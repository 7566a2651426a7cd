/** 送货上门: a round's pick list for quarantined households, compound → building → unit → floor,
 * and the no-contact hand-over ("left at the door"), confirmed with a second tap. */
import { useState } from 'preact/hooks'
import { handOver, listRounds, pickList, type PickEntry, type PickList } from '../../api/doorDeliveries'
import type { RoundRead } from '../../api/deliveryRounds'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, TIME_ZONE, unitText, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { delivered, markHandedOver, openOnly } from '../../staff/pickList'
import { currentRound, dayWord } from '../../staff/rounds'
import { Loading, shortDate, useLoad } from './common'

const CAN_HAND_OVER = ['out_for_delivery', 'delivered_gate']

/** The community's date today, YYYY-MM-DD (en-CA writes ISO dates). */
function localToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date())
}

function roundLabel(round: RoundRead, today: string): string {
  const word = dayWord(round.delivery_date, today)
  const day = word ? t(`staff.delivery.${word}`) : shortDate(round.delivers_at)
  return t('staff.delivery.roundLabel', { date: day, time: round.local_time })
}

function Entry({ entry, onDone }: { entry: PickEntry; onDone(orderId: string, at: string): void }) {
  const [confirming, setConfirming] = useState(false)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const done = delivered(entry)
  const ready = CAN_HAND_OVER.includes(entry.status)
  const key = `hand-over:${entry.order_id}`

  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      const order = (await handOver(entry.order_id, note.trim(), pendingClientId(key))) as {
        handed_over_at?: string | null
      }
      settleClientId(key)
      setConfirming(false)
      onDone(entry.order_id, order.handed_over_at ?? new Date().toISOString())
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <li class={`door ${done ? 'door-done' : ''}`} data-testid="door" data-order={entry.order_id}>
      <div class="door-head">
        <strong class="room">{entry.room}</strong>
        <span class={`chip ${done ? 'ok' : ready ? 'warn' : ''}`}>{t(`staff.delivery.status.${entry.status}`)}</span>
      </div>
      <ul class="items">
        {entry.items.map((item, i) => (
          <li key={i}>
            {item.name} × {t('terms.quantity', { n: item.quantity, unit: unitText(item.unit) })}
          </li>
        ))}
      </ul>
      {(entry.door_reason || entry.carrier) && (
        <p class="muted">
          {entry.door_reason}
          {entry.door_reason && entry.carrier && ' · '}
          {entry.carrier && t('staff.delivery.carrier', { name: entry.carrier })}
        </p>
      )}
      {done && entry.handed_over_at && (
        <p class="done-line">{t('staff.delivery.done', { time: formatDateTime(entry.handed_over_at) })}</p>
      )}
      {!done && !ready && <p class="muted">{t('staff.delivery.notYet')}</p>}
      {!done && ready && !confirming && (
        <button type="button" class="primary wide" data-testid="hand-over" onClick={() => setConfirming(true)}>
          {t('staff.delivery.handOver')}
        </button>
      )}
      {!done && ready && confirming && (
        <div class="confirm">
          <label>
            {t('staff.delivery.note')}
            <input maxLength={200} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="button" class="primary big" data-testid="hand-over-confirm" disabled={busy} onClick={confirm}>
            {t('staff.delivery.confirm')}
          </button>
          <button type="button" class="secondary wide" onClick={() => setConfirming(false)}>
            {t('staff.delivery.cancel')}
          </button>
        </div>
      )}
      <Problem error={error} />
    </li>
  )
}

function Tree({ list, openOnlyView, onDone }: { list: PickList; openOnlyView: boolean; onDone(id: string, at: string): void }) {
  const compounds = openOnlyView ? openOnly(list) : list.compounds
  if (list.door_orders === 0) return <p class="summary">{t('staff.delivery.empty')}</p>
  if (compounds.length === 0) return <p class="summary">{t('staff.delivery.allDone')}</p>
  return (
    <>
      {compounds.map((c) => (
        <section key={c.compound} class="compound">
          <h2>{c.compound}</h2>
          {c.buildings.map((b) => (
            <details key={b.building} open class="building" data-testid="building">
              <summary>
                {c.compound} {b.building} <span class="count">{b.door_orders}</span>
              </summary>
              {b.units.map((u) => (
                <div key={u.unit} class="unit">
                  <h3>{t('staff.delivery.unit', { n: u.unit })}</h3>
                  {u.floors.map((f) => (
                    <div key={f.floor} class="floor">
                      <h4>{t('staff.delivery.floor', { n: f.floor })}</h4>
                      <ul class="plain">
                        {f.entries.map((e) => (
                          <Entry key={e.order_id} entry={e} onDone={onDone} />
                        ))}
                      </ul>
                    </div>
                  ))}
                </div>
              ))}
            </details>
          ))}
        </section>
      ))}
    </>
  )
}

function RoundPickList({ round }: { round: RoundRead }) {
  const loaded = useLoad(() => pickList(round.id), [round.id])
  const [local, setLocal] = useState<PickList | null>(null)
  const [onlyOpen, setOnlyOpen] = useState(true)
  const list = local && local.round_id === round.id ? local : loaded.data
  if (loaded.error) return <Problem error={loaded.error} />
  if (!list) return <Loading />
  return (
    <>
      <p class="summary" data-testid="pick-summary">
        {t('staff.delivery.summary', { n: list.door_orders, done: list.handed_over })}
      </p>
      <label class="check">
        <input type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.currentTarget.checked)} />
        {t('staff.delivery.onlyOpen')}
      </label>
      <Tree list={list} openOnlyView={onlyOpen} onDone={(id, at) => setLocal(markHandedOver(list, id, at))} />
    </>
  )
}

export default function DoorDeliveries() {
  useLang()
  const rounds = useLoad(() => listRounds(), [])
  const [chosen, setChosen] = useState<string | null>(null)
  const all = rounds.data ?? []
  const round = all.find((r) => r.id === chosen) ?? currentRound(all, Date.now())
  const today = localToday()
  return (
    <section class="staff">
      <Problem error={rounds.error} />
      {rounds.loading && !rounds.data && <Loading />}
      {rounds.data && all.length === 0 && <p class="summary">{t('staff.delivery.noRounds')}</p>}
      {all.length > 0 && (
        <fieldset>
          <legend>{t('staff.delivery.round')}</legend>
          <div class="segmented wrap">
            {all.map((r) => (
              <button key={r.id} type="button" aria-pressed={round?.id === r.id} data-round={r.id} onClick={() => setChosen(r.id)}>
                {roundLabel(r, today)}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {round && <RoundPickList key={round.id} round={round} />}
    </section>
  )
}
