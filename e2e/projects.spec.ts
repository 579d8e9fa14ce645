import { expect, expectNoAxeViolations, test, uniqueSuffix } from "./support/fixtures";

test.describe("projects and sessions", () => {
  test("a tester creates a project and a session, edits both, recovers from a validation error, and archives the project", async ({ pageAs }) => {
    const { page } = await pageAs("TESTER");
    const suffix = uniqueSuffix();
    const name = `E2E project ${suffix}`;
    const site = `https://e2e-${suffix}.example.org/`;

    await page.goto("/projects");
    await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "New project" }).click();
    await expect(page).toHaveURL(/\/projects\/new$/);
    await expectNoAxeViolations(page);
    await page.getByLabel("Project name").fill(name);
    await page.getByLabel("Primary URL").fill("example.org without a scheme");
    await page.getByRole("button", { name: "Create project" }).click();

    const summary = page.locator("#main").getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("Primary URL");
    await expect(page.getByLabel("Primary URL")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Project name")).toHaveValue(name);
    await expectNoAxeViolations(page);

    await page.getByLabel("Primary URL").fill(site);
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectUrl = page.url();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "New session" }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Session name").fill(`Homepage ${suffix}`);
    await page.getByLabel("Pages to test").fill(`${site}\n${site}contact`);
    await page.getByLabel("Conformance level").selectOption("AAA");
    // The engines and own checks start as the defaults; the tester swaps QualWeb for Alfa and
    // leaves the reflow check out (in the "Scan settings" disclosure).
    await page.locator("summary", { hasText: "Scan settings" }).click();
    await expect(page.getByRole("checkbox", { name: "QualWeb ACT rules" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Siteimprove Alfa" })).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Reflow at 320 px" })).toBeChecked();
    await page.getByRole("checkbox", { name: "QualWeb ACT rules" }).uncheck();
    await page.getByRole("checkbox", { name: "Siteimprove Alfa" }).check();
    await page.getByRole("checkbox", { name: "Reflow at 320 px" }).uncheck();
    await page.getByRole("button", { name: "Create session" }).click();
    await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: `Homepage ${suffix}` })).toBeVisible();
    await expect(page.getByText("WCAG 2.2, level AAA")).toBeVisible();
    await expectNoAxeViolations(page);
    const sessionId = /\/sessions\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const stored = (await (await page.request.get(`/api/v1/sessions/${sessionId}`)).json()) as { scanOptions: { engines: string[]; checks: string[] } };
    expect([...stored.scanOptions.engines].sort()).toEqual(["alfa", "axe-core"]);
    expect(stored.scanOptions.checks).not.toContain("clearsight-reflow");
    expect(stored.scanOptions.checks).toContain("clearsight-keyboard-trap");

    await page.getByRole("link", { name: "Edit session" }).click();
    await page.locator("summary", { hasText: "Scan settings" }).click();
    await expect(page.getByRole("checkbox", { name: "Siteimprove Alfa" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "QualWeb ACT rules" })).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Reflow at 320 px" })).not.toBeChecked();
    await page.getByLabel("Pages to test").fill(`${site}\nhttps://elsewhere.example.com/`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("#main").getByRole("alert")).toContainText("elsewhere.example.com");
    await expectNoAxeViolations(page);
    await page.getByLabel("Pages to test").fill(site);
    await page.getByLabel("Session name").fill(`Homepage only ${suffix}`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Homepage only ${suffix}` })).toBeVisible();

    await page.goto(`${projectUrl}/edit`);
    await expectNoAxeViolations(page);
    await page.getByLabel("Client").fill("Acme Corp");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Client: Acme Corp")).toBeVisible();
    await expect(page.getByRole("link", { name: `Homepage only ${suffix}`, exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Archive project" }).click();
    await expect(page.locator("#main").getByRole("status")).toContainText("archived");
    await expectNoAxeViolations(page);

    await page.goto(`/projects?q=${encodeURIComponent(suffix)}`);
    await expect(page.getByText("No project matches these filters.")).toBeVisible();
    await page.goto(`/projects?q=${encodeURIComponent(suffix)}&status=archived`);
    await expect(page.getByRole("link", { name })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("an edit based on an old version shows what someone else changed instead of overwriting it", async ({ pageAs }) => {
    const { page } = await pageAs("TESTER");
    const suffix = uniqueSuffix();
    const created = await page.request.post("/api/v1/projects", { data: { name: `Stale ${suffix}`, primaryUrl: `https://stale-${suffix}.example.org/` } });
    expect(created.status()).toBe(201);
    const project = (await created.json()) as { id: string; updatedAt: string };

    await page.goto(`/projects/${project.id}/edit`);
    const theirs = await page.request.patch(`/api/v1/projects/${project.id}`, { data: { clientName: "Their client", expectedUpdatedAt: project.updatedAt } });
    expect(theirs.status()).toBe(200);

    await page.getByLabel("Description").fill("My description");
    await page.getByRole("button", { name: "Save changes" }).click();
    const summary = page.locator("#main").getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("Someone else saved this project");
    await expect(summary).toContainText("Their client");
    await expect(page.getByLabel("Description")).toHaveValue("My description");
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("My description")).toBeVisible();
  });

  test("a viewer can read projects but not open the forms", async ({ pageAs }) => {
    const { page } = await pageAs("VIEWER");
    await page.goto("/projects");
    await expect(page.getByRole("link", { name: "New project" })).toHaveCount(0);
    await page.goto("/projects/new");
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  });
});

test.describe("auth configs", () => {
  test("an admin creates an API-key auth config and its secret is never shown again", async ({ adminPage: page }) => {
    const suffix = uniqueSuffix();
    const secret = `e2e-secret-${suffix}`;
    await page.goto("/admin/auth-configs/new");
    await expectNoAxeViolations(page);
    await page.getByRole("textbox", { name: /^Name/ }).fill(`Staging key ${suffix}`);
    await page.getByLabel("Type").selectOption("api_key");
    await page.getByLabel("Domain").fill(`staging-${suffix}.example.org`);
    await page.getByRole("button", { name: "Create auth config" }).click();
    // The header name is required for this type; the secret too.
    await expect(page.locator("#main").getByRole("alert")).toContainText("Header name");
    await expectNoAxeViolations(page);

    await page.getByLabel("Header name").fill("X-API-Key");
    await page.getByLabel("Secret").fill(secret);
    await page.getByRole("button", { name: "Create auth config" }).click();
    await expect(page).toHaveURL(/\/admin\/auth-configs\/[0-9a-f-]{36}\?saved=1$/);
    await expect(page.locator("#main").getByRole("status")).toContainText("Saved");
    await expect(page.getByText("A secret is stored")).toBeVisible();
    await expect(page.getByLabel("Secret", { exact: false }).first()).toHaveValue("");
    expect(await page.content()).not.toContain(secret);
    await expectNoAxeViolations(page);

    const id = new URL(page.url()).pathname.split("/").pop()!;
    const api = await page.request.get(`/api/v1/auth-configs/${id}`);
    expect(await api.text()).not.toContain(secret);
    expect(((await api.json()) as { hasSecret: boolean }).hasSecret).toBe(true);

    await page.goto("/admin/auth-configs");
    await expect(page.getByRole("link", { name: `Staging key ${suffix}` })).toBeVisible();
    expect(await page.content()).not.toContain(secret);
    await expectNoAxeViolations(page);

    await page.goto(`/admin/audit?recordId=${id}`);
    await expect(page.getByRole("cell", { name: "auth_config.create" })).toBeVisible();
    expect(await page.content()).not.toContain(secret);
    await expectNoAxeViolations(page);
  });
});
