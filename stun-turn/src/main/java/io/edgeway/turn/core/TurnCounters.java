package io.edgeway.turn.core;

import io.edgeway.core.metrics.StripedCounters;

/**
 * Counters of one event loop's TURN core: events by {@link TurnEvent}, and relayed packets and bytes
 * by direction and client transport. Written by the owning loop with plain increments, summed across
 * loops when metrics are scraped.
 */
public final class TurnCounters {

    public enum Direction { TO_PEER, TO_CLIENT }

    private static final int TRANSPORTS = TransportProtocol.values().length;

    private final StripedCounters events = new StripedCounters(TurnEvent.values().length);
    private final StripedCounters relayed = new StripedCounters(2 * TRANSPORTS * 2);

    public void count(TurnEvent event) {
        events.increment(event.ordinal());
    }

    void relayed(Direction direction, TransportProtocol transport, int bytes) {
        int base = (direction.ordinal() * TRANSPORTS + transport.ordinal()) * 2;
        relayed.increment(base);
        relayed.add(base + 1, bytes);
    }

    public long get(TurnEvent event) {
        return events.get(event.ordinal());
    }

    public long relayedPackets(Direction direction, TransportProtocol transport) {
        return relayed.get((direction.ordinal() * TRANSPORTS + transport.ordinal()) * 2);
    }

    public long relayedBytes(Direction direction, TransportProtocol transport) {
        return relayed.get((direction.ordinal() * TRANSPORTS + transport.ordinal()) * 2 + 1);
    }
}
