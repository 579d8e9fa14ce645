/**
 * Shared e2e fixtures: sign-in through the auth endpoint (not the form), users made through the
 * API, and an axe-core check every test runs on the pages it visits.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type APIRequestContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

export type Role = "ADMIN" | "TESTER" | "VIEWER";
export type TestUser = { id: string; email: string; password: string; role: Role; name: string };

export const adminCredentials = () => ({ email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! });

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

/** Signs in through next-auth's credentials endpoint; the cookie lands in the request's context. */
export async function signIn(request: APIRequestContext, email: string, password: string): Promise<number> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, json: "true" },
    maxRedirects: 0,
  });
  if (response.status() !== 200) return response.status();
  const body = (await response.json()) as { url?: string };
  return body.url && new URL(body.url).searchParams.get("error") ? 401 : 200;
}

export async function createUserAsAdmin(adminRequest: APIRequestContext, role: Role): Promise<TestUser> {
  const suffix = uniqueSuffix();
  const user = { email: `${role.toLowerCase()}-${suffix}@example.org`, name: `${role} ${suffix}`, role, password: `pw-${randomBytes(12).toString("hex")}` };
  const response = await adminRequest.post("/api/v1/users", { data: user });
  expect(response.status(), await response.text()).toBe(201);
  const created = (await response.json()) as { id: string };
  return { ...user, id: created.id };
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  // After a client-side navigation (a form's redirect) Next.js sets the new page's title a
  // moment after its content: the check waits for it, and fails here if it never comes.
  await expect(page, `the page at ${page.url()} has a title`).not.toHaveTitle("");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const summary = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(summary, `axe-core violations on ${page.url()}`).toEqual([]);
}

type Fixtures = {
  /** A page signed in as the bootstrap admin. */
  adminPage: Page;
  /** Signs a fresh browser context in as a new user of the given role. */
  pageAs: (role: Role) => Promise<{ page: Page; user: TestUser }>;
};

export const test = base.extend<Fixtures>({
  adminPage: async ({ browser }, use) => {
    const context = await browser.newContext();
    const { email, password } = adminCredentials();
    expect(await signIn(context.request, email, password)).toBe(200);
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
  pageAs: async ({ browser, adminPage }, use) => {
    const contexts: Array<{ close: () => Promise<void> }> = [];
    await use(async (role) => {
      const user = await createUserAsAdmin(adminPage.request, role);
      const context = await browser.newContext();
      contexts.push(context);
      expect(await signIn(context.request, user.email, user.password)).toBe(200);
      return { page: await context.newPage(), user };
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };
