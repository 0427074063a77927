package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.api.Router.Auth;
import io.edgeway.signaling.auth.ApiKeys;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.store.ApiKeyStore;

/**
 * {@code /v1/api-keys}: create (the secret is in the response, once), list (ids and names only), delete.
 * Rotation is create, switch the servers over, delete the old key.
 */
final class ApiKeyRoutes {

    private final ApiKeys keys;

    ApiKeyRoutes(ApiKeys keys) {
        this.keys = keys;
    }

    void register(Router r) {
        r.add("POST", "/v1/api-keys", Auth.API_KEY, req -> {
            String name = Fields.text(req.json(), "name", 256);
            ApiKeys.Created c = keys.create(name == null || name.isBlank() ? "unnamed" : name);
            ObjectNode o = JsonEnvelope.JSON.createObjectNode();
            o.put("id", c.id());
            o.put("name", c.name());
            o.put("key", c.key());
            o.put("created_at", Views.time(c.createdAt()));
            return ApiResponse.created(o);
        });
        r.add("GET", "/v1/api-keys", Auth.API_KEY, req -> {
            ArrayNode list = JsonEnvelope.JSON.createArrayNode();
            for (String id : keys.configuredIds()) {
                list.addObject().put("id", id).put("name", "api-key (configuration)").put("source", "config");
            }
            for (ApiKeyStore.Row k : keys.list()) {
                list.addObject().put("id", k.id()).put("name", k.name()).put("source", "database")
                        .put("created_at", Views.time(k.createdAt()));
            }
            return ApiResponse.ok(list);
        });
        r.add("DELETE", "/v1/api-keys/{key_id}", Auth.API_KEY, req -> {
            keys.delete(req.param("key_id"));
            return ApiResponse.ok(JsonEnvelope.JSON.createObjectNode().put("id", req.param("key_id")));
        });
    }
}
