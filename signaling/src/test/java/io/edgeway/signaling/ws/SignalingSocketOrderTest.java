package io.edgeway.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.session.MediaPlane;
import io.edgeway.signaling.session.OpenSessionAuthenticator;
import io.edgeway.signaling.session.SignalingService;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A joined connection's messages are decoded off the event loop, so its close can overtake them. A page
 * that sends {@code leave} and closes at once (what the demo page and the SDK do) must still leave with
 * reason {@code left}: the disconnect waits for the messages read before it. (Chromium ITs saw the others
 * told {@code disconnected} when the decoding threads were slow.)
 */
class SignalingSocketOrderTest {

    private final SignalingService service = new SignalingService(Runnable::run, roomsOnly(),
            new OpenSessionAuthenticator(new Random(3), Clock.SYSTEM), Clock.SYSTEM, new Random(5));
    /** The decoding threads, run when the test says. */
    private final ArrayDeque<Runnable> decoding = new ArrayDeque<>();

    @Test
    void aLeaveStillBeingDecodedWhenTheConnectionClosesIsALeaveNotADisconnect() {
        EmbeddedChannel watcher = connect();
        EmbeddedChannel leaver = connect();
        join(watcher, "Ann");
        join(leaver, "Ben");
        String benId = sent(leaver, "roomJoined").get(0).path("self").path("id").asText();
        sent(watcher, "participantJoined");

        leaver.writeInbound(new TextWebSocketFrame("{\"type\":\"leave\"}"));
        leaver.close();
        assertThat(sent(watcher, "participantLeft")).as("nothing before the leave is decoded").isEmpty();

        runDecoding(leaver);
        List<ObjectNode> left = sent(watcher, "participantLeft");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("participantId").asText()).isEqualTo(benId);
        assertThat(left.get(0).path("reason").asText()).isEqualTo("left");
        watcher.finishAndReleaseAll();
        leaver.finishAndReleaseAll();
    }

    @Test
    void aCloseWithNothingBeingDecodedIsADisconnectAtOnce() {
        EmbeddedChannel watcher = connect();
        EmbeddedChannel leaver = connect();
        join(watcher, "Ann");
        join(leaver, "Ben");
        sent(watcher, "participantJoined");

        leaver.close();
        List<ObjectNode> left = sent(watcher, "participantLeft");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("reason").asText()).isEqualTo("disconnected");
        assertThat(decoding).isEmpty();
        watcher.finishAndReleaseAll();
        leaver.finishAndReleaseAll();
    }

    private EmbeddedChannel connect() {
        EmbeddedChannel channel = new EmbeddedChannel(new SignalingSocketHandler(service, decoding::add));
        channel.pipeline().fireUserEventTriggered(
                new WebSocketServerProtocolHandler.HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
        return channel;
    }

    private static void join(EmbeddedChannel channel, String name) {
        channel.writeInbound(new TextWebSocketFrame(
                "{\"type\":\"join\",\"meeting\":\"order\",\"name\":\"" + name + "\"}"));
    }

    /** Runs the queued decodings, then what they hand back to the connection's event loop. */
    private void runDecoding(EmbeddedChannel channel) {
        for (Runnable task; (task = decoding.poll()) != null; ) {
            task.run();
            channel.runPendingTasks();
        }
    }

    /** The messages of {@code type} the server sent on {@code channel} since last asked; drops the rest. */
    private static List<ObjectNode> sent(EmbeddedChannel channel, String type) {
        List<ObjectNode> found = new ArrayList<>();
        for (Object m; (m = channel.readOutbound()) != null; ) {
            if (m instanceof ObjectNode node && type.equals(node.path("type").asText())) {
                found.add(node);
            }
            ReferenceCountUtil.release(m);
        }
        return found;
    }

    /** Meetings open rooms but nobody here offers media. */
    private static MediaPlane roomsOnly() {
        return new MediaPlane() {
            @Override
            public Room openRoom(String meetingId) {
                return () -> { };
            }

            @Override
            public io.edgeway.signaling.session.MediaLeg openLeg(Room room, String participantId,
                    io.edgeway.ice.IceCredentials remote, io.edgeway.core.media.dtls.CertificateFingerprint fingerprint,
                    io.edgeway.signaling.session.MediaLeg.Listener listener) {
                throw new AssertionError("no media in this test");
            }
        };
    }
}
