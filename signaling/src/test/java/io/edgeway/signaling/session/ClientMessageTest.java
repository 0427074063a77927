package io.edgeway.signaling.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.edgeway.signaling.http.ErrorCode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding of client messages: every malformed frame is a {@link SignalingException} with a stable code. */
class ClientMessageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                  | invalid_json",
        "[1,2]                                     | invalid_json",
        "\"join\"                                  | invalid_json",
        "{}                                        | unknown_type",
        "{\"type\":7}                              | unknown_type",
        "{\"type\":\"subscribe\"}                  | unknown_type",
        "{\"type\":\"offer\"}                      | invalid_request",
        "{\"type\":\"offer\",\"sdp\":\"\"}         | invalid_request",
        "{\"type\":\"answer\",\"sdp\":42}          | invalid_request",
        "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"} | invalid_sdp",
        "{\"type\":\"candidate\"}                  | invalid_request",
        "{\"type\":\"candidate\",\"candidate\":\"\",\"sdpMLineIndex\":\"x\"} | invalid_request",
        "{\"type\":\"mediaState\"}                 | invalid_request",
        "{\"type\":\"mediaState\",\"audio\":\"on\"} | invalid_request",
        "{\"type\":\"chat\"}                       | invalid_request",
        "{\"type\":\"chat\",\"text\":5}          | invalid_request",
        "{\"type\":\"kick\"}                       | invalid_request",
        "{\"type\":\"recording\",\"action\":\"pause\"} | invalid_request",
    })
    void malformedMessagesHaveStableCodes(String text, String code) {
        assertThatThrownBy(() -> ClientMessage.parse(text))
                .isInstanceOfSatisfying(SignalingException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }

    @Test
    void wellFormedMessagesDecode() {
        assertThat(ClientMessage.parse("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Ann\"}"))
                .isInstanceOfSatisfying(ClientMessage.Join.class,
                        j -> assertThat(j.fields().get("meeting").asText()).isEqualTo("demo"));
        String offer = JsonNodeFactory.instance.objectNode().put("type", "offer")
                .put("sdp", SessionFixtures.CHROMIUM_OFFER).toString();
        assertThat(ClientMessage.parse(offer)).isInstanceOfSatisfying(ClientMessage.Offer.class,
                o -> assertThat(o.sdp().media()).hasSize(4));
        assertThat(ClientMessage.parse("{\"type\":\"candidate\",\"candidate\":\"\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"))
                .isEqualTo(new ClientMessage.Candidate("", "0", 0));
        assertThat(ClientMessage.parse("{\"type\":\"leave\"}")).isEqualTo(new ClientMessage.Leave());
        assertThat(ClientMessage.parse("{\"type\":\"mediaState\",\"audio\":true,\"screenShare\":null}"))
                .isEqualTo(new ClientMessage.MediaState(true, null, null));
        assertThat(ClientMessage.parse("{\"type\":\"chat\",\"text\":\"hi\"}")).isEqualTo(new ClientMessage.Chat("hi"));
        assertThat(ClientMessage.parse("{\"type\":\"kick\",\"participantId\":\"p1\"}"))
                .isEqualTo(new ClientMessage.Kick("p1"));
        assertThat(ClientMessage.parse("{\"type\":\"recording\",\"action\":\"stop\"}"))
                .isEqualTo(new ClientMessage.Recording(false));
    }

    @Test
    void openSessionsCheckTheMeetingAndTheName() throws Exception {
        OpenSessionAuthenticator open = new OpenSessionAuthenticator(new Random(5), new io.edgeway.core.time.ManualClock());
        JoinDecision ok = open.authenticate(SessionFixtures.join("team.standup-1", "  Ann  ")).toCompletableFuture().get();
        assertThat(ok).isInstanceOfSatisfying(JoinDecision.Admitted.class, a -> {
            assertThat(a.identity().displayName()).isEqualTo("Ann");
            assertThat(a.identity().meetingId()).isEqualTo("team.standup-1");
            assertThat(a.identity().participantId()).matches("[0-9a-f]{16}");
            assertThat(a.identity().canPublishAudio() && a.identity().canPublishVideo()
                    && a.identity().canPublishScreenshare()).isTrue();
        });
        for (var bad : new com.fasterxml.jackson.databind.JsonNode[] {
                SessionFixtures.join("has space", "Ann"), SessionFixtures.join("demo", " "),
                SessionFixtures.join("demo", "x".repeat(257)), SessionFixtures.join("demo", "tab\there"),
                JsonNodeFactory.instance.objectNode().put("type", "join")}) {
            assertThat(open.authenticate(bad).toCompletableFuture().get())
                    .isInstanceOfSatisfying(JoinDecision.Refused.class,
                            r -> assertThat(r.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
    }

    @Test
    void beforeJoiningEveryTypeButJoinIsRefusedUnreadAndJoinIsDecoded() {
        for (String type : ClientMessage.TYPES) {
            if (type.equals("join")) {
                continue;
            }
            // Fields that would be invalid once joined are never looked at before the join.
            assertThatThrownBy(() -> ClientMessage.parseBeforeJoin("{\"type\":\"" + type + "\",\"sdp\":\"not sdp\"}"))
                    .as(type).isInstanceOfSatisfying(SignalingException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_JOINED));
            // Once joined, the same type is a type the decoder knows (never unknown_type).
            try {
                ClientMessage.parse("{\"type\":\"" + type + "\"}");
            } catch (SignalingException e) {
                assertThat(e.code()).as(type).isNotEqualTo(ErrorCode.UNKNOWN_TYPE);
            }
        }
        assertThat(ClientMessage.parseBeforeJoin("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Ann\"}"))
                .isInstanceOf(ClientMessage.Join.class);
        assertThatThrownBy(() -> ClientMessage.parseBeforeJoin("{\"type\":\"publish\"}"))
                .isInstanceOfSatisfying(SignalingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE));
        assertThatThrownBy(() -> ClientMessage.parse("{\"type\":\"leave\"}x"))
                .isInstanceOfSatisfying(SignalingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
    }
}
