package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.live.LiveParticipant;
import io.edgeway.signaling.live.SessionSnapshot;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.Participant;
import io.edgeway.signaling.model.Preset;
import io.edgeway.signaling.store.TurnKeyStore;
import java.time.Instant;

/** The JSON shapes of the REST resources, in RealtimeKit's (and for TURN keys Cloudflare's) field names. */
final class Views {

    private Views() {
    }

    static String time(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    static ObjectNode meeting(Meeting m) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", m.id());
        o.put("title", m.title());
        o.put("status", m.status().name());
        o.put("record_on_start", m.recordOnStart());
        o.put("persist_chat", m.persistChat());
        o.put("live_stream_on_start", m.liveStreamOnStart());
        o.put("summarize_on_end", m.summarizeOnEnd());
        o.put("created_at", time(m.createdAt()));
        o.put("updated_at", time(m.updatedAt()));
        return o;
    }

    static ObjectNode preset(Preset p) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", p.id());
        o.put("name", p.name());
        o.set("config", p.document().get("config").deepCopy());
        o.set("ui", p.document().get("ui").deepCopy());
        o.set("permissions", p.document().get("permissions").deepCopy());
        o.put("created_at", time(p.createdAt()));
        o.put("updated_at", time(p.updatedAt()));
        return o;
    }

    static ObjectNode participant(Participant p) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", p.id());
        o.put("custom_participant_id", p.customParticipantId());
        o.put("preset_name", p.presetName());
        o.put("name", p.name());
        o.put("picture", p.picture());
        o.put("created_at", time(p.createdAt()));
        o.put("updated_at", time(p.updatedAt()));
        return o;
    }

    static ObjectNode live(LiveParticipant p) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", p.grant().participantId());
        o.put("custom_participant_id", p.grant().customParticipantId());
        o.put("preset_name", p.grant().presetName());
        o.put("name", p.grant().name());
        o.put("picture", p.grant().picture());
        o.put("joined_at", time(p.joinedAt()));
        return o;
    }

    static ObjectNode session(SessionSnapshot s) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", s.sessionId());
        o.put("associated_id", s.meetingId());
        o.put("meeting_id", s.meetingId());
        o.put("status", "LIVE");
        o.put("started_at", time(s.startedAt()));
        o.put("live_participants", s.participants().size());
        var list = o.putArray("participants");
        for (LiveParticipant p : s.participants()) {
            list.add(live(p));
        }
        return o;
    }

    static ObjectNode turnKey(TurnKeyStore.Row k) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("uid", k.id());
        o.put("name", k.name());
        o.put("created", time(k.createdAt()));
        o.put("modified", time(k.updatedAt()));
        return o;
    }
}
