/** 卡口: scan (rear camera) or type a pass number → a verdict that fills the screen → temperature,
 * mask, direction → submit. Works offline with the bundle; logs queue in the outbox. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { useOnline } from '../../app/hooks'
import { navigate } from '../../app/router'
import { testHooks } from '../../app/testHooks'
import { Problem } from '../../components/Problem'
import { bundleAgeMs, bundleStale } from '../../gate/bundle'
import { type Scan, type VerdictView, judgeOffline, logPassage, offlineView, verifyOnline } from '../../gate/gateData'
import type { Direction } from '../../gate/rules'
import { temperatureValid } from '../../gate/rules'
import { Camera } from '../../components/Camera'
import { padValue } from '../../gate/temperature'
import { passNumberWellFormed } from '../../gate/token'
import { formatAge, t, useLang } from '../../i18n'
import { FeverMember } from './FeverMember'
import { PendingRegistrations } from './PendingRegistrations'
import { TemperaturePad } from './TemperaturePad'
import { useGatePost } from './useGatePost'
import { reasonText } from './verdictText'

type Phase = 'scan' | 'verdict' | 'done'
const DIRECTION_KEY = 'shouhu.gate.direction'
const SAME_QR_PAUSE_MS = 3000
const DEFAULT_THRESHOLD = 37.3

declare global {
  interface Window {
    /** Decode → verdict painted, in ms, per scan (tests and benchmark only: app/testHooks.ts). */
    __shouhuVerdictMs?: number[]
    /** Feeds a decoded text through the same path as the camera (tests and benchmark only). */
    __shouhuDecoded?: (text: string) => void
  }
}

function savedDirection(): Direction {
  return localStorage.getItem(DIRECTION_KEY) === 'in' ? 'in' : 'out'
}

function DirectionToggle({ value, onChange, compact }: { value: Direction; onChange(d: Direction): void; compact?: boolean }) {
  return (
    <div class={`segmented ${compact ? 'direction' : 'big'}`} role="group" aria-label={t('gate.direction')}>
      {(['out', 'in'] as const).map((d) => (
        <button key={d} type="button" aria-pressed={value === d} data-testid={`direction-${d}`} onClick={() => onChange(d)}>
          {t(`gate.direction.${d}`)}
        </button>
      ))}
    </div>
  )
}

function NumberEntry({ onSubmit }: { onSubmit(number: string): void }) {
  const [number, setNumber] = useState('')
  const [bad, setBad] = useState(false)
  return (
    <form
      class="number-entry"
      onSubmit={(e) => {
        e.preventDefault()
        if (!passNumberWellFormed(number)) return setBad(true)
        setBad(false)
        onSubmit(number)
        setNumber('')
      }}
    >
      <input
        name="pass_number"
        inputMode="numeric"
        pattern="[0-9]*"
        maxLength={8}
        autocomplete="off"
        placeholder={t('gate.number.placeholder')}
        value={number}
        onInput={(e) => setNumber(e.currentTarget.value.replace(/\D/g, ''))}
      />
      <button type="submit" class="primary">{t('gate.number.check')}</button>
      {bad && <p class="problem" role="alert">{t('gate.number.bad')}</p>}
    </form>
  )
}

/** A typed number with no network: nobody was refused, the phone cannot tell. What the volunteer
 * can do instead. `notLogged`: the passage was being logged when the network went. */
function ManualCheck({ onNext, notLogged }: { onNext(): void; notLogged?: boolean }) {
  return (
    <div class="gate verdict-full manual" data-testid={notLogged ? 'verdict-final' : 'verdict'} data-verdict="manual" data-reason="offline_number">
      <p class="verdict-word">{t('gate.manual.title')}</p>
      <p class="verdict-reason">{t('gate.manual.byHand')}</p>
      <ul class="manual-steps">
        <li>{t('gate.manual.scan')}</li>
        <li>{t('gate.manual.card')}</li>
        <li>{t('gate.manual.office')}</li>
      </ul>
      {notLogged && <p class="verdict-note">{t('gate.manual.notLogged')}</p>}
      <button class="next big" onClick={onNext} data-testid="next">{t('gate.next')}</button>
    </div>
  )
}

