/** Field labels shared by the session form, its error summary and stale-edit messages. */
export const SESSION_FIELD_LABELS: Record<string, string> = {
  name: "Session name",
  description: "Description",
  approach: "Testing approach",
  wcagVersion: "WCAG version",
  wcagLevel: "Conformance level",
  scopeUrls: "Pages to test",
  startUrl: "Start URL to crawl",
  maxPages: "Most pages to crawl",
  scope: "Pages to test",
  authConfigId: "Auth config",
  status: "Status",
};
