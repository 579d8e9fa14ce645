/**
 * A site behind every kind of sign-in the scanner supports, on 127.0.0.1 at a random port, with
 * an identity provider on a second port (another origin) for a two-step SSO-like flow that asks
 * for a TOTP code. Each area has a public page and signed-in pages whose accessibility problems
 * only the signed-in visitor sees; signed-out visitors get the login page or a 401 instead.
 *
 * Areas (all credentials are the constants below):
 *   /basic/*   HTTP basic authentication
 *   /form/*    a login form with a CSRF token and a session cookie (sessions can be expired)
 *   /key/*     an API key in the X-API-Key header or the api_key query parameter
 *   /cookie/*  a fixed session cookie
 *   /sso/*     redirects to the identity provider, which asks for the password, then a TOTP code
 *   /gen/<n> and /form/gen/<n>: the same generated page (see fixture-site.ts), public and behind
 *              the login form, when started with generatedPages (the signed-in benchmark)
 * Every request's headers are kept, so tests can prove what was (not) sent where.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Secret, TOTP } from "otpauth";
import { generatedPage } from "./fixture-site";

export const AUTH_FIXTURE = {
  username: "ada@example.test",
  password: "correct-horse-battery-staple-42",
  apiKey: "key-7f3a9c1e55d04b2f",
  cookieValue: "cookie-session-9b8e7d6c5a4f",
  totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
} as const;

export type AuthFixtureSite = {
  origin: string;
  idpOrigin: string;
  /** A third-party origin pages load an image from (credentials must never reach it). */
  thirdPartyOrigin: string;
  url(pathname: string): string;
  /** Successful sign-ins per area ("form", "sso"). */
  signIns: Map<string, number>;
  /** Headers of every request, in order, per server. */
  requests: Array<{ server: "site" | "idp" | "third-party"; path: string; headers: http.IncomingHttpHeaders }>;
  /** Form sessions end after this many signed-in page views (0: never). */
  setFormSessionViews(views: number): void;
  close(): Promise<void>;
};

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

function cookiesOf(request: http.IncomingMessage): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) jar.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return jar;
}

async function readForm(request: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

type Served = { server: http.Server; sockets: Set<Socket>; origin: string };

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => unknown;

async function serve(handler: Handler): Promise<Served> {
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  server.keepAliveTimeout = 1_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, sockets, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = ({ server, sockets }: Served) =>
  new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });

/** The protected pages of an area: what only a signed-in visitor sees. */
function areaPage(area: string, name: string, thirdPartyOrigin: string): string | undefined {
  if (name === "private") {
    return page(
      `${area} private`,
      `<p>Signed in.</p><img id="${area}-secret-chart" src="/pixel.png"><img alt="Partner logo" src="${thirdPartyOrigin.replace("127.0.0.1", "localhost")}/logo.png">` +
        `<p><a href="/${area}/other">Other</a> <a href="/${area}/logout">Log out</a> <a href="/${area}/exit-now">Leave</a></p>`,
    );
  }
  if (name === "other") return page(`${area} other`, `<p>More signed-in content.</p><label>Search</label><input id="${area}-unlabelled" type="text">`);
  return undefined;
}

