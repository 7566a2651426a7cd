/** 采样登记: the sampler's phone, offline first. The round's bundle is downloaded once; a tube's
 * barcode (Code 128 or QR) opens it (filled/capacity), then each person's pass QR or household
 * card QR (members picked from the bundle), or a typed ID number online, until the tube holds
 * the pool size; then the next tube. Registrations wait in the outbox with client ids and upload
 * in batches exactly once; refusals show with their reason. */
import { useEffect, useRef, useState } from 'preact/hooks'
import { useOnline } from '../../app/hooks'
import { navigate } from '../../app/router'
import { testHooks } from '../../app/testHooks'
import type { BundleHousehold, PersonLookup } from '../../api/sampling'
import { listRounds, type Round } from '../../api/testingRounds'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatAge, t, useLang } from '../../i18n'
import type { OutboxItem } from '../../offline/outbox'
import { outbox, syncOutbox } from '../../offline/sync'
import { type Flagged, type SamplePayload, flaggedSamples, queueRegistration } from '../../testing/outboxKinds'
import * as data from '../../testing/samplingData'
import { type BundleIndex, classifyScan, householdLabel } from '../../testing/scan'
import { type Tube, fill, isFull, remaining } from '../../testing/tubes'
import { communityOf } from '../staff/common'
import { Camera } from '../../components/Camera'
import { IdLookup, MemberPicker, RefusedList } from './SamplerParts'
import './testing.css'

const POINT_KEY = 'shouhu.sampling.point'
const SAME_SCAN_PAUSE_MS = 3000

interface Picking {
  household: BundleHousehold
  initial: string[]
}

function useSampleQueue(roundId: string | null) {
  const [pending, setPending] = useState(0)
  const [refused, setRefused] = useState<OutboxItem[]>([])
  const [flagged, setFlagged] = useState<Flagged[]>([])
  useEffect(() => {
    const mine = (item: OutboxItem) => item.kind === 'sample' && (item.payload as unknown as SamplePayload).round_id === roundId
    const load = async () => {
      setPending((await outbox.pending()).filter(mine).length)
      setRefused((await outbox.rejected()).filter(mine))
      setFlagged((await flaggedSamples()).filter((f) => f.round_id === roundId))
    }
    void load()
    return outbox.subscribe(() => void load())
  }, [roundId])
  return { pending, refused, flagged }
}

function RoundPicker({ onPick }: { onPick(round: Round): void }) {
  const account = useAccount()
  const [rounds, setRounds] = useState<Round[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    listRounds(communityOf(account)).then(setRounds, setError)
  }, [])
  const open = (rounds ?? []).filter((r) => r.status !== 'closed')
  return (
    <div class="sampler">
      <h2>{t('testing.sampler.pickRound')}</h2>
      {open.map((r) => (
        <button class="tile" key={r.id} data-testid="round" onClick={() => onPick(r)}>
          {r.name} · {r.round_date}
        </button>
      ))}
      {rounds && open.length === 0 && <p class="note-box">{t('testing.sampler.noRound')}</p>}
      <Problem error={error} />
    </div>
  )
}

