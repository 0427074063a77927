package io.edgeway.turn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.time.ManualClock;
import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.auth.CompositeCredentialStore;
import io.edgeway.stun.auth.NonceService;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMethod;
import io.edgeway.stun.codec.StunParseException;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.core.FakeTurnClient;
import io.edgeway.turn.core.RelayEndpoint;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters;
import io.edgeway.turn.core.TurnServerContext;
import io.edgeway.turn.core.TurnServerCore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TurnClientSession} against the real {@link TurnServerCore}: every byte the session writes is
 * handled by the production server logic, and every answer the server writes is read back by the session.
 * I/O is replaced by queues; time is a {@link ManualClock}.
 */
class TurnClientSessionTest {

    private static final String REALM = "edgeway.test";
    private static final String SECRET = "rest-secret";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress PEER = new InetSocketAddress(LOOPBACK, 3000);
    private static final InetSocketAddress OTHER_PEER = new InetSocketAddress(LOOPBACK, 3001);

    private final ManualClock clock = new ManualClock();
    private int seed = 42;
    private ServerUnderTest server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void firstAllocateIsChallengedThenSucceedsWithTheLearnedRealmAndNonce() {
        server = new ServerUnderTest(true, TransportProtocol.UDP);
        TurnClientSession session = session(TurnClientCredentials.of("alice", "pw"), false);

        assertThat(server.send(session, out -> session.writeAllocate(out, clock.nanos(), 0)))
                .isEqualTo(TurnClientEvent.RETRY);
        assertThat(session.realm()).isEqualTo(REALM);
        assertThat(server.send(session, out -> session.writePending(out, clock.nanos())))
                .isEqualTo(TurnClientEvent.ALLOCATED);

        assertThat(session.isAllocated()).isTrue();
        assertThat(session.hasPendingRequest()).isFalse();
        assertThat(session.relayedAddress().getAddress()).isEqualTo(LOOPBACK);
        assertThat(session.relayedAddress().getPort()).isBetween(40000, 40063);
        assertThat(session.mappedAddress()).isEqualTo(server.client.remoteAddress());
        assertThat(session.lifetimeSeconds()).isEqualTo(600);
        assertThat(server.core.allocationCount()).isEqualTo(1);
        // The server offers SHA-256 first in PASSWORD-ALGORITHMS, so the retry is signed with it.
        StunMessage request = parse(server.lastRequest);
        assertThat(request.integritySha256Index()).isNotNegative();
        assertThat(request.has(StunAttributeType.PASSWORD_ALGORITHMS)).isTrue();
    }

    @Test
    void md5IsUsedWhenTheNonceAdvertisesNoPasswordAlgorithms() {
        server = new ServerUnderTest(false, TransportProtocol.UDP);
        TurnClientSession session = allocated(TurnClientCredentials.of("alice", "pw"), false);
        assertThat(session.relayedAddress()).isNotNull();
        StunMessage request = parse(server.lastRequest);
        assertThat(request.integrityIndex()).isNotNegative();
        assertThat(request.integritySha256Index()).isNegative();
        assertThat(request.has(StunAttributeType.PASSWORD_ALGORITHM)).isFalse();
    }

    @Test
    void restCredentialsMintedFromTheSharedSecretAllocate() {
        server = new ServerUnderTest(true, TransportProtocol.UDP);
        TurnClientCredentials rest = TurnClientCredentials.rest(SECRET, clock.epochSeconds() + 3600, "bob");
        assertThat(rest.username()).isEqualTo((clock.epochSeconds() + 3600) + ":bob");
        TurnClientSession session = allocated(rest, false);
        assertThat(session.isAllocated()).isTrue();
    }

