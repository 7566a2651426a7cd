/** Moving a building, or floors of it, from one grid worker to another as ONE plan change (the
 * API refuses a step that leaves floors with nobody or with two workers). */
import type { GridArea, WorkerAreas, WorkerLoad } from '../api/grid'

export interface Area {
  building_id: string
  floor_from: number | null // both null: the whole building
  floor_to: number | null
}

/** What to move: a worker's area, optionally only floors `from`–`to` of it. */
export interface Move {
  area: Area
  floors?: { from: number; to: number }
}

const whole = (a: Area) => a.floor_from === null || a.floor_to === null

export function toAreas(load: WorkerLoad | undefined): Area[] {
  return (load?.areas ?? []).map((a: GridArea) => ({ building_id: a.building_id, floor_from: a.floor_from, floor_to: a.floor_to }))
}

export function toRequest(subject: string, areas: Area[]): WorkerAreas {
  return {
    subject,
    building_ids: areas.filter(whole).map((a) => a.building_id),
    floors: areas
      .filter((a) => !whole(a))
      .map((a) => ({ building_id: a.building_id, floor_from: a.floor_from!, floor_to: a.floor_to! })),
  }
}

function span(a: Area, height: number): [number, number] {
  return whole(a) ? [1, height] : [a.floor_from!, a.floor_to!]
}

function range(building: string, from: number, to: number, height: number): Area {
  return from <= 1 && to >= height
    ? { building_id: building, floor_from: null, floor_to: null }
    : { building_id: building, floor_from: from, floor_to: to }
}

/** The moved part: the whole area, or the floors asked for (clipped to the area). */
export function movedPart(move: Move, height: number): Area {
  const [lo, hi] = span(move.area, height)
  if (!move.floors) return move.area
  return range(move.area.building_id, Math.max(lo, move.floors.from), Math.min(hi, move.floors.to), height)
}

/** `from`'s areas without the moved part: what is left of the area stays (one range below and
 * one above when the middle moves; the API refuses two ranges of a building and says so). */
export function without(areas: Area[], move: Move, height: number): Area[] {
  const part = movedPart(move, height)
  const [lo, hi] = span(move.area, height)
  const [plo, phi] = span(part, height)
  const rest: Area[] = []
  if (plo > lo) rest.push({ building_id: part.building_id, floor_from: lo, floor_to: plo - 1 })
  if (phi < hi) rest.push({ building_id: part.building_id, floor_from: phi + 1, floor_to: hi })
  const same = (a: Area) => a.building_id === move.area.building_id && a.floor_from === move.area.floor_from && a.floor_to === move.area.floor_to
  return [...areas.filter((a) => !same(a)), ...rest]
}

/** `to`'s areas with the part added, joined with a touching range of the same building. */
export function withPart(areas: Area[], part: Area, height: number): Area[] {
  const [plo, phi] = span(part, height)
  const touching = areas.find((a) => {
    if (a.building_id !== part.building_id) return false
    const [lo, hi] = span(a, height)
    return lo <= phi + 1 && plo <= hi + 1
  })
  if (!touching) return [...areas, part]
  const [lo, hi] = span(touching, height)
  const joined = range(part.building_id, Math.min(lo, plo), Math.max(hi, phi), height)
  return [...areas.filter((a) => a !== touching), joined]
}

/** The plan for one step: the giver's and the taker's new sets (`to` null: nobody takes it, which
 * the API refuses as a gap, so the office sees why). */
export function movePlan(
  loads: WorkerLoad[],
  from: string | null,
  to: string | null,
  move: Move,
  height: number,
): WorkerAreas[] {
  const areasOf = (subject: string) => toAreas(loads.find((l) => l.subject === subject))
  const plan: WorkerAreas[] = []
  if (from) plan.push(toRequest(from, without(areasOf(from), move, height)))
  if (to) plan.push(toRequest(to, withPart(areasOf(to), movedPart(move, height), height)))
  return plan
}

/** `东苑 2栋` or `东苑 4栋 1–3层`. */
export function areaLabel(name: string, a: { floor_from: number | null; floor_to: number | null }, floorsWord: (from: number, to: number) => string): string {
  return a.floor_from === null || a.floor_to === null ? name : `${name} ${floorsWord(a.floor_from, a.floor_to)}`
}
