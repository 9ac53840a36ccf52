/* Tokens (static and client credentials) and API versions. */
#include "sim-test-util.h"

static BmdShopifySim *
start_sim (double lifetime)
{
  BmdShopifySimOptions options;

  bmd_shopify_sim_options_init (&options);
  options.requests = 3;
  options.token_lifetime = lifetime;
  return sim_start (&options);
}

static const char query[] = "{ shop { name } }";

static void
test_static_tokens (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (60);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autoptr(SimReply) good = sim_graphql_full (session, sim, "2026-10", "shpat_anything", query, NULL, NULL);
  g_autoptr(SimReply) bad = sim_graphql_full (session, sim, "2026-10", "bad-token", query, NULL, NULL);
  g_autoptr(SimReply) none = sim_graphql_full (session, sim, "2026-10", NULL, query, NULL, NULL);

  g_assert_cmpuint (good->status, ==, 200);
  g_assert_cmpuint (bad->status, ==, 401);
  g_assert_cmpstr (sim_get_string (bad, "errors"), ==,
                   "[API] Invalid API key or access token (unrecognized login or wrong password)");
  g_assert_cmpuint (none->status, ==, 401);
}

static void
test_client_credentials (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (0.5);
  g_autoptr(SoupSession) session = sim_session_new ();
  const char *url = bmd_shopify_sim_get_url (sim);
  g_autoptr(SimReply) grant = sim_post (session, url, "/admin/oauth/access_token", NULL,
                                        "application/x-www-form-urlencoded",
                                        "grant_type=client_credentials&client_id=abc&client_secret=s3cret");
  g_autoptr(SimReply) no_grant = sim_post (session, url, "/admin/oauth/access_token", NULL,
                                           "application/x-www-form-urlencoded",
                                           "client_id=abc&client_secret=s3cret");
  g_autoptr(SimReply) no_secret = sim_post (session, url, "/admin/oauth/access_token", NULL,
                                            "application/x-www-form-urlencoded",
                                            "grant_type=client_credentials&client_id=abc");
  g_autoptr(SimReply) bad_secret = sim_post (session, url, "/admin/oauth/access_token", NULL,
                                             "application/x-www-form-urlencoded",
                                             "grant_type=client_credentials&client_id=abc&client_secret=bad-secret");
  const char *token;
  g_autoptr(SimReply) fresh = NULL;
  g_autoptr(SimReply) stale = NULL;
  g_autoptr(SimReply) static_token = NULL;

  g_assert_cmpuint (grant->status, ==, 200);
  token = sim_get_string (grant, "access_token");
  g_assert_nonnull (token);
  g_assert_nonnull (g_strstr_len (sim_get_string (grant, "scope"), -1, "read_orders"));
  g_assert_cmpint (sim_get_int (grant, "expires_in"), ==, 1);
  g_assert_cmpuint (no_grant->status, ==, 400);
  g_assert_cmpuint (no_secret->status, ==, 400);
  g_assert_cmpuint (bad_secret->status, ==, 401);

  fresh = sim_graphql_full (session, sim, "2026-10", token, query, NULL, NULL);
  g_assert_cmpuint (fresh->status, ==, 200);
  /* Past its lifetime the granted token is refused. */
  g_usleep (600000);
  stale = sim_graphql_full (session, sim, "2026-10", token, query, NULL, NULL);
  g_assert_cmpuint (stale->status, ==, 401);
  static_token = sim_graphql_full (session, sim, "2026-10", "shpat_static", query, NULL, NULL);
  g_assert_cmpuint (static_token->status, ==, 200);
}

static void
test_versions (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (60);
  g_autoptr(SoupSession) session = sim_session_new ();
  const struct { const char *asked; guint status; const char *answered; } cases[] = {
    { "2026-10", 200, "2026-10" },
    { "2026-04", 200, "2026-04" },
    { "2025-10", 200, "2025-10" },
    { "2024-01", 200, "2025-10" },   /* retired: the oldest supported answers */
    { "2025-07", 200, "2025-10" },
    { "unstable", 200, "unstable" },
    { "2026-13", 404, NULL },
    { "2026-02", 404, NULL },
    { "latest", 404, NULL },
    { "2030-01", 404, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SimReply) r = sim_graphql_full (session, sim, cases[i].asked, "t", query, NULL, NULL);

      g_test_message ("version %s", cases[i].asked);
      g_assert_cmpuint (r->status, ==, cases[i].status);
      if (cases[i].answered != NULL)
        {
          g_assert_cmpstr (r->api_version, ==, cases[i].answered);
          g_assert_cmpstr (sim_get_string (r, "data.shop.name"), !=, NULL);
        }
    }
  {
    g_autoptr(SimReply) r = sim_post (session, bmd_shopify_sim_get_url (sim), "/nowhere", "t",
                                      "application/json", "{}");

    g_assert_cmpuint (r->status, ==, 404);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/auth/static-tokens", test_static_tokens);
  g_test_add_func ("/sim/auth/client-credentials", test_client_credentials);
  g_test_add_func ("/sim/auth/versions", test_versions);
  return g_test_run ();
}
