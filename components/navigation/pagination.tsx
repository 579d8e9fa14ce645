import Link from "next/link";

/** Previous/next links for a paginated list; keeps the other query parameters. */
export function Pagination({
  page,
  pageSize,
  total,
  basePath,
  query,
  label,
}: {
  page: number;
  pageSize: number;
  total: number;
  basePath: string;
  query: Record<string, string | undefined>;
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (target: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    params.set("page", String(target));
    return `${basePath}?${params.toString()}`;
  };
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center gap-4 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev">
          Previous page
        </Link>
      ) : null}
      <span aria-current="page">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