    @Test
    void wrongPasswordFailsWith401AfterOneRetry() {
        server = new ServerUnderTest(true, TransportProtocol.UDP);
        TurnClientSession session = session(TurnClientCredentials.of("alice", "wrong"), false);

        assertThat(server.send(session, out -> session.writeAllocate(out, clock.nanos(), 0)))
                .isEqualTo(TurnClientEvent.RETRY);
        assertThat(server.send(session, out -> session.writePending(out, clock.nanos())))
                .isEqualTo(TurnClientEvent.FAILED);
        assertThat(session.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(session.isAllocated()).isFalse();
        assertThat(server.core.allocationCount()).isZero();
    }

    @Test
    void channelDataTravelsToThePeerAndBack() {
        server = new ServerUnderTest(true, TransportProtocol.UDP);
        TurnClientSession session = allocated(TurnClientCredentials.of("alice", "pw"), false);
        assertThat(server.send(session, out -> session.writeChannelBind(out, clock.nanos(), 0x4001, PEER)))
                .isEqualTo(TurnClientEvent.CHANNEL_BOUND);
        assertThat(session.isChannelBound(0x4001)).isTrue();

        ByteBuf payload = Unpooled.copiedBuffer("hello peer", StandardCharsets.US_ASCII);
        try {
            ByteBuf frame = Unpooled.buffer();
            try {
                int length = session.writeChannelData(frame, 0x4001, payload, 0, payload.readableBytes());
                assertThat(length).isEqualTo(4 + 10);
                server.core.onChannelData(clock.nanos(), server.client, frame, 0, length);
            } finally {
                frame.release();
            }
            assertThat(server.relay.takeToPeer(PEER)).isEqualTo("hello peer");

            server.fromPeer(PEER, "hello client");
            TurnClientEvent event = server.receive(session, (s, buf) -> {
                assertThat(s.dataChannel()).isEqualTo(0x4001);
                assertThat(s.dataPeer()).isEqualTo(PEER);
                assertThat(buf.toString(s.dataOffset(), s.dataLength(), StandardCharsets.US_ASCII))
                        .isEqualTo("hello client");
            });
            assertThat(event).isEqualTo(TurnClientEvent.DATA);
        } finally {
            payload.release();
        }
    }

    @Test
    void sendIndicationReachesThePeerAndPeerDataComesBackAsDataIndication() {
        server = new ServerUnderTest(true, TransportProtocol.UDP);
        TurnClientSession session = allocated(TurnClientCredentials.of("alice", "pw"), false);
        assertThat(server.send(session, out -> session.writeCreatePermission(out, clock.nanos(), OTHER_PEER)))
                .isEqualTo(TurnClientEvent.PERMISSION_CREATED);

        ByteBuf payload = Unpooled.copiedBuffer("via send", StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i < 2; i++) {
                ByteBuf indication = Unpooled.buffer();
                try {
                    int length = session.writeSendIndication(indication, OTHER_PEER, payload, 0, payload.readableBytes());
                    server.core.onStunMessage(clock.nanos(), server.client, indication, 0, length);
                } finally {
                    indication.release();
                }
                assertThat(server.relay.takeToPeer(OTHER_PEER)).isEqualTo("via send");
            }
        } finally {
            payload.release();
        }

        server.fromPeer(OTHER_PEER, "via data");
        TurnClientEvent event = server.receive(session, (s, buf) -> {
            assertThat(s.dataChannel()).isEqualTo(-1);
            assertThat(s.dataPeer()).isEqualTo(OTHER_PEER);
            assertThat(buf.toString(s.dataOffset(), s.dataLength(), StandardCharsets.US_ASCII)).isEqualTo("via data");
        });
        assertThat(event).isEqualTo(TurnClientEvent.DATA);
    }

    @Test
    void staleNonceIsRetriedWithTheFreshOne() {
        server = new ServerUnderTest(true, TransportProtocol.UDP);
        TurnClientSession session = session(TurnClientCredentials.of("alice", "pw"), false);
        server.send(session, out -> session.writeAllocate(out, clock.nanos(), 3600));
        assertThat(server.send(session, out -> session.writePending(out, clock.nanos())))
                .isEqualTo(TurnClientEvent.ALLOCATED);

        clock.advance(Duration.ofSeconds(61));
        assertThat(server.send(session, out -> session.writeRefresh(out, clock.nanos(), 1200)))
                .isEqualTo(TurnClientEvent.RETRY);
        assertThat(server.send(session, out -> session.writePending(out, clock.nanos())))
                .isEqualTo(TurnClientEvent.REFRESHED);
        assertThat(session.lifetimeSeconds()).isEqualTo(1200);
    }

