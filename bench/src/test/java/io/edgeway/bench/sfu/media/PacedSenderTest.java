package io.edgeway.bench.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacedSenderTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Fires at its due time and every {@code period} after, recording when it fired and how late. */
    private static final class Periodic extends PacedSender.Event {
        final PacedSender pacer;
        final long period;
        final List<long[]> fired = new ArrayList<>();

        Periodic(PacedSender pacer, long period) {
            this.pacer = pacer;
            this.period = period;
        }

        @Override
        protected void fire(long now, long lateNanos) {
            fired.add(new long[] {now, lateNanos});
            pacer.schedule(this, due() + period);
        }
    }

    @Test
    void eventsFireOnceDueAndNotBeforeEvenWithinTheirMillisecond() {
        PacedSender pacer = new PacedSender(new MediaLoop(null));
        long start = 1_000_000 * MS;
        Periodic audio = new Periodic(pacer, 20 * MS);
        pacer.schedule(audio, start + MS / 2);
        pacer.tick(start);
        assertThat(audio.fired).isEmpty();
        pacer.tick(start + MS / 4);
        assertThat(audio.fired).as("due later in this millisecond").isEmpty();
        pacer.tick(start + MS);
        assertThat(audio.fired).hasSize(1);
        assertThat(audio.fired.get(0)[1]).isEqualTo(MS / 2);
        for (long t = start + 2 * MS; t <= start + 101 * MS; t += MS) {
            pacer.tick(t);
        }
        assertThat(audio.fired).as("every 20 ms over 100 ms").hasSize(6);
    }

    @Test
    void aLongPeriodWaitsItsTurnOfTheWheel() {
        PacedSender pacer = new PacedSender(new MediaLoop(null));
        long start = 5_000 * MS;
        Periodic report = new Periodic(pacer, 1000 * MS);
        pacer.schedule(report, start + 1000 * MS);
        for (long t = start; t < start + 999 * MS; t += 3 * MS) {
            pacer.tick(t);
        }
        assertThat(report.fired).isEmpty();
        pacer.tick(start + 1001 * MS);
        assertThat(report.fired).hasSize(1);
    }
}
