/** Shows an error as the API's problem title (in the UI language), never a status code; and,
 * beside a form field, the field error a validation problem names for it. */
import { fieldErrors, problemText } from '../api/problem'
import { lang, t } from '../i18n'

export function Problem({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <p class="problem" role="alert" data-testid="problem">
      {problemText(error)}
    </p>
  )
}

/** The API's message for `field` (its path without `body.`), if the error names that field.
 * The API writes field messages in English (pydantic's), so Chinese shows a plain marker. */
export function FieldProblem({ error, field }: { error: unknown; field: string }) {
  const message = fieldErrors(error)[field]
  if (message === undefined) return null
  return (
    <span class="field-problem" data-testid={`field-problem-${field}`}>
      {lang() === 'en' && message ? message : t('shell.problem.field')}
    </span>
  )
}
