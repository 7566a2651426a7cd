/** The rear camera reading QR codes and Code 128 tube labels while it is on screen and the page
 * visible (the gate's Camera, with barcodes). */
import { useEffect, useRef, useState } from 'preact/hooks'
import { CameraCancelled, type CameraScan, releaseVideo, startCamera } from '../../gate/scanner'
import { t } from '../../i18n'

export function ScanCamera({ onDecode }: { onDecode(text: string): void }) {
  const video = useRef<HTMLVideoElement>(null)
  const [failed, setFailed] = useState(false)
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden')
  const handler = useRef(onDecode)
  handler.current = onDecode
  useEffect(() => {
    const onVisibility = () => setVisible(document.visibilityState !== 'hidden')
    document.addEventListener('visibilitychange', onVisibility)
    return () => document.removeEventListener('visibilitychange', onVisibility)
  }, [])
  useEffect(() => {
    if (!visible) return
    const element = video.current!
    let scan: CameraScan | null = null
    let stopped = false
    setFailed(false)
    startCamera(element, (text) => handler.current(text), () => stopped, { barcodes: true })
      .then((s) => (scan = s))
      .catch((error) => !stopped && !(error instanceof CameraCancelled) && setFailed(true))
    return () => {
      stopped = true
      scan?.stop()
      releaseVideo(element)
    }
  }, [visible])
  return (
    <div class="camera sampler-camera">
      <video ref={video} muted playsInline data-testid="camera" />
      <div class="camera-frame" aria-hidden="true" />
      {failed && <p class="camera-failed">{t('gate.camera.failed')}</p>}
    </div>
  )
}
