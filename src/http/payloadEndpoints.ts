/**
 * What the newsroom's own Payload endpoints share: refusals as JSON with a sentence (and the
 * field it concerns), and a JSON object body read once, a malformed one refused with a 400.
 */
import { addDataAndFileToRequest, type PayloadRequest } from 'payload'

export type FieldRefusal = { readonly path?: string; readonly label?: string; readonly message: string }

export const problem = (status: number, message: string, field?: string, errors?: ReadonlyArray<FieldRefusal>) =>
  Response.json({ errors: [{ message, ...(field ? { field } : {}), ...(errors?.length ? { data: { errors } } : {}) }] }, { status, headers: { 'Cache-Control': 'no-store' } })

export async function jsonBody(req: PayloadRequest): Promise<Record<string, unknown> | Response> {
  try {
    await addDataAndFileToRequest(req)
  } catch {
    return problem(400, 'The request body is not valid JSON.')
  }
  const data = req.data
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : problem(400, 'Send a JSON object.')
}
