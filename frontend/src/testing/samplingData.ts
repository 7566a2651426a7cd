/** What the sampler's phone keeps for a round (IndexedDB `kv`): the sampling bundle with its
 * ETag, the tubes this phone opened and whom it registered, and the round it works on. */
import { NetworkDown } from '../api/problem'
import { type SamplingBundle, checkTube, samplingBundle } from '../api/sampling'
import { getRound } from '../api/testingRounds'
import { db } from '../offline/db'
import { type BundleIndex, indexBundle } from './scan'
import { type Tube, tubeFor } from './tubes'

export interface StoredBundle {
  round_id: string
  bundle: SamplingBundle
  etag: string | null
  fetched_at: number
}

const KEY_ROUND = 'sampling.round'
const bundleKey = (roundId: string) => `sampling.bundle.${roundId}`
const tubesKey = (roundId: string) => `sampling.tubes.${roundId}`
const sampledKey = (roundId: string) => `sampling.sampled.${roundId}`

async function kvGet<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('kv', key)) as T | undefined
}

async function kvPut(key: string, value: unknown): Promise<void> {
  await (await db()).put('kv', value, key)
}

export async function savedRoundId(): Promise<string | null> {
  return (await kvGet<string>(KEY_ROUND)) ?? null
}

export async function chooseRound(roundId: string): Promise<void> {
  await kvPut(KEY_ROUND, roundId)
}

export async function storedBundle(roundId: string): Promise<{ stored: StoredBundle; index: BundleIndex } | null> {
  const stored = await kvGet<StoredBundle>(bundleKey(roundId))
  return stored ? { stored, index: indexBundle(stored.bundle) } : null
}

/** Downloads the round's bundle (304: the stored one is current, its age renewed). */
export async function downloadBundle(roundId: string): Promise<{ stored: StoredBundle; index: BundleIndex }> {
  const held = await kvGet<StoredBundle>(bundleKey(roundId))
  const answer = await samplingBundle(roundId, held?.etag ?? undefined)
  const stored: StoredBundle = answer.notModified
    ? { ...held!, fetched_at: Date.now() }
    : { round_id: roundId, bundle: answer.body, etag: answer.etag, fetched_at: Date.now() }
  if (!stored.bundle.round.name) {
    // the bundle carries no name: the round's, for the sampler's header
    const round = await getRound(roundId).catch(() => null)
    if (round) stored.bundle.round = { ...stored.bundle.round, name: round.name, round_date: round.round_date }
  }
  await kvPut(bundleKey(roundId), stored)
  return { stored, index: indexBundle(stored.bundle) }
}

export async function knownTubes(roundId: string): Promise<Record<string, Tube>> {
  return (await kvGet<Record<string, Tube>>(tubesKey(roundId))) ?? {}
}

export async function rememberTube(roundId: string, tube: Tube): Promise<void> {
  await kvPut(tubesKey(roundId), { ...(await knownTubes(roundId)), [tube.barcode]: tube })
}

export type TubeOpen = { tube: Tube; refused: null } | { tube: null; refused: 'tube_other_round' | 'tube_full' }

/** The tube scanned: the server's word when it answers, else what this phone knows of it. */
export async function openTube(roundId: string, barcode: string, poolSize: number): Promise<TubeOpen> {
  const known = (await knownTubes(roundId))[barcode]
  try {
    const check = await checkTube(roundId, barcode)
    if (!check.usable && check.reason) return { tube: null, refused: check.reason }
    return { tube: tubeFor(barcode, poolSize, known, check), refused: null }
  } catch (error) {
    if (!(error instanceof NetworkDown)) throw error
  }
  const tube = tubeFor(barcode, poolSize, known)
  return tube.filled >= tube.capacity ? { tube: null, refused: 'tube_full' } : { tube, refused: null }
}

/** People this phone registered in the round (a second scan warns before sampling them again). */
export async function sampledHere(roundId: string): Promise<Set<string>> {
  return new Set((await kvGet<string[]>(sampledKey(roundId))) ?? [])
}

export async function markSampled(roundId: string, personIds: string[]): Promise<void> {
  const all = await sampledHere(roundId)
  personIds.forEach((id) => all.add(id))
  await kvPut(sampledKey(roundId), [...all])
}
