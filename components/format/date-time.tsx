/** A timestamp shown in UTC, machine-readable in the datetime attribute. */
export function DateTime({ value, fallback = "—" }: { value: Date | string | null | undefined; fallback?: string }) {
  if (!value) return <>{fallback}</>;
  const date = typeof value === "string" ? new Date(value) : value;
  const iso = date.toISOString();
  return <time dateTime={iso}>{`${iso.slice(0, 16).replace("T", " ")} UTC`}</time>;
}
