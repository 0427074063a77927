package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.time.ManualClock;
import io.edgeway.turn.core.ReceivedMessage;
import io.edgeway.turn.policy.SourceRateLimiter;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test fixture: one {@link IceLiteResponder} driven by a {@link ManualClock}, with a recording sink per
 * local socket and every event kept in order. One participant, "alice", is registered with fixed
 * credentials; her browser's credentials are {@link #BROWSER}.
 */
final class IceLiteHarness {

    static final IceCredentials EDGEWAY = IceCredentials.of("EdgeUfrg", "edgewayLocalPassword0123");
    static final IceCredentials BROWSER = IceCredentials.of("bRwS", "browserSidePassword+/22");
    /** The browser's host and server-reflexive candidates (RFC 5737 documentation addresses). */
    static final InetSocketAddress HOST = new InetSocketAddress("192.0.2.10", 50000);
    static final InetSocketAddress SRFLX = new InetSocketAddress("198.51.100.20", 61000);
    static final InetSocketAddress HOST_V6 = new InetSocketAddress("2001:db8::10", 50002);

    final ManualClock clock = new ManualClock();
    final List<IceEvent> events = new ArrayList<>();
    final IceLiteResponder responder;
    /** The media port's UDP socket. */
    final RecordingSink udp = new RecordingSink("udp");
    /** An ICE-TCP connection: another local end, hence other pairs. */
    final RecordingSink tcp = new RecordingSink("tcp", true);
    final IceParticipant alice;

    IceLiteHarness() {
        this(new SourceRateLimiter(0, 0, 1, 0));
    }

    IceLiteHarness(SourceRateLimiter limiter) {
        responder = new IceLiteResponder(new Random(42), events::add, limiter, ConsentTracker.CONSENT_TIMEOUT);
        alice = responder.addParticipant("alice", EDGEWAY, BROWSER);
    }

    /** A check as alice's browser sends it to Edgeway. */
    static IceChecks.Check check() {
        return IceChecks.from(BROWSER, EDGEWAY);
    }

    /** Feeds the packet and returns whether the responder took it as STUN; answers stay in the sink. */
    boolean feed(IceChecks.Check check, InetSocketAddress from, RecordingSink sink) {
        ByteBuf packet = check.encode();
        try {
            int readerIndex = packet.readerIndex();
            int writerIndex = packet.writerIndex();
            boolean stun = responder.onStun(clock.nanos(), from, packet, sink);
            // Borrowed, not consumed or modified.
            assertThat(packet.refCnt()).isEqualTo(1);
            assertThat(packet.readerIndex()).isEqualTo(readerIndex);
            assertThat(packet.writerIndex()).isEqualTo(writerIndex);
            return stun;
        } finally {
            packet.release();
        }
    }

    /** Sends a check and returns the single answer, which must go back to the sender. */
    ReceivedMessage exchange(IceChecks.Check check, InetSocketAddress from, RecordingSink sink) {
        assertThat(feed(check, from, sink)).isTrue();
        RecordingSink.Sent sent = sink.poll();
        assertThat(sent).as("an answer to the check").isNotNull();
        assertThat(sent.to()).isEqualTo(from);
        assertThat(sink.pending()).isZero();
        assertThat(sent.message().transactionId()).isEqualTo(check.transactionId());
        return sent.message();
    }

    ReceivedMessage exchange(IceChecks.Check check, InetSocketAddress from) {
        return exchange(check, from, udp);
    }

    /** Sends a check that must get no answer at all. */
    void silent(IceChecks.Check check, InetSocketAddress from) {
        assertThat(feed(check, from, udp)).isTrue();
        assertThat(udp.pending()).isZero();
    }

    List<IceEvent.Type> eventTypes() {
        return events.stream().map(IceEvent::type).toList();
    }
}
