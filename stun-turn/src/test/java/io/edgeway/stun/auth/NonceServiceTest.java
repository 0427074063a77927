package io.edgeway.stun.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.time.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private final ManualClock clock = new ManualClock();
    private final NonceService nonces = new NonceService(SECRET, LIFETIME, clock, true);
    private final InetAddress client = address("198.51.100.7");
    private final InetAddress other = address("198.51.100.8");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anIssuedNonceIsValidForItsClient() {
        String nonce = nonces.issue(client);

        assertThat(nonces.check(nonce, client)).isEqualTo(NonceStatus.VALID);
    }

    @Test
    void theNonceStartsWithTheCookieAndBothSecurityFeatures() {
        String nonce = nonces.issue(client);

        // RFC 8489 §9.2.1: "obMatJos2" then base64 of the 24-bit set; bits 0 and 1 set = 0xC00000 = "wAAA".
        assertThat(nonce).startsWith("obMatJos2wAAA");
        assertThat(NonceService.securityFeatures(nonce))
                .isEqualTo(NonceService.PASSWORD_ALGORITHMS | NonceService.USERNAME_ANONYMITY)
                .isEqualTo(0xC00000);
        assertThat(NonceService.securityFeaturesRequested(nonce)).isTrue();
    }

    @Test
    void theNonceIsShortAndUsesOnlyQuotedStringSafeCharacters() {
        String nonce = nonces.issue(client);

        assertThat(nonce.length()).isLessThan(64).isEqualTo(36);
        assertThat(nonce).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void withoutAdvertisingThereIsNoCookie() {
        NonceService plain = new NonceService(SECRET, LIFETIME, clock, false);
        String nonce = plain.issue(client);

        assertThat(nonce).doesNotStartWith(NonceService.NONCE_COOKIE).hasSize(23);
        assertThat(NonceService.securityFeatures(nonce)).isEqualTo(-1);
        assertThat(NonceService.securityFeaturesRequested(nonce)).isFalse();
        assertThat(plain.check(nonce, client)).isEqualTo(NonceStatus.VALID);
        assertThat(plain.advertisedSecurityFeatures()).isZero();
    }

    @Test
    void anExplicitFeatureSetIsAdvertisedAsGiven() {
        NonceService restOnly = new NonceService(SECRET, LIFETIME, clock, NonceService.PASSWORD_ALGORITHMS);
        String nonce = restOnly.issue(client);

        assertThat(nonce).startsWith("obMatJos2gAAA");
        assertThat(NonceService.securityFeatures(nonce)).isEqualTo(NonceService.PASSWORD_ALGORITHMS);
        assertThat(restOnly.check(nonce, client)).isEqualTo(NonceStatus.VALID);
    }

    @Test
    void theNonceIsStaleExactlyWhenItsLifetimeHasPassed() {
        String nonce = nonces.issue(client);

        clock.advance(LIFETIME.minusSeconds(1));
        assertThat(nonces.check(nonce, client)).isEqualTo(NonceStatus.VALID);

        clock.advance(Duration.ofSeconds(1));
        assertThat(nonces.check(nonce, client)).isEqualTo(NonceStatus.STALE);

        clock.advance(Duration.ofDays(1));
        assertThat(nonces.check(nonce, client)).isEqualTo(NonceStatus.STALE);
    }

    @Test
    void aNonceIssuedToAnotherClientIsInvalidEvenWhenStale() {
        String nonce = nonces.issue(other);

        assertThat(nonces.check(nonce, client)).isEqualTo(NonceStatus.INVALID);
        clock.advance(LIFETIME.plusSeconds(1));
        assertThat(nonces.check(nonce, client)).as("authenticity is checked before freshness")
                .isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void anIpv6ClientIsBoundToItsAddress() {
        InetAddress v6 = address("2001:db8::7");
        String nonce = nonces.issue(v6);

        assertThat(nonces.check(nonce, v6)).isEqualTo(NonceStatus.VALID);
        assertThat(nonces.check(nonce, address("2001:db8::8"))).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonce, client)).isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void changingAnyCharacterMakesTheNonceInvalid() {
        String nonce = nonces.issue(client);

        for (int i = 0; i < nonce.length(); i++) {
            for (char replacement : new char[] {'A', 'B', 'w', 'Q', 'g', '0', '-', '_'}) {
                if (replacement == nonce.charAt(i)) {
                    continue;
                }
                String tampered = nonce.substring(0, i) + replacement + nonce.substring(i + 1);
                assertThat(nonces.check(tampered, client)).as("changed index %d to %s: %s", i, replacement, tampered)
                        .isEqualTo(NonceStatus.INVALID);
            }
        }
    }

    @Test
    void strippingTheCookieToBidDownIsInvalid() {
        String nonce = nonces.issue(client);

        assertThat(nonces.check(nonce.substring(13), client)).isEqualTo(NonceStatus.INVALID);
        assertThat(new NonceService(SECRET, LIFETIME, clock, false).check(nonce.substring(13), client))
                .as("a service without features does not accept the body of a nonce that had them")
                .isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void garbageEmptyAndTruncatedNoncesAreInvalid() {
        String nonce = nonces.issue(client);

        assertThat(nonces.check("", client)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(null, client)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check("obMatJos2wAAA", client)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonce.substring(0, nonce.length() - 1), client)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonce + "A", client)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check("obMatJos2wAAA" + "!".repeat(23), client)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check("obMatJos2wAAA" + "A".repeat(23), client)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check("f//499k954d6OL34oL9FSTvy64sA", client)).isEqualTo(NonceStatus.INVALID);
        assertThat(nonces.check(nonce, null)).isEqualTo(NonceStatus.INVALID);
    }

    @Test
    void anotherSecretsNonceIsInvalid() {
        NonceService otherProcess = NonceService.create(LIFETIME, clock);

        assertThat(nonces.check(otherProcess.issue(client), client)).isEqualTo(NonceStatus.INVALID);
        assertThat(otherProcess.check(nonces.issue(client), client)).isEqualTo(NonceStatus.INVALID);
        assertThat(otherProcess.check(otherProcess.issue(client), client)).isEqualTo(NonceStatus.VALID);
    }

    @Test
    void securityFeaturesOfForeignNoncesAreUnknown() {
        assertThat(NonceService.securityFeatures("f//499k954d6OL34oL9FSTvy64sA")).isEqualTo(-1);
        assertThat(NonceService.securityFeatures("obMatJos2")).isEqualTo(-1);
        assertThat(NonceService.securityFeatures("obMatJos2wA!A...")).isEqualTo(-1);
        assertThat(NonceService.securityFeatures("obMatJos2AAAAxyz")).isZero();
        assertThat(NonceService.securityFeaturesRequested("obMatJos2QAAAxyz")).as("anonymity only").isFalse();
        assertThat(NonceService.securityFeatures(null)).isEqualTo(-1);
    }

    @Test
    void issueAndCheckAreSafeAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                InetAddress own = address("203.0.113." + (t + 1));
                tasks.add(() -> {
                    int valid = 0;
                    for (int i = 0; i < 500; i++) {
                        if (nonces.check(nonces.issue(own), own) == NonceStatus.VALID) {
                            valid++;
                        }
                    }
                    return valid;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void constructorRefusesWeakSecretsAndSubSecondLifetimes() {
        assertThatThrownBy(() -> new NonceService(new byte[15], LIFETIME, clock, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceService(SECRET, Duration.ofMillis(500), clock, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceService(SECRET, LIFETIME, clock, 0x1000000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
