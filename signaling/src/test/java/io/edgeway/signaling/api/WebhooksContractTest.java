package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.live.LiveSessions;
import io.edgeway.signaling.store.TestDatabases;
import io.edgeway.signaling.token.TokenGrant;
import io.edgeway.signaling.webhook.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RealtimeKit's webhooks API and their delivery on H2 and on PostgreSQL, with a real HTTP receiver on loopback
 * (opened with {@code webhook-allowed-target 127.0.0.0/8}) and participants joining through the live-session
 * registry the session layer uses: create, list, get, edit, replace and delete in RealtimeKit's shape; events
 * Edgeway does not send, unknown events and refused targets answered by name; every subscribed event delivered
 * in order with RealtimeKit's payload and an {@code rtk-signature} that the published key verifies; retries on
 * 5xx with backoff (on the {@link io.edgeway.core.time.ManualClock}), no retry on other 4xx, the delivery log;
 * and the outbox kept across a restart.
 */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class WebhooksContractTest {

    private static final List<String> ALL = List.of("meeting.started", "meeting.ended", "meeting.participantJoined",
            "meeting.participantLeft", "meeting.chatSynced");

    @Parameter
    String database;

    static RestFixture api;
    WebhookReceiver receiver;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "webhooks", 3500, List.of("127.0.0.0/8"));
        api.preset("Host");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private static String hook(String name, String url, List<String> events) {
        com.fasterxml.jackson.databind.node.ObjectNode o = RestFixture.obj().put("name", name).put("url", url);
        events.forEach(o.putArray("events")::add);
        return o.toString();
    }

    private static TokenGrant grant(String meeting, String customId) throws Exception {
        return api.plane.tokens().verify(api.participant(meeting, customId, "Host").path("token").asText()).grantOrThrow();
    }

    private static JsonNode deliveries(String webhookId, String query) throws Exception {
        return api.ok(200, "GET", "/v1/webhooks/" + webhookId + "/deliveries" + query, null);
    }

    @Test
    void webhooksAreCreatedListedEditedReplacedAndDeletedInRealtimeKitsShape() throws Exception {
        JsonNode created = api.ok(201, "POST", "/v1/webhooks", hook("All events", receiver.url("/a"), ALL)).path("data");
        String id = created.path("id").asText();
        assertThat(created.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("id", "name", "url", "events", "enabled", "created_at", "updated_at");
        assertThat(created.path("enabled").asBoolean()).isTrue();
        assertThat(created.path("events").toString()).isEqualTo("[\"meeting.started\",\"meeting.ended\","
                + "\"meeting.participantJoined\",\"meeting.participantLeft\",\"meeting.chatSynced\"]");

        assertThat(api.ok(200, "GET", "/v1/webhooks", null).path("data").findValuesAsText("id")).contains(id);
        assertThat(api.ok(200, "GET", "/v1/webhooks/" + id, null).path("data")).isEqualTo(created);
        JsonNode edited = api.ok(200, "PATCH", "/v1/webhooks/" + id, RestFixture.obj().put("name", "Renamed")
                .put("enabled", false).toString()).path("data");
        assertThat(edited.path("name").asText()).isEqualTo("Renamed");
        assertThat(edited.path("enabled").asBoolean()).isFalse();
        assertThat(edited.path("url").asText()).isEqualTo(receiver.url("/a"));
        JsonNode replaced = api.ok(200, "PUT", "/v1/webhooks/" + id, hook("Ended only", receiver.url("/b"),
                List.of("meeting.ended"))).path("data");
        assertThat(replaced.path("enabled").asBoolean()).as("PUT: enabled back to its default").isTrue();
        assertThat(replaced.path("events").toString()).isEqualTo("[\"meeting.ended\"]");
        assertThat(api.ok(200, "DELETE", "/v1/webhooks/" + id, null).path("data").path("id").asText()).isEqualTo(id);
        HttpResponse<String> gone = api.call("GET", "/v1/webhooks/" + id, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(gone)).isEqualTo("webhook_not_found");
    }

    @Test
    void whatEdgewayCannotDoOrMayNotReachIsRefusedByName() throws Exception {
        HttpResponse<String> transcript = api.call("POST", "/v1/webhooks", hook("t", receiver.url("/"),
                List.of("meeting.started", "meeting.transcript")));
        assertThat(transcript.statusCode()).isEqualTo(501);
        assertThat(RestFixture.errorCode(transcript)).isEqualTo("not_supported");
        assertThat(RestFixture.errorMessage(transcript)).contains("meeting.transcript");
        HttpResponse<String> unknown = api.call("POST", "/v1/webhooks", hook("u", receiver.url("/"), List.of("meeting.begun")));
        assertThat(RestFixture.errorCode(unknown)).isEqualTo("invalid_request");
        assertThat(RestFixture.errorMessage(unknown)).contains("meeting.begun");
        HttpResponse<String> none = api.call("POST", "/v1/webhooks", hook("n", receiver.url("/"), List.of()));
        assertThat(RestFixture.errorCode(none)).isEqualTo("invalid_request");
        HttpResponse<String> ftp = api.call("POST", "/v1/webhooks", hook("f", "ftp://example.com/x", ALL));
        assertThat(RestFixture.errorCode(ftp)).isEqualTo("invalid_request");
        // Loopback is opened for this test's receiver; the cloud metadata address never is.
        HttpResponse<String> metadata = api.call("POST", "/v1/webhooks", hook("m", "http://169.254.169.254/latest", ALL));
        assertThat(metadata.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorCode(metadata)).isEqualTo("webhook_target_refused");
        assertThat(RestFixture.errorMessage(metadata)).contains("metadata", "webhook-allowed-target");
        HttpResponse<String> extra = api.call("POST", "/v1/webhooks", RestFixture.obj().put("name", "x")
                .put("url", receiver.url("/")).put("secret", "s").toString());
        assertThat(RestFixture.errorMessage(extra)).contains("unknown field \"secret\"");
    }

    @Test
    void everySubscribedEventArrivesInOrderSignedWithRealtimeKitsPayload() throws Exception {
        String meeting = api.meeting("Webhook review");
        String all = api.ok(201, "POST", "/v1/webhooks", hook("all", receiver.url("/all"), ALL)).path("data").path("id").asText();
        String endedOnly = api.ok(201, "POST", "/v1/webhooks", hook("ended", receiver.url("/ended"),
                List.of("meeting.ended"))).path("data").path("id").asText();
        com.fasterxml.jackson.databind.node.ObjectNode off = RestFixture.obj().put("name", "off")
                .put("url", receiver.url("/off")).put("enabled", false);
        off.putArray("events").add("meeting.started");
        api.ok(201, "POST", "/v1/webhooks", off.toString());

        LiveSessions live = api.plane.sessions();
        Claim ann = live.claim(grant(meeting, "ann"), (r, m) -> { });
        Claim bob = live.claim(grant(meeting, "bob"), (r, m) -> { });
        api.plane.chat().send(ann, "hello from ann");
        live.release(bob);
        live.release(ann);

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() >= 8);
        List<WebhookReceiver.Received> got = receiver.received();
        List<WebhookReceiver.Received> toAll = got.stream().filter(r -> r.path().equals("/all")).toList();
        assertThat(toAll).extracting(WebhookReceiver.Received::event).containsExactly("meeting.started",
                "meeting.participantJoined", "meeting.participantJoined", "meeting.participantLeft",
                "meeting.participantLeft", "meeting.ended", "meeting.chatSynced");
        assertThat(got.stream().filter(r -> r.path().equals("/ended")).map(WebhookReceiver.Received::event))
                .containsExactly("meeting.ended");
        assertThat(got).noneMatch(r -> r.path().equals("/off"));

        PublicKey key = WebhookReceiver.publishedKey(api.base);
        for (WebhookReceiver.Received r : got) {
            assertThat(WebhookReceiver.verifies(r, key)).as("signature of %s", r.body()).isTrue();
        }
        assertThat(toAll).allMatch(r -> r.webhookId().equals(all));
        assertThat(toAll.stream().map(WebhookReceiver.Received::eventId).distinct().count()).isEqualTo(7);
        String endedEventId = toAll.get(5).eventId();
        assertThat(got.stream().filter(r -> r.path().equals("/ended")).findFirst().orElseThrow().eventId())
                .as("one event, one id, whichever webhook gets it").isEqualTo(endedEventId);
        assertThat(got.stream().filter(r -> r.path().equals("/ended")).findFirst().orElseThrow().webhookId())
                .isEqualTo(endedOnly);

        JsonNode started = toAll.get(0).json();
        JsonNode m = started.path("meeting");
        assertThat(m.path("id").asText()).isEqualTo(meeting);
        assertThat(m.path("sessionId").asText()).isEqualTo(ann.sessionId());
        assertThat(m.path("title").asText()).isEqualTo("Webhook review");
        assertThat(m.path("status").asText()).isEqualTo("LIVE");
        assertThat(m.path("organizedBy").path("id").asText()).isEqualTo("default");
        assertThat(m.path("organizedBy").path("name").asText()).isEqualTo("default");
        assertThat(m.has("createdAt") && m.has("startedAt") && !m.has("endedAt")).isTrue();
        JsonNode joined = toAll.get(1).json().path("participant");
        assertThat(joined.path("peerId").asText()).isEqualTo(ann.peerId());
        assertThat(joined.path("userDisplayName").asText()).isEqualTo("Name ann");
        assertThat(joined.path("customParticipantId").asText()).isEqualTo("ann");
        assertThat(joined.has("joinedAt") && !joined.has("leftAt")).isTrue();
        JsonNode left = toAll.get(3).json().path("participant");
        assertThat(left.path("peerId").asText()).isEqualTo(bob.peerId());
        assertThat(left.has("leftAt")).isTrue();
        JsonNode ended = toAll.get(5).json();
        assertThat(ended.path("reason").asText()).isEqualTo("ALL_PARTICIPANTS_LEFT");
        assertThat(ended.path("meeting").path("status").asText()).isEqualTo("ENDED");
        assertThat(ended.path("meeting").has("endedAt")).isTrue();
        JsonNode chat = toAll.get(6).json();
        assertThat(chat.has("chatDownloadUrlExpiry")).isTrue();
        String csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(chat.path("chatDownloadUrl").asText()))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(csv).contains("hello from ann");

        JsonNode log = deliveries(all, "");
        assertThat(log.path("paging").path("total_count").asInt()).isEqualTo(7);
        JsonNode newest = log.path("data").path(0);
        assertThat(newest.path("event").asText()).isEqualTo("meeting.chatSynced");
        assertThat(newest.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(newest.path("attempts").asInt()).isEqualTo(1);
        assertThat(newest.path("last_status").asInt()).isEqualTo(200);
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffAndA4xxIsNotRetriedButLetsTheNextEventGo() throws Exception {
        String meeting = api.meeting("Retries");
        String id = api.ok(201, "POST", "/v1/webhooks", hook("flaky", receiver.url("/flaky"),
                List.of("meeting.started", "meeting.ended"))).path("data").path("id").asText();
        AtomicInteger starts = new AtomicInteger();
        receiver.answer(r -> r.event().equals("meeting.started") ? (starts.incrementAndGet() == 1 ? 503 : 200) : 400);
        LiveSessions live = api.plane.sessions();
        live.release(live.claim(grant(meeting, "solo"), (r, m) -> { }));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        JsonNode waiting = deliveries(id, "?state=PENDING").path("data");
        assertThat(waiting.findValuesAsText("event")).as("newest first: ended waits behind started")
                .containsExactly("meeting.ended", "meeting.started");
        assertThat(waiting.path(0).path("attempts").asInt()).isZero();
        JsonNode pending = waiting.path(1);
        assertThat(pending.path("attempts").asInt()).isEqualTo(1);
        assertThat(pending.path("last_status").asInt()).isEqualTo(503);
        Thread.sleep(1500);
        assertThat(receiver.received()).as("no second attempt before its backoff has passed").hasSize(1);

        api.clock.advance(Duration.ofSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::event)
                .containsExactly("meeting.started", "meeting.started", "meeting.ended");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                deliveries(id, "?state=FAILED").path("data").path(0).path("last_error").asText()).contains("400"));
        JsonNode delivered = deliveries(id, "?state=DELIVERED").path("data").path(0);
        assertThat(delivered.path("attempts").asInt()).isEqualTo(2);
        Thread.sleep(1500);
        assertThat(receiver.received()).as("a 400 is not retried").hasSize(3);
    }

    @Test
    void theOutboxOutlivesARestart() throws Exception {
        String meeting = api.meeting("Restart");
        api.ok(201, "POST", "/v1/webhooks", hook("later", receiver.url("/later"), List.of("meeting.started")));
        receiver.answer(r -> 503);
        LiveSessions live = api.plane.sessions();
        live.release(live.claim(grant(meeting, "early"), (r, m) -> { }));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        String eventId = receiver.received().get(0).eventId();

        api.restart();
        receiver.answer(r -> 200);
        api.clock.advance(Duration.ofSeconds(2));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
        assertThat(receiver.received().get(1).eventId()).as("the same event again, after the restart").isEqualTo(eventId);
    }
}
