package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Reads fields of a JSON request body, refusing wrong types with {@link ErrorCode#INVALID_REQUEST}. */
final class Fields {

    private Fields() {
    }

    static boolean has(ObjectNode body, String name) {
        return body.has(name) && !body.get(name).isNull();
    }

    /** A string field, or null when absent or null. */
    static String text(ObjectNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(name + " must be a string");
        }
        return v.asText();
    }

    static String requiredText(ObjectNode body, String name) {
        String v = text(body, name);
        if (v == null || v.isBlank()) {
            throw invalid(name + " is required");
        }
        return v;
    }

    /** A string field of at most {@code max} characters (a plain size check, not a documented limit). */
    static String text(ObjectNode body, String name, int max) {
        String v = text(body, name);
        if (v != null && v.length() > max) {
            throw invalid(name + " may have at most " + max + " characters");
        }
        return v;
    }

    static boolean bool(ObjectNode body, String name, boolean fallback) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw invalid(name + " must be true or false");
        }
        return v.asBoolean();
    }

    /** A whole number, or {@code fallback} when absent. */
    static long number(ObjectNode body, String name, long fallback) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(name + " must be a whole number");
        }
        return v.asLong();
    }

    static List<String> strings(ObjectNode body, String name) {
        JsonNode v = body.get(name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw invalid(name + " must be an array of strings");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw invalid(name + " must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** An http(s) URL of at most 2048 characters, or null. */
    static String url(ObjectNode body, String name) {
        String v = text(body, name, 2048);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw invalid(name + " must be an http or https URL");
            }
        } catch (URISyntaxException e) {
            throw invalid(name + " must be an http or https URL");
        }
        return v;
    }

    static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