    @Test
    void refreshWithLifetimeZeroDeletesTheAllocation() {
        server = new ServerUnderTest(true, TransportProtocol.UDP);
        TurnClientSession session = allocated(TurnClientCredentials.of("alice", "pw"), false);
        assertThat(server.send(session, out -> session.writeRefresh(out, clock.nanos(), 0)))
                .isEqualTo(TurnClientEvent.DEALLOCATED);
        assertThat(session.isAllocated()).isFalse();
        assertThat(server.core.allocationCount()).isZero();
    }

    @Test
    void streamClientReadsPaddedChannelDataCutByTheFraming() {
        server = new ServerUnderTest(true, TransportProtocol.TCP);
        TurnClientSession session = allocated(TurnClientCredentials.of("alice", "pw"), true);
        assertThat(server.send(session, out -> session.writeChannelBind(out, clock.nanos(), 0x4FFF, PEER)))
                .isEqualTo(TurnClientEvent.CHANNEL_BOUND);

        server.fromPeer(PEER, "five!");
        ByteBuf frame = server.client.take();
        try {
            assertThat(TurnStreamFraming.frameLength(frame, 0, frame.readableBytes())).isEqualTo(12);
            assertThat(TurnStreamFraming.frameLength(frame, 0, 11)).isEqualTo(TurnStreamFraming.NEED_MORE);
            assertThat(TurnStreamFraming.messageLength(frame, 0)).isEqualTo(9);
            assertThat(session.onReceive(clock.nanos(), frame, 0, TurnStreamFraming.messageLength(frame, 0)))
                    .isEqualTo(TurnClientEvent.DATA);
            assertThat(session.dataLength()).isEqualTo(5);
        } finally {
            frame.release();
        }

        ByteBuf out = Unpooled.buffer();
        ByteBuf payload = Unpooled.copiedBuffer("five!", StandardCharsets.US_ASCII);
        try {
            assertThat(session.writeChannelData(out, 0x4FFF, payload, 0, 5)).isEqualTo(12);
            assertThat(TurnStreamFraming.frameLength(out, 0, out.readableBytes())).isEqualTo(12);
            out.setByte(0, 0x80);
            assertThat(TurnStreamFraming.frameLength(out, 0, out.readableBytes())).isEqualTo(TurnStreamFraming.NOT_TURN);
        } finally {
            out.release();
            payload.release();
        }
    }

    @Test
    void strayAndTamperedResponsesAreIgnored() {
        server = new ServerUnderTest(true, TransportProtocol.UDP);
        TurnClientSession session = session(TurnClientCredentials.of("alice", "pw"), false);
        TurnClientSession other = session(TurnClientCredentials.of("alice", "pw"), false);
        server.send(session, out -> session.writeAllocate(out, clock.nanos(), 0));
        server.send(other, out -> other.writeAllocate(out, clock.nanos(), 0));

        server.sendOnly(session, out -> session.writePending(out, clock.nanos()));
        ByteBuf success = server.client.take();
        try {
            assertThat(other.onReceive(clock.nanos(), success, 0, success.readableBytes()))
                    .isEqualTo(TurnClientEvent.NONE);
            ByteBuf tampered = success.copy();
            try {
                int last = tampered.readableBytes() - 1;
                tampered.setByte(last, tampered.getByte(last) ^ 1);
                assertThat(session.onReceive(clock.nanos(), tampered, 0, tampered.readableBytes()))
                        .isEqualTo(TurnClientEvent.NONE);
            } finally {
                tampered.release();
            }
            assertThat(session.onReceive(clock.nanos(), success, 0, success.readableBytes()))
                    .isEqualTo(TurnClientEvent.ALLOCATED);
        } finally {
            success.release();
        }
    }

