/**
 * Calls an App Router route handler in-process, inside the same request scope Next.js gives it,
 * so next-auth's getServerSession (cookies, headers) works and anonymous calls get a real 401.
 * Every JSON body is kept in `responseLog`, so a suite can assert a secret never left the server,
 * and every response is checked against the OpenAPI document (status and body schema).
 * Import this module before any route module (see next-runtime.ts).
 */
import "./next-runtime";
import { NextRequest } from "next/server";
import type { RouteHandler } from "@/lib/api/route";
import { checkResponseAgainstDocument } from "@/tests/support/openapi-check";

process.env.NEXTAUTH_URL ??= "http://localhost:3000";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

type StoreModule = { run: <T>(store: unknown, callback: () => T) => T };
let storesPromise:
  | Promise<{ work: StoreModule; workUnit: StoreModule; createRequestStore: (...args: unknown[]) => unknown }>
  | undefined;

// Internal modules of Next.js: the same ones its route module uses to create a request scope.
function loadStores() {
  storesPromise ??= (async () => {
    const work = (await import("next/dist/server/app-render/work-async-storage.external.js")) as unknown as {
      workAsyncStorage: StoreModule;
    };
    const workUnit = (await import("next/dist/server/app-render/work-unit-async-storage.external.js")) as unknown as {
      workUnitAsyncStorage: StoreModule;
    };
    const requestStore = (await import("next/dist/server/async-storage/request-store.js")) as unknown as {
      createRequestStoreForAPI: (...args: unknown[]) => unknown;
    };
    return { work: work.workAsyncStorage, workUnit: workUnit.workUnitAsyncStorage, createRequestStore: requestStore.createRequestStoreForAPI };
  })();
  return storesPromise;
}

export const responseLog: string[] = [];

// Response bodies are checked with expect(); typing each endpoint's body again would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type JsonBody = any;

export type RouteResult<T = JsonBody> = { status: number; body: T; text: string; headers: Headers };

export async function callRoute<T = JsonBody>(
  handler: Handler,
  options: { method?: string; path: string; params?: Record<string, string | string[]>; body?: unknown; rawBody?: string; headers?: Record<string, string> },
): Promise<RouteResult<T>> {
  const url = new URL(options.path, "http://localhost:3000");
  const request = new NextRequest(url, {
    method: options.method ?? "GET",
    headers: { ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const stores = await loadStores();
  const workStore = { route: url.pathname, page: url.pathname, forceStatic: false, dynamicShouldError: false, isStaticGeneration: false };
  const requestStore = stores.createRequestStore(request, request.nextUrl, undefined, undefined, undefined);
  const response = await stores.work.run(workStore, () =>
    stores.workUnit.run(requestStore, () => handler(request, { params: Promise.resolve(options.params ?? {}) })),
  );
  const text = await response.text();
  responseLog.push(text);
  const operation = (handler as Partial<RouteHandler>).operation;
  if (operation) checkResponseAgainstDocument(operation, response.status, response.headers.get("content-type"), text);
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, text, headers: response.headers };
}
