/**
 * One API operation in the reference: method and path, who may call it, its parameters and
 * request fields as tables, and what it answers.
 */
type Schema = { type?: unknown; description?: string; enum?: unknown[]; const?: unknown; anyOf?: Schema[]; oneOf?: Schema[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; default?: unknown; format?: string };
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type ResponseObject = { description: string; content?: Record<string, { schema?: Schema }> };
export type OperationObject = {
  operationId: string;
  summary: string;
  description: string;
  "x-roles": string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, ResponseObject>;
};

function describeType(schema: Schema | undefined): string {
  if (!schema) return "any";
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(describeType).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : typeof schema.type === "string" ? schema.type : "object";
  if (type === "array") return `array of ${describeType(schema.items)}`;
  return schema.format ? `${type} (${schema.format})` : type;
}

function FieldTable({ caption, owner, rows }: { caption: string; owner: string; rows: Array<{ name: string; where?: string; required: boolean; schema: Schema; description?: string }> }) {
  return (
    <div role="region" aria-label={`${caption} of ${owner} (scrollable)`} tabIndex={0} className="mb-3 overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="mb-1 text-left font-semibold">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className="px-2 py-1">Name</th>
            <th scope="col" className="px-2 py-1">Type</th>
            <th scope="col" className="px-2 py-1">Required</th>
            <th scope="col" className="px-2 py-1">Notes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.where ?? ""}${row.name}`} className="border-t border-slate-200">
              <th scope="row" className="px-2 py-1 font-mono font-normal">
                {row.name}
                {row.where ? <span className="text-slate-700"> ({row.where})</span> : null}
              </th>
              <td className="px-2 py-1 font-mono break-all">{describeType(row.schema)}</td>
              <td className="px-2 py-1">{row.required ? "yes" : "no"}</td>
              <td className="px-2 py-1">
                {[row.description ?? row.schema.description, row.schema.default !== undefined ? `Default ${JSON.stringify(row.schema.default)}.` : ""].filter(Boolean).join(" ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OperationCard({ method, path, operation }: { method: string; path: string; operation: OperationObject }) {
  const body = operation.requestBody ? Object.entries(operation.requestBody.content)[0] : undefined;
  const bodySchema = body?.[1].schema;
  const bodyVariants = bodySchema?.oneOf ?? bodySchema?.anyOf;
  return (
    <section aria-labelledby={operation.operationId} className="mb-6 rounded-lg border border-slate-300 bg-white p-4">
      <h3 id={operation.operationId} className="mb-1 text-lg font-semibold break-all">
        <span className="mr-2 rounded bg-slate-800 px-2 py-0.5 font-mono text-sm text-white">{method.toUpperCase()}</span>{" "}
        <code>{path}</code>
      </h3>
      <p className="mb-2 font-medium">{operation.summary}</p>
      {operation.description.split("\n\n").map((paragraph) => (
        <p key={paragraph} className="mb-2 text-sm text-slate-800">
          {paragraph}
        </p>
      ))}
      {operation.parameters?.length ? (
        <FieldTable
          caption="Parameters"
          owner={`${method.toUpperCase()} ${path}`}
          rows={operation.parameters.map((parameter) => ({ name: parameter.name, where: parameter.in, required: parameter.required, schema: parameter.schema, description: parameter.description }))}
        />
      ) : null}
      {bodySchema?.properties ? (
        <FieldTable
          caption={`Request body (${body![0]})`}
          owner={`${method.toUpperCase()} ${path}`}
          rows={Object.entries(bodySchema.properties).map(([name, schema]) => ({ name, required: (bodySchema.required ?? []).includes(name), schema }))}
        />
      ) : bodyVariants ? (
        <p className="mb-2 text-sm">Request body ({body![0]}): one of {bodyVariants.length} shapes; see the JSON document.</p>
      ) : null}
      <h4 className="font-semibold">Responses</h4>
      <ul className="list-disc pl-6 text-sm">
        {Object.entries(operation.responses).map(([status, response]) => (
          <li key={status}>
            <span className="font-mono">{status}</span> {response.description}
            {response.content ? <span className="text-slate-700"> ({Object.keys(response.content).join(", ")})</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
