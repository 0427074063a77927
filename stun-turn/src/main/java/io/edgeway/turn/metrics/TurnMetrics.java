package io.edgeway.turn.metrics;

import io.edgeway.core.tls.ReloadableSslContext;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters;
import io.edgeway.turn.core.TurnEvent;
import io.edgeway.turn.netty.TurnServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Exposes the TURN server's counters as Micrometer meters. Nothing here runs per packet: the event
 * loops keep plain single-writer counters ({@link TurnCounters}) and these meters sum them across loops
 * when scraped. Names follow Prometheus conventions once rendered ({@code edgeway_} prefix, base units,
 * {@code _total} counters), and every tag value comes from a closed set (never a user, an address or an
 * allocation).
 */
public final class TurnMetrics {

    private TurnMetrics() {
    }

    public static void bind(TurnServer server, MeterRegistry registry) {
        Gauge.builder("edgeway.turn.allocations.active", server, s -> s.gauge(TurnCounters.Gauge.ALLOCATIONS))
                .description("TURN allocations alive").register(registry);
        Gauge.builder("edgeway.turn.permissions.active", server, s -> s.gauge(TurnCounters.Gauge.PERMISSIONS))
                .description("TURN permissions installed").register(registry);
        Gauge.builder("edgeway.turn.channels.active", server, s -> s.gauge(TurnCounters.Gauge.CHANNELS))
                .description("TURN channel bindings alive").register(registry);
        Gauge.builder("edgeway.draining", server, s -> s.draining() ? 1 : 0)
                .description("1 while the server refuses new allocations and drains existing ones").register(registry);

        for (TransportProtocol transport : TransportProtocol.values()) {
            for (TurnCounters.Direction direction : TurnCounters.Direction.values()) {
                String t = lower(transport.name());
                String d = lower(direction.name());
                FunctionCounter.builder("edgeway.turn.relayed.packets", server, s -> s.relayedPackets(direction, transport))
                        .tags("direction", d, "transport", t).description("Packets relayed").register(registry);
                FunctionCounter.builder("edgeway.turn.relayed.bytes", server, s -> s.relayedBytes(direction, transport))
                        .tags("direction", d, "transport", t).baseUnit("bytes")
                        .description("Payload bytes relayed").register(registry);
            }
        }

        for (TurnEvent event : TurnEvent.values()) {
            String name;
            String tagKey = null;
            String tagValue = null;
            String description;
            String e = lower(event.name());
            if (event.isDrop()) {
                name = "edgeway.turn.drops";
                tagKey = "reason";
                tagValue = e.substring("drop_".length());
                description = "Packets dropped, by reason";
            } else if (e.startsWith("auth_")) {
                name = "edgeway.turn.auth.failures";
                tagKey = "reason";
                tagValue = e.substring("auth_".length());
                description = "Requests not authenticated, by reason (challenged is the normal first round trip)";
            } else if (e.startsWith("allocation_refused_")) {
                name = "edgeway.turn.allocations.refused";
                tagKey = "reason";
                tagValue = e.substring("allocation_refused_".length());
                description = "Allocate requests refused, by reason";
            } else if (e.startsWith("allocation_")) {
                name = "edgeway.turn.allocations";
                tagKey = "result";
                tagValue = e.substring("allocation_".length());
                description = "Allocations created, expired and deleted";
            } else {
                switch (event) {
                    case PERMISSION_CREATED: name = "edgeway.turn.permissions.created"; break;
                    case CHANNEL_BOUND: name = "edgeway.turn.channels.bound"; break;
                    case BINDING_ANSWERED: name = "edgeway.turn.binding.requests"; break;
                    case SOCKET_ERROR: name = "edgeway.turn.socket.errors"; break;
                    case REQUEST_REJECTED:
                        name = "edgeway.turn.requests.rejected";
                        tagKey = "reason";
                        tagValue = "bad_request";
                        break;
                    case UNKNOWN_ATTRIBUTE_REJECTED:
                        name = "edgeway.turn.requests.rejected";
                        tagKey = "reason";
                        tagValue = "unknown_attribute";
                        break;
                    default:
                        throw new IllegalStateException("no metric for " + event);
                }
                description = "TURN server events";
            }
            FunctionCounter.Builder<TurnServer> counter =
                    FunctionCounter.builder(name, server, s -> s.count(event)).description(description);
            if (tagKey != null) {
                counter.tag(tagKey, tagValue);
            }
            counter.register(registry);
        }

        Timer allocate = Timer.builder("edgeway.turn.allocate.duration")
                .description("Time from the read batch carrying an Allocate to its success response, relay bind included")
                // A dozen fixed buckets from 50 us to 100 ms: enough for p50/p99 in PromQL, few series.
                .serviceLevelObjectives(Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
                        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100))
                .register(registry);
        server.context().allocateDurations(nanos -> allocate.record(nanos, TimeUnit.NANOSECONDS));

        ReloadableSslContext tls = server.tls();
        if (tls != null) {
            Gauge.builder("edgeway.tls.certificate.expiry.timestamp", tls, t -> t.material().notAfter().getEpochSecond())
                    .tag("listener", "turn").baseUnit("seconds")
                    .description("When the TLS certificate in use expires (Unix time)").register(registry);
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