export default function GateScreen() {
  useLang()
  const online = useOnline()
  const post = useGatePost()
  const [phase, setPhase] = useState<Phase>('scan')
  const [scan, setScan] = useState<Scan | null>(null)
  const [verdict, setVerdict] = useState<VerdictView | null>(null)
  const [checking, setChecking] = useState(false)
  const [direction, setDirectionState] = useState<Direction>(savedDirection)
  const [digits, setDigits] = useState('')
  const [mask, setMask] = useState(true)
  const [personId, setPersonId] = useState<string | null>(null)
  const [final, setFinal] = useState<VerdictView | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const decodedAt = useRef<number | null>(null)
  const lastQr = useRef<{ text: string; at: number } | null>(null)
  const scanSeq = useRef(0)

  const rules = post.bundle?.bundle.rules
  const threshold = rules?.fever_threshold ?? DEFAULT_THRESHOLD
  const temperature = padValue(digits)
  const temperatureBad = temperature !== null && !temperatureValid(temperature)
  const fever = temperature !== null && !temperatureBad && temperature >= threshold
  const noMask = !mask && (rules?.mask_required ?? true)

  const setDirection = (d: Direction) => {
    localStorage.setItem(DIRECTION_KEY, d)
    setDirectionState(d)
  }

  // decode → verdict painted: measured after the browser has laid out the verdict
  useLayoutEffect(() => {
    if (testHooks && verdict && decodedAt.current !== null) {
      const started = decodedAt.current
      decodedAt.current = null
      requestAnimationFrame(() => {
        window.__shouhuVerdictMs = [...(window.__shouhuVerdictMs ?? []), performance.now() - started]
      })
    }
  }, [verdict])

  const reset = () => {
    setPhase('scan')
    setScan(null)
    setVerdict(null)
    setFinal(null)
    setDigits('')
    setMask(true)
    setPersonId(null)
    setError(null)
    setChecking(false)
  }

  const check = async (next: Scan, at: number) => {
    if (!post.gate) return
    const seq = ++scanSeq.current
    setScan(next)
    setPhase('verdict')
    setVerdict(null)
    setError(null)
    // online, the phone's own verdict shows at once but the server's replaces it: it is not
    // "checked offline" unless the server cannot be reached
    setChecking(online)
    decodedAt.current = at
    let local: VerdictView | null = null
    if (next.token || !online) {
      local = offlineView(await judgeOffline(next, direction, Date.now()))
      if (seq !== scanSeq.current) return
      if (post.bundle || !online) setVerdict(local)
    }
    if (!online) return
    try {
      const server = await verifyOnline(post.gate, next, direction)
      if (seq !== scanSeq.current) return
      // no answer: the phone's verdict (a typed number has none: check by hand)
      setVerdict(server ?? local ?? offlineView(await judgeOffline(next, direction, Date.now())))
    } catch (e) {
      if (seq === scanSeq.current) setError(e)
    } finally {
      if (seq === scanSeq.current) setChecking(false)
    }
  }

  const onDecode = (text: string, at: number) => {
    if (phase !== 'scan') return
    const last = lastQr.current
    if (last && last.text === text && at - last.at < SAME_QR_PAUSE_MS) return
    lastQr.current = { text, at }
    void check({ token: text }, at)
  }
  if (testHooks) window.__shouhuDecoded = (text) => onDecode(text, performance.now())

  const submit = async () => {
    if (!post.gate || !scan || temperature === null || temperatureBad) return
    setBusy(true)
    setError(null)
    try {
      const result = await logPassage({ gate: post.gate, scan, direction, temperature, mask, personId: fever ? personId : null })
      setFinal(result)
      setPhase('done')
      lastQr.current = { text: scan.token ?? '', at: performance.now() }
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (phase === 'done' && final?.verdict === 'allow') {
      const timer = setTimeout(reset, 2500)
      return () => clearTimeout(timer)
    }
  }, [phase, final])

  if (post.loading && !post.gate) return <p class="loading">{t('shell.loading')}</p>
  if (!post.gate) {
    return (
      <div class="gate-picker">
        <h2>{t('gate.pick')}</h2>
        {post.choices.map((g) => (
          <button class="tile" key={g.id} onClick={() => post.choose(g)}>{g.name}</button>
        ))}
        {post.choices.length === 0 && <p class="problem">{t('gate.noGate')}</p>}
        <Problem error={post.error} />
      </div>
    )
  }

  const now = Date.now()
  const bundleLine = post.bundle ? (
    <p class={`bundle-age ${bundleStale(post.bundle.bundle, now) ? 'stale' : ''}`} data-testid="bundle-age">
      {bundleStale(post.bundle.bundle, now)
        ? t('gate.bundle.stale', { age: formatAge(bundleAgeMs(post.bundle.bundle, now)) })
        : t('gate.bundle.age', { age: formatAge(bundleAgeMs(post.bundle.bundle, now)) })}
    </p>
  ) : (
    <p class="bundle-age stale" data-testid="bundle-age">{t('gate.bundle.none')}</p>
  )

  if (phase === 'scan') {
    return (
      <div class="gate gate-scan" data-testid="gate-scan">
        <p class="gate-name">{post.gate.name}</p>
        <Camera onDecode={onDecode} />
        <DirectionToggle value={direction} onChange={setDirection} />
        <NumberEntry onSubmit={(n) => void check({ passNumber: n }, performance.now())} />
        {bundleLine}
        <PendingRegistrations gateId={post.gate.id} online={online} />
        <div class="gate-links">
          <button class="secondary" onClick={() => navigate('/gate/visitor')}>{t('gate.visitor.title')}</button>
          <button class="secondary" onClick={() => navigate('/gate/returnee')}>{t('gate.returnee.title')}</button>
        </div>
      </div>
    )
  }

  if (phase === 'done' && final?.reason === 'offline_number') return <ManualCheck onNext={reset} notLogged />
  if (phase === 'done' && final) {
    const ok = final.verdict === 'allow'
    return (
      <div class={`gate verdict-full ${ok ? 'allow' : 'deny'}`} data-testid="verdict-final" data-verdict={final.verdict} data-reason={final.reason ?? ''}>
        <p class="verdict-word">{ok ? t('gate.allow') : t('gate.deny')}</p>
        <p class="verdict-reason">{ok ? t('gate.logged.allow') : reasonText(final, temperature, threshold)}</p>
        <p class="verdict-address">
          {/* a fever's reason says the temperature already */}
          {temperature !== null && final.reason !== 'fever' && `${temperature.toFixed(1)} °C · `}
          {t(mask ? 'gate.mask.yes' : 'gate.mask.no')} · {t(`gate.direction.${direction}`)}
        </p>
        {final.fever && <p class="verdict-refer">{t('gate.refer')}</p>}
        {final.offline && <p class="verdict-note">{t('gate.loggedOffline')}</p>}
        <button class="next big" onClick={reset} data-testid="next">{t('gate.next')}</button>
      </div>
    )
  }

  if (!verdict) {
    return (
      <div class="gate verdict-full checking" data-testid="checking">
        <p class="verdict-word">{t('gate.checking')}</p>
        <Problem error={error} />
        <button class="next big" onClick={reset}>{t('gate.next')}</button>
      </div>
    )
  }

  if (verdict.reason === 'offline_number') return <ManualCheck onNext={reset} />

  const offlineNote = verdict.offline && !checking ? t('gate.checkedOffline') : ''
  if (verdict.verdict === 'deny') {
    return (
      <div class="gate verdict-full deny" data-testid="verdict" data-verdict="deny" data-reason={verdict.reason ?? ''}>
        <p class="verdict-word">{t('gate.deny')}</p>
        <p class="verdict-reason">{reasonText(verdict)}</p>
        {verdict.address && <p class="verdict-address">{verdict.address}</p>}
        <p class="verdict-note">{checking ? t('gate.checking') : offlineNote}</p>
        <button class="next big" onClick={reset} data-testid="next">{t('gate.next')}</button>
      </div>
    )
  }

  const red = fever || noMask
  return (
    <div class="gate gate-passage" data-testid="verdict" data-verdict={red ? 'deny' : 'allow'} data-reason={fever ? 'fever' : noMask ? 'no_mask' : ''}>
      <div class={`verdict-banner ${red ? 'deny' : 'allow'}`}>
        <p class="verdict-word">{red ? t('gate.deny') : t('gate.allow')}</p>
        <p class="verdict-reason">
          {fever
            ? t('gate.reason.fever_detail', { temperature: temperature!.toFixed(1), threshold: threshold.toFixed(1) })
            : noMask
              ? t('gate.reason.no_mask')
              : verdict.address ?? offlineNote}
        </p>
        {fever && <p class="verdict-refer">{t('gate.refer')}</p>}
      </div>
      <TemperaturePad digits={digits} onChange={setDigits} />
      {temperatureBad && <p class="problem" role="alert" data-testid="temperature-bad">{t('gate.temperature.bad')}</p>}
      {fever && online && verdict.passId && (
        <FeverMember passId={verdict.passId} gateId={post.gate.id} value={personId} onChange={setPersonId} />
      )}
      <div class="passage-toggles">
        <div class="segmented" role="group" aria-label={t('gate.mask')}>
          <button type="button" aria-pressed={mask} data-testid="mask-yes" onClick={() => setMask(true)}>{t('gate.mask.yes')}</button>
          <button type="button" aria-pressed={!mask} data-testid="mask-no" onClick={() => setMask(false)}>{t('gate.mask.no')}</button>
        </div>
        <DirectionToggle value={direction} onChange={setDirection} compact />
      </div>
      <Problem error={error} />
      <div class="passage-actions">
        <button class="secondary" onClick={reset}>{t('gate.cancel')}</button>
        <button
          class={`big ${red ? 'danger' : 'primary'}`}
          disabled={busy || temperature === null || temperatureBad}
          onClick={submit}
          data-testid="submit"
        >
          {fever ? t('gate.submit.fever') : t('gate.submit')}
        </button>
      </div>
    </div>
  )
}
