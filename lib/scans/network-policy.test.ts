import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagsForLevel } from "@/lib/wcag/criteria";
import { launchScanBrowser } from "./browser";
import { startEgressProxy } from "./egress-proxy";
import { checkUrl, parsePolicyRules, type NetworkPolicy } from "@/lib/network/policy";
import { scanPage } from "./page-scan";
import { ScanTab } from "./scan-tab";
import { scanOptionsSchema } from "./schema";

const policy = (rules = "", resolve: NetworkPolicy["resolve"] = async () => ["93.184.215.14"]): NetworkPolicy => ({
  rules: parsePolicyRules(rules),
  ownEndpoints: [{ address: "127.0.0.1", port: 5432 }, { address: "127.0.0.1", port: 3000 }, { host: "localhost", port: 3000 }],
  resolve,
});

describe("checkUrl", () => {
  it("always refuses link-local, metadata and 'this network' addresses, however spelled", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://2852039166/", // 169.254.169.254 as one decimal number
      "http://0xa9.0xfe.0xa9.0xfe/",
      "http://0251.0376.0251.0376/", // octal
      "http://0xa9fea9fe/",
      "http://[::ffff:169.254.169.254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[fe80::1]/",
      "http://0.0.0.0:8080/",
      "http://0/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://METADATA.GOOGLE.INTERNAL./",
    ]) {
      expect(await checkUrl(policy("allow 0.0.0.0/0, allow ::/0"), url), url).not.toBeNull();
    }
  });

  it("refuses host names that resolve to a refused address (DNS rebinding to metadata)", async () => {
    expect(await checkUrl(policy("", async () => ["169.254.169.254"]), "http://innocent.example/")).toMatch(/link-local/);
  });

  it("refuses the product's own database and web ports, allows other loopback and private addresses", async () => {
    expect(await checkUrl(policy(), "http://127.0.0.1:5432/")).toMatch(/own/);
    expect(await checkUrl(policy(), "http://2130706433:5432/")).toMatch(/own/);
    expect(await checkUrl(policy(), "http://0x7f.1:3000/")).toMatch(/own/);
    expect(await checkUrl(policy(), "http://localhost:3000/")).toMatch(/own/);
    for (const url of ["http://127.0.0.1:8080/", "http://10.1.2.3/", "http://192.168.1.10/", "http://[::1]:8080/", "https://example.org/"]) {
      expect(await checkUrl(policy(), url), url).toBeNull();
    }
  });

  it("refuses URLs with credentials", async () => {
    expect(await checkUrl(policy(), "http://user:pass@example.org/")).toMatch(/user name or password/);
  });

  it("narrows and widens with rules, the last matching one winning", async () => {
    const rules = "block 10.0.0.0/8, allow 10.1.0.0/16, block *.corp.example";
    expect(await checkUrl(policy(rules), "http://10.9.9.9/")).toMatch(/blocked by a rule/);
    expect(await checkUrl(policy(rules), "http://10.1.2.3/")).toBeNull();
    expect(await checkUrl(policy(rules), "http://wiki.corp.example/")).toMatch(/blocked by a rule/);
    expect(await checkUrl(policy("block 127.0.0.0/8"), "http://127.0.0.1:8080/")).toMatch(/blocked by a rule/);
    // The always-refused list cannot be widened.
    expect(await checkUrl(policy("allow 169.254.0.0/16"), "http://169.254.169.254/")).not.toBeNull();
    expect(() => parsePolicyRules("permit 10.0.0.0/8")).toThrow(/allow or block/);
  });
});

