/** A failed call to the facade: HTTP status (0: no response), code, message and field details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per field: target (`folderName`, `filter.city`…), an English line, the problem as data. */
    readonly details: readonly {
      readonly target: string;
      readonly message: string;
      readonly reason?: { readonly kind?: string };
    }[] = [],
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

/**
 * A facade request that got no answer (fetch threw, or the answer's stream broke off: the server
 * stopped, the network is down) as an ApiError of status 0, whatever the browser's words were.
 */
export function noAnswer(e: unknown): ApiError {
  return new ApiError(0, 'NetworkError', e instanceof Error ? e.message : String(e));
}

export type JsonFetch = <T>(method: string, url: string, body?: unknown) => Promise<T>;

/**
 * fetch with a bearer token and JSON both ways; any failure of the request is an `ApiError`. A
 * failed sign-in keeps its own error (SignInError): it is not the server failing to answer.
 */
export function jsonFetch(getToken: () => Promise<string>, fetchFn: typeof fetch = fetch): JsonFetch {
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const token = await getToken();
    let res: Response;
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      res = await fetchFn(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw noAnswer(e);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string; details?: [] } } | null)?.error;
      throw new ApiError(
        res.status,
        err?.code ?? `Http${res.status}`,
        err?.message ?? (text || res.statusText),
        err?.details ?? [],
        json,
      );
    }
    return json as T;
  };
}
