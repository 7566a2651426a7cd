/** Shell-wide hooks any screen may use. */
import { useEffect, useState } from 'preact/hooks'
import { outbox } from '../offline/sync'

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine)
  useEffect(() => {
    const on = () => setOnline(true)
    const off = () => setOnline(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    return () => {
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    }
  }, [])
  return online
}

export function usePending(): number {
  const [pending, setPending] = useState(0)
  useEffect(() => {
    void outbox.count().then(setPending)
    return outbox.subscribe(setPending)
  }, [])
  return pending
}


export interface Synced {
  passages: number
  others: number
}

const SYNCED_SHOWN_MS = 10_000

/** What the last upload delivered (passages and other records), for a few seconds after it. */
export function useSynced(): [Synced | null, () => void] {
  const [synced, setSynced] = useState<Synced | null>(null)
  useEffect(
    () =>
      outbox.onSent((sent) => {
        const passages = sent.filter((item) => item.kind === 'passage').length
        setSynced({ passages, others: sent.length - passages })
      }),
    [],
  )
  useEffect(() => {
    if (!synced) return
    const timer = setTimeout(() => setSynced(null), SYNCED_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [synced])
  return [synced, () => setSynced(null)]
}
