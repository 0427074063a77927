package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The per-source budget for answers to unauthenticated requests (design brief: "per-source rate limit
 * on unauthenticated requests"): beyond it a source gets no answer at all, so the server cannot be used
 * to reflect 401s or Binding responses at a spoofed victim.
 */
class RateLimitTest extends CoreTestBase {

    @Test
    void beyondTheBurstASourceGetsNoAnswerWhileAnotherSourceStillDoes() {
        harness(b -> b.unauthenticatedRequestsPerSecond(1).unauthenticatedBurst(3));
        FakeTurnClient flooder = h.udpClient("198.51.100.66", 40001);
        FakeTurnClient samePeerOtherPort = h.udpClient("198.51.100.66", 40002);
        FakeTurnClient bystander = h.udpClient("198.51.100.7", 40001);

        for (int i = 0; i < 5; i++) {
            h.deliver(flooder, TurnRequests.binding().encode());
        }
        h.deliver(samePeerOtherPort, TurnRequests.allocate().encode());

        assertThat(flooder.pending()).isEqualTo(3);
        assertThat(samePeerOtherPort.pending()).as("the budget is per IP address, not per port").isZero();
        assertThat(h.count(TurnEvent.DROP_RATE_LIMITED)).isEqualTo(3);
        assertThat(h.count(TurnEvent.AUTH_CHALLENGED)).isZero();

        assertThat(h.exchange(bystander, TurnRequests.binding()).isSuccess()).isTrue();
        assertThat(h.exchange(bystander, TurnRequests.allocate()).errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);

        // The bucket refills at the configured rate: one more answer after a second.
        h.advance(Duration.ofSeconds(1));
        flooder.releaseAll();
        h.deliver(flooder, TurnRequests.binding().encode());
        h.deliver(flooder, TurnRequests.binding().encode());
        assertThat(flooder.pending()).isEqualTo(1);
    }

    @Test
    void authenticatedRequestsAreNotLimitedButFailedAuthenticationIs() {
        harness(b -> b.unauthenticatedRequestsPerSecond(1).unauthenticatedBurst(2));
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.challenge();
        h.exchange(alice.client(), TurnRequests.binding());

        assertThat(alice.allocate().isSuccess()).isTrue();
        assertThat(alice.createPermission(PEER).isSuccess()).isTrue();
        assertThat(alice.channelBind(0x4000, PEER).isSuccess()).isTrue();
        assertThat(alice.refresh(600).isSuccess()).isTrue();
        // An authenticated error is answered too.
        assertThat(alice.channelBind(0x3000, PEER).errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);

        // A wrong password earns a 401, which is an unauthenticated answer: none is left.
        TurnSession mallory = h.session(h.udpClient("198.51.100.7", 40002), ALICE.withPassword("guess")).nonce(alice.nonce());
        h.deliver(mallory.client(), mallory.sign(TurnRequests.allocate()).encode());
        assertThat(mallory.client().pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_RATE_LIMITED)).isEqualTo(1);
        assertThat(h.count(TurnEvent.AUTH_BAD_INTEGRITY)).isZero();
    }
}
