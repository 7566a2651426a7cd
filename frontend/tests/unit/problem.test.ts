import { describe, expect, it } from 'vitest'
import { ApiProblem, NetworkDown, fieldErrors, problemFrom, problemOf } from '../../src/api/problem'
import { t } from '../../src/i18n'

describe('problems', () => {
  it('keep the whole body: extension members and field errors', async () => {
    const body = {
      type: '/problems/delivery-round-full',
      title: '该配送批次已满',
      status: 409,
      detail: 'full',
      next_round: { id: 'r2', local_time: '10:00' },
    }
    const response = new Response(JSON.stringify(body), { status: 409, headers: { 'content-type': 'application/problem+json' } })
    const problem = await problemFrom(response)
    expect(problem).toBeInstanceOf(ApiProblem)
    expect([problem.status, problem.title, problem.type, problem.detail]).toEqual([409, '该配送批次已满', body.type, 'full'])
    expect(problem.extension('next_round')).toEqual({ id: 'r2', local_time: '10:00' })
    expect(problem.extension('absent')).toBeUndefined()
    expect(problem.body).toEqual(body)
  })

  it('map field errors to the field names of the form', () => {
    const problem = problemOf(422, {
      type: '/problems/validation-error',
      title: '提交的数据有误',
      status: 422,
      errors: [
        { field: 'body.phone', message: "String should match pattern '^1\\d{10}$'" },
        { field: 'body.phone', message: 'second message' },
        { field: 'query.limit', message: 'too big' },
        { field: 'body', message: 'a returnee needs from_city' },
        { nonsense: true },
      ],
    })!
    expect(problem.errors).toHaveLength(4)
    expect(fieldErrors(problem)).toEqual({ phone: "String should match pattern '^1\\d{10}$'", limit: 'too big' })
    expect(fieldErrors(new NetworkDown())).toEqual({})
    expect(fieldErrors(null)).toEqual({})
  })

  it('are not made of bodies that are not problems', async () => {
    expect(problemOf(500, 'text')).toBeNull()
    expect(problemOf(500, [1])).toBeNull()
    expect(problemOf(500, { detail: 'no title' })).toBeNull()
    const page = await problemFrom(new Response('<html>bad gateway</html>', { status: 502 }))
    expect(page.status).toBe(502)
    expect(page.title).toBe(t('shell.problem.unknown'))
  })
})
