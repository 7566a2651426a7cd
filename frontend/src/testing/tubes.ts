/** The tube in the sampler's hand: how full it is, who is in it, whether the next person fits.
 * Pure; the screen keeps it and the phone remembers tubes it opened (samplingData.ts). */

export interface Tube {
  barcode: string
  capacity: number
  filled: number
}

export function remaining(tube: Tube): number {
  return Math.max(0, tube.capacity - tube.filled)
}

export function isFull(tube: Tube): boolean {
  return remaining(tube) === 0
}

/** The tube after `n` more people (never past its capacity). */
export function fill(tube: Tube, n: number): Tube {
  return { ...tube, filled: Math.min(tube.capacity, tube.filled + n) }
}

/** The people picked for the tube: kept in the order tapped, no one twice, at most what fits. */
export function togglePick(picked: readonly string[], personId: string, room: number): string[] {
  if (picked.includes(personId)) return picked.filter((id) => id !== personId)
  if (picked.length >= room) return [...picked]
  return [...picked, personId]
}

/** A tube as the phone knows it: what the server said (online), else what this phone put in it,
 * else a new tube of the round's pool size. */
export function tubeFor(barcode: string, poolSize: number, known: Tube | undefined, server?: { filled: number; capacity: number }): Tube {
  if (server) return { barcode, capacity: server.capacity, filled: Math.max(server.filled, known?.filled ?? 0) }
  if (known) return known
  return { barcode, capacity: poolSize, filled: 0 }
}
