/**
 * The scan browser's only way out: a forward proxy in the worker process that applies the scan
 * network policy to every connection the browser opens. Request interception (applyNetworkPolicy)
 * sees a page's requests but not the hops of a redirect, which Chromium follows by itself: an
 * image, a frame or the page itself could redirect to a refused address and the browser would
 * fetch it. Through the proxy every hop is a new proxied request, checked before it is made, and
 * the connection goes to the address that was checked (no second DNS answer in between).
 *
 * http:// requests arrive as absolute-URL requests and are forwarded; https:// and wss:// arrive
 * as CONNECT tunnels (the check sees host and port; TLS stays end to end); ws:// as upgrades.
 * A refused plain-http request is answered 403 with REFUSED_HEADER; a refused tunnel fails
 * (Chromium: ERR_TUNNEL_CONNECTION_FAILED). Either way `onBlocked` hears of it.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { resolveTarget, type NetworkPolicy } from "@/lib/network/policy";

export const REFUSED_HEADER = "x-clearsight-refused";

export type EgressProxy = { server: string; close(): Promise<void> };

type OnBlocked = (url: string, reason: string) => void;

// Hop-by-hop headers a proxy must not forward.
const HOP_HEADERS = new Set(["proxy-connection", "proxy-authorization", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"]);

function forwardHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_HEADERS.has(name)));
}

export async function startEgressProxy(policy: NetworkPolicy, onBlocked?: OnBlocked): Promise<EgressProxy> {
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = request.url ?? "";
      const target = await resolveTarget(policy, url);
      if ("reason" in target) {
        onBlocked?.(url, target.reason);
        response.writeHead(403, { "content-type": "text/plain; charset=utf-8", [REFUSED_HEADER]: "1" });
        return response.end(`Refused by the scan network policy: ${target.reason}`);
      }
      if (!("address" in target)) {
        response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
        return response.end("The host name could not be resolved.");
      }
      const parsed = new URL(url);
      const upstream = http.request({
        host: target.address,
        port: target.port,
        method: request.method,
        path: `${parsed.pathname}${parsed.search}`,
        headers: { ...forwardHeaders(request.headers), host: parsed.host },
        setHost: false,
      });
      upstream.on("response", (answer) => {
        response.writeHead(answer.statusCode ?? 502, forwardHeaders(answer.headers));
        answer.pipe(response);
      });
      upstream.on("error", () => response.destroy());
      request.pipe(upstream);
    })().catch(() => response.destroy());
  });

  /**
   * A raw tunnel for CONNECT and WebSocket upgrades: the target checked (403 when the policy
   * refuses it, 502 when it does not resolve), then connected at the checked address; `greet`
   * writes what opens the tunnel before the bytes flow both ways.
   */
  const tunnel = (client: Duplex, head: Buffer, checkedUrl: string, reportedUrl: string, greet: (upstream: net.Socket) => void) => {
    track(client);
    client.on("error", () => client.destroy());
    void (async () => {
      const target = await resolveTarget(policy, checkedUrl);
      if ("reason" in target) {
        onBlocked?.(reportedUrl, target.reason);
        return client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      }
      if (!("address" in target)) return client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
      const upstream = net.connect(target.port, target.address, () => {
        greet(upstream);
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      track(upstream);
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
    })().catch(() => client.destroy());
  };

  server.on("connect", (request: http.IncomingMessage, client: Duplex, head: Buffer) => {
    const authority = request.url ?? "";
    const port = Number(authority.slice(authority.lastIndexOf(":") + 1));
    // The scheme only picks the default port; CONNECT always names one.
    const url = `${port === 80 ? "http" : "https"}://${authority}/`;
    tunnel(client, head, url, url, () => client.write("HTTP/1.1 200 Connection Established\r\n\r\n"));
  });

  server.on("upgrade", (request: http.IncomingMessage, client: Duplex, head: Buffer) => {
    const url = request.url ?? "";
    const parsed = URL.parse(url);
    if (!parsed) return void client.destroy();
    tunnel(client, head, url.replace(/^http/, "ws"), url, (upstream) => {
      const lines = [`${request.method} ${parsed.pathname}${parsed.search} HTTP/1.1`];
      for (let index = 0; index < request.rawHeaders.length; index += 2) {
        const name = request.rawHeaders[index]!;
        if (name.toLowerCase() !== "proxy-connection" && name.toLowerCase() !== "proxy-authorization") lines.push(`${name}: ${request.rawHeaders[index + 1]}`);
      }
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    });
  });

  server.on("connection", track);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // A worker exits when its work is done; the proxy does not keep it alive.
  server.unref();
  return {
    server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const proxies = new WeakMap<NetworkPolicy, Promise<EgressProxy>>();

/** One proxy per policy per process, started on first use. */
export function egressProxyFor(policy: NetworkPolicy, onBlocked?: OnBlocked): Promise<EgressProxy> {
  let proxy = proxies.get(policy);
  if (!proxy) {
    proxy = startEgressProxy(policy, onBlocked);
    proxies.set(policy, proxy);
  }
  return proxy;
}
