/** Field labels shared by the project form, its error summary and stale-edit messages, in the form's order. */
export const PROJECT_FIELD_LABELS: Record<string, string> = {
  name: "Project name",
  primaryUrl: "Primary URL",
  clientName: "Client",
  description: "Description",
  status: "Status",
  defaultAuthConfigId: "Default auth config",
};
