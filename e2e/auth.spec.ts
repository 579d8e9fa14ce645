import { adminCredentials, createUserAsAdmin, expect, expectNoAxeViolations, signIn, test, uniqueSuffix } from "./support/fixtures";

test.describe("signing in", () => {
  test("the login form rejects a wrong password, then signs in", async ({ page, adminPage }) => {
    const user = await createUserAsAdmin(adminPage.request, "TESTER");
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin/);
    await expectNoAxeViolations(page);

    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const problem = page.locator("#main").getByRole("alert");
    await expect(problem).toContainText("email or password is incorrect");
    await expect(problem).toBeFocused();
    await expectNoAxeViolations(page);

    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where they were going; a tester may not see admin pages.
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(user.name);

    const cookie = (await page.context().cookies()).find((candidate) => candidate.name.includes("next-auth.session-token"));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });
  });

  test("repeated failures are throttled with 429 and Retry-After, the same for unknown emails", async ({ playwright, baseURL, adminPage }) => {
    const user = await createUserAsAdmin(adminPage.request, "VIEWER");
    const unknownEmail = `nobody-${uniqueSuffix()}@example.org`;
    const request = await playwright.request.newContext({ baseURL });
    const statuses = { known: [] as number[], unknown: [] as number[] };
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.known.push(await signIn(request, user.email, "wrong-password-123"));
      statuses.unknown.push(await signIn(request, unknownEmail, "wrong-password-123"));
    }
    expect(statuses.known).toEqual([401, 401, 401, 401, 401, 429]);
    expect(statuses.unknown).toEqual(statuses.known);

    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const throttled = await request.post("/api/auth/callback/credentials", { form: { email: user.email, password: user.password, csrfToken, json: "true" } });
    expect(throttled.status()).toBe(429);
    expect(Number(throttled.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await throttled.json()) as unknown).toMatchObject({ error: { code: "rate_limited" } });
    await request.dispose();
  });
});

