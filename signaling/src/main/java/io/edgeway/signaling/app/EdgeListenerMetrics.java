package io.edgeway.signaling.app;

import io.edgeway.core.proxy.ProxyProtocol;
import io.edgeway.core.proxy.ProxyProtocolCounter;
import io.edgeway.core.sharedport.SharedPortCounter;
import io.edgeway.core.sharedport.SharedPortListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The meters of the listeners that decide what a TCP connection is before a protocol takes it: the shared
 * port and the HTTPS port ({@link SharedPortListener}s) and the PROXY protocol stage:
 * <ul>
 *   <li>{@code edgeway_shared_port_connections_total{listener, result}}: accepted, and how undecided
 *       connections ended (refused at the limit, timed out, unrecognised, TLS failed, hand-over failed);</li>
 *   <li>{@code edgeway_shared_port_handovers_total{listener, protocol}}: which protocol took how many;</li>
 *   <li>{@code edgeway_proxy_protocol_connections_total{result}}: headers accepted, LOCAL, missing from a
 *       trusted balancer, refused from an untrusted source, and connections without one.</li>
 * </ul>
 * Each listener's counters are read at scrape time; a listener bound to several addresses is summed.
 * Tag values come from closed sets: never an address.
 */
final class EdgeListenerMetrics {

    private EdgeListenerMetrics() {
    }

    static void bind(String listener, List<SharedPortListener> listeners, MeterRegistry registry) {
        if (listeners.isEmpty()) {
            return;
        }
        for (SharedPortCounter counter : SharedPortCounter.values()) {
            FunctionCounter.builder("edgeway.shared.port.connections", listeners, l -> sum(l, counter))
                    .tags("listener", listener, "result", lower(counter.name()))
                    .description("Connections of the shared and HTTPS ports, by how their undecided time ended")
                    .register(registry);
        }
        for (String protocol : listeners.get(0).protocolNames()) {
            FunctionCounter.builder("edgeway.shared.port.handovers", listeners, l -> handedOver(l, protocol))
                    .tags("listener", listener, "protocol", protocol)
                    .description("Connections of the shared and HTTPS ports handed to each protocol")
                    .register(registry);
        }
    }

    static void bind(ProxyProtocol proxy, MeterRegistry registry) {
        if (proxy == null) {
            return;
        }
        for (ProxyProtocolCounter counter : ProxyProtocolCounter.values()) {
            FunctionCounter.builder("edgeway.proxy.protocol.connections", proxy, p -> p.count(counter))
                    .tag("result", lower(counter.name()))
                    .description("TCP connections through the PROXY protocol stage, by outcome")
                    .register(registry);
        }
    }

    private static double sum(List<SharedPortListener> listeners, SharedPortCounter counter) {
        long n = 0;
        for (SharedPortListener l : listeners) {
            n += l.count(counter);
        }
        return n;
    }

    private static double handedOver(List<SharedPortListener> listeners, String protocol) {
        long n = 0;
        for (SharedPortListener l : listeners) {
            n += l.handedOver(protocol);
        }
        return n;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