    @Test
    void datagramRequestsAreRetransmittedWithTheSameTransactionThenTimeOut() {
        TurnClientSession session = session(TurnClientCredentials.of("alice", "pw"), false);
        long start = clock.nanos();
        byte[] first = written(out -> session.writeAllocate(out, start, 0));
        assertThat(session.nextDeadline()).isEqualTo(start + TurnClientSession.INITIAL_RTO_NANOS);
        assertThat(session.onTimeout(start + TurnClientSession.INITIAL_RTO_NANOS - 1)).isEqualTo(TurnClientEvent.NONE);

        long now = start;
        long wait = TurnClientSession.INITIAL_RTO_NANOS;
        for (int transmission = 2; transmission <= TurnClientSession.MAX_TRANSMISSIONS; transmission++) {
            now += wait;
            wait *= 2;
            assertThat(session.onTimeout(now)).isEqualTo(TurnClientEvent.RETRANSMIT);
            long at = now;
            assertThat(written(out -> session.writePending(out, at))).isEqualTo(first);
        }
        long last = now + TurnClientSession.LAST_WAIT_RTOS * TurnClientSession.INITIAL_RTO_NANOS;
        assertThat(session.nextDeadline()).isEqualTo(last);
        assertThat(session.onTimeout(last)).isEqualTo(TurnClientEvent.FAILED);
        assertThat(session.errorCode()).isZero();
        assertThat(session.errorReason()).isEqualTo("timeout");
        assertThat(session.hasPendingRequest()).isFalse();
        assertThat(session.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void streamRequestsAreNotRetransmitted() {
        TurnClientSession session = session(TurnClientCredentials.of("alice", "pw"), true);
        long start = clock.nanos();
        written(out -> session.writeAllocate(out, start, 0));
        assertThat(session.pendingMethod()).isEqualTo(StunMethod.ALLOCATE);
        assertThat(session.onTimeout(start + TurnClientSession.INITIAL_RTO_NANOS)).isEqualTo(TurnClientEvent.NONE);
        assertThat(session.onTimeout(start + TurnClientSession.STREAM_TIMEOUT_NANOS)).isEqualTo(TurnClientEvent.FAILED);
    }

    @Test
    void requestsNeedAnAllocationAndOneAtATime() {
        TurnClientSession session = session(TurnClientCredentials.of("alice", "pw"), false);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> session.writeRefresh(out, 0, 600)).isInstanceOf(IllegalStateException.class);
            session.writeAllocate(out, 0, 0);
            assertThatThrownBy(() -> session.writeAllocate(out, 0, 0)).isInstanceOf(IllegalStateException.class);
        } finally {
            out.release();
        }
    }

    // ------------------------------------------------------------------------------------------ fixtures

    private TurnClientSession session(TurnClientCredentials credentials, boolean stream) {
        return new TurnClientSession(credentials, stream, new Random(seed++));
    }

    private TurnClientSession allocated(TurnClientCredentials credentials, boolean stream) {
        TurnClientSession session = session(credentials, stream);
        assertThat(server.send(session, out -> session.writeAllocate(out, clock.nanos(), 0)))
                .isEqualTo(TurnClientEvent.RETRY);
        assertThat(server.send(session, out -> session.writePending(out, clock.nanos())))
                .isEqualTo(TurnClientEvent.ALLOCATED);
        return session;
    }

