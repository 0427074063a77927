package io.edgeway.signaling.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A preset's document in RealtimeKit's shape, {@code {"config": {...}, "ui": {...}, "permissions": {...}}},
 * with every field RealtimeKit documents filled in. A request's documents are merged over the defaults (or
 * over the stored preset: objects merge key by key, anything else replaces), then every permission is checked
 * against what Edgeway enforces:
 *
 * <ul>
 *   <li><b>enforced</b>: {@code media.{audio,video,screenshare}.can_produce} (ALLOWED or NOT_ALLOWED),
 *       {@code chat.public.can_send} and {@code text}, {@code kick_participant}, {@code can_record} (a recording
 *       is then refused for want of a recorder, {@code recording_unavailable}), Edgeway's
 *       {@code can_start_stop_recording}, {@code waiting_room_type} (all three) and {@code accept_waiting_requests},
 *       {@code chat.private.can_send}, {@code can_receive} and {@code text}, {@code pin_participant},
 *       {@code disable_participant_audio} and {@code _video}, {@code hidden_participant},
 *       {@code polls.can_create}, {@code can_vote} and {@code can_view};</li>
 *   <li><b>refused unless at the value Edgeway enforces</b>, with {@link ErrorCode#NOT_SUPPORTED} naming the
 *       field: everything else in the table below (file messages, stopping others' screen shares,
 *       plugins, stage, livestreaming,
 *       spotlight, connected meetings, production requests ({@code CAN_REQUEST}), display-name edits,
 *       permission changes, recorder peers, transcription, a hidden participant list). A setting is never
 *       accepted and then ignored.</li>
 * </ul>
 * A permission Edgeway does not know is refused by name ({@link ErrorCode#INVALID_REQUEST}). {@code config}
 * and {@code ui} are data for the client's user interface (grid size, capture quality, theme), kept as given
 * and handed out with the preset, as RealtimeKit's UI kit reads them; of {@code config} the server checks
 * {@code view_type} (only GROUP_CALL: no webinar stage, audio room or livestream) and
 * {@code livestream_viewer_qualities} (none).
 *
 * <p>Stateless; every method returns a new tree.
 */
public final class PresetDocument {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> PRODUCE = Set.of("ALLOWED", "NOT_ALLOWED");
    private static final String[] MEDIA = {"audio", "video", "screenshare"};

    /** How a permission is checked. */
    private enum Kind {
        /** Any boolean: Edgeway enforces both values. */
        BOOLEAN,
        /** A boolean that must stay at its default: the other value needs a feature Edgeway lacks. */
        FIXED_BOOLEAN,
        /** A string, any of its documented values: Edgeway enforces them all. */
        TEXT,
        /** A string that must stay at its default. */
        FIXED_TEXT,
        /** An object that must stay empty. */
        EMPTY_OBJECT
    }

    /** One permission: its dotted path under {@code permissions}, its default, how it is checked and why. */
    private record Rule(String path, JsonNode fallback, Kind kind, String missing) {
    }

    /** Every documented permission but media and waiting room type, which have their own checks. */
    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        rule("accept_waiting_requests", false, Kind.BOOLEAN, null);
        rule("can_accept_production_requests", false, Kind.FIXED_BOOLEAN, "production requests (CAN_REQUEST)");
        rule("can_change_participant_permissions", false, Kind.FIXED_BOOLEAN, "changing permissions during a session");
        rule("can_edit_display_name", false, Kind.FIXED_BOOLEAN, "editing display names during a session");
        rule("can_livestream", false, Kind.FIXED_BOOLEAN, "livestreaming");
        rule("can_record", false, Kind.BOOLEAN, null);
        rule("can_start_stop_recording", false, Kind.BOOLEAN, null);
        rule("can_spotlight", false, Kind.FIXED_BOOLEAN, "spotlight");
        rule("chat.public.can_send", true, Kind.BOOLEAN, null);
        rule("chat.public.text", true, Kind.BOOLEAN, null);
        rule("chat.public.files", false, Kind.FIXED_BOOLEAN, "file messages in chat");
        rule("chat.private.can_send", false, Kind.BOOLEAN, null);
        rule("chat.private.can_receive", false, Kind.BOOLEAN, null);
        rule("chat.private.text", false, Kind.BOOLEAN, null);
        rule("chat.private.files", false, Kind.FIXED_BOOLEAN, "file messages in chat");
        rule("connected_meetings.can_alter_connected_meetings", false, Kind.FIXED_BOOLEAN, "connected meetings (breakout rooms)");
        rule("connected_meetings.can_switch_connected_meetings", false, Kind.FIXED_BOOLEAN, "connected meetings (breakout rooms)");
        rule("connected_meetings.can_switch_to_parent_meeting", false, Kind.FIXED_BOOLEAN, "connected meetings (breakout rooms)");
        rule("disable_participant_audio", false, Kind.BOOLEAN, null);
        rule("disable_participant_screensharing", false, Kind.FIXED_BOOLEAN, "a host stopping others' screen shares");
        rule("disable_participant_video", false, Kind.BOOLEAN, null);
        rule("hidden_participant", false, Kind.BOOLEAN, null);
        rule("kick_participant", false, Kind.BOOLEAN, null);
        rule("pin_participant", false, Kind.BOOLEAN, null);
        rule("plugins.can_close", false, Kind.FIXED_BOOLEAN, "plugins");
        rule("plugins.can_edit_config", false, Kind.FIXED_BOOLEAN, "plugins");
        rule("plugins.can_start", false, Kind.FIXED_BOOLEAN, "plugins");
        RULES.put("plugins.config", new Rule("plugins.config", F.objectNode(), Kind.EMPTY_OBJECT, "plugins"));
        rule("polls.can_create", false, Kind.BOOLEAN, null);
        rule("polls.can_view", false, Kind.BOOLEAN, null);
        rule("polls.can_vote", false, Kind.BOOLEAN, null);
        RULES.put("recorder_type", new Rule("recorder_type", F.textNode("NONE"), Kind.FIXED_TEXT, "recorder peers"));
        rule("show_participant_list", true, Kind.FIXED_BOOLEAN, "hiding the participant list");
        rule("accept_stage_requests", false, Kind.FIXED_BOOLEAN, "the webinar stage");
        rule("is_recorder", false, Kind.FIXED_BOOLEAN, "recorder peers");
        RULES.put("stage_access", new Rule("stage_access", F.textNode("ALLOWED"), Kind.FIXED_TEXT, "the webinar stage"));
        rule("stage_enabled", false, Kind.FIXED_BOOLEAN, "the webinar stage");
        rule("transcription_enabled", false, Kind.FIXED_BOOLEAN, "transcription");
        RULES.put("waiting_room_type", new Rule("waiting_room_type", F.textNode("SKIP"), Kind.TEXT, null));
    }

    /** The values RealtimeKit documents for the text permissions (others are malformed, not unsupported). */
    private static final Map<String, Set<String>> DOCUMENTED_TEXT = Map.of(
            "recorder_type", Set.of("RECORDER", "LIVESTREAMER", "NONE"),
            "stage_access", Set.of("ALLOWED", "NOT_ALLOWED", "CAN_REQUEST"),
            "waiting_room_type", Set.of("SKIP", "ON_PRIVILEGED_USER_ENTRY", "SKIP_ON_ACCEPT"));

    private static void rule(String path, boolean fallback, Kind kind, String missing) {
        RULES.put(path, new Rule(path, F.booleanNode(fallback), kind, missing));
    }

    /** The permissions' top-level keys (documented, plus Edgeway's can_start_stop_recording), for unknown-key checks. */
    private static final Set<String> PERMISSION_KEYS;

    static {
        Set<String> keys = new java.util.HashSet<>();
        keys.add("media");
        for (String path : RULES.keySet()) {
            keys.add(path.split("\\.")[0]);
        }
        PERMISSION_KEYS = Set.copyOf(keys);
    }

    private PresetDocument() {
    }

    /** The document of a preset created with nothing but a name: every documented field, at Edgeway's values. */
    public static ObjectNode defaults() {
        ObjectNode doc = F.objectNode();
        ObjectNode config = doc.putObject("config");
        config.put("view_type", "GROUP_CALL");
        config.put("max_screenshare_count", 1);
        config.putObject("max_video_streams").put("desktop", 25).put("mobile", 6);
        ObjectNode media = config.putObject("media");
        media.putObject("video").put("quality", "vga").put("frame_rate", 30).put("simulcast", false);
        media.putObject("screenshare").put("quality", "hd").put("frame_rate", 5);
        media.putObject("audio").put("enable_high_bitrate", false).put("enable_stereo", false);
        config.putNull("livestream_viewer_qualities");
        ObjectNode tokens = doc.putObject("ui").putObject("design_tokens");
        tokens.put("border_radius", "rounded").put("border_width", "thin").put("spacing_base", 4).put("theme", "dark");
        ObjectNode colors = tokens.putObject("colors");
        colors.putObject("brand").put("300", "#844d1c").put("400", "#9d5b22").put("500", "#b56927")
                .put("600", "#d37c30").put("700", "#d9904f");
        colors.putObject("background").put("600", "#222222").put("700", "#1f1f1f").put("800", "#1b1b1b")
                .put("900", "#181818").put("1000", "#141414");
        colors.put("danger", "#FF2D2D").put("text", "#EEEEEE").put("text_on_brand", "#EEEEEE").put("success", "#62A504")
                .put("video_bg", "#191919").put("warning", "#FFCD07");
        ObjectNode p = doc.putObject("permissions");
        ObjectNode produce = p.putObject("media");
        for (String m : MEDIA) {
            produce.putObject(m).put("can_produce", "ALLOWED");
        }
        for (Rule r : RULES.values()) {
            put(p, r.path(), r.fallback().deepCopy());
        }
        return doc;
    }

    /**
     * {@code base} with the {@code config}, {@code ui} and {@code permissions} of {@code request} merged
     * over it (objects merge key by key, anything else replaces), then checked.
     *
     * @throws ApiException {@link ErrorCode#INVALID_REQUEST} naming a malformed or unknown field,
     *     {@link ErrorCode#NOT_SUPPORTED} naming a setting Edgeway cannot enforce
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
        for (String key : names(p)) {
            if (!PERMISSION_KEYS.contains(key)) {
                throw invalid("unknown permission \"permissions." + key + "\"");
            }
        }
        for (String m : MEDIA) {
            JsonNode v = p.path("media").path(m).get("can_produce");
            if (v != null && "CAN_REQUEST".equals(v.asText())) {
                throw notSupported("permissions.media." + m + ".can_produce", "CAN_REQUEST",
                        "production requests (a host granting media on request)", "ALLOWED or NOT_ALLOWED");
            }
            if (v == null || !v.isTextual() || !PRODUCE.contains(v.asText())) {
                throw invalid("permissions.media." + m + ".can_produce must be ALLOWED or NOT_ALLOWED");
            }
        }
        for (Rule r : RULES.values()) {
            JsonNode v = at(p, r.path());
            String name = "permissions." + r.path();
            switch (r.kind()) {
                case BOOLEAN:
                    if (v == null || !v.isBoolean()) {
                        throw invalid(name + " must be true or false");
                    }
                    break;
                case FIXED_BOOLEAN:
                    if (v == null || !v.isBoolean()) {
                        throw invalid(name + " must be true or false");
                    }
                    if (v.asBoolean() != r.fallback().asBoolean()) {
                        throw notSupported(name, v.toString(), r.missing(), r.fallback().toString());
                    }
                    break;
                case TEXT:
                case FIXED_TEXT:
                    if (v == null || !v.isTextual() || !DOCUMENTED_TEXT.get(r.path()).contains(v.asText())) {
                        throw invalid(name + " must be one of " + String.join(", ",
                                new java.util.TreeSet<>(DOCUMENTED_TEXT.get(r.path()))));
                    }
                    if (r.kind() == Kind.FIXED_TEXT && !v.asText().equals(r.fallback().asText())) {
                        throw notSupported(name, v.toString(), r.missing(), r.fallback().toString());
                    }
                    break;
                case EMPTY_OBJECT:
                    if (v == null || !v.isObject()) {
                        throw invalid(name + " must be an object");
                    }
                    if (!v.isEmpty()) {
                        throw notSupported(name, "entries", r.missing(), "{}");
                    }
                    break;
                default:
                    throw new IllegalStateException(r.kind().name());
            }
        }
        JsonNode config = doc.get("config");
        JsonNode view = config.get("view_type");
        if (view == null || !view.isTextual()) {
            throw invalid("config.view_type must be a string");
        }
        if (!"GROUP_CALL".equals(view.asText())) {
            throw notSupported("config.view_type", view.toString(), "webinars, audio rooms and livestreams",
                    "\"GROUP_CALL\"");
        }
        JsonNode qualities = config.get("livestream_viewer_qualities");
        if (qualities != null && !qualities.isNull() && !(qualities.isArray() && qualities.isEmpty())) {
            throw notSupported("config.livestream_viewer_qualities", "entries", "livestreaming", "null");
        }
    }

    /** The enforced permissions of a checked document. */
    public static Permissions permissions(ObjectNode doc) {
        JsonNode p = doc.get("permissions");
        JsonNode chat = p.path("chat").path("public");
        JsonNode direct = p.path("chat").path("private");
        JsonNode polls = p.path("polls");
        return new Permissions(
                allowed(p, "audio"), allowed(p, "video"), allowed(p, "screenshare"),
                chat.path("can_send").asBoolean() && chat.path("text").asBoolean(),
                p.path("can_record").asBoolean(), p.path("can_start_stop_recording").asBoolean(),
                p.path("kick_participant").asBoolean(),
                Permissions.WaitingRoom.valueOf(p.path("waiting_room_type").asText("SKIP")),
                p.path("accept_waiting_requests").asBoolean(),
                direct.path("can_send").asBoolean() && direct.path("text").asBoolean(),
                direct.path("can_receive").asBoolean(),
                p.path("pin_participant").asBoolean(),
                p.path("disable_participant_audio").asBoolean(), p.path("disable_participant_video").asBoolean(),
                p.path("hidden_participant").asBoolean(),
                polls.path("can_create").asBoolean(), polls.path("can_vote").asBoolean(), polls.path("can_view").asBoolean());
    }

    private static boolean allowed(JsonNode p, String media) {
        return "ALLOWED".equals(p.path("media").path(media).path("can_produce").asText());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode at(JsonNode root, String dotted) {
        JsonNode n = root;
        for (String part : dotted.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    private static void put(ObjectNode root, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode n = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = n.get(parts[i]);
            n = next instanceof ObjectNode o ? o : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], value);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }

    private static ApiException notSupported(String field, String value, String feature, String supported) {
        return new ApiException(ErrorCode.NOT_SUPPORTED, field + " = " + value + " needs " + feature
                + ", which Edgeway does not have yet; it would be accepted and not enforced, so it is refused"
                + " (use " + supported + ")");
    }
}
