package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.model.Page;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Function;

/**
 * What a route answers: a status, a JSON body (null for 204 and files) and Retry-After seconds (-1 for none), or
 * a file's type and text. Most bodies are the
 * {@link JsonEnvelope}; the TURN credential routes answer Cloudflare's bare shapes. Immutable.
 */
public record ApiResponse(HttpResponseStatus status, JsonNode body, long retryAfterSeconds, String fileType,
        String file) {

    public ApiResponse(HttpResponseStatus status, JsonNode body, long retryAfterSeconds) {
        this(status, body, retryAfterSeconds, null, null);
    }

    public ApiResponse(HttpResponseStatus status, JsonNode body) {
        this(status, body, -1);
    }

    /** A 200 whose body is a file (a chat export), not JSON. */
    public static ApiResponse file(String contentType, String content) {
        return new ApiResponse(HttpResponseStatus.OK, null, -1, contentType, content);
    }

    /** The error envelope of {@code e}, with its Retry-After. */
    public static ApiResponse error(io.edgeway.signaling.http.ApiException e) {
        return new ApiResponse(e.code().status(), JsonEnvelope.error(e.code(), e.getMessage()), e.retryAfterSeconds());
    }

    public static ApiResponse ok(JsonNode data) {
        return new ApiResponse(HttpResponseStatus.OK, JsonEnvelope.success(data));
    }

    public static ApiResponse created(JsonNode data) {
        return new ApiResponse(HttpResponseStatus.CREATED, JsonEnvelope.success(data));
    }

    public static <T> ApiResponse page(Page<T> page, Function<T, JsonNode> view) {
        com.fasterxml.jackson.databind.node.ArrayNode items = JsonEnvelope.JSON.createArrayNode();
        for (T item : page.items()) {
            items.add(view.apply(item));
        }
        return new ApiResponse(HttpResponseStatus.OK, JsonEnvelope.page(items, page.start(), page.total()));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(HttpResponseStatus.NO_CONTENT, null);
    }

    /** A body sent as it is, without the envelope. */
    public static ApiResponse bare(HttpResponseStatus status, JsonNode body) {
        return new ApiResponse(status, body);
    }
}
