// Better Auth 1.7 as an MCP client's authorization server, the real packages on the test database: its jwt and
// oauth-provider plugins, a user signed up, a public client registered dynamically, authorization code with PKCE and
// consent, and the token exchanged for the resource. Serves its JWKS over HTTP until stdin closes.
//
// Usage: BETTER_AUTH_DB='{...node-postgres config...}' BETTER_AUTH_SECRET=... RESOURCE=http://127.0.0.1:8000/api/mcp \
//        node better-auth-oauth.mjs
// Prints one JSON line: {base, issuer, jwks, token, user_id, metadata} (metadata: the authorization server's discovery).

import crypto from "node:crypto";
import http from "node:http";

import { oauthProvider } from "@better-auth/oauth-provider";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { jwt } from "better-auth/plugins";
import pg from "pg";

const database = new pg.Pool({ ...JSON.parse(process.env.BETTER_AUTH_DB), max: 2 });
const resource = process.env.RESOURCE;
const server = http.createServer();
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const base = `http://127.0.0.1:${server.address().port}`;

const auth = betterAuth({
  database,
  secret: process.env.BETTER_AUTH_SECRET,
  baseURL: base,
  emailAndPassword: { enabled: true },
  telemetry: { enabled: false },
  logger: { disabled: true },
  plugins: [
    jwt(),
    oauthProvider({
      loginPage: "/sign-in",
      consentPage: "/consent",
      allowDynamicClientRegistration: true,
      allowUnauthenticatedClientRegistration: true,
      resources: [resource],
      enforcePerClientResources: false,
    }),
  ],
});
const handle = toNodeHandler(auth);
server.on("request", (request, response) => handle(request, response));

function cookies(response) {
  return response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
}

async function call(path, { method = "GET", body, cookie, form } = {}) {
  const headers = { origin: base };
  if (cookie) headers.cookie = cookie;
  let payload;
  if (form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(form).toString();
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  return auth.handler(new Request(`${base}/api/auth${path}`, { method, headers, body: payload, redirect: "manual" }));
}

async function json(response, what) {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text}`);
  return JSON.parse(text);
}

try {
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();

  const email = `oauth-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const signedUp = await call("/sign-up/email", { method: "POST", body: { email, password: "a long enough password", name: "OAuth User" } });
  const userId = (await json(signedUp.clone(), "sign up")).user.id;
  const cookie = cookies(signedUp);

  // An MCP client registers itself (RFC 7591): public, a loopback redirect, so a native application.
  const redirect = "http://127.0.0.1:33418/callback";
  const client = await json(
    await call("/oauth2/register", {
      method: "POST",
      body: {
        redirect_uris: [redirect],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code"],
        response_types: ["code"],
        application_type: "native",
        client_name: "test MCP client",
      },
    }),
    "register",
  );

  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: redirect,
    scope: "openid",
    state: "s1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    resource,
  });
  let step = await call(`/oauth2/authorize?${query}`, { cookie });
  let location = step.headers.get("location") ?? (await step.clone().json().catch(() => ({}))).url;
  if (location && new URL(location, base).pathname === "/consent") {
    const consent = await json(
      await call("/oauth2/consent", { method: "POST", cookie, body: { accept: true, oauth_query: new URL(location, base).search.slice(1) } }),
      "consent",
    );
    location = consent.url;
  }
  const code = new URL(location, base).searchParams.get("code");
  if (!code) throw new Error(`no code in ${location}`);

  const tokens = await json(
    await call("/oauth2/token", {
      method: "POST",
      form: { grant_type: "authorization_code", code, redirect_uri: redirect, client_id: client.client_id, code_verifier: verifier, resource },
    }),
    "token",
  );
  const metadata = await json(await auth.handler(new Request(`${base}/.well-known/oauth-authorization-server/api/auth`)), "metadata").catch(
    async () => json(await call("/.well-known/oauth-authorization-server"), "metadata"),
  );
  console.log(JSON.stringify({ base, issuer: metadata.issuer, jwks: `${base}/api/auth/jwks`, token: tokens.access_token, user_id: userId, metadata }));
  // Keep serving the JWKS until the test is done with it.
  process.stdin.resume();
  process.stdin.on("end", async () => {
    server.close();
    await database.end();
    process.exit(0);
  });
} catch (error) {
  console.error(error.stack || String(error));
  await database.end();
  process.exit(1);
}
