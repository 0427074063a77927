package io.edgeway.bench.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.spi.StunReplySink;
import io.edgeway.ice.IceCredentials;
import io.edgeway.ice.IceEvent;
import io.edgeway.ice.IceLiteResponder;
import io.edgeway.ice.IceParticipant;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The harness's ICE agent without sockets: as the controlling agent against Edgeway's own ICE-lite
 * responder (the media port's), and as both roles against itself (Janus's full agent offers, and the
 * harness is then controlled).
 */
class IceAgentTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final InetSocketAddress AGENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 10000);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Datagram(ByteBuf packet, InetSocketAddress to) {
    }

    @Test
    void nominatesEdgewaysIceLiteResponderAsTheControllingAgent() {
        List<IceEvent> events = new ArrayList<>();
        IceLiteResponder responder = new IceLiteResponder(new SplittableRandom(1), events::add);
        IceAgent agent = new IceAgent("abcd", "0123456789abcdefghijklmn", IceAgent.Role.CONTROLLING, new SplittableRandom(2));
        IceParticipant participant = responder.addParticipant("p1", IceCredentials.of("abcd", "0123456789abcdefghijklmn"));
        agent.remote(participant.localCredentials().ufrag(), participant.localCredentials().password(), List.of(SERVER));
        Deque<Datagram> toServer = new ArrayDeque<>();
        Deque<Datagram> toAgent = new ArrayDeque<>();
        StunReplySink sink = new StunReplySink() {
            @Override
            public ByteBufAllocator alloc() {
                return ALLOC;
            }

            @Override
            public void send(ByteBuf reply, InetSocketAddress to) {
                toAgent.add(new Datagram(reply, to));
            }
        };
        long now = 0;
        for (int round = 0; round < 20 && agent.selected() == null; round++) {
            now += 50 * MS;
            agent.onTimeout(now, ALLOC, (p, to) -> toServer.add(new Datagram(p, to)));
            while (!toServer.isEmpty()) {
                Datagram d = toServer.poll();
                assertThat(d.to()).isEqualTo(SERVER);
                responder.onStun(now, AGENT, d.packet(), sink);
                d.packet().release();
            }
            while (!toAgent.isEmpty()) {
                Datagram d = toAgent.poll();
                assertThat(agent.onStun(now, d.packet(), SERVER, ALLOC, (p, to) -> p.release())).isTrue();
                d.packet().release();
            }
        }
        assertThat(agent.selected()).isEqualTo(SERVER);
        assertThat(events).extracting(IceEvent::type).contains(IceEvent.Type.NOMINATED);
        assertThat(participant.selectedPair()).isNotNull();
        assertThat(agent.checksAnswered).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aControlledAgentSelectsThePairItsPeerNominates() {
        InetSocketAddress peer = SERVER;
        IceAgent controlling = new IceAgent("ctl1", "controlling-password-1234", IceAgent.Role.CONTROLLING, new SplittableRandom(3));
        IceAgent controlled = new IceAgent("ctd1", "controlled-password-12345", IceAgent.Role.CONTROLLED, new SplittableRandom(4));
        controlling.remote("ctd1", "controlled-password-12345", List.of(AGENT));
        controlled.remote("ctl1", "controlling-password-1234", List.of(peer));
        Deque<Datagram> toControlled = new ArrayDeque<>();
        Deque<Datagram> toControlling = new ArrayDeque<>();
        long now = 0;
        for (int round = 0; round < 20 && (controlling.selected() == null || controlled.selected() == null); round++) {
            now += 50 * MS;
            controlling.onTimeout(now, ALLOC, (p, to) -> toControlled.add(new Datagram(p, to)));
            controlled.onTimeout(now, ALLOC, (p, to) -> toControlling.add(new Datagram(p, to)));
            while (!toControlled.isEmpty() || !toControlling.isEmpty()) {
                Datagram d = toControlled.poll();
                if (d != null) {
                    controlled.onStun(now, d.packet(), peer, ALLOC, (p, to) -> toControlling.add(new Datagram(p, to)));
                    d.packet().release();
                }
                d = toControlling.poll();
                if (d != null) {
                    controlling.onStun(now, d.packet(), AGENT, ALLOC, (p, to) -> toControlled.add(new Datagram(p, to)));
                    d.packet().release();
                }
            }
        }
        assertThat(controlling.selected()).isEqualTo(AGENT);
        assertThat(controlled.selected()).as("selected on the peer's USE-CANDIDATE").isEqualTo(peer);
        assertThat(controlled.requestsReceived).isPositive();
    }
}
