/**
 * The session form's auth picker value for "never sign in, whatever the project's default".
 * A module of its own, free of imports: the client-side form imports it, and lib/sessions/form.ts
 * reaches the Prisma client (which must never be bundled for the browser).
 */
export const NO_SIGN_IN = "none";
