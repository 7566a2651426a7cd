/** The decode seam: everything that turns camera pixels into a QR's text goes through here, so
 * the decoder (qr-scanner today: native BarcodeDetector when present, its worker otherwise) can be
 * swapped without touching the screens. qr-scanner is loaded on first use. */

export type DecodeSource = HTMLVideoElement | HTMLCanvasElement | HTMLImageElement | ImageBitmap

async function qrScanner() {
  return (await import('qr-scanner')).default
}

/** One frame → the QR's text, or null when none is found. */
export async function decodeFrame(source: DecodeSource): Promise<string | null> {
  const QrScanner = await qrScanner()
  try {
    const result = await QrScanner.scanImage(source, { returnDetailedScanResult: true })
    return result.data || null
  } catch {
    return null
  }
}

export interface CameraScan {
  stop(): void
}

/** `decodedAt`: performance.now() when the decoder answered (the verdict timer starts there). */
export type OnDecode = (text: string, decodedAt: number) => void

/** Stops every track `video` shows and detaches it: the camera (and its privacy light) goes off
 * at once, and the next start never shows the last picture of this one. */
export function releaseVideo(video: HTMLVideoElement): void {
  const stream = video.srcObject
  if (stream instanceof MediaStream) stream.getTracks().forEach((track) => track.stop())
  video.srcObject = null
}

/** Streams the rear camera into `video` and calls `onDecode` for every QR read. `cancelled()`
 * is asked after each wait: a screen left meanwhile gets no camera (the stream is stopped, and
 * the promise rejects with a `CameraCancelled`). A start that fails (no camera, or `play()`
 * interrupted by a quick navigation) stops whatever stream it had opened before it rejects:
 * qr-scanner leaves that stream running on the video otherwise. */
export async function startCamera(
  video: HTMLVideoElement,
  onDecode: OnDecode,
  cancelled: () => boolean = () => false,
  options: { barcodes?: boolean } = {},
): Promise<CameraScan> {
  const QrScanner = await qrScanner()
  if (cancelled()) throw new CameraCancelled()
  const scanner = new QrScanner(video, (result) => onDecode(result.data, performance.now()), {
    preferredCamera: 'environment',
    maxScansPerSecond: 10,
    returnDetailedScanResult: true,
    onDecodeError: () => undefined,
    // the largest centred square (the default's two thirds cut off a card held close)
    calculateScanRegion: (v) => {
      const side = Math.min(v.videoWidth, v.videoHeight)
      const scaled = Math.min(side, 480)
      return {
        x: Math.round((v.videoWidth - side) / 2),
        y: Math.round((v.videoHeight - side) / 2),
        width: side,
        height: side,
        downScaledWidth: scaled,
        downScaledHeight: scaled,
      }
    },
  })
  const barcodes = options.barcodes ? await barcodeLoop(video, onDecode) : null
  const stop = () => {
    barcodes?.stop()
    scanner.destroy()
    releaseVideo(video)
  }
  try {
    await scanner.start()
  } catch (error) {
    stop()
    throw error
  }
  if (cancelled()) {
    stop()
    throw new CameraCancelled()
  }
  return { stop }
}

const BARCODE_EVERY_MS = 250
const BARCODE_WIDTH = 640

/** Code 128 beside qr-scanner's QR loop (the sampler's tubes): a few frames a second, the
 * picture's middle band scaled to 640 px wide, through ZXing's reader (loaded here, on first use). */
async function barcodeLoop(video: HTMLVideoElement, onDecode: OnDecode): Promise<CameraScan> {
  const { decodeCode128 } = await import('./barcode')
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  const timer = setInterval(() => {
    const width = video.videoWidth
    const height = video.videoHeight
    if (!context || !width || !height || video.readyState < 2) return
    const scale = Math.min(1, BARCODE_WIDTH / width)
    canvas.width = Math.round(width * scale)
    canvas.height = Math.round(height * scale)
    context.drawImage(video, 0, 0, canvas.width, canvas.height)
    const frame = context.getImageData(0, 0, canvas.width, canvas.height)
    const text = decodeCode128(frame.data, frame.width, frame.height)
    if (text) onDecode(text, performance.now())
  }, BARCODE_EVERY_MS)
  return { stop: () => clearInterval(timer) }
}

/** The screen was left before the camera started (not a failure to show). */
export class CameraCancelled extends Error {}
