/** The dashboard's hourly bars as plain numbers, drawn by an inline SVG (no chart library). */

export interface HourBars {
  x: number
  width: number
  out: { y: number; height: number }
  in: { y: number; height: number }
  followUps: number // y of the follow-up dot
}

export interface Chart {
  bars: HourBars[]
  max: number
}

/** Stacked out/in passages per hour over `height`, scaled to the busiest hour (at least 1). */
export function hourBars(
  hours: { gate_passages_out: number; gate_passages_in: number; follow_ups_done: number }[],
  width: number,
  height: number,
): Chart {
  const max = Math.max(1, ...hours.map((h) => Math.max(h.gate_passages_out + h.gate_passages_in, h.follow_ups_done)))
  const step = width / Math.max(1, hours.length)
  const scale = (n: number) => (n / max) * height
  const bars = hours.map((h, i) => {
    const outH = scale(h.gate_passages_out)
    const inH = scale(h.gate_passages_in)
    return {
      x: i * step + step * 0.15,
      width: step * 0.7,
      out: { y: height - outH, height: outH },
      in: { y: height - outH - inH, height: inH },
      followUps: height - scale(h.follow_ups_done),
    }
  })
  return { bars, max }
}
