package io.edgeway.signaling.api;

/**
 * Where the REST control plane is served. Every app-scoped route has two addresses:
 *
 * <pre>
 *   /client/v4/accounts/{account_id}/realtime/kit/{app_id}/meetings/...   Cloudflare's layout: the official SDK
 *                                                                           works with baseURL https://HOST/client/v4
 *   /v1/meetings/...                                                        the short form: the default app
 * </pre>
 *
 * and the account-scoped ones (apps) are {@code /client/v4/accounts/{account_id}/realtime/kit/apps} and
 * {@code /v1/apps}. Edgeway-only routes (API keys, TURN keys, development credentials) live under {@code /v1/}
 * alone, and the webhook signing key is published at {@code /.well-known/webhooks.json} (RealtimeKit's place for
 * it). Constants only.
 */
final class ApiPaths {

    /** The short form's prefix. */
    static final String V1 = "/v1";
    /** Cloudflare's API base ({@code baseURL} of the official SDK, without the host). */
    static final String CLOUDFLARE_BASE = "/client/v4";
    /** Cloudflare's account-scoped RealtimeKit prefix. */
    static final String CLOUDFLARE_ACCOUNT = CLOUDFLARE_BASE + "/accounts/{account_id}/realtime/kit";
    /** Cloudflare's app-scoped RealtimeKit prefix. */
    static final String CLOUDFLARE_APP = CLOUDFLARE_ACCOUNT + "/{app_id}";

    private ApiPaths() {
    }

    /** Whether the REST control plane answers {@code path} (every other path goes on down the pipeline). */
    static boolean isApi(String path) {
        return path.equals(V1) || path.startsWith(V1 + "/") || path.startsWith(CLOUDFLARE_BASE + "/accounts/")
                || path.equals(io.edgeway.signaling.webhook.WebhookSigner.PUBLIC_KEY_PATH);
    }
}
