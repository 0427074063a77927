package io.edgeway.signaling.webhook;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.chat.ChatExports;
import io.edgeway.signaling.chat.ChatService;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.live.SessionEventWriter;
import io.edgeway.signaling.live.SessionEvents;
import io.edgeway.signaling.model.App;
import io.edgeway.signaling.model.Webhook;
import io.edgeway.signaling.model.WebhookDelivery;
import io.edgeway.signaling.store.AppStore;
import io.edgeway.signaling.store.WebhookDeliveryStore;
import io.edgeway.signaling.store.WebhookStore;
import io.edgeway.signaling.token.TokenGrant;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the live sessions' events into webhook deliveries: for each event, one PENDING row per enabled webhook
 * of the session's app that subscribes to it, written to the outbox ({@link WebhookDeliveryStore}) in the order
 * the events happened, then the {@link WebhookDispatcher} is woken. The rows are the durable part: once written
 * they are delivered at least once, whatever restarts come between. A session that ended with chat also gets
 * {@code meeting.chatSynced}, after {@code meeting.ended}, with an expiring link to its chat export.
 *
 * <p>Threading: {@code LiveSessions} reports under its lock, so each event is handed to the
 * {@link SessionEventWriter} (the session history's thread), and all the work, database included, happens
 * there; the sessions it knows of live in a map confined to that thread. An event whose write fails is logged
 * and lost (as the history's is).
 */
public final class WebhookOutbox implements SessionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutbox.class);

    private final WebhookStore webhooks;
    private final WebhookDeliveryStore deliveries;
    private final AppStore apps;
    private final ChatService chat;
    private final ChatExports exports;
    private final Supplier<String> publicUrl;
    private final Clock clock;
    private final SessionEventWriter writer;
    private final Runnable wake;
    /** Live sessions by id; only on the writer thread. */
    private final Map<String, WebhookPayloads.SessionInfo> sessions = new HashMap<>();

    /**
     * @param publicUrl {@code scheme://host[:port]} of this server's HTTP port, for the chat link
     * @param writer    the session events' writer thread (the history's)
     * @param wake      tells the dispatcher that deliveries are waiting
     */
    public WebhookOutbox(WebhookStore webhooks, WebhookDeliveryStore deliveries, AppStore apps, ChatService chat,
            ChatExports exports, Supplier<String> publicUrl, Clock clock, SessionEventWriter writer, Runnable wake) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.apps = apps;
        this.chat = chat;
        this.exports = exports;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.writer = writer;
        this.wake = wake;
    }

    @Override
    public void started(String sessionId, TokenGrant first, long at) {
        write("meeting.started", () -> {
            String appName = apps.find(first.appId()).map(App::name).orElse(first.appId());
            WebhookPayloads.SessionInfo s = new WebhookPayloads.SessionInfo(first.meetingId(), sessionId,
                    first.meetingTitle(), first.appId(), appName, at);
            sessions.put(sessionId, s);
            enqueue(s, WebhookEvent.MEETING_STARTED, WebhookPayloads.started(s));
        });
    }

    @Override
    public void joined(Claim claim, int maxConcurrent) {
        write("meeting.participantJoined", () -> {
            WebhookPayloads.SessionInfo s = sessions.get(claim.sessionId());
            TokenGrant g = claim.grant();
            if (s != null) {
                enqueue(s, WebhookEvent.PARTICIPANT_JOINED, WebhookPayloads.participantJoined(s, claim.peerId(), g.name(),
                        g.customParticipantId(), claim.joinedAt()));
            }
        });
    }

    @Override
    public void left(Claim claim, long at) {
        write("meeting.participantLeft", () -> {
            WebhookPayloads.SessionInfo s = sessions.get(claim.sessionId());
            TokenGrant g = claim.grant();
            if (s != null) {
                enqueue(s, WebhookEvent.PARTICIPANT_LEFT, WebhookPayloads.participantLeft(s, claim.peerId(), g.name(),
                        g.customParticipantId(), claim.joinedAt(), at));
            }
        });
    }

    @Override
    public void ended(String meetingId, String sessionId, long at, ErrorCode endedBy) {
        write("meeting.ended", () -> {
            WebhookPayloads.SessionInfo s = sessions.remove(sessionId);
            if (s == null) {
                return;
            }
            enqueue(s, WebhookEvent.MEETING_ENDED, WebhookPayloads.ended(s, at, endedBy));
            if (!chat.sessionMessages(meetingId, sessionId).isEmpty()) {
                ChatExports.Link link = exports.link(sessionId, clock.epochSeconds());
                enqueue(s, WebhookEvent.CHAT_SYNCED, WebhookPayloads.chatSynced(s, at,
                        publicUrl.get() + ChatExports.path(sessionId, link), link.expiresAt()));
            }
        });
    }

    /** One row per enabled webhook of the app subscribing to {@code event}; then wakes the dispatcher. */
    private void enqueue(WebhookPayloads.SessionInfo s, WebhookEvent event, ObjectNode body) {
        List<WebhookDelivery> rows = new ArrayList<>();
        String eventId = UUID.randomUUID().toString();
        String text = body.toString();
        long now = clock.epochSeconds();
        for (Webhook w : webhooks.list(s.appId())) {
            if (w.wants(event.wireName())) {
                rows.add(new WebhookDelivery(UUID.randomUUID().toString(), w.id(), eventId, event.wireName(), text,
                        WebhookDelivery.State.PENDING, 0, now, 0, 0, null, now, 0));
            }
        }
        if (!rows.isEmpty()) {
            deliveries.enqueue(rows);
            wake.run();
        }
    }

    private void write(String what, Runnable work) {
        writer.write(LOG, what + " webhook event", work);
    }
}
