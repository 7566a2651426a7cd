/** One run to the hospital: move it on, record each request's outcome, cost and repayment, and
 * hand the residents' cards to the worker who goes (who confirms on their own phone). */
import { useState } from 'preact/hooks'
import {
  changeRunLine,
  handOver,
  heldBy,
  moveRun,
  type CustodyItem,
  type Handover,
  type MedicineRequest,
  type MedicineRun,
  type RunOutcome,
  type RunStatus,
} from '../../../api/medicine'
import { Problem } from '../../../components/Problem'
import { formatDate, t } from '../../../i18n'
import { pendingClientId, settleClientId } from '../../../staff/clientIds'
import { useLoad } from '../common'
import { heldText } from './custodyText'

const NEXT: Partial<Record<RunStatus, RunStatus>> = { planned: 'out', out: 'back', back: 'closed' }
const OUTCOMES: RunOutcome[] = ['collected', 'partly', 'not_available']
const yuan = (fen: number) => (fen / 100).toFixed(2)

function money(run: MedicineRun): Record<string, string> {
  const sum = (pick: (r: MedicineRequest) => boolean) =>
    yuan(run.requests.filter(pick).reduce((n, r) => n + (r.amount_paid_fen ?? 0), 0))
  return {
    paid: sum(() => true),
    repaid: sum((r) => r.repayment === 'paid_back'),
    waived: sum((r) => r.repayment === 'waived'),
    outstanding: sum((r) => r.repayment === 'pending'),
  }
}

function itemsOf(r: MedicineRequest): CustodyItem[] {
  const items: CustodyItem[] = []
  if (r.needs_insurance_card) items.push('insurance_card')
  if (r.needs_record_book) items.push('record_book')
  return items
}

interface LineProps {
  run: MedicineRun
  request: MedicineRequest
  held(personId: string, item: CustodyItem): Handover | undefined
  act(work: () => Promise<unknown>): void
}

function Line({ run, request: r, held, act }: LineProps) {
  const [amount, setAmount] = useState(r.amount_paid_fen === null ? '' : yuan(r.amount_paid_fen))
  const [receipt, setReceipt] = useState(r.receipt_number)
  const recording = run.status === 'out' || run.status === 'back'
  const give = (item: CustodyItem) => {
    const key = `custody:${run.id}:${r.person_id}:${item}`
    act(async () => {
      await handOver({ client_id: pendingClientId(key), person_id: r.person_id, item, to_worker_id: run.worker_id, run_id: run.id })
      settleClientId(key)
    })
  }
  const saveCost = () => {
    const fen = Math.round(parseFloat(amount) * 100)
    act(() => changeRunLine(run.id, r.id, { amount_paid_fen: Number.isFinite(fen) ? fen : undefined, receipt_number: receipt }))
  }
  return (
    <li data-testid="run-request" data-status={r.status}>
      <div class="row">
        <span class="row-main">
          <strong>{r.person_name}</strong> {r.medicine_name} {r.quantity}
          <span class={`chip ${r.status === 'not_available' ? 'bad' : r.status === 'collected' ? 'ok' : ''}`}>{t(`medicine.status.${r.status}`)}</span>
        </span>
        {itemsOf(r).map((item) => {
          const holding = held(r.person_id, item)
          const withWorker = holding?.to_worker_id === run.worker_id
          return (
            <span key={item} class="row-sub medicine-hand" data-item={item}>
              <span data-testid="custody-line">{heldText(item, holding)}</span>
              {!withWorker && !holding?.to_worker_id && run.status !== 'closed' && (
                <button type="button" class="secondary" data-testid="hand-over" data-item={item} onClick={() => give(item)}>
                  {t('medicine.handTo', { item: t(`medicine.item.${item}`), name: run.worker_name })}
                </button>
              )}
            </span>
          )
        })}
      </div>
      {recording && (
        <div class="segmented" data-testid="outcomes">
          {OUTCOMES.map((o) => (
            <button key={o} type="button" data-outcome={o} aria-pressed={r.status === o} onClick={() => act(() => changeRunLine(run.id, r.id, { outcome: o }))}>
              {t(`medicine.outcome.${o}`)}
            </button>
          ))}
        </div>
      )}
      {recording && (
        <div class="care-form">
          <input name="amount" inputMode="decimal" placeholder={t('medicine.amount')} value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
          <input name="receipt" maxLength={50} placeholder={t('medicine.receipt')} value={receipt} onInput={(e) => setReceipt(e.currentTarget.value)} />
          <button type="button" class="primary" data-testid="save-cost" onClick={saveCost}>{t('medicine.save')}</button>
        </div>
      )}
      {r.amount_paid_fen !== null && (
        <div class="segmented" data-testid="repayment">
          {(['pending', 'paid_back', 'waived'] as const).map((p) => (
            <button key={p} type="button" data-repayment={p} aria-pressed={r.repayment === p} onClick={() => act(() => changeRunLine(run.id, r.id, { repayment: p }))}>
              {t(`medicine.repayment.${p}`)}
            </button>
          ))}
        </div>
      )}
    </li>
  )
}

export function RunCard({ run, onChanged }: { run: MedicineRun; onChanged(): void }) {
  const holdings = useLoad(() => heldBy(run.worker_id), [run.worker_id, run])
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const act = (work: () => Promise<unknown>) => {
    if (busy) return
    setBusy(true)
    setError(null)
    work().then(
      () => {
        setBusy(false)
        onChanged()
        holdings.reload()
      },
      (err: unknown) => {
        setBusy(false)
        setError(err)
      },
    )
  }
  const held = (personId: string, item: CustodyItem) =>
    (holdings.data ?? []).find((h) => h.person_id === personId && h.item === item)
  const next = NEXT[run.status]
  return (
    <li class="task" data-testid="run" data-status={run.status}>
      <div class="row-main">
        <strong>{run.hospital}</strong>
        <span>{formatDate(run.run_date)}</span>
        <span>{t('medicine.run.worker')}：{run.worker_name}</span>
        <span class="chip">{t(`medicine.run.status.${run.status}`)}</span>
      </div>
      {run.requests.some((r) => r.amount_paid_fen !== null) && (
        <p class="row-sub" data-testid="run-money">{t('medicine.run.money', money(run))}</p>
      )}
      <ul class="rows">
        {run.requests.map((r) => (
          <Line key={r.id} run={run} request={r} held={held} act={act} />
        ))}
      </ul>
      {next && (
        <div class="segmented">
          <button type="button" class="go" data-testid="run-next" disabled={busy} onClick={() => act(() => moveRun(run.id, next))}>
            {t(`medicine.run.next.${next}`)}
          </button>
        </div>
      )}
      <Problem error={error} />
    </li>
  )
}
