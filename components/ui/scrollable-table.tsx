import type { ReactNode } from "react";

export type Column = { label: ReactNode; align?: "left" | "right"; srOnly?: boolean };

/**
 * A table in a labelled, focusable region that scrolls sideways on narrow screens (320 px)
 * instead of widening the page. Name the region with `labelledBy` (an existing heading or
 * caption id) or `label`; rows go in as children of the body.
 */
export function ScrollableTable({ labelledBy, label, columns, caption, children }: { labelledBy?: string; label?: string; columns: Column[]; caption?: ReactNode; children: ReactNode }) {
  return (
    <div role="region" aria-labelledby={labelledBy} aria-label={labelledBy ? undefined : label} tabIndex={0} className="relative overflow-x-auto rounded-lg border border-slate-300 bg-white">
      <table className="min-w-full text-left text-sm">
        {caption}
        <thead className="bg-slate-100">
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={`px-3 py-2${column.align === "right" ? " text-right" : ""}`}>
                {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
