import { describe, expect, it } from "vitest";
import { clientAddress, readClientAddress, signClientAddress, throttleKey } from "./client-address";

describe("clientAddress", () => {
  it("is the socket's address unless proxies are trusted; a client's own X-Forwarded-For is ignored", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", 0)).toBe("203.0.113.9");
    expect(clientAddress(undefined, undefined, 0)).toBeNull();
  });

  it("behind trusted proxies, counts X-Forwarded-For from the right", () => {
    // The client sent "1.1.1.1" itself; the one proxy appended what it saw.
    expect(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", ["1.1.1.1, 203.0.113.9", "10.0.0.7"], 2)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", "203.0.113.9", 3)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
  });

  it("keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4", () => {
    expect(throttleKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(throttleKey("2001:db8:1:2:ffff:ffff:ffff:fffe")).toBe("2001:db8:1:2::/64");
    expect(throttleKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(throttleKey("::1")).toBe("0:0:0:0::/64");
    expect(throttleKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(throttleKey("[2001:db8:1:2::5]")).toBe("2001:db8:1:2::/64");
  });
});

describe("the client address header", () => {
  it("is trusted only with the server's signature", () => {
    const secret = "s".repeat(32);
    expect(readClientAddress(signClientAddress("203.0.113.9", secret), secret)).toBe("203.0.113.9");
    expect(readClientAddress(signClientAddress("203.0.113.9", "t".repeat(32)), secret)).toBeNull();
    expect(readClientAddress("198.51.100.7", secret)).toBeNull();
    expect(readClientAddress(signClientAddress("203.0.113.9", secret).replace("203.0.113.9", "203.0.113.10"), secret)).toBeNull();
    expect(readClientAddress(null, secret)).toBeNull();
    expect(readClientAddress(signClientAddress("203.0.113.9", secret), undefined)).toBeNull();
  });
});
