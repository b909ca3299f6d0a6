// A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 for the ProConnect tests: discovery, the
// authorization code flow with PKCE required, RS256-signed ID tokens, `amr` as the test asks.
// Usage: node fournisseur.mjs <port> <redirect_uri>. The test drives the login with
// GET /interaction/<uid>/test?email=<e-mail>&mfa=1|0 (a real login page is not the point here).
import Provider from "oidc-provider";

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "relais",
      client_secret: "secret-de-test-relais",
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub", "amr"], email: ["email", "email_verified"] },
  scopes: ["openid", "email"],
  // the account id (the `sub`) is "sub-" and the e-mail
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: id.replace(/^sub-/, ""), email_verified: true }),
  }),
  features: { devInteractions: { enabled: false } },
  ttl: { IdToken: 300, AccessToken: 3600, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
  cookies: { keys: ["cle-de-test-des-cookies"] },
});
provider.proxy = false;

const rappel = provider.callback();
const serveur = (await import("node:http")).createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  const m = url.pathname.match(/^\/interaction\/([^/]+)\/test$/);
  if (!m) return rappel(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    const email = url.searchParams.get("email");
    const mfa = url.searchParams.get("mfa") === "1";
    let resultat;
    if (details.prompt.name === "login") {
      resultat = { login: { accountId: `sub-${email}`, amr: mfa ? ["pwd", "otp", "mfa"] : ["pwd"] } };
    } else {
      const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope("openid email");
      resultat = { consent: { grantId: await grant.save() } };
    }
    await provider.interactionFinished(req, res, resultat, { mergeWithLastSubmission: true });
  } catch (e) {
    res.statusCode = 500;
    res.end(String(e));
  }
});
serveur.listen(Number(port), "127.0.0.1", () => console.log(`pret ${issuer}`));
