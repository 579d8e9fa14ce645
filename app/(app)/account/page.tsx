import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { CreateTokenForm } from "@/components/account/create-token-form";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listApiTokens } from "@/lib/api-tokens/queries";
import { requirePageUser } from "@/lib/auth/page";
import { changePasswordAction, createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

const formatDate = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

export default async function AccountPage() {
  const user = await requirePageUser("tokens:own");
  const tokens = await listApiTokens(user.id);
  return (
    <>
      <PageHeader title="Your account" description={`${user.email} · ${user.role.toLowerCase()}`} />
      <section aria-labelledby="password-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="password-title" className="mb-2 text-xl font-semibold">
          Password
        </h2>
        <p className="mb-4 text-sm text-slate-700">Changing it signs you out everywhere else; this browser stays signed in.</p>
        <ChangePasswordForm action={changePasswordAction} />
      </section>
      <section aria-labelledby="tokens-title" className="mb-8 rounded-lg border border-slate-300 bg-white p-6">
        <h2 id="tokens-title" className="mb-2 text-xl font-semibold">
          API tokens
        </h2>
        <p className="mb-4 text-sm text-slate-700">
          Scripts and CI jobs send a token as <code>Authorization: Bearer cs_…</code> and act with your role. Only a hash is stored.
        </p>
        {tokens.length > 0 ? (
          <div role="region" aria-label="Your API tokens (scrollable)" tabIndex={0} className="relative mb-6 overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className="px-3 py-2">Name</th>
                  <th scope="col" className="px-3 py-2">Starts with</th>
                  <th scope="col" className="px-3 py-2">Last used</th>
                  <th scope="col" className="px-3 py-2">Expires</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id} className="border-t border-slate-200">
                    <td className="px-3 py-2">{token.name}</td>
                    <td className="px-3 py-2 font-mono">{token.prefix}…</td>
                    <td className="px-3 py-2">{formatDate(token.lastUsedAt)}</td>
                    <td className="px-3 py-2">{formatDate(token.expiresAt)}</td>
                    <td className="px-3 py-2">
                      {token.revokedAt ? (
                        "Revoked"
                      ) : (
                        <form action={revokeTokenAction.bind(null, token.id)}>
                          <Button type="submit" variant="secondary" aria-label={`Revoke token ${token.name}`}>
                            Revoke
                          </Button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <h3 className="mb-3 text-lg font-semibold">Create a token</h3>
        <CreateTokenForm action={createTokenAction} />
      </section>
    </>
  );
}
