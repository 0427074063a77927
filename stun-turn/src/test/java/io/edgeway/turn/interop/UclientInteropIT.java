package io.edgeway.turn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * coturn's {@code turnutils_uclient} against the server under test, with {@code turnutils_peer}
 * echoing on loopback: every transport (UDP, TCP, TLS) times both data paths (ChannelData, Send
 * indications) times both credential kinds (static user, REST secret). At a moderate pace on loopback
 * nothing may be lost: uclient's closing counts must show every message sent came back.
 *
 * <p>uclient verifies MESSAGE-INTEGRITY on every response it gets, so a server that signs badly makes
 * it print "Wrong integrity" or fail the allocation, which these tests treat as failures.
 *
 * <p>Each run takes 2-7 s, mostly idle (uclient waits a random 1-6 s before sending), so the runs are
 * started together in {@code @BeforeAll} and each case asserts on its own run's result; every run has
 * its own log. UDP and TCP runs go {@value #PARALLEL_PLAIN_RUNS} at a time; TLS runs go one at a time
 * at uclient's default 20 ms pace, because uclient's TLS reader takes each {@code SSL_read} as exactly
 * one message (coturn's {@code uclient.c}, {@code recv_buffer}): two messages a server happens to
 * put in one TLS record count as one, or as "Unknown message received". Keeping TLS runs unhurried
 * makes that unlikely; should it happen, the log shows it.
 */
class UclientInteropIT {

    private static final int CLIENTS = 2;
    private static final int MESSAGES = 40;
    private static final int LENGTH = 120;
    private static final int INTERVAL_MS = 5;
    /** uclient's default pace; see the class comment for why TLS runs use it. */
    private static final int TLS_INTERVAL_MS = 20;
    /** uclient waits up to 6 s to start and 10 s for stragglers; anything longer is a hang. */
    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    /** Low enough that the load stays trivial on a 2-core machine. */
    private static final int PARALLEL_PLAIN_RUNS = 2;

    private static CoturnTools tools;
    private static TurnServerUnderTest server;
    private static TurnutilsPeer peer;
    private static ExecutorService plainRunner;
    private static ExecutorService tlsRunner;
    private static final Map<UclientRun, Future<CoturnTools.UclientResult>> RUNS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServerPeerAndRuns() throws Exception {
        tools = CoturnTools.find();
        server = TurnServerUnderTest.start("uclient", null, true);
        peer = tools.startPeer();
        plainRunner = Executors.newFixedThreadPool(PARALLEL_PLAIN_RUNS);
        tlsRunner = Executors.newSingleThreadExecutor();
        cases().forEach(a -> {
            UclientRun run = relayRun((TurnTransport) a.get()[0], (RelayMode) a.get()[1], (CredentialKind) a.get()[2]);
            ExecutorService runner = run.transport() == TurnTransport.TLS ? tlsRunner : plainRunner;
            RUNS.put(run, runner.submit(() -> tools.run(run, TIMEOUT)));
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ExecutorService runner : new ExecutorService[] {plainRunner, tlsRunner}) {
            if (runner != null) {
                runner.shutdownNow();
                runner.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        if (peer != null) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (TurnTransport transport : TurnTransport.values()) {
            for (RelayMode mode : RelayMode.values()) {
                for (CredentialKind credentials : CredentialKind.values()) {
                    all.add(Arguments.of(transport, mode, credentials));
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void everyMessageComesBack(TurnTransport transport, RelayMode mode, CredentialKind credentials)
            throws Exception {
        UclientRun run = relayRun(transport, mode, credentials);

        CoturnTools.UclientResult result = RUNS.get(run).get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        String why = server.name() + " " + result.describe();
        UclientSummary s = result.summary();
        assertThat(result.exitCode()).as(why).isZero();
        assertThat(s.errorLines()).as(why).isEmpty();
        // a reused ephemeral port meeting an earlier run's allocation: at most once per client socket pair
        assertThat(s.recoveredMismatches()).as(why).hasSizeLessThanOrEqualTo(4);
        assertThat(s.complete()).as(why).isTrue();
        assertThat(s.sentMessages()).as(why).isEqualTo(run.expectedMessages());
        assertThat(s.receivedMessages()).as(why).isEqualTo(run.expectedMessages());
        assertThat(s.lostPackets()).as(why).isZero();
        assertThat(s.sendDropped()).as(why).isZero();
        assertThat(s.sentBytes()).as(why).isEqualTo(run.expectedMessages() * LENGTH);
        assertThat(s.receivedBytes()).as(why).isEqualTo(s.sentBytes());
    }

    /** The server must refuse a wrong password; otherwise the runs above would prove nothing about auth. */
    @Test
    void wrongPasswordGetsNoAllocation() {
        UclientRun run = new UclientRun("wrong-password",
                TurnTransport.UDP, RelayMode.CHANNEL_DATA, CredentialKind.STATIC_USER,
                server.address(TurnTransport.UDP, CredentialKind.STATIC_USER), peer.address(),
                new InteropCredentials.Credential(InteropCredentials.STATIC_USER, "not-the-password"),
                1, 5, LENGTH, INTERVAL_MS);

        CoturnTools.UclientResult result = tools.run(run, TIMEOUT);

        String why = server.name() + " " + result.describe();
        assertThat(result.exitCode()).as(why).isNotZero();
        assertThat(result.output()).as(why).contains("Cannot complete Allocation");
        assertThat(result.summary().sentMessages()).as(why).isLessThanOrEqualTo(0);
    }

    private static UclientRun relayRun(TurnTransport transport, RelayMode mode, CredentialKind credentials) {
        return new UclientRun("relay", transport, mode, credentials,
                server.address(transport, credentials), peer.address(), uclientCredential(credentials),
                CLIENTS, MESSAGES, LENGTH, transport == TurnTransport.TLS ? TLS_INTERVAL_MS : INTERVAL_MS);
    }

    /** uclient computes REST user names itself from {@code -u <user> -W <secret>}. */
    private static InteropCredentials.Credential uclientCredential(CredentialKind kind) {
        return switch (kind) {
            case STATIC_USER -> new InteropCredentials.Credential(
                    InteropCredentials.STATIC_USER, InteropCredentials.STATIC_PASSWORD);
            case REST_SECRET -> new InteropCredentials.Credential(
                    InteropCredentials.REST_USER_ID, InteropCredentials.REST_SECRET);
        };
    }
}
