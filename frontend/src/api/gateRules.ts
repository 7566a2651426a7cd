/** A community's gate rule (services/registry/registry/access/gate_rules/router.py): the fever
 * threshold the follow-up screen warns at before the API confirms. */
import { request } from './client'

export interface GateRuleRead {
  community_id: string
  fever_threshold: number
}

export const gateRule = (communityId: string) => request<GateRuleRead>(`/gate-rules/${communityId}`)
