/** API problems (RFC 9457): the UI shows `title`, which the API wrote in the UI's language. The
 * whole body is kept, so a screen can read an extension member (`next_round` of a full delivery
 * round) and the field errors of a validation problem (`errors`, shouhu_common/problems.py). */
import { t } from '../i18n'

export interface FieldError {
  /** Dotted path as the API names it: `body.phone`, `query.limit`, `body.lines.0.quantity`. */
  field: string
  message: string
}

export type ProblemBody = Record<string, unknown>

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly type: string = 'about:blank',
    readonly detail?: string,
    readonly errors: FieldError[] = [],
    /** The problem as the API sent it, extension members included. */
    readonly body: ProblemBody = {},
  ) {
    super(title)
  }

  /** An extension member of the problem (e.g. `next_round`), or undefined. */
  extension<T>(name: string): T | undefined {
    return this.body[name] as T | undefined
  }
}

/** The network is unreachable (offline, DNS, timeout): callers fall back to offline work. */
export class NetworkDown extends Error {
  constructor() {
    super('network down')
  }
}

function fieldErrorsOf(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return []
  return raw
    .filter((e): e is { field: unknown; message: unknown } => typeof e === 'object' && e !== null)
    .filter((e) => typeof e.field === 'string')
    .map((e) => ({ field: e.field as string, message: typeof e.message === 'string' ? e.message : '' }))
}

/** A problem from a parsed JSON body, or null when the body is not one. */
export function problemOf(status: number, body: unknown): ApiProblem | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null
  const b = body as ProblemBody
  if (typeof b.title !== 'string') return null
  return new ApiProblem(
    status,
    b.title,
    typeof b.type === 'string' ? b.type : 'about:blank',
    typeof b.detail === 'string' ? b.detail : undefined,
    fieldErrorsOf(b.errors),
    b,
  )
}

export async function problemFrom(response: Response): Promise<ApiProblem> {
  try {
    const problem = problemOf(response.status, await response.json())
    if (problem) return problem
  } catch {
    /* not JSON: a proxy's page */
  }
  return new ApiProblem(response.status, t('shell.problem.unknown'))
}

const LOCATIONS = new Set(['body', 'query', 'path', 'header', 'cookie'])

/** The field errors of an error, keyed by the field's path without its location
 * (`body.phone` → `phone`); the first message of a field wins. Empty for anything else. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {}
  const out: Record<string, string> = {}
  for (const e of error.errors) {
    const parts = e.field.split('.')
    const name = (LOCATIONS.has(parts[0]) ? parts.slice(1) : parts).join('.')
    if (name && !(name in out)) out[name] = e.message
  }
  return out
}

/** What to show a person for any error thrown by the API client. */
export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) return error.title
  if (error instanceof NetworkDown) return t('shell.problem.offline')
  return t('shell.problem.unknown')
}
