package io.edgeway.signaling.app;

import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.core.media.port.IceTcpCounter;
import io.edgeway.core.media.port.IceTcpListener;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.signaling.session.PortMediaPlane;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Exposes the SFU's counters as Micrometer meters, read when scraped (the media port's loop keeps
 * plain single-writer counters, as TURN's loops do; see {@code TurnMetrics}):
 * <ul>
 *   <li>{@code edgeway_media_packets_total{path="udp"|"tcp",result}}: every datagram of the media port
 *       and every ICE-TCP frame, once, by what became of it ({@link MediaPortCounter});</li>
 *   <li>{@code edgeway_media_forwarding_total{result}}: each SRTP/SRTCP packet or forwarded copy, by
 *       outcome ({@link FanoutCounter}), over every meeting's room;</li>
 *   <li>{@code edgeway_media_not_joined_packets_total}: media from a transport not (or no longer) in a room;</li>
 *   <li>{@code edgeway_media_ice_tcp_connections_total{event}} and
 *       {@code edgeway_media_ice_tcp_connections_open};</li>
 *   <li>{@code edgeway_media_transports_active}, {@code edgeway_media_participants_active},
 *       {@code edgeway_media_meetings_active}.</li>
 * </ul>
 * Tag values come from closed enums: never a participant, a meeting or an address.
 */
final class MediaMetrics {

    private MediaMetrics() {
    }

    static void bind(MediaRelay media, MeterRegistry registry) {
        for (MediaPortCounter counter : MediaPortCounter.values()) {
            String result = lower(counter.name());
            FunctionCounter.builder("edgeway.media.packets", media.port(), p -> p.count(counter))
                    .tags("path", "udp", "result", result)
                    .description("Media port datagrams (udp) and ICE-TCP frames (tcp), by what became of them")
                    .register(registry);
            IceTcpListener iceTcp = media.iceTcp();
            if (iceTcp != null) {
                FunctionCounter.builder("edgeway.media.packets", iceTcp, l -> l.count(counter))
                        .tags("path", "tcp", "result", result)
                        .description("Media port datagrams (udp) and ICE-TCP frames (tcp), by what became of them")
                        .register(registry);
            }
        }
        PortMediaPlane plane = media.plane();
        for (FanoutCounter counter : FanoutCounter.values()) {
            FunctionCounter.builder("edgeway.media.forwarding", plane, p -> p.count(counter))
                    .tag("result", lower(counter.name()))
                    .description("SRTP/SRTCP packets and forwarded copies, by outcome")
                    .register(registry);
        }
        FunctionCounter.builder("edgeway.media.not.joined.packets", media.fanout(), f -> f.notJoined())
                .description("Media from a transport that is not (or no longer) in a meeting's room")
                .register(registry);
        IceTcpListener iceTcp = media.iceTcp();
        if (iceTcp != null) {
            for (IceTcpCounter counter : IceTcpCounter.values()) {
                FunctionCounter.builder("edgeway.media.ice.tcp.connections", iceTcp, l -> l.count(counter))
                        .tag("event", lower(counter.name()).replace("connections_", ""))
                        .description("ICE-TCP connections accepted, refused, closed idle, closed, or closed for lost framing")
                        .register(registry);
            }
            Gauge.builder("edgeway.media.ice.tcp.connections.open", iceTcp, IceTcpListener::connectionCount)
                    .description("ICE-TCP connections open").register(registry);
        }
        Gauge.builder("edgeway.media.transports.active", media.port(), p -> p.transportCount())
                .description("Participants' transports (ICE + DTLS-SRTP) on the media port").register(registry);
        Gauge.builder("edgeway.media.participants.active", media.signaling(), s -> s.participantCount())
                .description("Participants in SFU meetings").register(registry);
        Gauge.builder("edgeway.media.meetings.active", media.signaling(), s -> s.meetingCount())
                .description("SFU meetings with at least one participant").register(registry);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