export async function startAuthFixtureSite(options: { generatedPages?: number } = {}): Promise<AuthFixtureSite> {
  const generatedPages = options.generatedPages ?? 0;
  const generated = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) && Number(value) < generatedPages ? generatedPage(Number(value), generatedPages) : undefined);
  const requests: AuthFixtureSite["requests"] = [];
  const signIns = new Map<string, number>();
  const count = (area: string) => signIns.set(area, (signIns.get(area) ?? 0) + 1);
  const csrfByVisitor = new Map<string, string>();
  const formSessions = new Map<string, number>();
  const ssoSessions = new Set<string>();
  const ssoCodes = new Map<string, string>();
  const idpPending = new Map<string, string>();
  let formSessionViews = 0;
  const totp = new TOTP({ secret: Secret.fromBase32(AUTH_FIXTURE.totpSecret), digits: 6, period: 30, algorithm: "SHA1" });

  const thirdParty = await serve((request, response) => {
    requests.push({ server: "third-party", path: request.url ?? "/", headers: request.headers });
    response.writeHead(200, { "content-type": "image/png" });
    response.end(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==", "base64"));
  });
  // The site and the identity provider point at each other; both origins are known once listening.
  let siteOrigin = "";

  const idp = await serve(async (request, response) => {
    requests.push({ server: "idp", path: request.url ?? "/", headers: request.headers });
    const url = new URL(request.url ?? "/", "http://idp");
    const html = (body: string) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(body);
    };
    if (url.pathname === "/authorize" && request.method === "GET") {
      return html(
        page(
          "Identity provider",
          `<form method="post" action="/authorize"><input type="hidden" name="return" value="${url.searchParams.get("return") ?? ""}">` +
            `<label>Email <input name="username" autocomplete="username"></label><label>Password <input type="password" name="password"></label>` +
            `<button type="submit">Continue</button></form>`,
        ),
      );
    }
    if (url.pathname === "/authorize" && request.method === "POST") {
      const form = await readForm(request);
      if (form.get("username") !== AUTH_FIXTURE.username || form.get("password") !== AUTH_FIXTURE.password) {
        return html(page("Identity provider", `<p role="alert">Wrong email or password.</p>`));
      }
      const ticket = randomBytes(8).toString("hex");
      idpPending.set(ticket, form.get("return") ?? "/sso/private");
      return html(
        page(
          "Two-step verification",
          `<form method="post" action="/verify"><input type="hidden" name="ticket" value="${ticket}">` +
            `<label>Code from your app <input name="code" inputmode="numeric" autocomplete="one-time-code"></label><button type="submit">Verify</button></form>`,
        ),
      );
    }
    if (url.pathname === "/verify" && request.method === "POST") {
      const form = await readForm(request);
      const back = idpPending.get(form.get("ticket") ?? "");
      if (!back || totp.validate({ token: form.get("code") ?? "", window: 1 }) === null) return html(page("Two-step verification", `<p role="alert">Wrong code.</p>`));
      idpPending.delete(form.get("ticket") ?? "");
      const code = randomBytes(8).toString("hex");
      ssoCodes.set(code, back);
      response.writeHead(302, { location: `${siteOrigin}/sso/callback?code=${code}` });
      return response.end();
    }
    response.writeHead(404);
    response.end();
  });

  const site = await serve(async (request, response) => {
    requests.push({ server: "site", path: request.url ?? "/", headers: request.headers });
    const url = new URL(request.url ?? "/", "http://site");
    const path = url.pathname;
    const jar = cookiesOf(request);
    const html = (status: number, body: string, headers: Record<string, string | string[]> = {}) => {
      response.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
      response.end(body);
    };
    const redirect = (location: string, headers: Record<string, string | string[]> = {}) => {
      response.writeHead(302, { location, ...headers });
      response.end();
    };
    if (path === "/" || path === "/public") {
      return html(200, page("Public", `<p>Anyone sees this.</p><p><a href="/form/private">Members</a></p>`));
    }
    if (path === "/pixel.png") {
      response.writeHead(200, { "content-type": "image/png" });
      return response.end(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==", "base64"));
    }
    const [, area = "", name = "", rest] = path.split("/");
    const publicPage = area === "gen" ? generated(name) : undefined;
    if (publicPage) return html(200, publicPage);

    if (area === "basic") {
      const expected = `Basic ${Buffer.from(`${AUTH_FIXTURE.username}:${AUTH_FIXTURE.password}`).toString("base64")}`;
      if (request.headers.authorization !== expected) return html(401, page("Sign in required", "<p>Not signed in.</p>"), { "www-authenticate": 'Basic realm="fixture"' });
    }
    if (area === "key") {
      if (request.headers["x-api-key"] !== AUTH_FIXTURE.apiKey && url.searchParams.get("api_key") !== AUTH_FIXTURE.apiKey) {
        return html(401, page("Key required", "<p>No valid API key.</p>"));
      }
    }
    if (area === "cookie") {
      if (jar.get("fixture_token") !== AUTH_FIXTURE.cookieValue) return html(401, page("Cookie required", "<p>No session cookie.</p>"));
    }
    if (area === "form") {
      if (name === "login" && request.method === "GET") {
        const visitor = jar.get("visitor") ?? randomBytes(8).toString("hex");
        const csrf = randomBytes(12).toString("hex");
        csrfByVisitor.set(visitor, csrf);
        return html(
          200,
          page(
            "Sign in",
            `<form method="post" action="/form/login"><input type="hidden" name="csrf" value="${csrf}">` +
              `<label>Email <input id="email" name="username" autocomplete="username"></label>` +
              `<label>Password <input id="password" type="password" name="password" autocomplete="current-password"></label>` +
              `<button id="sign-in" type="submit">Sign in</button></form>`,
          ),
          { "set-cookie": `visitor=${visitor}; Path=/; HttpOnly` },
        );
      }
      if (name === "login" && request.method === "POST") {
        const form = await readForm(request);
        const visitor = jar.get("visitor") ?? "";
        if (!csrfByVisitor.get(visitor) || csrfByVisitor.get(visitor) !== form.get("csrf")) return html(403, page("Forbidden", "<p role=alert>Invalid CSRF token.</p>"));
        csrfByVisitor.delete(visitor);
        if (form.get("username") !== AUTH_FIXTURE.username || form.get("password") !== AUTH_FIXTURE.password) {
          return html(200, page("Sign in", `<p role="alert">Invalid email or password.</p><p><a href="/form/login">Try again</a></p>`));
        }
        const sid = randomBytes(12).toString("hex");
        formSessions.set(sid, 0);
        count("form");
        return redirect("/form/home", { "set-cookie": `sid=${sid}; Path=/; HttpOnly` });
      }
      const sid = jar.get("sid") ?? "";
      const views = formSessions.get(sid);
      if (views === undefined || (formSessionViews > 0 && views >= formSessionViews)) {
        formSessions.delete(sid);
        return redirect(`/form/login?next=${encodeURIComponent(path)}`);
      }
      formSessions.set(sid, views + 1);
      if (name === "logout") {
        formSessions.delete(sid);
        return redirect("/");
      }
      const generatedBody = name === "gen" ? generated(rest) : undefined;
      if (generatedBody) return html(200, generatedBody);
      if (name === "home") return html(200, page("Welcome back", `<p>Signed in as ${AUTH_FIXTURE.username}.</p><p><a href="/form/private">Private</a> <a href="/form/logout">Log out</a></p>`));
    }
    if (area === "sso") {
      if (name === "callback") {
        const back = ssoCodes.get(url.searchParams.get("code") ?? "");
        if (!back) return html(400, page("Bad callback", "<p>Unknown code.</p>"));
        ssoCodes.delete(url.searchParams.get("code") ?? "");
        const sid = randomBytes(12).toString("hex");
        ssoSessions.add(sid);
        count("sso");
        return redirect(back, { "set-cookie": `sso_sid=${sid}; Path=/; HttpOnly` });
      }
      if (!ssoSessions.has(jar.get("sso_sid") ?? "")) return redirect(`${idp.origin}/authorize?return=${encodeURIComponent(path)}`);
    }
    if (["basic", "key", "cookie", "form", "sso"].includes(area)) {
      const body = areaPage(area, name, thirdParty.origin);
      if (body) return html(200, body);
    }
    return html(404, page("Not found", "<p>Nothing here.</p>"));
  });
  siteOrigin = site.origin;

  return {
    origin: site.origin,
    idpOrigin: idp.origin,
    thirdPartyOrigin: thirdParty.origin.replace("127.0.0.1", "localhost"),
    url: (pathname) => `${site.origin}${pathname}`,
    signIns,
    requests,
    setFormSessionViews: (views) => {
      formSessionViews = views;
    },
    close: async () => {
      await Promise.all([close(site), close(idp), close(thirdParty)]);
    },
  };
}
