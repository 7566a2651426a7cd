/** The pass QR as the API gives it: SVG markup with a viewBox and no fixed size (segno's
 * `omitsize`), so it scales to any size on screen and stays sharp. */

/** An `<img>` source for the markup: an image cannot run script, whatever the markup holds. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}
