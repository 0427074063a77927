package io.edgeway.bench.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest paced rate a server relays without losing a packet: the "lossless paced capacity" of
 * issue 3, a better figure for a media relay than unpaced saturation, because audio and video arrive
 * paced and a relay that keeps up on average but drops in bursts is useless for them.
 *
 * <h2>How it searches</h2>
 * It starts at a given rate per client and multiplies it by {@link #GROWTH} after every lossless step
 * until a step loses something (or the step budget is spent); then it bisects between the last lossless
 * rate and the first lossy one until they are within {@link #RESOLUTION} of each other. A step counts as
 * lossless only with zero lost packets and zero kernel drops anywhere on loopback, so that a drop in the
 * server's receive buffer counts even when a retransmitting layer would hide it. One noisy lossy step
 * lowers the result: on a shared machine the search is conservative, never optimistic.
 *
 * <p>Pure logic, one search per server: the caller asks for {@link #nextRate()}, runs the step and
 * {@link #record}s what it showed, so that the searches of two servers can run in lockstep, a step of one
 * then a step of the other, and a change in the machine's background load hits both alike. Not
 * thread-safe.
 */
public final class CapacitySearch {

    /** Rate factor between steps while no step has lost anything yet. */
    static final double GROWTH = 1.5;
    /** Bisecting stops when the lossy rate is within this fraction above the lossless one. */
    static final double RESOLUTION = 0.05;

    /**
     * What one step showed: relayed packets per second, what was lost, and whether the step passed: for
     * the TURN rows, nothing lost and no kernel drop; the SFU harness searches participants with its own
     * criteria (loss at most 0.5%, server under one core, run not void).
     */
    public record Outcome(int ratePerClient, double relayedPps, double lossRatio, long kernelDrops, boolean passed) {
        public Outcome(int ratePerClient, double relayedPps, double lossRatio, long kernelDrops) {
            this(ratePerClient, relayedPps, lossRatio, kernelDrops, lossRatio == 0 && kernelDrops == 0);
        }

        boolean lossless() {
            return passed;
        }
    }

    /**
     * @param ratePerClient the highest lossless rate found, 0 if no step was lossless
     * @param relayedPps relayed packets per second at that rate, 0 if none
     * @param steps every step in the order run
     */
    public record Result(int ratePerClient, double relayedPps, List<Outcome> steps) {
    }

    private final int maxSteps;
    private final List<Outcome> steps = new ArrayList<>();
    private Outcome best;
    private int lossyRate;
    private int nextRate;

    public CapacitySearch(int startRatePerClient, int maxSteps) {
        if (maxSteps < 2) {
            throw new IllegalArgumentException("a search needs at least 2 steps, got " + maxSteps);
        }
        if (startRatePerClient < 1) {
            throw new IllegalArgumentException("start rate must be at least 1 per client, got " + startRatePerClient);
        }
        this.maxSteps = maxSteps;
        this.nextRate = startRatePerClient;
    }

    /** True once the interval is narrow enough or the step budget is spent. */
    public boolean done() {
        return nextRate <= 0 || steps.size() >= maxSteps;
    }

    /** The rate per client of the next step; only while not {@link #done()}. */
    public int nextRate() {
        if (done()) {
            throw new IllegalStateException("the search is done");
        }
        return nextRate;
    }

    /** What the step at {@link #nextRate()} showed. */
    public void record(Outcome outcome) {
        if (outcome.ratePerClient() != nextRate()) {
            throw new IllegalArgumentException("expected a step at " + nextRate + " per client, got "
                    + outcome.ratePerClient());
        }
        steps.add(outcome);
        if (outcome.lossless()) {
            best = outcome;
        } else {
            lossyRate = outcome.ratePerClient();
        }
        nextRate = rateAfter(best == null ? 0 : best.ratePerClient(), lossyRate);
    }

    public Result result() {
        List<Outcome> copy = List.copyOf(steps);
        return best == null ? new Result(0, 0, copy) : new Result(best.ratePerClient(), best.relayedPps(), copy);
    }

    /** The next rate to try, or 0 when the interval is narrow enough (or nothing lossless is left to find). */
    static int rateAfter(int losslessRate, int lossyRate) {
        if (lossyRate == 0) {
            return Math.max(losslessRate + 1, (int) Math.round(losslessRate * GROWTH));
        }
        if (losslessRate == 0) {
            // Even the first rate lost packets: look lower, down to 1 per client.
            return lossyRate <= 1 ? 0 : Math.max(1, lossyRate / 2);
        }
        if (lossyRate - losslessRate <= Math.max(1, losslessRate * RESOLUTION)) {
            return 0;
        }
        return losslessRate + (lossyRate - losslessRate) / 2;
    }
}
