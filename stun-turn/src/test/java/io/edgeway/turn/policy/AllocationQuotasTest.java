package io.edgeway.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AllocationQuotasTest {

    @Test
    void theUserQuotaLimitsOneUserOnly() {
        AllocationQuotas quotas = new AllocationQuotas(2, 0);

        assertThat(quotas.tryAcquire("alice")).isTrue();
        assertThat(quotas.tryAcquire("alice")).isTrue();
        assertThat(quotas.tryAcquire("alice")).isFalse();
        assertThat(quotas.tryAcquire("bob")).isTrue();
        assertThat(quotas.active("alice")).isEqualTo(2);
        assertThat(quotas.active("bob")).isEqualTo(1);
        assertThat(quotas.active()).isEqualTo(3);
    }

    @Test
    void theTotalQuotaLimitsEveryone() {
        AllocationQuotas quotas = new AllocationQuotas(0, 3);

        assertThat(quotas.tryAcquire("alice")).isTrue();
        assertThat(quotas.tryAcquire("alice")).isTrue();
        assertThat(quotas.tryAcquire("bob")).isTrue();
        assertThat(quotas.tryAcquire("carol")).isFalse();
        assertThat(quotas.active("carol")).isZero();
        assertThat(quotas.users()).as("a refused user leaves no entry").isEqualTo(2);

        quotas.release("alice");

        assertThat(quotas.tryAcquire("carol")).isTrue();
        assertThat(quotas.active()).isEqualTo(3);
    }

    @Test
    void aRefusalTakesNothing() {
        AllocationQuotas quotas = new AllocationQuotas(1, 10);
        quotas.tryAcquire("alice");

        assertThat(quotas.tryAcquire("alice")).isFalse();

        assertThat(quotas.active()).isEqualTo(1);
        assertThat(quotas.active("alice")).isEqualTo(1);
    }

    @Test
    void releaseFreesRoomAndRemovesEmptyEntries() {
        AllocationQuotas quotas = new AllocationQuotas(2, 0);
        quotas.tryAcquire("alice");
        quotas.tryAcquire("alice");
        quotas.tryAcquire("bob");

        quotas.release("alice");
        assertThat(quotas.active("alice")).isEqualTo(1);
        assertThat(quotas.tryAcquire("alice")).isTrue();

        quotas.release("alice");
        quotas.release("alice");
        quotas.release("bob");

        assertThat(quotas.active()).isZero();
        assertThat(quotas.users()).as("no map entry left behind").isZero();
    }

    @Test
    void anUnmatchedReleaseIsIgnored() {
        AllocationQuotas quotas = new AllocationQuotas(1, 1);
        quotas.tryAcquire("alice");

        quotas.release("bob");
        quotas.release("alice");
        quotas.release("alice");

        assertThat(quotas.active()).isZero();
        assertThat(quotas.tryAcquire("carol")).isTrue();
        assertThat(quotas.tryAcquire("dave")).as("a double release must not open room").isFalse();
    }

    @Test
    void unlimitedQuotasStillCount() {
        AllocationQuotas quotas = new AllocationQuotas(0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(quotas.tryAcquire("alice")).isTrue();
        }
        assertThat(quotas.active("alice")).isEqualTo(1000);
        assertThat(quotas.active()).isEqualTo(1000);
    }

    @Test
    void limitsHoldUnderConcurrentAcquires() throws Exception {
        AllocationQuotas quotas = new AllocationQuotas(30, 100);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    int taken = 0;
                    for (int i = 0; i < 1000; i++) {
                        if (quotas.tryAcquire("user" + (i % 5))) {
                            taken++;
                        }
                    }
                    return taken;
                });
            }
            int taken = 0;
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                taken += result.get();
            }

            assertThat(taken).isEqualTo(100);
            assertThat(quotas.active()).isEqualTo(100);
            for (int u = 0; u < 5; u++) {
                assertThat(quotas.active("user" + u)).isLessThanOrEqualTo(30);
            }

            List<Callable<Void>> releases = new ArrayList<>();
            for (int u = 0; u < 5; u++) {
                String user = "user" + u;
                int held = quotas.active(user);
                releases.add(() -> {
                    for (int i = 0; i < held; i++) {
                        quotas.release(user);
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(releases)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(quotas.active()).isZero();
        assertThat(quotas.users()).isZero();
    }

    @Test
    void negativeQuotasAreRefused() {
        assertThatThrownBy(() -> new AllocationQuotas(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AllocationQuotas(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