test.describe("roles", () => {
  test("an admin creates a user in the admin pages, who then signs in with that role", async ({ adminPage, browser }) => {
    const suffix = uniqueSuffix();
    const email = `viewer-${suffix}@example.org`;
    const password = `pw-${suffix}-long-enough`;
    await adminPage.goto("/admin/users");
    await expectNoAxeViolations(adminPage);
    await adminPage.getByLabel("Email").fill(email);
    await adminPage.getByLabel("Name").fill(`Viewer ${suffix}`);
    await adminPage.getByLabel("Role").selectOption("VIEWER");
    await adminPage.getByLabel("Initial password").fill(password);
    await adminPage.getByRole("button", { name: "Create user" }).click();
    await expect(adminPage.getByRole("status")).toContainText(`Created ${email}`);
    await expect(adminPage.getByRole("link", { name: `Viewer ${suffix}` })).toBeVisible();

    const context = await browser.newContext();
    expect(await signIn(context.request, email, password)).toBe(200);
    const viewerPage = await context.newPage();
    await viewerPage.goto("/admin/users");
    await expect(viewerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
    const adminResponse = await viewerPage.goto("/admin/users");
    expect(adminResponse?.status()).toBe(403);
    await expect(viewerPage.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await expectNoAxeViolations(viewerPage);
    await context.close();
  });

  test("the API enforces the same roles: 401 anonymous, 403 wrong role, 200 for admins", async ({ adminPage, pageAs, playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    const anonymousResponse = await anonymous.get("/api/v1/users");
    expect(anonymousResponse.status()).toBe(401);
    expect(await anonymousResponse.json()).toMatchObject({ error: { code: "unauthenticated" } });
    await anonymous.dispose();

    for (const role of ["VIEWER", "TESTER"] as const) {
      const { page } = await pageAs(role);
      const list = await page.request.get("/api/v1/users");
      expect(list.status()).toBe(403);
      expect(await list.json()).toMatchObject({ error: { code: "forbidden" } });
      const create = await page.request.post("/api/v1/users", { data: { email: `x-${uniqueSuffix()}@example.org`, name: "X", role: "ADMIN", password: "long-enough-password" } });
      expect(create.status()).toBe(403);
      const me = (await (await page.request.get("/api/v1/me")).json()) as { role: string; permissions: string[] };
      expect(me.role).toBe(role);
      expect(me.permissions.includes("projects:write")).toBe(role === "TESTER");
    }
    expect((await adminPage.request.get("/api/v1/users")).status()).toBe(200);
  });

  test("bad input gets a specific 400, never a 500", async ({ adminPage }) => {
    const invalid = await adminPage.request.post("/api/v1/users", { data: { email: "not-an-email", name: "", role: "OWNER", password: "short" } });
    expect(invalid.status()).toBe(400);
    const body = (await invalid.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe("invalid_request");
    expect(Object.keys(body.error.fields).sort()).toEqual(["email", "name", "password", "role"]);

    const malformed = await adminPage.request.fetch("/api/v1/users", { method: "POST", data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
    expect(malformed.status()).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toContain("not valid JSON");

    const badId = await adminPage.request.get("/api/v1/users/not-a-uuid");
    expect(badId.status()).toBe(400);
    const missing = await adminPage.request.get("/api/v1/users/00000000-0000-4000-8000-000000000000");
    expect(missing.status()).toBe(404);

    const huge = await adminPage.request.post("/api/v1/users", { data: { name: "x".repeat(1024 * 1024 + 10) } });
    expect(huge.status()).toBe(413);
  });

  test("a disabled user's session stops working at its next request", async ({ adminPage, pageAs }) => {
    const { page, user } = await pageAs("TESTER");
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
    const disable = await adminPage.request.patch(`/api/v1/users/${user.id}`, { data: { disabled: true } });
    expect(disable.status()).toBe(200);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login/);
    expect(await signIn(page.request, user.email, user.password)).toBe(401);
  });

  test("a password reset ends the user's existing sessions", async ({ adminPage, pageAs }) => {
    const { page, user } = await pageAs("VIEWER");
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
    const reset = await adminPage.request.post(`/api/v1/users/${user.id}/password`, { data: { password: "a-brand-new-password" } });
    expect(reset.status()).toBe(200);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    expect(await signIn(page.request, user.email, "a-brand-new-password")).toBe(200);
  });
});

test.describe("app shell", () => {
  test("has a working skip link, landmarks and no horizontal scrolling at 320 px", async ({ adminPage }) => {
    await adminPage.setViewportSize({ width: 320, height: 640 });
    await adminPage.goto("/admin");
    await adminPage.keyboard.press("Tab");
    const skip = adminPage.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await adminPage.keyboard.press("Enter");
    await expect(adminPage.locator("main#main")).toBeFocused();
    await expect(adminPage.getByRole("banner")).toBeVisible();
    await expect(adminPage.getByRole("navigation", { name: "Main" })).toBeVisible();
    const overflow = await adminPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(adminPage);
  });

  test("signing out ends the session", async ({ pageAs }) => {
    const { page } = await pageAs("VIEWER");
    await page.goto("/admin");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  });
});

test("the bootstrap admin exists and can sign in through the API", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const { email, password } = adminCredentials();
  expect(await signIn(request, email, password)).toBe(200);
  await request.dispose();
});

test("an API token made on the account page works with the user's role until it is revoked", async ({ pageAs, playwright, baseURL }) => {
  const { page, user } = await pageAs("TESTER");
  await page.goto("/account");
  await expectNoAxeViolations(page);
  await page.getByLabel("Name").fill("ci job");
  await page.getByRole("button", { name: "Create token" }).click();
  const tokenField = page.getByLabel("Your new token");
  await expect(tokenField).toHaveValue(/^cs_/);
  const token = await tokenField.inputValue();
  await expectNoAxeViolations(page);

  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const me = await client.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: user.email, role: "TESTER" });
  expect((await client.get("/api/v1/users")).status()).toBe(403);

  await page.reload();
  await expect(page.getByRole("cell", { name: "ci job", exact: true })).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);
  await page.getByRole("button", { name: "Revoke token ci job" }).click();
  await expect(page.getByRole("cell", { name: "Revoked" })).toBeVisible();
  expect((await client.get("/api/v1/me")).status()).toBe(401);
  await client.dispose();
});

test("after sign-in the demo projects are served, and only testers and admins may create projects", async ({ adminPage, pageAs }) => {
  await adminPage.goto("/projects");
  await expect(adminPage.getByRole("link", { name: "FM - SA" })).toBeVisible();
  await expect(adminPage.getByRole("link", { name: "ToeTheLine.Life" })).toBeVisible();
  await expectNoAxeViolations(adminPage);

  const project = () => ({ name: `Role check ${uniqueSuffix()}`, primaryUrl: "https://example.org/" });
  const viewer = await pageAs("VIEWER");
  expect((await viewer.page.request.get("/api/v1/projects")).status()).toBe(200);
  expect((await viewer.page.request.post("/api/v1/projects", { data: project() })).status()).toBe(403);
  const tester = await pageAs("TESTER");
  expect((await tester.page.request.post("/api/v1/projects", { data: project() })).status()).toBe(201);
  expect((await adminPage.request.post("/api/v1/projects", { data: project() })).status()).toBe(201);
});

test("every admin page passes axe-core and fits a 320 px screen", async ({ adminPage }) => {
  await adminPage.setViewportSize({ width: 320, height: 720 });
  for (const path of ["/admin", "/admin/users", "/admin/audit", "/admin/auth-configs", "/admin/backups", "/account", "/projects"]) {
    const response = await adminPage.goto(path);
    expect(response?.status(), path).toBe(200);
    await expectNoAxeViolations(adminPage);
    const overflow = await adminPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
