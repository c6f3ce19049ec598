/** A JSON object as the facade, the BC API and the Graph emulator answer it. */
export type Json = Record<string, unknown>;

/**
 * `init` sent to `url` with a bearer `token` and a JSON content type; the answer's JSON (`{}` for
 * 204). Throws an Error naming the method, `label` (the path), the status and the body on a 4xx/5xx:
 * for tests whose own requests must succeed.
 */
export async function bearerJson(
  url: string,
  token: string,
  init: RequestInit = {},
  label = url,
): Promise<Json> {
  const res = await fetch(url, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const body = res.status === 204 ? {} : ((await res.json()) as Json);
  if (res.status >= 400)
    throw new Error(`${init.method ?? 'GET'} ${label}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
