package io.edgeway.signaling.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One REST request, copied off the Netty request so that it can be handled on another thread after the
 * original buffer is released. Immutable.
 *
 * @param pathParams  values of the route's {@code {name}} segments, URL-decoded
 * @param query       query parameters, URL-decoded
 * @param authorization the Authorization header, or null
 * @param credential  who authenticated: an API key id or a TURN key id (set once authenticated)
 * @param appId       the app an app-scoped route acts on (the path's {@code app_id}, or the default app for the
 *                    {@code /v1/} short form), checked to exist and to be open to the key; null on other routes
 * @param origin      {@code scheme://host[:port]} as the client addressed the server (its Host header), for links
 *                    the API hands out; null when unknown
 */
public record ApiRequest(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query,
        String authorization, byte[] body, String credential, String appId, String origin) {

    ApiRequest authenticated(String id, String app) {
        return new ApiRequest(method, path, pathParams, query, authorization, body, id, app, origin);
    }

    public String param(String name) {
        return pathParams.get(name);
    }

    /** The body as a JSON object; an empty body is an empty object. */
    public ObjectNode json() {
        if (body.length == 0) {
            return JsonEnvelope.JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JsonEnvelope.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, "the body could not be read as JSON");
        }
        if (node == null || node.isMissingNode()) {
            return JsonEnvelope.JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ApiException(ErrorCode.INVALID_JSON, "the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The last value of a query parameter, or null when absent. */
    public String queryText(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /**
     * Refuses query parameters other than {@code allowed}, naming the first one: a filter Edgeway does not
     * know is never silently ignored.
     *
     * @throws ApiException {@link ErrorCode#INVALID_REQUEST}
     */
    public void onlyQuery(java.util.Set<String> allowed) {
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "unknown query parameter \"" + name + "\"; this route takes "
                        + (allowed.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        }
    }

    /** A whole-number query parameter within [min, max], or {@code fallback} when absent. */
    public int queryInt(String name, int fallback, int min, int max) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(values.get(values.size() - 1));
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, name + " must be a whole number from " + min + " to " + max);
        }
    }
}
