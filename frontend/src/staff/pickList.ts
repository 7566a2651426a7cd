/** The door-delivery pick list, narrowed to what is left to carry. */
import type { PickEntry, PickList } from '../api/doorDeliveries'

export const delivered = (entry: PickEntry) => entry.handed_over_at !== null || entry.status === 'delivered_door'

/** The same tree without delivered doors, and without branches left empty. */
export function openOnly(list: PickList): PickList['compounds'] {
  return list.compounds
    .map((c) => ({
      ...c,
      buildings: c.buildings
        .map((b) => {
          const units = b.units
            .map((u) => ({
              ...u,
              floors: u.floors
                .map((f) => ({ ...f, entries: f.entries.filter((e) => !delivered(e)) }))
                .filter((f) => f.entries.length > 0),
            }))
            .filter((u) => u.floors.length > 0)
          return { ...b, units, door_orders: countDoors(units) }
        })
        .filter((b) => b.units.length > 0),
    }))
    .filter((c) => c.buildings.length > 0)
}

function countDoors(units: PickList['compounds'][number]['buildings'][number]['units']): number {
  return units.reduce((n, u) => n + u.floors.reduce((m, f) => m + f.entries.length, 0), 0)
}

/** Marks one entry handed over in place of a fresh fetch (the API answered the order). */
export function markHandedOver(list: PickList, orderId: string, at: string): PickList {
  let changed = false
  const compounds = list.compounds.map((c) => ({
    ...c,
    buildings: c.buildings.map((b) => ({
      ...b,
      units: b.units.map((u) => ({
        ...u,
        floors: u.floors.map((f) => ({
          ...f,
          entries: f.entries.map((e) => {
            if (e.order_id !== orderId || delivered(e)) return e
            changed = true
            return { ...e, status: 'delivered_door' as const, handed_over_at: at }
          }),
        })),
      })),
    })),
  }))
  return changed ? { ...list, compounds, handed_over: list.handed_over + 1 } : list
}
