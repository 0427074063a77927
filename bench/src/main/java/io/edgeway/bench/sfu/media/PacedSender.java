package io.edgeway.bench.sfu.media;

import java.util.concurrent.TimeUnit;

/**
 * The generator's pacer: a hashed timer wheel of 1 ms slots on the event loop, driven by one 1 ms tick.
 * Each media source is an {@link Event} that fires at its due time and reschedules itself (an audio
 * packet every 20 ms, a video frame every 33.3 ms, sender reports every second), so one loop paces a
 * hundred participants without a timer per stream and without allocating: events link into their
 * slot through their own {@code next} field. How late each event fires is recorded (the run is void
 * when too many are late). Confined to its event loop.
 */
public final class PacedSender {

    static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** 4 096 slots of 1 ms: longer than any period used (1 s), so an event waits at most one turn. */
    static final int SLOTS = 4096;

    /** A scheduled thing; fires on the loop. */
    public abstract static class Event {
        long due;
        Event next;
        boolean scheduled;

        /** Runs at (or after) {@link #due}; {@code lateNanos} = now - due. */
        protected abstract void fire(long now, long lateNanos);

        public long due() {
            return due;
        }
    }

    private final Event[] slots = new Event[SLOTS];
    private final MediaLoop media;
    private long cursor = -1;

    public PacedSender(MediaLoop media) {
        this.media = media;
    }

    /** Schedules {@code event} at {@code due} (System.nanoTime), replacing nothing; once at a time. */
    public void schedule(Event event, long due) {
        if (event.scheduled) {
            throw new IllegalStateException("already scheduled");
        }
        event.due = due;
        event.scheduled = true;
        int slot = (int) Math.floorMod(due / SLOT_NANOS, (long) SLOTS);
        event.next = slots[slot];
        slots[slot] = event;
    }

    /** Fires everything due up to {@code now}; media events record their lateness. */
    public void tick(long now) {
        long target = now / SLOT_NANOS;
        if (cursor < 0 || target - cursor > SLOTS) {
            cursor = target - 1;
        }
        while (cursor < target) {
            cursor++;
            int slot = (int) Math.floorMod(cursor, (long) SLOTS);
            Event list = slots[slot];
            slots[slot] = null;
            while (list != null) {
                Event e = list;
                list = e.next;
                e.next = null;
                e.scheduled = false;
                if (e.due <= now) {
                    e.fire(now, now - e.due);
                } else {
                    schedule(e, e.due);
                }
            }
        }
        // The current slot holds events due later in this millisecond: visit it again next tick.
        cursor = target - 1;
        media.flush();
    }
}
