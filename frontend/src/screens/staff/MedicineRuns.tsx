/** 代配药: the office's screen for medicine fetched on residents' behalf — prescription refills
 * waiting, made into a run to one hospital with a worker from the roster; each run's outcomes,
 * costs and repayments; the cards handed to the worker; and who holds which card now, with the
 * cards of a worker in quarantine or off duty flagged red for reassignment. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { flaggedCustody, handOver, heldBy, makeRun, medicineRuns, waitingRequests, type Handover } from '../../api/medicine'
import { listWorkers } from '../../api/workers'
import { queryParam } from '../../app/router'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, TIME_ZONE, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { communityOf, Loading, useLoad } from './common'
import { HandoverRow } from './medicine/custodyText'
import { Register } from './medicine/Register'
import { RunCard } from './medicine/RunCard'

type Tab = 'requests' | 'runs' | 'custody' | 'register'
const TABS: Tab[] = ['requests', 'runs', 'custody', 'register']

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date())
}

function Waiting({ community, onMade }: { community: string | undefined; onMade(): void }) {
  const list = useLoad(() => waitingRequests(community), [community])
  const workers = useLoad(() => listWorkers({}), [])
  const [picked, setPicked] = useState<string[]>([])
  const [worker, setWorker] = useState('')
  const [hospital, setHospital] = useState('')
  const [date, setDate] = useState(today())
  const [error, setError] = useState<unknown>(null)
  const items = list.data?.items ?? []
  const toggle = (id: string, hospitalOf: string) => {
    const next = picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id]
    setPicked(next)
    if (!hospital && hospitalOf) setHospital(hospitalOf)
  }
  const make = async () => {
    setError(null)
    try {
      await makeRun({ client_id: pendingClientId('medicine-run'), worker_id: worker, hospital, run_date: date, request_ids: picked })
      settleClientId('medicine-run')
      setPicked([])
      onMade()
    } catch (err) {
      setError(err)
    }
  }
  return (
    <>
      <Problem error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <p class="summary" data-testid="medicine-count">
          {items.length === 0 ? t('medicine.requests.none') : t('medicine.requests.count', { n: list.data.total })}
        </p>
      )}
      <ul class="rows">
        {items.map((r) => (
          <li key={r.id} data-testid="medicine-request">
            <label class="row medicine-pick">
              <input type="checkbox" checked={picked.includes(r.id)} onChange={() => toggle(r.id, r.hospital)} />
              <span>
              <span class="row-main">
                <strong>{r.person_name}</strong> {r.medicine_name}
              </span>
              <span class="row-sub">
                {[r.dose, r.quantity, r.hospital].filter(Boolean).join(' · ')}
                {(['insurance_card', 'record_book', 'prescription'] as const)
                  .filter((n) => r[`needs_${n}`])
                  .map((n) => (
                    <span key={n} class="chip">{t(`medicine.needs.${n}`)}</span>
                  ))}
              </span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {items.length > 0 && (
        <div class="care-form" data-testid="run-form">
          <label>
            {t('medicine.run.worker')}
            <select name="worker" value={worker} onChange={(e) => setWorker(e.currentTarget.value)}>
              <option value="" />
              {(workers.data?.items ?? []).map((w) => (
                <option key={w.id} value={w.id}>{w.name}</option>
              ))}
            </select>
          </label>
          <label>
            {t('medicine.run.hospital')}
            <input name="hospital" maxLength={100} value={hospital} onInput={(e) => setHospital(e.currentTarget.value)} />
          </label>
          <label>
            {t('medicine.run.date')}
            <input name="date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
          <button type="button" class="primary" data-testid="make-run" disabled={!picked.length || !worker || !hospital} onClick={make}>
            {picked.length ? t('medicine.run.make', { n: picked.length }) : t('medicine.run.pick')}
          </button>
          <Problem error={error ?? workers.error} />
        </div>
      )}
    </>
  )
}

function Runs() {
  const runs = useLoad(() => medicineRuns(), [])
  return (
    <>
      <Problem error={runs.error} />
      {runs.loading && !runs.data && <Loading />}
      {runs.data?.items.length === 0 && <p class="summary">{t('medicine.runs.none')}</p>}
      <ul class="rows">
        {(runs.data?.items ?? []).map((run) => (
          <RunCard key={run.id} run={run} onChanged={runs.reload} />
        ))}
      </ul>
    </>
  )
}

function Custody({ community }: { community: string | undefined }) {
  const flagged = useLoad(() => flaggedCustody(community), [community])
  const workers = useLoad(() => listWorkers({}), [])
  const [worker, setWorker] = useState('')
  const held = useLoad(() => (worker ? heldBy(worker) : Promise.resolve(null)), [worker])
  const [error, setError] = useState<unknown>(null)
  const giveBack = async (h: Handover) => {
    const key = `custody-return:${h.id}`
    setError(null)
    try {
      await handOver({ client_id: pendingClientId(key), person_id: h.person_id, item: h.item, to_worker_id: null })
      settleClientId(key)
      flagged.reload()
      held.reload()
    } catch (err) {
      setError(err)
    }
  }
  return (
    <>
      <h3>{t('medicine.flagged.title')}</h3>
      <Problem error={flagged.error ?? error} />
      {flagged.data?.length === 0 && <p class="summary" data-testid="flagged-none">{t('medicine.flagged.none')}</p>}
      <ul class="rows" data-testid="flagged">
        {(flagged.data ?? []).map((h) => (
          <HandoverRow key={h.id} h={h}>
            <div class="segmented">
              <button type="button" data-testid="flagged-return" onClick={() => giveBack(h)}>
                {t('medicine.return')}
              </button>
            </div>
          </HandoverRow>
        ))}
      </ul>
      <label>
        {t('medicine.byWorker')}
        <select name="holder" data-testid="holder" value={worker} onChange={(e) => setWorker(e.currentTarget.value)}>
          <option value="" />
          {(workers.data?.items ?? []).map((w) => (
            <option key={w.id} value={w.id}>{w.name}</option>
          ))}
        </select>
      </label>
      <Problem error={held.error} />
      {held.data?.length === 0 && <p class="summary" data-testid="holds-none">{t('medicine.byWorker.none')}</p>}
      <ul class="rows" data-testid="holds">
        {(held.data ?? []).map((h) => (
          <HandoverRow key={h.id} h={h} />
        ))}
      </ul>
    </>
  )
}

export default function MedicineRuns() {
  useLang()
  const community = communityOf(useAccount())
  const [tab, setTab] = useState<Tab>(() => (TABS as string[]).includes(queryParam('tab') ?? '') ? (queryParam('tab') as Tab) : 'requests')
  return (
    <section class="staff">
      <div class="segmented" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} data-testid={`medicine-tab-${k}`} onClick={() => setTab(k)}>
            {t(`medicine.tab.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'requests' && <Waiting community={community} onMade={() => setTab('runs')} />}
      {tab === 'runs' && <Runs />}
      {tab === 'custody' && <Custody community={community} />}
      {tab === 'register' && <Register />}
    </section>
  )
}
