/** The rear camera reading codes while it is on screen and the page is visible: every way out
 * (unmount on a verdict or a navigation, the page hidden, a start that failed or came too late)
 * stops its stream, so the privacy light goes off and the next scan starts from a fresh picture.
 * The gate reads QR codes; the sampler also reads Code 128 tube labels (`barcodes`). */
import { useEffect, useRef, useState } from 'preact/hooks'
import { CameraCancelled, type CameraScan, releaseVideo, startCamera } from '../gate/scanner'
import { t } from '../i18n'

export function Camera({ onDecode, barcodes = false, className = '' }: {
  onDecode(text: string, at: number): void
  barcodes?: boolean
  className?: string
}) {
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
    startCamera(element, (text, at) => handler.current(text, at), () => stopped, { barcodes })
      .then((s) => (scan = s))
      .catch((error) => !stopped && !(error instanceof CameraCancelled) && setFailed(true))
    return () => {
      stopped = true
      scan?.stop()
      releaseVideo(element)
    }
  }, [visible, barcodes])
  return (
    <div class={`camera ${className}`.trim()}>
      <video ref={video} muted playsInline data-testid="camera" />
      <div class="camera-frame" aria-hidden="true" />
      {failed && <p class="camera-failed">{t('gate.camera.failed')}</p>}
    </div>
  )
}
