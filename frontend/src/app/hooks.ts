/** Shell-wide hooks any screen may use. */
import { useEffect, useState } from 'preact/hooks'
import { outbox } from '../gate/gateData'

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

