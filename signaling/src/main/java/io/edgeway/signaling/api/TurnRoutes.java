package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.api.Router.Auth;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.store.TurnKeyStore;
import io.edgeway.signaling.turncreds.TurnCredentialMinter;
import io.edgeway.signaling.turncreds.TurnKeys;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code /v1/turn/keys}, in Cloudflare Realtime TURN's shapes so that a backend written for it switches by
 * changing its base URL. Key management takes the organisation's API key; the credential routes take
 * the TURN key's own token, as Cloudflare's do, and answer Cloudflare's bare bodies:
 *
 * <pre>
 *   POST /v1/turn/keys/{key_id}/credentials/generate-ice-servers {"ttl": 86400}  201 {"iceServers": [...]}
 *   POST /v1/turn/keys/{key_id}/credentials/generate             {"ttl": 86400}  201 {"iceServers": {urls, username, credential}}
 *   POST /v1/turn/keys/{key_id}/credentials/{username}/revoke                    204
 *   POST /v1/turn/keys/{key_id}/credentials/revoke               {"username": ...} 204
 * </pre>
 */
final class TurnRoutes {

    private final TurnKeys keys;

    TurnRoutes(TurnKeys keys) {
        this.keys = keys;
    }

    void register(Router r) {
        r.add("POST", "/v1/turn/keys", Auth.ACCOUNT_KEY, req -> {
            String name = Fields.text(req.json(), "name", 256);
            TurnKeys.Created c = keys.create(name == null || name.isBlank() ? "turn-key" : name);
            ObjectNode o = Views.turnKey(c.row());
            o.put("key", c.key());
            return ApiResponse.created(o);
        });
        r.add("GET", "/v1/turn/keys", Auth.ACCOUNT_KEY, req -> {
            ArrayNode list = JsonEnvelope.JSON.createArrayNode();
            for (TurnKeyStore.Row k : keys.list()) {
                list.add(Views.turnKey(k));
            }
            return ApiResponse.ok(list);
        });
        r.add("GET", "/v1/turn/keys/{key_id}", Auth.ACCOUNT_KEY, req -> ApiResponse.ok(Views.turnKey(keys.get(req.param("key_id")))));
        r.add("PUT", "/v1/turn/keys/{key_id}", Auth.ACCOUNT_KEY, req -> ApiResponse.ok(Views.turnKey(
                keys.rename(req.param("key_id"), Fields.requiredText(req.json(), "name")))));
        r.add("DELETE", "/v1/turn/keys/{key_id}", Auth.ACCOUNT_KEY, req -> ApiResponse.ok(Views.turnKey(
                keys.delete(req.param("key_id")))));

        r.add("POST", "/v1/turn/keys/{key_id}/credentials/generate-ice-servers", Auth.TURN_KEY, req -> {
            TurnCredentialMinter.Credential c = mint(req);
            ObjectNode body = JsonEnvelope.JSON.createObjectNode();
            body.set("iceServers", keys.endpoints().iceServers(c.username(), c.credential()));
            return ApiResponse.bare(HttpResponseStatus.CREATED, body);
        });
        r.add("POST", "/v1/turn/keys/{key_id}/credentials/generate", Auth.TURN_KEY, req -> {
            TurnCredentialMinter.Credential c = mint(req);
            ArrayNode servers = keys.endpoints().iceServers(c.username(), c.credential());
            ObjectNode one = JsonEnvelope.JSON.createObjectNode();
            ArrayNode urls = one.putArray("urls");
            for (var server : servers) {
                server.get("urls").forEach(urls::add);
            }
            one.put("username", c.username());
            one.put("credential", c.credential());
            ObjectNode body = JsonEnvelope.JSON.createObjectNode();
            body.set("iceServers", one);
            return ApiResponse.bare(HttpResponseStatus.CREATED, body);
        });
        r.add("POST", "/v1/turn/keys/{key_id}/credentials/revoke", Auth.TURN_KEY, req -> {
            keys.revoke(req.param("key_id"), Fields.requiredText(req.json(), "username"));
            return ApiResponse.noContent();
        });
        r.add("POST", "/v1/turn/keys/{key_id}/credentials/{username}/revoke", Auth.TURN_KEY, req -> {
            keys.revoke(req.param("key_id"), req.param("username"));
            return ApiResponse.noContent();
        });
    }

    private TurnCredentialMinter.Credential mint(ApiRequest req) {
        long ttl = Fields.number(req.json(), "ttl", Limits.DEFAULT_TURN_CREDENTIAL_TTL.getSeconds());
        return keys.mint(req.param("key_id"), ttl);
    }
}
