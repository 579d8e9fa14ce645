/** Field labels shared by the project form, its error summary and stale-edit messages. */
export const PROJECT_FIELD_LABELS: Record<string, string> = {
  name: "Project name",
  clientName: "Client",
  primaryUrl: "Primary URL",
  description: "Description",
  status: "Status",
};
