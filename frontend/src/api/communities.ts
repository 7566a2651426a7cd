/** Communities and their buildings (services/registry/registry/residents/communities/router.py). */
import { request } from './client'

export interface BuildingRead {
  id: string
  compound_id: string
  compound_name: string
  name: string
  floors: number
  units: number
}

export const listBuildings = (communityId: string) =>
  request<BuildingRead[]>(`/communities/${communityId}/buildings`)
