package io.edgeway.turn.core;

import io.edgeway.turn.config.TurnServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the core's tests: builds a {@link CoreHarness} per test and closes it afterwards, which
 * releases every buffer the fakes still hold and checks that no allocation state leaked.
 */
abstract class CoreTestBase {

    /** Global unicast peers the default policy allows (never contacted: the relay sockets are fakes). */
    static final InetSocketAddress PEER = CoreHarness.address("93.184.216.34", 5000);
    static final InetSocketAddress PEER_2 = CoreHarness.address("8.8.4.4", 6000);
    static final InetSocketAddress PEER_V6 = CoreHarness.address("2606:4700:4700::1111", 7000);

    protected CoreHarness h;

    protected CoreHarness harness() {
        return harness(b -> { });
    }

    protected CoreHarness harness(Consumer<TurnServerConfig.Builder> customizer) {
        h = CoreHarness.create(customizer);
        return h;
    }

    protected CoreHarness harness(Consumer<TurnServerConfig.Builder> customizer, List<InetAddress> relays) {
        h = CoreHarness.create(customizer, relays);
        return h;
    }

    protected CoreHarness dualStack() {
        h = CoreHarness.dualStack(b -> { });
        return h;
    }

    @AfterEach
    void closeHarness() {
        if (h != null) {
            h.close();
        }
    }
}
