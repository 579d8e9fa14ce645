/**
 * The production web server `npm start` runs: Next.js's request handler behind a Node HTTP server
 * that first applies the request policy (lib/launch/request-policy.ts): JSON 404 for unknown API
 * paths, JSON 405 with `Allow` for unsupported methods, including TRACE, which Next.js cannot
 * represent as a Request and would answer with a 500.
 */
import http from "node:http";
import next from "next";
import { readApiRoutes } from "@/lib/api/route-table";
import { CLIENT_ADDRESS_HEADER, clientAddress, signClientAddress } from "@/lib/auth/client-address";
import { readEnv } from "@/lib/env";
import { createRequestPolicy } from "@/lib/launch/request-policy";

const port = Number(process.env.PORT ?? 3000);
const policy = createRequestPolicy(readApiRoutes());
const app = next({ dev: false, dir: process.cwd(), port });

async function main() {
  await app.prepare();
  const handle = app.getRequestHandler();
  const { NEXTAUTH_SECRET: secret, TRUSTED_PROXY_HOPS: trustedHops } = readEnv();
  const server = http.createServer((request, response) => {
    // Who is asking, for the sign-in throttle; a value the client sent itself is dropped.
    delete request.headers[CLIENT_ADDRESS_HEADER];
    const client = clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustedHops);
    if (client && secret) request.headers[CLIENT_ADDRESS_HEADER] = signClientAddress(client, secret);
    const pathname = (request.url ?? "/").split("?")[0]!;
    const answer = policy(request.method ?? "GET", pathname);
    if (answer) {
      response.writeHead(answer.status, { ...answer.headers, "x-content-type-options": "nosniff" });
      response.end(request.method === "HEAD" ? undefined : answer.body);
      return;
    }
    void handle(request, response);
  });
  server.listen(port, () => console.log(`▲ Next.js ready on port ${port}`));
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
