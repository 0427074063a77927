package io.edgeway.turn.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeway.core.time.ManualClock;
import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.auth.LongTermKeys;
import io.edgeway.stun.auth.NonceService;
import io.edgeway.stun.auth.StaticUserStore;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunMethod;
import io.edgeway.stun.codec.StunClass;
import io.edgeway.stun.codec.StunParseException;
import io.edgeway.turn.config.TurnServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Jazzer fuzz test of TURN request handling: the fuzzer drives a whole {@link TurnServerCore} with a
 * sequence of operations — raw STUN and ChannelData bytes from two clients, requests it composes and
 * that the harness signs with valid long-term credentials (so handlers past authentication run),
 * peer datagrams, clock jumps across every expiry, and connection closes. Invariants: the core never
 * throws, every answer it sends parses as STUN or ChannelData, and no buffer leaks (checked by the
 * leak-failing extension after the class).
 *
 * <p>Without {@code JAZZER_FUZZ} the seed inputs under {@code TurnRequestFuzzTestInputs} replay as
 * regression tests; the stun-turn POM runs a bounded fuzzing execution of this class.
 */
class TurnRequestFuzzTest {

    static final String MAX_DURATION = "10m";
    private static final String REALM = "edgeway.test";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int[] METHODS = {StunMethod.BINDING, StunMethod.ALLOCATE, StunMethod.REFRESH,
        StunMethod.CREATE_PERMISSION, StunMethod.CHANNEL_BIND, StunMethod.SEND, 0x0FF};
    private static final int[] ATTRIBUTES = {StunAttributeType.REQUESTED_TRANSPORT, StunAttributeType.LIFETIME,
        StunAttributeType.XOR_PEER_ADDRESS, StunAttributeType.CHANNEL_NUMBER, StunAttributeType.DATA,
        StunAttributeType.EVEN_PORT, StunAttributeType.RESERVATION_TOKEN, StunAttributeType.REQUESTED_ADDRESS_FAMILY,
        StunAttributeType.ADDITIONAL_ADDRESS_FAMILY, StunAttributeType.DONT_FRAGMENT, StunAttributeType.PASSWORD_ALGORITHM,
        StunAttributeType.PASSWORD_ALGORITHMS, StunAttributeType.USERHASH, StunAttributeType.SOFTWARE, 0x7FFE, 0xC001};

    @FuzzTest(maxDuration = MAX_DURATION)
    void fuzzTurnRequests(FuzzedDataProvider data) {
        Harness harness = new Harness();
        try {
            int steps = 0;
            while (data.remainingBytes() > 0 && steps++ < 64) {
                harness.step(data);
            }
        } finally {
            harness.close();
        }
    }

    /** One core with fake I/O; answers are parsed and released after every step. */
    private static final class Harness {
        final ManualClock clock = new ManualClock();
        final TurnServerCore core;
        final FakeTurnClient[] clients = {
            new FakeTurnClient(new InetSocketAddress(LOOPBACK, 50001), new InetSocketAddress(LOOPBACK, 3478),
                    TransportProtocol.UDP, PooledByteBufAllocator.DEFAULT),
            new FakeTurnClient(new InetSocketAddress(LOOPBACK, 50002), new InetSocketAddress(LOOPBACK, 3478),
                    TransportProtocol.TCP, PooledByteBufAllocator.DEFAULT)};
        final StunMessageWriter writer = new StunMessageWriter();
        final Random transactionIds = new Random(7);
        String nonce = "none";

        Harness() {
            TurnServerConfig config = TurnServerConfig.builder().realm(REALM).minPort(40000).maxPort(40063)
                    .staticUsers(Map.of("alice", "pw")).allowedPeerRanges(List.of("127.0.0.0/8"))
                    .maxBytesPerSecond(1 << 16).userQuota(2).rfc5766ChannelNumbers(true)
                    .unauthenticatedRequestsPerSecond(1000).unauthenticatedBurst(1000).build();
            TurnServerContext context = new TurnServerContext(config, clock, new Random(1),
                    new StaticUserStore(config.staticUsers(), REALM),
                    new NonceService(new byte[32], Duration.ofMinutes(10), clock, true), List.of(LOOPBACK));
            RelaySockets sockets = (owner, address, port) -> new FuzzRelay(new InetSocketAddress(address, port));
            core = new TurnServerCore(context, sockets, new TurnCounters());
        }