    private static StunMessage parse(byte[] bytes) {
        try {
            return new StunMessage().wrap(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
        } catch (StunParseException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] written(Writer write) {
        ByteBuf out = Unpooled.buffer();
        try {
            write.to(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @FunctionalInterface
    private interface Writer {
        int to(ByteBuf out);
    }

    @FunctionalInterface
    private interface DataCheck {
        void check(TurnClientSession session, ByteBuf received);
    }

    /** One real core with queue-backed I/O for one client 5-tuple. */
    private final class ServerUnderTest {
        final TurnServerCore core;
        final FakeTurnClient client;
        final QueueRelay relay = new QueueRelay();
        byte[] lastRequest;

        ServerUnderTest(boolean passwordAlgorithms, TransportProtocol transport) {
            TurnServerConfig config = TurnServerConfig.builder().realm(REALM).minPort(40000).maxPort(40063)
                    .staticUsers(Map.of("alice", "pw")).authSecrets(List.of(SECRET))
                    .allowedPeerRanges(List.of("127.0.0.0/8")).nonceLifetime(Duration.ofSeconds(60)).build();
            NonceService nonces = new NonceService(new byte[32], config.nonceLifetime(), clock,
                    passwordAlgorithms ? NonceService.PASSWORD_ALGORITHMS : 0);
            TurnServerContext context = new TurnServerContext(config, clock, new Random(1),
                    CompositeCredentialStore.of(config), nonces, List.of(LOOPBACK));
            core = new TurnServerCore(context, (owner, address, port) -> relay.open(address, port), new TurnCounters());
            client = new FakeTurnClient(new InetSocketAddress(LOOPBACK, 50001), new InetSocketAddress(LOOPBACK, 3478),
                    transport, PooledByteBufAllocator.DEFAULT);
        }

        /** Writes with the session, hands the bytes to the core, and feeds the single answer back. */
        TurnClientEvent send(TurnClientSession session, Writer write) {
            sendOnly(session, write);
            return receive(session, (s, buf) -> { });
        }

        void sendOnly(TurnClientSession session, Writer write) {
            ByteBuf out = Unpooled.buffer();
            try {
                int length = write.to(out);
                lastRequest = ByteBufUtil.getBytes(out, 0, length);
                core.onStunMessage(clock.nanos(), client, out, 0, length);
            } finally {
                out.release();
            }
        }

        TurnClientEvent receive(TurnClientSession session, DataCheck check) {
            assertThat(client.pending()).isEqualTo(1);
            ByteBuf answer = client.take();
            try {
                TurnClientEvent event = session.onReceive(clock.nanos(), answer, answer.readerIndex(),
                        answer.readableBytes());
                if (event == TurnClientEvent.DATA) {
                    check.check(session, answer);
                }
                return event;
            } finally {
                answer.release();
            }
        }

        void fromPeer(InetSocketAddress peer, String text) {
            ByteBuf data = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
            try {
                core.onPeerDatagram(clock.nanos(), client.allocation(), peer, data);
            } finally {
                data.release();
            }
        }

        void close() {
            core.closeAll();
            client.releaseAll();
            relay.releaseAll();
        }
    }

    /** Relay sockets whose datagrams to peers are queued as (peer, payload). */
    private static final class QueueRelay {
        final ArrayDeque<Object[]> toPeers = new ArrayDeque<>();

        RelayEndpoint open(InetAddress address, int port) {
            InetSocketAddress local = new InetSocketAddress(address, port);
            return new RelayEndpoint() {
                @Override
                public InetSocketAddress localAddress() {
                    return local;
                }

                @Override
                public void send(ByteBuf payload, InetSocketAddress peer) {
                    toPeers.add(new Object[] {peer, payload});
                }

                @Override
                public void close() {
                }
            };
        }

        String takeToPeer(InetSocketAddress expectedPeer) {
            assertThat(toPeers).isNotEmpty();
            Object[] sent = toPeers.remove();
            ByteBuf payload = (ByteBuf) sent[1];
            try {
                assertThat(sent[0]).isEqualTo(expectedPeer);
                return payload.toString(StandardCharsets.US_ASCII);
            } finally {
                payload.release();
            }
        }

        void releaseAll() {
            for (Object[] sent : toPeers) {
                ((ByteBuf) sent[1]).release();
            }
        }
    }
}
