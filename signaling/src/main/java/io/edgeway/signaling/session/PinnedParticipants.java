package io.edgeway.signaling.session;

import java.util.Set;

/**
 * Who is pinned in a meeting (RealtimeKit's {@code participants.pinned}), for whoever decides what to show or
 * forward: the media side reads it to give pinned participants their place. Read on the media port's loop,
 * where the session layer keeps it.
 */
public interface PinnedParticipants {

    /** The pinned participants' ids, oldest pin first; a copy. */
    Set<String> pinnedIds();
}
