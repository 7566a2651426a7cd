/** Code 128 (the tube labels of a testing round) from one frame's pixels, with ZXing's 1D reader
 * (qr-scanner reads QR codes only). Loaded with the sampler screen, never in the first load. */
import BinaryBitmap from '@zxing/library/esm/core/BinaryBitmap'
import HybridBinarizer from '@zxing/library/esm/core/common/HybridBinarizer'
import DecodeHintType from '@zxing/library/esm/core/DecodeHintType'
import Code128Reader from '@zxing/library/esm/core/oned/Code128Reader'
import RGBLuminanceSource from '@zxing/library/esm/core/RGBLuminanceSource'

/** Luma of RGBA pixels (green-favouring, as ZXing's own). */
export function luminance(rgba: Uint8ClampedArray, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height)
  for (let i = 0, p = 0; i < out.length; i++, p += 4) out[i] = (rgba[p] + 2 * rgba[p + 1] + rgba[p + 2]) >> 2
  return out
}

const reader = new Code128Reader()
const hints = new Map([[DecodeHintType.TRY_HARDER, true]])

/** The Code 128 text in this picture, or null. */
export function decodeCode128(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  try {
    const source = new RGBLuminanceSource(luminance(rgba, width, height), width, height)
    return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText() || null
  } catch {
    return null // NotFound, checksum, format: nothing readable in this frame
  }
}
