package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.api.Router.Auth;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.live.ActiveSessions;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.Participant;
import io.edgeway.signaling.model.PresetMessages;
import io.edgeway.signaling.store.MeetingStore;
import io.edgeway.signaling.store.ParticipantStore;
import io.edgeway.signaling.store.PresetStore;
import io.edgeway.signaling.store.StoreException;
import io.edgeway.signaling.token.ParticipantTokens;
import java.util.List;
import java.util.UUID;

/**
 * {@code /v1/meetings/{meeting_id}/participants}: add (returns the participant's token), list, get,
 * update, delete (which also kicks them if they are live), and refresh the token (same id and preset).
 */
final class ParticipantRoutes {

    private static final int MAX_CUSTOM_ID_CHARS = 256;

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
        String base = "/v1/meetings/{meeting_id}/participants";
        r.add("POST", base, Auth.API_KEY, this::add);
        r.add("GET", base, Auth.API_KEY, req -> ApiResponse.page(participants.list(meeting(req).id(),
                MeetingRoutes.offset(req), MeetingRoutes.perPage(req)), Views::participant));
        r.add("GET", base + "/{participant_id}", Auth.API_KEY, req -> ApiResponse.ok(Views.participant(find(req))));
        r.add("PATCH", base + "/{participant_id}", Auth.API_KEY, this::update);
        r.add("DELETE", base + "/{participant_id}", Auth.API_KEY, this::delete);
        r.add("POST", base + "/{participant_id}/token", Auth.API_KEY, this::refresh);
    }

    private ApiResponse add(ApiRequest req) {
        Meeting m = meeting(req);
        ObjectNode body = req.json();
        String custom = Fields.requiredText(body, "custom_participant_id");
        if (custom.length() > MAX_CUSTOM_ID_CHARS) {
            throw Fields.invalid("custom_participant_id may have at most " + MAX_CUSTOM_ID_CHARS + " characters");
        }
        String presetName = Fields.requiredText(body, "preset_name");
        String name = Fields.text(body, "name");
        Limits.checkParticipantName(name);
        String picture = Fields.url(body, "picture");
        requirePreset(presetName);
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
        ObjectNode view = Views.participant(p);
        view.put("token", tokens.issue(p).token());
        return ApiResponse.created(view);
    }

    private ApiResponse update(ApiRequest req) {
        Participant old = find(req);
        ObjectNode body = req.json();
        String name = Fields.has(body, "name") ? Fields.text(body, "name") : old.name();
        Limits.checkParticipantName(name);
        String picture = Fields.has(body, "picture") ? Fields.url(body, "picture") : old.picture();
        String presetName = Fields.has(body, "preset_name") ? Fields.requiredText(body, "preset_name") : old.presetName();
        if (!presetName.equals(old.presetName())) {
            requirePreset(presetName);
        }
        Participant p = new Participant(old.id(), old.meetingId(), old.customParticipantId(), presetName, name, picture,
                old.createdAt(), clock.epochSeconds());
        if (!participants.update(p)) {
            throw notFound(p.id());
        }
        return ApiResponse.ok(Views.participant(p));
    }

    private ApiResponse delete(ApiRequest req) {
        Participant p = find(req);
        participants.delete(p.id());
        // A deleted participant may not stay in the meeting: its token stops verifying, and its live connection goes.
        sessions.kick(p.meetingId(), List.of(p.id()), List.of());
        return ApiResponse.ok(Views.participant(p));
    }

    private ApiResponse refresh(ApiRequest req) {
        Participant p = find(req);
        ParticipantTokens.Issued issued = tokens.issue(p);
        ObjectNode data = JsonEnvelope.JSON.createObjectNode();
        data.put("token", issued.token());
        data.put("expires_at", Views.time(issued.expiresAt()));
        return ApiResponse.ok(data);
    }

    private void requirePreset(String presetName) {
        if (presets.findByName(presetName).isEmpty()) {
            throw new ApiException(ErrorCode.PRESET_NOT_FOUND, PresetMessages.missing(presetName));
        }
    }

    private Meeting meeting(ApiRequest req) {
        String id = req.param("meeting_id");
        return meetings.find(id).orElseThrow(() -> MeetingRoutes.notFound(id));
    }

    private Participant find(ApiRequest req) {
        Meeting m = meeting(req);
        String id = req.param("participant_id");
        return participants.find(id).filter(p -> p.meetingId().equals(m.id())).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.PARTICIPANT_NOT_FOUND, "no participant " + id + " in this meeting");
    }
}
