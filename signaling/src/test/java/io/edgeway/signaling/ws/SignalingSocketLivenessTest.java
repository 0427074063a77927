package io.edgeway.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.session.JoinAuthenticator;
import io.edgeway.signaling.session.MediaPlane;
import io.edgeway.signaling.session.SignalingService;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A signaling connection's liveness follows the client's silence: a client that only listens is pinged
 * while the server keeps writing to it, answers with pongs and stays; one that answers nothing for 45 s
 * is closed. (The load harness found listeners closed at 45 s while the server sent them active-speaker
 * messages: pings then followed the server's writes.)
 */
class SignalingSocketLivenessTest {

    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        SignalingService service = new SignalingService(Runnable::run, noMedia(),
                JoinAuthenticator.refusing(ErrorCode.OPEN_SESSIONS_DISABLED, "no joins here"), Clock.SYSTEM,
                new Random(1));
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new ReadTimeoutHandler(30, TimeUnit.SECONDS), new SignalingSocketHandler(service, Runnable::run));
        channel.pipeline().fireUserEventTriggered(
                new WebSocketServerProtocolHandler.HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aSilentClientIsPingedWhileTheServerWritesAndClosedAfter45Seconds() {
        int pings = 0;
        for (int second = 1; second <= 44; second++) {
            assertThat(channel.isOpen()).as("open at %d s", second).isTrue();
            serverWrites();
            channel.advanceTimeBy(1, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            pings += drainPings();
        }
        // Pinged at 15 s and 30 s although the server wrote every second; nothing came back.
        assertThat(pings).isEqualTo(2);
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(closeSent()).isTrue();
        assertThat(channel.isOpen()).isFalse();
    }

    /** A browser in a busy meeting: the server writes every second, the browser only answers pings. */
    @Test
    void aListenerThatAnswersPingsStaysWhileTheServerWrites() {
        for (int second = 1; second <= 120; second++) {
            serverWrites();
            channel.advanceTimeBy(1, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            if (drainPings() > 0) {
                channel.writeInbound(new PongWebSocketFrame());
            }
        }
        assertThat(channel.isOpen()).isTrue();
    }

    /** What the server sends a listener of a busy meeting every second (an activeSpeaker, a slotsUpdate). */
    private void serverWrites() {
        channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame("{\"type\":\"activeSpeaker\"}"));
    }

    private int drainPings() {
        int pings = 0;
        for (Object m; (m = channel.readOutbound()) != null; ) {
            if (m instanceof PingWebSocketFrame) {
                pings++;
            }
            ReferenceCountUtil.release(m);
        }
        return pings;
    }

    private boolean closeSent() {
        boolean close = false;
        for (Object m; (m = channel.readOutbound()) != null; ) {
            close |= m instanceof CloseWebSocketFrame;
            ReferenceCountUtil.release(m);
        }
        return close;
    }

    private static MediaPlane noMedia() {
        return new MediaPlane() {
            @Override
            public Room openRoom(String meetingId) {
                throw new AssertionError("no meeting in this test");
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
