import { apiRoute } from "@/lib/api/route";
import { testAuthConfigLogin } from "@/lib/auth-configs/test-login";

export const POST = apiRoute("POST /api/v1/auth-configs/{id}/test", async ({ user, params }) => testAuthConfigLogin(user, params.id));
