import type { Metadata } from "next";
import { OperationCard, type OperationObject } from "@/components/api-docs/operation-card";
import { PageHeader } from "@/components/ui/page-header";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiDocsPage() {
  await requirePageUser("tokens:own");
  const document = buildOpenApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation as unknown as OperationObject & { tags: string[] } })),
  );
  return (
    <>
      <PageHeader title="API reference" description="Every /api/v1 operation: who may call it, what it takes and what it answers." />
      <p className="mb-2">{document.info.description}</p>
      <p className="mb-6">
        The same description as OpenAPI 3.1, for code generators and API tools: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
      <nav aria-label="API sections" className="mb-6">
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {document.tags.map((tag) => (
            <li key={tag.name}>
              <a href={`#tag-${tag.name.replace(/\W+/g, "-").toLowerCase()}`}>{tag.name}</a>
            </li>
          ))}
        </ul>
      </nav>
      {document.tags.map((tag) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name.replace(/\W+/g, "-").toLowerCase()}`} className="mb-8">
          <h2 id={`tag-${tag.name.replace(/\W+/g, "-").toLowerCase()}`} className="mb-3 text-xl font-semibold">
            {tag.name}
          </h2>
          {operations
            .filter(({ operation }) => operation.tags.includes(tag.name))
            .map(({ path, method, operation }) => (
              <OperationCard key={`${method} ${path}`} method={method} path={path} operation={operation} />
            ))}
        </section>
      ))}
    </>
  );
}
