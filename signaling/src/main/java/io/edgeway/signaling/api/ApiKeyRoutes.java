package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.api.Router.Auth;
import io.edgeway.signaling.auth.ApiKeys;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.store.ApiKeyStore;
import io.edgeway.signaling.store.AppStore;
import java.util.Set;

/**
 * {@code /v1/api-keys}: create (the secret is in the response, once; {@code app_id} limits the key to one
 * app), list (ids, names and apps only), delete. Rotation is create, switch the servers over, delete the old
 * key. Account-wide: only a key limited to no app may manage keys.
 */
final class ApiKeyRoutes {

    private final ApiKeys keys;
    private final AppStore apps;

    ApiKeyRoutes(ApiKeys keys, AppStore apps) {
        this.keys = keys;
        this.apps = apps;
    }

    void register(Router r) {
        r.add("POST", "/v1/api-keys", Auth.ACCOUNT_KEY, req -> {
            var body = req.json();
            Fields.only(body, "an API key", Set.of("name", "app_id"));
            String name = Fields.text(body, "name", 256);
            String appId = Fields.text(body, "app_id", 64);
            if (appId != null && apps.find(appId).isEmpty()) {
                throw new ApiException(ErrorCode.APP_NOT_FOUND,
                        "no app " + appId);
            }
            ApiKeys.Created c = keys.create(name == null || name.isBlank() ? "unnamed" : name, appId);
            ObjectNode o = JsonEnvelope.JSON.createObjectNode();
            o.put("id", c.id());
            o.put("name", c.name());
            o.put("key", c.key());
            o.put("app_id", c.appId());
            o.put("created_at", Views.time(c.createdAt()));
            return ApiResponse.created(o);
        });
        r.add("GET", "/v1/api-keys", Auth.ACCOUNT_KEY, req -> {
            ArrayNode list = JsonEnvelope.JSON.createArrayNode();
            for (String id : keys.configuredIds()) {
                list.addObject().put("id", id).put("name", "api-key (configuration)").put("source", "config");
            }
            for (ApiKeyStore.Row k : keys.list()) {
                list.addObject().put("id", k.id()).put("name", k.name()).put("source", "database")
                        .put("app_id", k.appId()).put("created_at", Views.time(k.createdAt()));
            }
            return ApiResponse.ok(list);
        });
        r.add("DELETE", "/v1/api-keys/{key_id}", Auth.ACCOUNT_KEY, req -> {
            keys.delete(req.param("key_id"));
            return ApiResponse.ok(JsonEnvelope.JSON.createObjectNode().put("id", req.param("key_id")));
        });
    }
}
