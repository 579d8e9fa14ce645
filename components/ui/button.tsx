import Link from "next/link";
import type { ComponentProps } from "react";

type Variant = "primary" | "secondary" | "danger";

const VARIANT_CLASSES: Record<Variant, string> = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 border-blue-700",
  secondary: "bg-white text-slate-900 hover:bg-slate-100 border-slate-400",
  danger: "bg-red-700 text-white hover:bg-red-800 border-red-700",
};

export function buttonClasses(variant: Variant = "primary", extra = ""): string {
  return `inline-flex min-h-11 items-center justify-center gap-2 rounded-md border px-4 py-2 text-sm font-semibold no-underline disabled:cursor-not-allowed disabled:opacity-60 ${VARIANT_CLASSES[variant]} ${extra}`;
}

export function Button({ variant = "primary", className = "", type = "button", ...props }: ComponentProps<"button"> & { variant?: Variant }) {
  return <button type={type} className={buttonClasses(variant, className)} {...props} />;
}

export function LinkButton({ variant = "secondary", className = "", ...props }: ComponentProps<typeof Link> & { variant?: Variant }) {
  return <Link className={buttonClasses(variant, `${className} hover:no-underline`)} {...props} />;
}
