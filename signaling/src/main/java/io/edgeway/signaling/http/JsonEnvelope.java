package io.edgeway.signaling.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON envelope of the whole HTTP surface (RealtimeKit's):
 *
 * <pre>
 *   {"success": true,  "data": ...}                                   a result
 *   {"success": true,  "data": [...], "paging": {"start_offset": 1, "end_offset": 20, "total_count": 57}}
 *   {"success": false, "errors": [{"code": "meeting_not_found", "message": "..."}]}
 * </pre>
 *
 * Paging offsets are the 1-based positions, in the whole list, of the first and last item on the page;
 * both are 0 when the page is empty. Stateless and thread-safe.
 */
public final class JsonEnvelope {

    /**
     * Shared, configured once; ObjectMapper is thread-safe once configured. A body is one JSON value:
     * anything after it ({@code {"title":"a"}garbage}) is refused, not silently ignored.
     */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonEnvelope() {
    }

    public static ObjectNode success(JsonNode data) {
        ObjectNode root = JSON.createObjectNode();
        root.put("success", true);
        root.set("data", data);
        return root;
    }

    /** A page of a list: {@code start} is the 0-based index of the page's first item in the whole list. */
    public static ObjectNode page(ArrayNode items, long start, long total) {
        ObjectNode root = success(items);
        ObjectNode paging = root.putObject("paging");
        paging.put("start_offset", items.isEmpty() ? 0 : start + 1);
        paging.put("end_offset", items.isEmpty() ? 0 : start + items.size());
        paging.put("total_count", total);
        return root;
    }

    public static ObjectNode error(ErrorCode code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("success", false);
        ObjectNode error = root.putArray("errors").addObject();
        error.put("code", code.code());
        error.put("message", message == null ? code.status().reasonPhrase() : message);
        return root;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
