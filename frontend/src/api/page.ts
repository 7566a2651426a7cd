/** The page every list route of the API returns (shouhu_common.pagination.Page). */
export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}
