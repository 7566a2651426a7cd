/** The household search form → the people query the API takes. */
import type { PeopleQuery } from '../api/people'

export interface SearchForm {
  q: string
  buildingId: string
  unit: string
  room: string
}


/** Spaces go (a pasted "zhang san" or "138 0013 8000" still matches); letters go lower-case. */
export function cleanQuery(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase()
}

/** The query, or null when nothing was asked (no word and no place). */
export function peopleQuery(form: SearchForm): PeopleQuery | null {
  const q = cleanQuery(form.q)
  const unit = Number.parseInt(form.unit, 10)
  const room = form.room.trim()
  const query: PeopleQuery = {
    q: q ? (/^\d{17}[\dx]$/.test(q) ? q.toUpperCase() : q) : undefined,
    building_id: form.buildingId || undefined,
    unit: form.buildingId && unit >= 1 && unit <= 50 ? unit : undefined,
    room: form.buildingId && room ? room : undefined,
  }
  return query.q || query.building_id ? query : null
}
