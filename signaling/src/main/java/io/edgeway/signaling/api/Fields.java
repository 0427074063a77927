package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * Refuses any field of {@code body} that is not in {@code allowed}, naming it: a field Edgeway does not
     * know (a typo, or one of a newer API) is never dropped silently.
     */
    static void only(ObjectNode body, String what, Set<String> allowed) {
        for (String name : (Iterable<String>) body::fieldNames) {
            if (!allowed.contains(name)) {
                throw invalid("unknown field \"" + name + "\"; " + what + " takes " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /**
     * A documented field for a feature Edgeway lacks: absent, null or {@code false} is fine (that is what
     * happens), {@code true} is refused naming it.
     *
     * @throws ApiException {@link ErrorCode#NOT_SUPPORTED}
     */
    static void unsupportedIfTrue(ObjectNode body, String name, String feature) {
        if (bool(body, name, false)) {
            throw notSupported(name, feature);
        }
    }

    /** Like {@link #unsupportedIfTrue} for an object-valued field: anything but absent or null is refused. */
    static void unsupportedIfGiven(ObjectNode body, String name, String feature) {
        if (has(body, name)) {
            throw notSupported(name, feature);
        }
    }

    static ApiException notSupported(String name, String feature) {
        return new ApiException(ErrorCode.NOT_SUPPORTED, name + " needs " + feature + ", which Edgeway does not"
                + " have; leave it out (or false) rather than have it accepted and not done");
    }

    /** An ISO 8601 instant query parameter as Unix seconds, or null when absent. */
    static Long isoTime(ApiRequest req, String name) {
        String v = req.queryText(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(v).toEpochSecond();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
            } catch (java.time.format.DateTimeParseException e2) {
                throw invalid(name + " must be an ISO 8601 time, e.g. 2026-03-01T10:00:00Z");
            }
        }
    }

    /** A query parameter that must be one of {@code values}, or null when absent. */
    static String oneOf(ApiRequest req, String name, Set<String> values) {
        String v = req.queryText(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (!values.contains(v)) {
            throw invalid(name + " must be one of " + String.join(", ", new TreeSet<>(values)));
        }
        return v;
    }

    static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
