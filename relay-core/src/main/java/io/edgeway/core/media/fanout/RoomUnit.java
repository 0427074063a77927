package io.edgeway.core.media.fanout;

/**
 * What every feature unit of a {@link MediaRoom} has: the room it serves (for its routing table, members
 * and RTCP identity) and the counters it alone writes, which {@link MediaRoom#count} sums.
 */
abstract class RoomUnit {

    final MediaRoom room;
    final FanoutCounts counts = new FanoutCounts();

    RoomUnit(MediaRoom room) {
        this.room = room;
    }

    FanoutCounts counts() {
        return counts;
    }
}
