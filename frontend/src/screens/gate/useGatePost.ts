/** The gate this phone works at and its offline bundle, refreshed while online. */
import { useEffect, useState } from 'preact/hooks'
import { useOnline } from '../../app/hooks'
import { listGates } from '../../api/gate'
import { NetworkDown } from '../../api/problem'
import type { BundleIndex } from '../../gate/bundle'
import { type GatePost, chooseGate, loadBundle, refreshBundle, savedGate } from '../../gate/gateData'

const REFRESH_MS = 5 * 60_000

export interface GatePostState {
  gate: GatePost | null
  choices: GatePost[] // more than one gate posted to: the volunteer picks
  bundle: BundleIndex | null
  loading: boolean
  error: unknown
  choose(gate: GatePost): void
}

export function useGatePost(): GatePostState {
  const online = useOnline()
  const [gate, setGate] = useState<GatePost | null>(null)
  const [choices, setChoices] = useState<GatePost[]>([])
  const [bundle, setBundle] = useState<BundleIndex | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    let cancelled = false
    void (async () => {
      const saved = await savedGate()
      const stored = await loadBundle()
      if (cancelled) return
      setGate(saved)
      setBundle(stored)
      try {
        const gates = await listGates()
        if (cancelled) return
        const still = saved && gates.find((g) => g.id === saved.id)
        if (still) {
          await chooseGate(still)
          setGate(still)
        } else if (gates.length === 1) {
          await chooseGate(gates[0])
          setGate(gates[0])
        } else {
          setGate(null)
          setChoices(gates)
        }
      } catch (e) {
        if (!(e instanceof NetworkDown)) setError(e)
      } finally {
        if (!cancelled) setLoading(false)
      }
    })()
    return () => void (cancelled = true)
  }, [])

  useEffect(() => {
    if (!gate || !online) return
    let cancelled = false
    const refresh = () =>
      refreshBundle(gate.community_id)
        .then((b) => !cancelled && setBundle(b))
        .catch((e) => !cancelled && !(e instanceof NetworkDown) && setError(e))
    void refresh()
    const timer = setInterval(refresh, REFRESH_MS)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [gate?.id, online])

  return {
    gate,
    choices,
    bundle,
    loading,
    error,
    choose(next) {
      void chooseGate(next).then(() => {
        setGate(next)
        setChoices([])
      })
    },
  }
}
