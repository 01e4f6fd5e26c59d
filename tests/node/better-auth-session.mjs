// Better Auth, the real package, on the test database: migrate its tables, sign a user up, hand over the cookies.
//
// Usage: BETTER_AUTH_DB='{"host": ..., "port": ..., "user": ..., "password": ..., "database": ...}' \
//        BETTER_AUTH_SECRET=... node better-auth-session.mjs
// (BETTER_AUTH_DB is node-postgres's connection config; a host that starts with "/" is a unix socket directory.)
//
// Prints one JSON object: the user's id, the `better-auth.session_token` cookie value exactly as Set-Cookie sends it
// (URL-encoded), and the `better-auth.session_data` cookie-cache values of the "compact" (default) and "jwt" strategies.

import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import pg from "pg";

const database = new pg.Pool({ ...JSON.parse(process.env.BETTER_AUTH_DB), max: 2 });
const secret = process.env.BETTER_AUTH_SECRET;

function options(strategy) {
  return {
    database,
    secret,
    baseURL: "http://localhost:3000",
    emailAndPassword: { enabled: true },
    session: { cookieCache: { enabled: true, maxAge: 300, strategy } },
    telemetry: { enabled: false },
    logger: { disabled: true },
  };
}

// Every cookie a response sets, by name, with its value as sent (not decoded).
function cookies(response) {
  const found = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    found[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return found;
}

async function expectOk(response, what) {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

try {
  const compact = betterAuth(options("compact"));
  const { runMigrations } = await getMigrations(compact.options);
  await runMigrations();

  const email = `user-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const password = "a long enough password";
  const signedUp = await expectOk(
    await compact.api.signUpEmail({ body: { email, password, name: 'Zoë "Better Auth" Ünïcode' }, asResponse: true }),
    "sign up",
  );
  const userId = (await signedUp.json()).user.id;
  const first = cookies(signedUp);

  // The same user signs in through an instance whose cookie cache is a JWT.
  const withJwt = betterAuth(options("jwt"));
  const signedIn = await expectOk(await withJwt.api.signInEmail({ body: { email, password }, asResponse: true }), "sign in");
  const second = cookies(signedIn);

  process.stdout.write(
    JSON.stringify({
      userId,
      sessionToken: first["better-auth.session_token"],
      compactCache: first["better-auth.session_data"],
      jwtCache: second["better-auth.session_data"],
    }) + "\n",
  );
} finally {
  await database.end();
}