export default function Sampler({ params }: { params: Record<string, string> }) {
  useLang()
  const online = useOnline()
  const account = useAccount()
  const [roundId, setRoundId] = useState<string | null>(params.roundId ?? null)
  const [bundle, setBundle] = useState<{ stored: data.StoredBundle; index: BundleIndex } | null>(null)
  const [pointId, setPointId] = useState<string>(() => localStorage.getItem(POINT_KEY) ?? '')
  const [home, setHome] = useState(false)
  const [tube, setTube] = useState<Tube | null>(null)
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null)
  const [picking, setPicking] = useState<Picking | null>(null)
  const [visitor, setVisitor] = useState<PersonLookup | null>(null)
  const [sampled, setSampled] = useState<Set<string>>(new Set())
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const last = useRef<{ text: string; at: number } | null>(null)
  // the household just registered: its card still under the camera is not opened again until
  // another household or a new tube is scanned
  const done = useRef<string | null>(null)
  const queue = useSampleQueue(roundId)

  useEffect(() => {
    if (!roundId) void data.savedRoundId().then((id) => (id ? setRoundId(id) : setLoading(false)))
  }, [])
  useEffect(() => {
    if (!roundId) return
    let cancelled = false
    void (async () => {
      await data.chooseRound(roundId)
      const held = await data.storedBundle(roundId)
      if (!cancelled && held) setBundle(held)
      setSampled(await data.sampledHere(roundId))
      if (online) {
        try {
          const fresh = await data.downloadBundle(roundId)
          if (!cancelled) setBundle(fresh)
        } catch (e) {
          if (!cancelled && !held) setError(e)
        }
      }
      if (!cancelled) setLoading(false)
    })()
    return () => void (cancelled = true)
  }, [roundId, online])

  const points = bundle?.stored.bundle.points ?? []
  useEffect(() => {
    if (points.length > 0 && !points.some((p) => p.id === pointId)) setPointId(points[0].id)
  }, [points.length])

  if (!roundId) {
    return loading ? <p class="loading">{t('shell.loading')}</p> : <RoundPicker onPick={(r) => setRoundId(r.id)} />
  }
  if (!bundle) {
    return (
      <div class="sampler">
        {loading ? <p class="loading">{t('shell.loading')}</p> : <p class="note-box">{t('testing.sampler.noBundle')}</p>}
        <Problem error={error} />
      </div>
    )
  }

  const round = bundle.stored.bundle.round
  const poolSize = round.pool_size

  const onTube = async (barcode: string) => {
    if (tube && tube.barcode === barcode) return
    try {
      const opened = await data.openTube(round.id, barcode, poolSize)
      if (opened.refused) {
        setNote({ text: `${barcode}：${t(`testing.reject.${opened.refused}`)}`, bad: true })
        return
      }
      setTube(opened.tube)
      setNote(null)
      done.current = null
    } catch (e) {
      setNote({ text: '', bad: true })
      setError(e)
    }
  }

  const onDecode = (text: string) => {
    const now = performance.now()
    if (picking || visitor) return
    if (last.current && last.current.text === text && now - last.current.at < SAME_SCAN_PAUSE_MS) return
    last.current = { text, at: now }
    const scan = classifyScan(text, bundle.index)
    if (scan.kind === 'tube') return void onTube(scan.barcode)
    if (scan.kind === 'unknown_pass') return setNote({ text: t('testing.sampler.unknownPass'), bad: true })
    if (scan.kind === 'unreadable') return setNote({ text: t('testing.sampler.unreadable'), bad: true })
    if (done.current === scan.household.household_id) return
    if (tube && isFull(tube)) return setNote({ text: t('testing.sampler.full', { barcode: tube.barcode }), bad: false })
    if (!tube) return setNote({ text: t('testing.sampler.tubeFirst'), bad: true })
    if (scan.household.members.every((m) => sampled.has(m.person_id))) {
      return setNote({ text: t('testing.sampler.householdDone', { place: householdLabel(scan.household) }), bad: false })
    }
    setNote(null)
    setPicking({ household: scan.household, initial: scan.personId ? [scan.personId] : [] })
  }
  if (testHooks) window.__shouhuDecoded = onDecode

  const register = async (people: { person_id: string; name: string; place: string }[], confirmVisitor = false) => {
    if (!tube) return
    const at = new Date().toISOString()
    for (const p of people.slice(0, remaining(tube))) {
      await queueRegistration(
        round.id,
        {
          client_id: crypto.randomUUID(),
          tube_barcode: tube.barcode,
          point_id: home ? null : pointId || null,
          person_id: p.person_id,
          home,
          confirm_visitor: confirmVisitor,
          sampled_at: at,
        },
        { name: p.name, place: p.place },
      )
    }
    const next = fill(tube, people.length)
    await data.rememberTube(round.id, next)
    await data.markSampled(round.id, people.map((p) => p.person_id))
    setSampled(await data.sampledHere(round.id))
    setTube(next)
    setNote(isFull(next) ? { text: t('testing.sampler.full', { barcode: next.barcode }), bad: false } : null)
    void syncOutbox()
  }

  const onPicked = (ids: string[]) => {
    const h = picking!.household
    done.current = h.household_id
    const people = ids.map((id) => ({ person_id: id, name: h.members.find((m) => m.person_id === id)?.name ?? '', place: householdLabel(h) }))
    setPicking(null)
    void register(people)
  }

  const onFound = (p: PersonLookup) => {
    if (!tube || isFull(tube)) return setNote({ text: t('testing.sampler.tubeFirst'), bad: true })
    const household = p.household_id ? bundle.index.households.get(p.household_id) : undefined
    if (!p.same_community) return setVisitor(p)
    if (household) return setPicking({ household, initial: [p.person_id] })
    void register([{ person_id: p.person_id, name: p.name, place: '' }])
  }

  const full = tube !== null && isFull(tube)
  return (
    <div class="sampler" data-testid="sampler">
      <p class="sampler-round">
        {round.name ?? ''} · {t('testing.pool', { n: poolSize })}
        <span class="hint"> · {t('testing.sampler.bundleAge', { age: formatAge(Date.now() - bundle.stored.fetched_at) })}</span>
      </p>
      <div class="sampler-where">
        <select name="point" value={pointId} disabled={home} onChange={(e) => { setPointId(e.currentTarget.value); localStorage.setItem(POINT_KEY, e.currentTarget.value) }}>
          {points.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
        <label class="check"><input type="checkbox" checked={home} onChange={(e) => setHome(e.currentTarget.checked)} />{t('testing.sampler.home')}</label>
      </div>
      {picking ? (
        <MemberPicker
          household={picking.household}
          initial={picking.initial}
          room={tube ? remaining(tube) : 0}
          sampled={sampled}
          onDone={onPicked}
          onCancel={() => { done.current = picking.household.household_id; setPicking(null) }}
        />
      ) : visitor ? (
        <section class="picker" data-testid="visitor-confirm">
          <p class="note-box">{t('testing.sampler.visitorAsk', { name: visitor.name })}</p>
          <div class="picker-actions">
            <button type="button" class="secondary" onClick={() => setVisitor(null)}>{t('testing.cancel')}</button>
            <button type="button" class="primary" onClick={() => { const v = visitor; setVisitor(null); void register([{ person_id: v.person_id, name: v.name, place: t('testing.sampler.visitor') }], true) }}>
              {t('testing.sampler.confirmVisitor')}
            </button>
          </div>
        </section>
      ) : (
        <Camera onDecode={onDecode} barcodes className="sampler-camera" />
      )}
      <div class={`tube-box ${full ? 'full' : tube ? 'open' : ''}`} data-testid="tube" data-filled={tube?.filled ?? 0} data-capacity={tube?.capacity ?? 0}>
        {tube ? (
          <>
            <span class="tube-code">{tube.barcode}</span>
            <span class="tube-count">{t('testing.sampler.filled', { filled: tube.filled, capacity: tube.capacity })}</span>
          </>
        ) : (
          <span class="tube-code">{t('testing.sampler.scanTube')}</span>
        )}
      </div>
      {note && note.text && <p class={note.bad ? 'problem' : 'outcome-ok'} role="status" data-testid="sampler-note">{note.text}</p>}
      <Problem error={error} />
      {!picking && !visitor && <IdLookup roundId={round.id} online={online} onFound={onFound} />}
      <p class="sampler-queue" data-testid="sample-pending" data-n={queue.pending}>
        {queue.pending > 0 ? t('testing.sampler.pending', { n: queue.pending }) : t('testing.sampler.allSent')}
      </p>
      {queue.flagged.length > 0 && <p class="hint" data-testid="flagged">{t('testing.sampler.flagged', { n: queue.flagged.length })}</p>}
      <RefusedList
        items={queue.refused}
        onConfirm={(item) => {
          const p = item.payload as unknown as SamplePayload
          void outbox.retry(item.client_id, { ...p, registration: { ...p.registration, confirm_visitor: true } } as unknown as Record<string, unknown>).then(() => syncOutbox())
        }}
        onDismiss={(item) => void outbox.discard(item.client_id)}
      />
      <div class="row-actions">
        <button type="button" class="secondary" disabled={!online} onClick={() => void data.downloadBundle(round.id).then(setBundle, setError)}>
          {t('testing.sampler.download')}
        </button>
        {account && account.role !== 'gate_volunteer' && (
          <button type="button" class="secondary" onClick={() => navigate(`/staff/testing/${round.id}/missing`)}>{t('testing.missing.title')}</button>
        )}
      </div>
    </div>
  )
}