        void step(FuzzedDataProvider data) {
            FakeTurnClient client = clients[data.consumeInt(0, clients.length - 1)];
            switch (data.consumeInt(0, 5)) {
                case 0:
                    deliver(client, data.consumeBytes(data.consumeInt(0, 256)), false);
                    break;
                case 1:
                    deliver(client, data.consumeBytes(data.consumeInt(0, 256)), true);
                    break;
                case 2:
                    signedRequest(client, data);
                    break;
                case 3:
                    Allocation allocation = client.allocation();
                    if (allocation != null) {
                        InetSocketAddress peer = new InetSocketAddress(LOOPBACK, 3000 + data.consumeInt(0, 3));
                        ByteBuf payload = Unpooled.wrappedBuffer(data.consumeBytes(data.consumeInt(0, 300)));
                        try {
                            core.onPeerDatagram(clock.nanos(), allocation, peer, payload);
                        } finally {
                            payload.release();
                        }
                    }
                    break;
                case 4:
                    clock.advance(Duration.ofSeconds(data.consumeInt(0, 700)));
                    core.onTimeout(clock.nanos());
                    break;
                default:
                    core.onClientClosed(client);
                    break;
            }
            for (FakeTurnClient each : clients) {
                while (each.pending() > 0) {
                    inspect(each.take());
                }
            }
        }

        private void deliver(FakeTurnClient client, byte[] bytes, boolean channelData) {
            ByteBuf buf = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
            try {
                if (channelData && bytes.length >= 4) {
                    core.onChannelData(clock.nanos(), client, buf, 0, bytes.length);
                } else {
                    core.onStunMessage(clock.nanos(), client, buf, 0, bytes.length);
                }
            } finally {
                buf.release();
            }
        }

        /** A request the fuzzer shapes, signed with alice's valid credentials so authentication passes. */
        private void signedRequest(FakeTurnClient client, FuzzedDataProvider data) {
            int method = METHODS[data.consumeInt(0, METHODS.length - 1)];
            int stunClass = method == StunMethod.SEND ? StunClass.INDICATION : StunClass.REQUEST;
            byte[] id = new byte[12];
            transactionIds.nextBytes(id);
            ByteBuf buf = Unpooled.buffer(512);
            try {
                writer.begin(buf, StunMessageType.of(method, stunClass), id);
                int attributes = data.consumeInt(0, 5);
                for (int i = 0; i < attributes; i++) {
                    int type = ATTRIBUTES[data.consumeInt(0, ATTRIBUTES.length - 1)];
                    if (type == StunAttributeType.XOR_PEER_ADDRESS && data.consumeBoolean()) {
                        io.edgeway.stun.attr.XorAddress.addTo(writer, type,
                                new InetSocketAddress(LOOPBACK, 3000 + data.consumeInt(0, 3)));
                    } else {
                        writer.putBytes(type, data.consumeBytes(data.consumeInt(0, 40)));
                    }
                }
                if (stunClass == StunClass.REQUEST) {
                    TextAttribute.addTo(writer, StunAttributeType.USERNAME, "alice");
                    TextAttribute.addTo(writer, StunAttributeType.REALM, REALM);
                    TextAttribute.addTo(writer, StunAttributeType.NONCE, nonce);
                    MessageIntegrity.addTo(writer, LongTermKeys.md5Key("alice", REALM, "pw"));
                }
                if (data.consumeBoolean()) {
                    Fingerprint.addTo(writer);
                }
                int length = writer.finish();
                core.onStunMessage(clock.nanos(), client, buf, 0, length);
            } finally {
                buf.release();
            }
        }

        /** Every answer must parse; nonces from challenges are kept for the next signed request. */
        void inspect(ByteBuf message) {
            try {
                int first = message.getUnsignedByte(message.readerIndex());
                if ((first & 0xC0) == 0x40) {
                    assertThat(message.readableBytes()).isGreaterThanOrEqualTo(4);
                    return;
                }
                StunMessage parsed = new StunMessage();
                try {
                    parsed.wrap(message, message.readerIndex(), message.readableBytes());
                    String fresh = TextAttribute.readFirst(parsed, StunAttributeType.NONCE);
                    if (fresh != null) {
                        nonce = fresh;
                    }
                } catch (StunParseException e) {
                    throw new AssertionError("server sent an unparseable message: " + e.getMessage(), e);
                }
            } finally {
                message.release();
            }
        }

        void close() {
            core.closeAll();
            for (FakeTurnClient each : clients) {
                each.releaseAll();
            }
        }

        private static final class FuzzRelay implements RelayEndpoint {
            final InetSocketAddress local;

            FuzzRelay(InetSocketAddress local) {
                this.local = local;
            }

            @Override
            public InetSocketAddress localAddress() {
                return local;
            }

            @Override
            public void send(ByteBuf payload, InetSocketAddress peer) {
                payload.release();
            }

            @Override
            public void close() {
            }
        }
    }
}
