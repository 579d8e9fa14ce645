import type { ReactNode } from "react";

type Tone = "error" | "success" | "info" | "warning";

const TONE_CLASSES: Record<Tone, string> = {
  error: "border-red-700 bg-red-50 text-red-900",
  success: "border-green-700 bg-green-50 text-green-900",
  info: "border-blue-700 bg-blue-50 text-blue-900",
  warning: "border-amber-700 bg-amber-50 text-amber-950",
};

/** A message box. Pass role="alert" (errors) or role="status" (confirmations) when it appears dynamically. */
export function Alert({ tone = "info", title, children, role, id }: { tone?: Tone; title?: string; children?: ReactNode; role?: "alert" | "status"; id?: string }) {
  return (
    <div id={id} role={role} className={`mb-4 rounded-md border-l-4 p-4 ${TONE_CLASSES[tone]}`}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className="text-sm">{children}</div> : null}
    </div>
  );
}
