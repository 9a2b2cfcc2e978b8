/** A spy transport for unit tests: records every request exactly as it would go on the wire. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface CannedResponse {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

export function spyFetch(respond: (req: RecordedRequest, index: number) => CannedResponse | Promise<CannedResponse>) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? new Request(input, init) : new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers,
      body: request.body ? await request.text() : "",
    };
    requests.push(recorded);
    const canned = await respond(recorded, requests.length - 1);
    return new Response(canned.body ?? "", {
      status: canned.status ?? 200,
      headers: { "content-type": "application/json", ...canned.headers },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}
