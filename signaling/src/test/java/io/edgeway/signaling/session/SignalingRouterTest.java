package io.edgeway.signaling.session;

import static io.edgeway.signaling.session.SessionFixtures.offerOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.session.SessionFixtures.RecordingConnection;
import io.edgeway.signaling.session.SessionFixtures.RecordingMediaPlane;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Issue #14: the session layer over two event loops, without sockets. Each loop is a {@link SignalingService}
 * with its own recording media plane and an executor the test runs by hand (so the order in which a loop
 * sees its tasks is the test's to check); joins are open sessions, whose meeting key is the join's
 * {@code meeting}. A new meeting goes to the loop with the fewest connections placed, a meeting's joiners and
 * every later message of a connection to the meeting's loop, a join after {@code leave} to its new meeting's
 * loop with what arrives while it is decided, a second join without leaving is refused where the connection is; placements
 * end with their last connection; drain, counts, polls and the open-meeting limit cover both loops.
 */
class SignalingRouterTest {

    private final ManualClock clock = new ManualClock();
    private final OpenMeetingBudget budget = new OpenMeetingBudget(3);
    private final OpenSessionAuthenticator authenticator = new OpenSessionAuthenticator(new Random(5), clock);
    private final List<ManualLoop> loops = List.of(new ManualLoop(), new ManualLoop());
    private final List<RecordingMediaPlane> planes = List.of(new RecordingMediaPlane(), new RecordingMediaPlane());
    private final List<SignalingService> services = new ArrayList<>();
    private final SignalingRouter router;

    SignalingRouterTest() {
        for (int i = 0; i < 2; i++) {
            services.add(new SignalingService(loops.get(i), planes.get(i), authenticator, clock, new Random(i), budget));
        }
        router = new SignalingRouter(services, authenticator);
    }

    /** An executor that runs its tasks only when the test says, in order: one event loop. */
    private static final class ManualLoop implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }
    }

    /** Runs every loop until none has anything left (a task may queue more, on its loop or the other). */
    private void settle() {
        boolean ran = true;
        while (ran) {
            ran = false;
            for (ManualLoop loop : loops) {
                Runnable task;
                while ((task = loop.tasks.poll()) != null) {
                    task.run();
                    ran = true;
                }
            }
        }
    }

    private RecordingConnection join(String meeting, String name) {
        RecordingConnection c = new RecordingConnection(name);
        router.received(c, new ClientMessage.Join(SessionFixtures.join(meeting, name)));
        settle();
        return c;
    }

    private static String lastError(RecordingConnection c) {
        return c.last("error").get("code").asText();
    }

    @Test
    void meetingsGoToTheLeastLoadedLoopAndTheirJoinersFollowThem() {
        RecordingConnection a1 = join("alpha", "a1");
        RecordingConnection b1 = join("beta", "b1");
        assertThat(router.loopOf("open:alpha")).isZero();
        assertThat(router.loopOf("open:beta")).as("the loop without connections").isEqualTo(1);
        RecordingConnection a2 = join("alpha", "a2");
        RecordingConnection a3 = join("alpha", "a3");
        assertThat(a3.last("roomJoined").get("participants")).as("a3 meets a1 and a2 on their loop").hasSize(2);
        assertThat(a1.all("participantJoined")).hasSize(2);
        assertThat(b1.all("participantJoined")).isEmpty();
        // Loop 0 holds three connections, loop 1 one: the next meeting goes to loop 1.
        join("gamma", "g1");
        assertThat(router.loopOf("open:gamma")).isEqualTo(1);
        assertThat(router.placedConnections(0)).isEqualTo(3);
        assertThat(router.placedConnections(1)).isEqualTo(2);
        assertThat(planes.get(0).rooms).extracting(r -> r.meetingId).containsExactly("alpha");
        assertThat(planes.get(1).rooms).extracting(r -> r.meetingId).containsExactly("beta", "gamma");
        assertThat(services.get(0).participantCount()).isEqualTo(3);
        assertThat(router.participantCount()).isEqualTo(5);
        assertThat(router.meetingCount()).isEqualTo(3);
        assertThat(a2.last("roomJoined").get("participants")).hasSize(1);
    }

    @Test
    void aConnectionsLaterMessagesGoToItsMeetingsLoop() {
        join("alpha", "a1");
        RecordingConnection b1 = join("beta", "b1");
        router.received(b1, new ClientMessage.Offer(offerOf(1)));
        settle();
        assertThat(b1.last("answer")).isNotNull();
        assertThat(planes.get(1).legs).as("beta's leg on beta's loop").hasSize(1);
        assertThat(planes.get(0).legs).isEmpty();
        RecordingConnection stranger = new RecordingConnection("x");
        router.received(stranger, new ClientMessage.Chat("hello"));
        settle();
        assertThat(lastError(stranger)).isEqualTo("not_joined");
    }

    @Test
    void aJoinAfterLeaveMovesTheConnectionToItsNewMeetingsLoop() {
        join("alpha", "a1");
        RecordingConnection mover = join("alpha", "mover");
        RecordingConnection b1 = join("beta", "b1");
        assertThat(router.loopOf("open:beta")).isEqualTo(1);
        // Sent together: the second join is decided on alpha's loop, after the leave.
        router.received(mover, new ClientMessage.Leave());
        router.received(mover, new ClientMessage.Join(SessionFixtures.join("beta", "mover")));
        settle();
        assertThat(mover.all("roomJoined")).hasSize(2);
        assertThat(mover.last("roomJoined").get("meeting").get("id").asText()).isEqualTo("beta");
        router.received(mover, new ClientMessage.Chat("after the move"));
        settle();
        assertThat(b1.last("chatUpdate").get("message").get("text").asText()).isEqualTo("after the move");
        assertThat(router.placedConnections(0)).as("a1 only").isEqualTo(1);
        assertThat(router.placedConnections(1)).isEqualTo(2);
        assertThat(services.get(0).participantCount()).isEqualTo(1);
        assertThat(services.get(1).participantCount()).isEqualTo(2);
    }

    @Test
    void aSecondJoinWithoutLeavingIsRefusedWhereTheConnectionIs() {
        RecordingConnection a1 = join("alpha", "a1");
        join("beta", "b1");
        router.received(a1, new ClientMessage.Join(SessionFixtures.join("beta", "a1")));
        settle();
        assertThat(lastError(a1)).isEqualTo("already_joined");
        assertThat(services.get(0).participantCount()).isEqualTo(1);
        assertThat(services.get(1).participantCount()).isEqualTo(1);
        router.received(a1, new ClientMessage.Chat("still here"));
        settle();
        assertThat(a1.last("chatUpdate").get("message").get("text").asText()).isEqualTo("still here");
    }

    @Test
    void aPlacementEndsWithItsLastConnectionAndTheMeetingMayThenGoElsewhere() {
        RecordingConnection a1 = join("alpha", "a1");
        RecordingConnection a2 = join("alpha", "a2");
        join("beta", "b1");
        router.disconnected(a1);
        assertThat(router.loopOf("open:alpha")).as("given back on the loop, after the disconnect").isZero();
        settle();
        assertThat(router.loopOf("open:alpha")).isZero();
        router.disconnected(a2);
        settle();
        assertThat(router.loopOf("open:alpha")).isEqualTo(-1);
        assertThat(planes.get(0).rooms.get(0).closed).as("alpha's room closed with its last participant").isTrue();
        // Loop 1 holds beta's connection, loop 0 none: delta goes to loop 0, twice busier afterwards.
        join("delta", "d1");
        join("delta", "d2");
        assertThat(router.loopOf("open:delta")).isZero();
        join("alpha", "a3");
        assertThat(router.loopOf("open:alpha")).as("now the least-loaded loop").isEqualTo(1);
    }

    @Test
    void whatArrivesWhileASecondJoinIsDecidedFollowsItToTheNewLoop() {
        RecordingConnection mover = join("alpha", "mover");
        join("beta", "b1");
        router.received(mover, new ClientMessage.Leave());
        router.received(mover, new ClientMessage.Join(SessionFixtures.join("beta", "mover")));
        router.disconnected(mover);
        settle();
        // Had the disconnect gone to alpha's loop, the mover would have been admitted to beta and stayed.
        assertThat(services.get(1).participantCount()).as("b1 only: the join was dropped with its connection")
                .isEqualTo(1);
        assertThat(router.placedConnections(0)).isZero();
        assertThat(router.placedConnections(1)).isEqualTo(1);
        assertThat(router.loopOf("open:alpha")).isEqualTo(-1);
    }

    @Test
    void theOpenMeetingLimitCoversEveryLoop() {
        join("m1", "a");
        join("m2", "b");
        join("m3", "c");
        RecordingConnection fourth = join("m4", "d");
        assertThat(lastError(fourth)).isEqualTo("too_many_sessions");
        assertThat(budget.open()).isEqualTo(3);
        router.disconnected(fourth);
        RecordingConnection joiner = join("m2", "e");
        assertThat(joiner.last("roomJoined")).as("an existing meeting still takes joiners").isNotNull();
    }

    @Test
    void drainAndTheCountsCoverBothLoops() {
        join("alpha", "a1");
        join("beta", "b1");
        router.drain();
        assertThat(router.draining()).isTrue();
        assertThat(services).allSatisfy(s -> assertThat(s.draining()).isTrue());
        RecordingConnection late = join("beta", "late");
        assertThat(lastError(late)).isEqualTo("draining");
        assertThat(router.participantCount()).isEqualTo(2);
        assertThat(router.meetingCount()).isEqualTo(2);
    }

    @Test
    void aPollGoesToItsMeetingsLoopAndNowhereWithoutIt() throws Exception {
        join("alpha", "a1");
        RecordingConnection b1 = join("beta", "b1");
        assertThat(router.loopOf("open:beta")).isEqualTo(1);
        var poll = router.createPoll(OpenSessionAuthenticator.REALM, "beta", "Lunch?", List.of("yes", "no"), false, false)
                .toCompletableFuture();
        settle();
        assertThat(poll.get()).as("beta's loop answered: the other has no beta").isPresent();
        assertThat(b1.last("roomJoined")).isNotNull();
        assertThat(router.createPoll(OpenSessionAuthenticator.REALM, "nowhere", "?", List.of("a", "b"), false, false)
                .toCompletableFuture().get()).isEmpty();
    }

    @Test
    void aJoinThatNamesNoMeetingIsRefusedOnTheLeastLoadedLoop() {
        join("alpha", "a1");
        RecordingConnection nameless = new RecordingConnection("n");
        router.received(nameless, new ClientMessage.Join(JsonNodeFactory.instance.objectNode().put("type", "join")));
        settle();
        assertThat(lastError(nameless)).isEqualTo("invalid_request");
        assertThat(router.placedConnections(1)).as("not placed: it names no meeting").isZero();
    }
}
