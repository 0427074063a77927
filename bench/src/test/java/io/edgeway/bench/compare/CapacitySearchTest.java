package io.edgeway.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

    /** A server that relays every rate up to {@code capacity} per client without loss, 2 packets per round trip. */
    private static IntFunction<CapacitySearch.Outcome> serverWithCapacity(int capacity, int clients) {
        return rate -> new CapacitySearch.Outcome(rate, 2.0 * rate * clients, rate <= capacity ? 0 : 0.01, 0);
    }

    private static CapacitySearch.Result run(CapacitySearch search, IntFunction<CapacitySearch.Outcome> server) {
        while (!search.done()) {
            search.record(server.apply(search.nextRate()));
        }
        return search.result();
    }

    @Test
    void growsUntilLossThenBisectsToWithinTheResolution() throws Exception {
        CapacitySearch.Result result = run(new CapacitySearch(100, 20), serverWithCapacity(1000, 10));

        assertThat(result.ratePerClient()).isLessThanOrEqualTo(1000).isGreaterThanOrEqualTo(950);
        assertThat(result.relayedPps()).isEqualTo(2.0 * result.ratePerClient() * 10);
        List<Integer> rates = result.steps().stream().map(CapacitySearch.Outcome::ratePerClient).toList();
        assertThat(rates).startsWith(100, 150, 225, 338, 507, 761, 1142);
        assertThat(result.steps().get(result.steps().size() - 1).ratePerClient()).isNotEqualTo(1142);
    }

    @Test
    void kernelDropsMakeAStepLossyEvenWithoutMeasuredLoss() throws Exception {
        IntFunction<CapacitySearch.Outcome> dropsAbove300 = rate -> new CapacitySearch.Outcome(rate, rate, 0, rate > 300 ? 7 : 0);

        CapacitySearch.Result result = run(new CapacitySearch(200, 20), dropsAbove300);

        assertThat(result.ratePerClient()).isBetween(286, 300);
    }

    @Test
    void aLossyFirstStepSearchesDownward() throws Exception {
        CapacitySearch.Result result = run(new CapacitySearch(1000, 20), serverWithCapacity(90, 1));

        assertThat(result.steps().get(0).lossless()).isFalse();
        assertThat(result.steps().get(1).ratePerClient()).isEqualTo(500);
        assertThat(result.ratePerClient()).isBetween(86, 90);
    }

    @Test
    void reportsZeroWhenNothingIsLossless() throws Exception {
        CapacitySearch.Result result = run(new CapacitySearch(8, 20), rate -> new CapacitySearch.Outcome(rate, rate, 0.5, 0));

        assertThat(result.ratePerClient()).isZero();
        assertThat(result.relayedPps()).isZero();
        assertThat(result.steps()).extracting(CapacitySearch.Outcome::ratePerClient).containsExactly(8, 4, 2, 1);
    }

    @Test
    void stopsAtTheStepBudget() throws Exception {
        CapacitySearch.Result result = run(new CapacitySearch(10, 3), serverWithCapacity(1_000_000, 1));

        assertThat(result.steps()).hasSize(3);
        assertThat(result.ratePerClient()).isEqualTo(23);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new CapacitySearch(10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CapacitySearch(0, 5)).isInstanceOf(IllegalArgumentException.class);
        CapacitySearch search = new CapacitySearch(10, 5);
        assertThatThrownBy(() -> search.record(new CapacitySearch.Outcome(11, 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        run(search, serverWithCapacity(0, 1));
        assertThat(search.done()).isTrue();
        assertThatThrownBy(search::nextRate).isInstanceOf(IllegalStateException.class);
    }
}
