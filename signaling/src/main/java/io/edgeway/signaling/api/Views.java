package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.live.LiveParticipant;
import io.edgeway.signaling.live.SessionSnapshot;
import io.edgeway.signaling.model.App;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.Participant;
import io.edgeway.signaling.model.Preset;
import io.edgeway.signaling.model.Webhook;
import io.edgeway.signaling.model.WebhookDelivery;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edgeway.signaling.store.TurnKeyStore;
import java.time.Instant;

/**
 * The JSON shapes of the REST resources, field by field as RealtimeKit documents them (Cloudflare's API
 * reference and the {@code cloudflare} SDK's type definitions; for TURN keys Cloudflare Realtime TURN's).
 * Settings Edgeway refuses when asked for ({@code record_on_start}, {@code live_stream_on_start},
 * {@code summarize_on_end}, {@code transcribe_on_end}) always read false.
 */
final class Views {

    private Views() {
    }

    static String time(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    static ObjectNode app(App a) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", a.id());
        o.put("name", a.name());
        o.put("created_at", time(a.createdAt()));
        return o;
    }

    static ObjectNode meeting(Meeting m) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", m.id());
        o.put("title", m.title());
        o.put("status", m.status().name());
        o.put("record_on_start", false);
        o.put("persist_chat", m.persistChat());
        o.put("live_stream_on_start", false);
        o.put("summarize_on_end", false);
        o.put("transcribe_on_end", false);
        o.put("session_keep_alive_time_in_secs", m.sessionKeepAliveSecs());
        o.put("created_at", time(m.createdAt()));
        o.put("updated_at", time(m.updatedAt()));
        return o;
    }

    static ObjectNode preset(Preset p) {
        ObjectNode o = presetSummary(p);
        o.set("config", p.document().get("config").deepCopy());
        o.set("ui", p.document().get("ui").deepCopy());
        o.set("permissions", p.document().get("permissions").deepCopy());
        return o;
    }

    /** A preset as the list route documents it: id, name and times. */
    static ObjectNode presetSummary(Preset p) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", p.id());
        o.put("name", p.name());
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

    /**
     * A participant of the live session (the kick answer's shape): the participant's own fields, with its
     * record's times when it still has one (a participant deleted while live has none: its join time then).
     */
    static ObjectNode live(LiveParticipant p, Participant record) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", p.grant().participantId());
        o.put("custom_participant_id", p.grant().customParticipantId());
        o.put("preset_name", p.grant().presetName());
        o.put("name", p.grant().name());
        o.put("picture", p.grant().picture());
        o.put("created_at", time(record != null ? record.createdAt() : p.joinedAt()));
        o.put("updated_at", time(record != null ? record.updatedAt() : p.joinedAt()));
        o.put("joined_at", time(p.joinedAt()));
        return o;
    }

    /** The active session, every documented field ({@code ended_at} only once ended: never here). */
    static ObjectNode session(SessionSnapshot s, long now) {
        return session(s.sessionId(), s.meetingId(), s.meetingTitle(), s.appId(), true, s.participants().size(),
                s.maxConcurrent(), s.participantSeconds(), s.startedAt(), now, 0);
    }

    /**
     * A session, every documented field: the active one and those of the history have one shape.
     *
     * @param endedAt Unix seconds, or 0 while live ({@code ended_at} is then left out)
     */
    static ObjectNode session(String id, String meetingId, String title, String appId, boolean live, int liveParticipants,
            int maxConcurrent, long participantSeconds, long startedAt, long updatedAt, long endedAt) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", id);
        o.put("associated_id", meetingId);
        o.put("meeting_display_name", title);
        o.put("organization_id", appId);
        o.put("type", "meeting");
        o.put("status", live ? "LIVE" : "ENDED");
        o.put("live_participants", liveParticipants);
        o.put("max_concurrent_participants", maxConcurrent);
        o.put("minutes_consumed", minutes(participantSeconds));
        o.put("started_at", time(startedAt));
        o.put("created_at", time(startedAt));
        o.put("updated_at", time(updatedAt));
        if (!live) {
            o.put("ended_at", time(endedAt));
        }
        o.putArray("breakout_rooms");
        return o;
    }

    /** Participant-seconds as RealtimeKit's {@code minutes_consumed}: minutes, two decimals. */
    static double minutes(long seconds) {
        return Math.round(seconds * 100.0 / 60.0) / 100.0;
    }

    static ObjectNode turnKey(TurnKeyStore.Row k) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("uid", k.id());
        o.put("name", k.name());
        o.put("created", time(k.createdAt()));
        o.put("modified", time(k.updatedAt()));
        return o;
    }

    /** RealtimeKit's webhook shape. */
    static ObjectNode webhook(Webhook w) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", w.id());
        o.put("name", w.name());
        o.put("url", w.url());
        ArrayNode events = o.putArray("events");
        w.events().forEach(events::add);
        o.put("enabled", w.enabled());
        o.put("created_at", Views.time(w.createdAt()));
        o.put("updated_at", Views.time(w.updatedAt()));
        return o;
    }

    /** One row of the delivery log (Edgeway's own shape). */
    static ObjectNode webhookDelivery(WebhookDelivery d) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", d.id());
        o.put("event_id", d.eventId());
        o.put("event", d.event());
        o.put("state", d.state().name());
        o.put("attempts", d.attempts());
        o.put("created_at", Views.time(d.createdAt()));
        if (d.lastAttemptAt() > 0) {
            o.put("last_attempt_at", Views.time(d.lastAttemptAt()));
        } else {
            o.putNull("last_attempt_at");
        }
        if (d.state() == WebhookDelivery.State.PENDING) {
            o.put("next_attempt_at", Views.time(d.nextAttemptAt()));
        } else {
            o.putNull("next_attempt_at");
        }
        if (d.lastStatus() > 0) {
            o.put("last_status", d.lastStatus());
        } else {
            o.putNull("last_status");
        }
        o.put("last_error", d.lastError());
        if (d.finishedAt() > 0) {
            o.put("finished_at", Views.time(d.finishedAt()));
        } else {
            o.putNull("finished_at");
        }
        return o;
    }

    /** A poll as the REST API documents it (the active session's poll). */
    static ObjectNode poll(io.edgeway.signaling.model.Poll p) {
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", p.id());
        o.put("question", p.question());
        ArrayNode options = o.putArray("options");
        for (io.edgeway.signaling.model.Poll.Option opt : p.options()) {
            ObjectNode option = options.addObject().put("text", opt.text()).put("count", opt.count());
            ArrayNode votes = option.putArray("votes");
            opt.votes().forEach(v -> votes.addObject().put("id", v.id()).put("name", v.name()));
        }
        o.put("anonymous", p.anonymous());
        o.put("hide_votes", p.hideVotes());
        if (p.createdBy() != null) {
            o.put("created_by", p.createdBy());
        }
        ArrayNode voted = o.putArray("voted");
        p.voted().forEach(voted::add);
        return o;
    }
}
