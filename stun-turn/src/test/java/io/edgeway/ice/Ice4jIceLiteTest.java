package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.time.Clock;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4, test 2: ice4j's full ICE agent, controlling, completes connectivity checks against an
 * Edgeway media port on real loopback sockets, with Edgeway as the ICE-lite side. ice4j forms the one
 * pair (its host candidate, our port), checks it, nominates it with USE-CANDIDATE (regular nomination,
 * which RFC 8445 §8.1.1 requires towards a lite agent) and selects it; the responder reports the same
 * pair as validated and nominated.
 *
 * <p>ice4j's host harvester skips loopback interfaces, so its host candidate is built by hand on
 * 127.0.0.1, as in {@code Ice4jTurnIT}; no other harvester runs (AWS and STUN mapping are switched off
 * by the test JVM's system properties).
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class Ice4jIceLiteTest {

    private static final long WAIT_SECONDS = 10;

    @Test
    void ice4jControllingAgentCompletesAgainstTheLiteResponder() throws Exception {
        connect(true);
    }

    /**
     * An agent that starts in the controlled role, against a lite agent that never leaves it, gets 487
     * (RFC 8445 §7.3.1.1), switches to controlling (§7.2.5.1) and completes all the same.
     */
    @Test
    void ice4jStartingControlledIsTurnedAroundByRoleConflict() throws Exception {
        IceLiteResponder responder = connect(false);

        assertThat(responder.count(IceCheckOutcome.ROLE_CONFLICT)).isGreaterThanOrEqualTo(1);
    }

    private static IceLiteResponder connect(boolean controlling) throws Exception {
        List<IceEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch nominated = new CountDownLatch(1);
        IceLiteResponder responder = new IceLiteResponder(new SecureRandom(), event -> {
            events.add(event);
            if (event.type() == IceEvent.Type.NOMINATED) {
                nominated.countDown();
            }
        });
        Agent agent = new Agent();
        try (LoopbackMediaPort port = new LoopbackMediaPort(responder, Clock.SYSTEM)) {
            agent.setControlling(controlling);
            IceMediaStream stream = agent.createMediaStream("audio");
            Component component = componentWithLoopbackHost(agent, stream);
            TransportAddress ice4jHost = component.getLocalCandidates().get(0).getTransportAddress();

            // Signaling, both ways: the participant's credentials to Edgeway, Edgeway's to the participant.
            IceParticipant participant = responder.addParticipant("ice4j",
                    IceCredentials.of(agent.getLocalUfrag(), agent.getLocalPassword()));
            IceCredentials edgeway = participant.localCredentials();
            stream.setRemoteUfrag(edgeway.ufrag());
            stream.setRemotePassword(edgeway.password());
            InetSocketAddress media = port.address();
            component.addRemoteCandidate(new RemoteCandidate(
                    new TransportAddress(media.getAddress(), media.getPort(), Transport.UDP), component,
                    CandidateType.HOST_CANDIDATE, "1", 2130706431L, null, edgeway.ufrag()));

            CountDownLatch established = new CountDownLatch(1);
            agent.addStateChangeListener((PropertyChangeEvent e) -> {
                IceProcessingState state = (IceProcessingState) e.getNewValue();
                if (state.isEstablished() || state == IceProcessingState.FAILED) {
                    established.countDown();
                }
            });
            agent.startConnectivityEstablishment();

            assertThat(established.await(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("ice4j reached a final state; now %s", agent.getState()).isTrue();
            assertThat(agent.getState()).isIn(IceProcessingState.COMPLETED, IceProcessingState.TERMINATED);
            org.ice4j.ice.CandidatePair selected = component.getSelectedPair();
            assertThat(selected).as("ice4j's selected pair").isNotNull();
            assertThat(selected.getRemoteCandidate().getTransportAddress()).isEqualTo(media);
            assertThat(selected.getLocalCandidate().getTransportAddress()).isEqualTo(ice4jHost);

            assertThat(nominated.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the responder saw the nomination").isTrue();
            CandidatePair ours = new CandidatePair(port.sink(), new InetSocketAddress(ice4jHost.getAddress(),
                    ice4jHost.getPort()));
            assertThat(participant.selectedPair()).isEqualTo(ours);
            assertThat(events).extracting(IceEvent::type)
                    .containsSubsequence(IceEvent.Type.PAIR_VALIDATED, IceEvent.Type.NOMINATED)
                    .doesNotContain(IceEvent.Type.CONSENT_LOST);
            assertThat(events).allSatisfy(e -> assertThat(e.pair()).isEqualTo(ours));
            assertThat(responder.count(IceCheckOutcome.ANSWERED)).isGreaterThanOrEqualTo(2);
            assertThat(responder.count(IceCheckOutcome.UNAUTHENTICATED)).isZero();
            assertThat(responder.count(IceCheckOutcome.BAD_REQUEST)).isZero();
            if (controlling) {
                assertThat(responder.count(IceCheckOutcome.ROLE_CONFLICT)).isZero();
            }
            assertThat(agent.isControlling()).isTrue();
            assertThat(port.failures()).isEmpty();
            return responder;
        } finally {
            agent.free();
        }
    }

    /** One component whose only local candidate is a host candidate on 127.0.0.1. */
    static Component componentWithLoopbackHost(Agent agent, IceMediaStream stream) throws IOException {
        // No dynamic host harvesting (it would bind every non-loopback interface) and no trickle harvest.
        agent.setUseDynamicPorts(false);
        agent.setTrickling(true);
        Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(0, InetAddress.getLoopbackAddress());
        HostCandidate host = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
        component.addLocalCandidate(host);
        host.getStunStack().addSocket(host.getStunSocket(null));
        return component;
    }
}