describe("the policy in the scan browser", () => {
  let browser: Browser;
  let server: http.Server;
  let origin = "";
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === "/redirect") {
        response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
        return response.end();
      }
      if (request.url === "/hex-redirect") {
        response.writeHead(302, { location: "http://0xa9fea9fe/" });
        return response.end();
      }
      response.writeHead(200, { "content-type": "text/html" });
      response.end(
        `<!doctype html><html lang="en"><title>Sub</title><main><h1>Page</h1>` +
          `<img alt="a" src="http://169.254.169.254/pixel.png"><img alt="b" src="http://2852039166/decimal.png">` +
          `<script src="http://[fe80::1]/x.js"></script><script>fetch("http://metadata.google.internal/computeMetadata/v1/").catch(() => {})</script></main></html>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchScanBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const options = scanOptionsSchema.parse({ pageTimeoutMs: 10_000, settleTimeoutMs: 1_000 });
  const scanWith = (tab: ScanTab, path: string) =>
    scanPage(browser, tab, { url: `${origin}${path}`, options, tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([origin]) });

  it("a redirect to a refused address is a page error naming the policy", async () => {
    const tab = new ScanTab({ networkPolicy: policy() });
    try {
      for (const path of ["/redirect", "/hex-redirect"]) {
        const result = await scanWith(tab, path);
        expect(result.ok, path).toBe(false);
        expect(!result.ok && result.error, path).toMatch(/scan network policy \(SCAN_NETWORK_POLICY\)/);
      }
    } finally {
      await tab.close();
    }
  });

  it("subresources from refused addresses are never requested; the page itself is scanned", async () => {
    const blocked: string[] = [];
    const tab = new ScanTab({ networkPolicy: policy(), onBlocked: (url) => blocked.push(url) });
    try {
      const result = await scanWith(tab, "/page");
      expect(result.ok).toBe(true);
      expect(blocked.map((url) => new URL(url).hostname).sort()).toEqual(["169.254.169.254", "169.254.169.254", "[fe80::1]", "metadata.google.internal"].sort());
    } finally {
      await tab.close();
    }
  });
});

describe("redirect hops and every connection, through the egress proxy", () => {
  // An "internal service" on another loopback address, which the policy refuses; it counts what
  // reaches it. The scanned site redirects to it (the page, an image, a frame, a fetch) and links
  // it directly.
  let browser: Browser;
  let internal: http.Server;
  let site: http.Server;
  const internalHits: string[] = [];
  let internalOrigin = "";
  let origin = "";
  beforeAll(async () => {
    internal = http.createServer((request, response) => {
      internalHits.push(request.url ?? "");
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<!doctype html><title>Internal</title><p>secret</p>");
    });
    await new Promise<void>((resolve) => internal.listen(0, "127.0.0.2", resolve));
    internalOrigin = `http://127.0.0.2:${(internal.address() as AddressInfo).port}`;
    site = http.createServer((request, response) => {
      const hop = /^\/to\/(.+)$/.exec(request.url ?? "");
      if (hop) {
        response.writeHead(302, { location: `${internalOrigin}/${hop[1]}` });
        return response.end();
      }
      response.writeHead(200, { "content-type": "text/html" });
      response.end(
        `<!doctype html><html lang="en"><title>Site</title><main><h1>Page</h1>` +
          `<img alt="redirected" src="/to/image.png"><img alt="direct" src="${internalOrigin}/direct.png">` +
          // 127.0.0.2 spelled as one decimal number and in hex.
          `<img alt="decimal" src="http://2130706434:${new URL(internalOrigin).port}/decimal.png"><img alt="hex" src="http://0x7f.0.0.2:${new URL(internalOrigin).port}/hex.png">` +
          `<iframe title="frame" src="/to/frame"></iframe><link rel="stylesheet" href="/to/style.css">` +
          `<script>fetch("/to/fetch").catch(() => {})</script></main></html>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await launchScanBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([internal, site].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const options = scanOptionsSchema.parse({ pageTimeoutMs: 10_000, settleTimeoutMs: 1_000 });

  it("a page that redirects to a refused address is a page error naming the policy, and the address is never contacted", async () => {
    const blocked: string[] = [];
    const tab = new ScanTab({ networkPolicy: policy("block 127.0.0.2/32", async () => ["127.0.0.1"]), onBlocked: (url) => blocked.push(url) });
    try {
      const result = await scanPage(browser, tab, { url: `${origin}/to/secret`, options, tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([origin]) });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/refused by the scan network policy \(SCAN_NETWORK_POLICY\)/);
      expect(internalHits).toEqual([]);
      expect(blocked).toContain(`${internalOrigin}/secret`);
    } finally {
      await tab.close();
    }
  });

  it("subresources, frames and fetches redirected to a refused address are not loaded; the page is scanned", async () => {
    const blocked: string[] = [];
    const tab = new ScanTab({ networkPolicy: policy("block 127.0.0.2/32", async () => ["127.0.0.1"]), onBlocked: (url) => blocked.push(url) });
    try {
      const result = await scanPage(browser, tab, { url: `${origin}/page`, options, tags: tagsForLevel("2.2", "AA"), allowedOrigins: new Set([origin]) });
      expect(result.ok).toBe(true);
      expect(internalHits).toEqual([]);
      expect(blocked.map((url) => new URL(url).pathname).sort()).toEqual(expect.arrayContaining(["/decimal.png", "/direct.png", "/fetch", "/frame", "/hex.png", "/image.png", "/style.css"]));
    } finally {
      await tab.close();
    }
  });
});

describe("the egress proxy", () => {
  it("tunnels CONNECT (https, wss) to allowed addresses only, connecting to the address it checked", async () => {
    const target = http.createServer((_request, response) => response.end("tunnelled"));
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const port = (target.address() as AddressInfo).port;
    const proxy = await startEgressProxy(policy("block 10.0.0.0/8", async (host) => (host === "inward.example" ? ["10.1.2.3"] : ["127.0.0.1"])));
    const connect = (authority: string) =>
      new Promise<string>((resolve, reject) => {
        const request = http.request({ host: "127.0.0.1", port: Number(new URL(proxy.server).port), method: "CONNECT", path: authority });
        request.on("connect", (response, socket) => {
          if (response.statusCode !== 200) return resolve(`refused ${response.statusCode}`);
          socket.write(`GET / HTTP/1.1\r\nHost: ${authority}\r\nConnection: close\r\n\r\n`);
          let text = "";
          socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
          socket.on("end", () => resolve(text));
        });
        request.on("error", reject);
        request.end();
      });
    try {
      // A name resolving to an allowed address is reached at the address checked.
      expect(await connect(`allowed.example:${port}`)).toMatch(/tunnelled$/);
      expect(await connect("inward.example:443")).toBe("refused 403");
      expect(await connect("169.254.169.254:443")).toBe("refused 403");
    } finally {
      await proxy.close();
      await new Promise((resolve) => target.close(resolve));
    }
  });
});
