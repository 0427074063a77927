package io.edgeway.signaling.app;

import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.core.media.port.IceTcpCounter;
import io.edgeway.core.media.port.MediaPortCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Exposes the SFU's counters as Micrometer meters, read when scraped (each media loop keeps plain
 * single-writer counters, as TURN's loops do; see {@code TurnMetrics}); the totals sum every loop:
 * <ul>
 *   <li>{@code edgeway_media_packets_total{path="udp"|"tcp",result}}: every datagram of the media ports
 *       and every ICE-TCP frame, once, by what became of it ({@link MediaPortCounter});</li>
 *   <li>{@code edgeway_media_forwarding_total{result}}: each SRTP/SRTCP packet or forwarded copy, by
 *       outcome ({@link FanoutCounter}), over every meeting's room;</li>
 *   <li>{@code edgeway_media_not_joined_packets_total}: media from a transport not (or no longer) in a room;</li>
 *   <li>{@code edgeway_media_ice_tcp_connections_total{event}} and
 *       {@code edgeway_media_ice_tcp_connections_open};</li>
 *   <li>{@code edgeway_media_transports_active}, {@code edgeway_media_participants_active},
 *       {@code edgeway_media_meetings_active};</li>
 *   <li>per media loop, the load its meetings put on it ({@code loop} is the event loop's index, as in
 *       {@code edgeway_event_loop_cpu_seconds_total{loop}}, which says what it costs):
 *       {@code edgeway_media_loop_meetings{loop}}, {@code edgeway_media_loop_participants{loop}} and
 *       {@code edgeway_media_loop_packets_total{loop}} (datagrams and ICE-TCP frames it received).</li>
 * </ul>
 * Tag values come from closed enums and loop indexes: never a participant, a meeting or an address.
 */
final class MediaMetrics {

    private MediaMetrics() {
    }

    static void bind(MediaRelay media, MeterRegistry registry) {
        List<MediaShard> shards = media.shards();
        boolean iceTcp = media.iceTcp() != null;
        for (MediaPortCounter counter : MediaPortCounter.values()) {
            String result = lower(counter.name());
            FunctionCounter.builder("edgeway.media.packets", shards, s -> sum(s, shard -> shard.port.count(counter)))
                    .tags("path", "udp", "result", result)
                    .description("Media port datagrams (udp) and ICE-TCP frames (tcp), by what became of them")
                    .register(registry);
            if (iceTcp) {
                FunctionCounter.builder("edgeway.media.packets", shards, s -> sum(s, shard -> shard.iceTcp.count(counter)))
                        .tags("path", "tcp", "result", result)
                        .description("Media port datagrams (udp) and ICE-TCP frames (tcp), by what became of them")
                        .register(registry);
            }
        }
        for (FanoutCounter counter : FanoutCounter.values()) {
            FunctionCounter.builder("edgeway.media.forwarding", media, m -> m.count(counter))
                    .tag("result", lower(counter.name()))
                    .description("SRTP/SRTCP packets and forwarded copies, by outcome")
                    .register(registry);
        }
        FunctionCounter.builder("edgeway.media.not.joined.packets", shards, s -> sum(s, shard -> shard.fanout.notJoined()))
                .description("Media from a transport that is not (or no longer) in a meeting's room")
                .register(registry);
        if (iceTcp) {
            for (IceTcpCounter counter : IceTcpCounter.values()) {
                FunctionCounter.builder("edgeway.media.ice.tcp.connections", shards,
                                s -> sum(s, shard -> shard.iceTcp.count(counter)))
                        .tag("event", lower(counter.name()).replace("connections_", ""))
                        .description("ICE-TCP connections accepted, refused, closed idle, closed, or closed for lost framing")
                        .register(registry);
            }
            Gauge.builder("edgeway.media.ice.tcp.connections.open", shards, s -> sum(s, shard -> shard.iceTcp.connectionCount()))
                    .description("ICE-TCP connections open").register(registry);
        }
        Gauge.builder("edgeway.media.transports.active", shards, s -> sum(s, shard -> shard.port.transportCount()))
                .description("Participants' transports (ICE + DTLS-SRTP) on the media ports").register(registry);
        Gauge.builder("edgeway.media.participants.active", media.signaling(), r -> r.participantCount())
                .description("Participants in SFU meetings").register(registry);
        Gauge.builder("edgeway.media.meetings.active", media.signaling(), r -> r.meetingCount())
                .description("SFU meetings with at least one participant").register(registry);
        for (MediaShard shard : shards) {
            String loop = Integer.toString(shard.loop);
            Gauge.builder("edgeway.media.loop.meetings", shard, s -> s.signaling().meetingCount()).tag("loop", loop)
                    .description("SFU meetings placed on the media loop").register(registry);
            Gauge.builder("edgeway.media.loop.participants", shard, s -> s.signaling().participantCount()).tag("loop", loop)
                    .description("Participants of the meetings on the media loop").register(registry);
            FunctionCounter.builder("edgeway.media.loop.packets", shard, MediaShard::packetsReceived).tag("loop", loop)
                    .description("Datagrams and ICE-TCP frames the media loop received").register(registry);
        }
    }

    private static double sum(List<MediaShard> shards, ToDoubleFunction<MediaShard> figure) {
        double n = 0;
        for (MediaShard shard : shards) {
            n += figure.applyAsDouble(shard);
        }
        return n;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
