package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.live.ActiveSessions;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.Participant;
import io.edgeway.signaling.model.Preset;
import io.edgeway.signaling.model.PresetMessages;
import io.edgeway.signaling.store.MeetingStore;
import io.edgeway.signaling.store.ParticipantStore;
import io.edgeway.signaling.store.PresetStore;
import io.edgeway.signaling.store.StoreException;
import io.edgeway.signaling.token.ParticipantTokens;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A meeting's participants ({@code .../meetings/{meeting_id}/participants}): add (answers the participant
 * with its token), list, get, edit (answers the participant with a fresh token, as RealtimeKit does), delete
 * (answers what RealtimeKit documents, {@code preset_id} included, and kicks them if they are live), and
 * refresh the token (same id and preset). Presets are looked up by name in the meeting's app.
 */
final class ParticipantRoutes {

    private static final int MAX_CUSTOM_ID_CHARS = 256;
    private static final Set<String> ADD = Set.of("custom_participant_id", "preset_name", "name", "picture");
    private static final Set<String> EDIT = Set.of("preset_name", "name", "picture");

    private final MeetingStore meetings;
    private final PresetStore presets;
    private final ParticipantStore participants;
    private final ParticipantTokens tokens;
    private final ActiveSessions sessions;
    private final Clock clock;

    ParticipantRoutes(MeetingStore meetings, PresetStore presets, ParticipantStore participants,
            ParticipantTokens tokens, ActiveSessions sessions, Clock clock) {
        this.meetings = meetings;
        this.presets = presets;
        this.participants = participants;
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
    }

    void register(Router r) {
        String base = "/meetings/{meeting_id}/participants";
        r.app("POST", base, this::add);
        r.app("GET", base, req -> {
            req.onlyQuery(Set.of("page_no", "per_page"));
            return ApiResponse.page(participants.list(MeetingRoutes.find(meetings, req).id(), MeetingRoutes.offset(req),
                    MeetingRoutes.perPage(req)), Views::participant);
        });
        r.app("GET", base + "/{participant_id}", req -> ApiResponse.ok(Views.participant(find(req))));
        r.app("PATCH", base + "/{participant_id}", this::update);
        r.app("DELETE", base + "/{participant_id}", this::delete);
        r.app("POST", base + "/{participant_id}/token", this::refresh);
    }

    private ApiResponse add(ApiRequest req) {
        Meeting m = MeetingRoutes.find(meetings, req);
        ObjectNode body = req.json();
        Fields.only(body, "a participant", ADD);
        String custom = Fields.requiredText(body, "custom_participant_id");
        if (custom.length() > MAX_CUSTOM_ID_CHARS) {
            throw Fields.invalid("custom_participant_id may have at most " + MAX_CUSTOM_ID_CHARS + " characters");
        }
        String presetName = Fields.requiredText(body, "preset_name");
        String name = Fields.text(body, "name");
        Limits.checkParticipantName(name);
        String picture = Fields.url(body, "picture");
        requirePreset(m, presetName);
        long now = clock.epochSeconds();
        Participant p = new Participant(UUID.randomUUID().toString(), m.id(), custom, presetName, name, picture, now, now);
        try {
            participants.insert(p);
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                throw new ApiException(ErrorCode.PARTICIPANT_EXISTS, "meeting " + m.id()
                        + " already has a participant with custom_participant_id \"" + custom + "\"");
            }
            throw e;
        }
        return ApiResponse.created(withToken(p));
    }

    private ApiResponse update(ApiRequest req) {
        Meeting m = MeetingRoutes.find(meetings, req);
        Participant old = find(m, req);
        ObjectNode body = req.json();
        Fields.only(body, "a participant edit", EDIT);
        String name = Fields.has(body, "name") ? Fields.text(body, "name") : old.name();
        Limits.checkParticipantName(name);
        String picture = Fields.has(body, "picture") ? Fields.url(body, "picture") : old.picture();
        String presetName = Fields.has(body, "preset_name") ? Fields.requiredText(body, "preset_name") : old.presetName();
        if (!presetName.equals(old.presetName())) {
            requirePreset(m, presetName);
        }
        Participant p = new Participant(old.id(), old.meetingId(), old.customParticipantId(), presetName, name, picture,
                old.createdAt(), clock.epochSeconds());
        if (!participants.update(p)) {
            throw notFound(p.id());
        }
        return ApiResponse.ok(withToken(p));
    }

    private ApiResponse delete(ApiRequest req) {
        Meeting m = MeetingRoutes.find(meetings, req);
        Participant p = find(m, req);
        participants.delete(p.id());
        // A deleted participant may not stay in the meeting: its token stops verifying, and its live connection goes.
        sessions.kick(p.meetingId(), List.of(p.id()), List.of());
        ObjectNode data = Views.participant(p);
        data.put("preset_id", presets.findByName(m.appId(), p.presetName()).map(Preset::id).orElse(null));
        return ApiResponse.ok(data);
    }

    private ApiResponse refresh(ApiRequest req) {
        Participant p = find(MeetingRoutes.find(meetings, req), req);
        ParticipantTokens.Issued issued = tokens.issue(p);
        ObjectNode data = JsonEnvelope.JSON.createObjectNode();
        data.put("token", issued.token());
        data.put("expires_at", Views.time(issued.expiresAt()));
        return ApiResponse.ok(data);
    }

    /** The participant's view with a newly signed token (add and edit answer one). */
    private ObjectNode withToken(Participant p) {
        ObjectNode view = Views.participant(p);
        view.put("token", tokens.issue(p).token());
        return view;
    }

    private void requirePreset(Meeting m, String presetName) {
        if (presets.findByName(m.appId(), presetName).isEmpty()) {
            throw new ApiException(ErrorCode.PRESET_NOT_FOUND, PresetMessages.missing(presetName));
        }
    }

    private Participant find(ApiRequest req) {
        return find(MeetingRoutes.find(meetings, req), req);
    }

    private Participant find(Meeting m, ApiRequest req) {
        String id = req.param("participant_id");
        return participants.find(id).filter(p -> p.meetingId().equals(m.id())).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.PARTICIPANT_NOT_FOUND, "no participant " + id + " in this meeting");
    }
}
