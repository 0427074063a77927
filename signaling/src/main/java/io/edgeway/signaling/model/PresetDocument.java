package io.edgeway.signaling.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import java.util.Map;
import java.util.Set;

/**
 * A preset's document in RealtimeKit's shape: {@code {"config": {...}, "ui": {...}, "permissions": {...}}}.
 * {@code config} and {@code ui} are kept as given (the browser SDK reads them); {@code permissions} is
 * merged over the defaults below, and the fields Edgeway enforces are checked:
 *
 * <pre>
 *   permissions.media.{audio,video,screenshare}.can_produce   ALLOWED | NOT_ALLOWED | CAN_REQUEST   (ALLOWED)
 *   permissions.chat.public.{can_send,text,files}             booleans                (true, true, false)
 *   permissions.can_record, can_start_stop_recording,
 *              kick_participant, accept_waiting_requests       booleans                (false)
 *   permissions.waiting_room_type                              SKIP | ON_PRIVILEGED_USER_ENTRY | SKIP_ON_ACCEPT (SKIP)
 * </pre>
 *
 * CAN_REQUEST (produce after a host allows it) counts as not allowed until Edgeway has such requests.
 * Stateless; every method returns a new tree.
 */
public final class PresetDocument {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> PRODUCE = Set.of("ALLOWED", "NOT_ALLOWED", "CAN_REQUEST");
    private static final Set<String> WAITING_ROOM = Set.of("SKIP", "ON_PRIVILEGED_USER_ENTRY", "SKIP_ON_ACCEPT");
    private static final String[] MEDIA = {"audio", "video", "screenshare"};
    private static final String[] FLAGS = {"can_record", "can_start_stop_recording", "kick_participant",
        "accept_waiting_requests"};

    private PresetDocument() {
    }

    /** The document of a preset created with nothing but a name. */
    public static ObjectNode defaults() {
        ObjectNode doc = F.objectNode();
        doc.putObject("config");
        doc.putObject("ui");
        ObjectNode p = doc.putObject("permissions");
        ObjectNode media = p.putObject("media");
        for (String m : MEDIA) {
            media.putObject(m).put("can_produce", "ALLOWED");
        }
        p.putObject("chat").putObject("public").put("can_send", true).put("text", true).put("files", false);
        for (String f : FLAGS) {
            p.put(f, false);
        }
        p.put("waiting_room_type", "SKIP");
        return doc;
    }

    /**
     * {@code base} with the {@code config}, {@code ui} and {@code permissions} of {@code request} merged
     * over it (objects merge key by key, anything else replaces), then checked.
     *
     * @throws ApiException {@link ErrorCode#INVALID_REQUEST} naming the bad field
     */
    public static ObjectNode merge(ObjectNode base, JsonNode request) {
        ObjectNode doc = base.deepCopy();
        for (String section : new String[] {"config", "ui", "permissions"}) {
            JsonNode given = request.get(section);
            if (given == null || given.isNull()) {
                continue;
            }
            if (!given.isObject()) {
                throw invalid(section + " must be an object");
            }
            mergeInto((ObjectNode) doc.get(section), (ObjectNode) given);
        }
        check(doc);
        return doc;
    }

    private static void mergeInto(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> e : source.properties()) {
            JsonNode existing = target.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static void check(ObjectNode doc) {
        JsonNode p = doc.get("permissions");
        for (String m : MEDIA) {
            JsonNode v = p.path("media").path(m).get("can_produce");
            if (v == null || !v.isTextual() || !PRODUCE.contains(v.asText())) {
                throw invalid("permissions.media." + m + ".can_produce must be one of ALLOWED, NOT_ALLOWED, CAN_REQUEST");
            }
        }
        for (String f : new String[] {"can_send", "text", "files"}) {
            if (!p.path("chat").path("public").path(f).isBoolean()) {
                throw invalid("permissions.chat.public." + f + " must be true or false");
            }
        }
        for (String f : FLAGS) {
            if (!p.path(f).isBoolean()) {
                throw invalid("permissions." + f + " must be true or false");
            }
        }
        JsonNode w = p.get("waiting_room_type");
        if (w == null || !w.isTextual() || !WAITING_ROOM.contains(w.asText())) {
            throw invalid("permissions.waiting_room_type must be one of SKIP, ON_PRIVILEGED_USER_ENTRY, SKIP_ON_ACCEPT");
        }
    }

    /** The enforced permissions of a checked document. */
    public static Permissions permissions(ObjectNode doc) {
        JsonNode p = doc.get("permissions");
        JsonNode chat = p.path("chat").path("public");
        return new Permissions(
                allowed(p, "audio"), allowed(p, "video"), allowed(p, "screenshare"),
                chat.path("can_send").asBoolean() && chat.path("text").asBoolean(),
                p.path("can_record").asBoolean(), p.path("can_start_stop_recording").asBoolean(),
                p.path("kick_participant").asBoolean(),
                "SKIP".equals(p.path("waiting_room_type").asText()));
    }

    private static boolean allowed(JsonNode p, String media) {
        return "ALLOWED".equals(p.path("media").path(media).path("can_produce").asText());
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
