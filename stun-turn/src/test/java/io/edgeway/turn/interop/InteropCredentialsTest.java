package io.edgeway.turn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The TURN REST credential computed independently of the server's code. */
class InteropCredentialsTest {

    @Test
    void restPasswordIsBase64OfHmacSha1OfTheUserName() {
        // Computed with: printf %s '1700000000:bob' | openssl dgst -sha1 -hmac rest-secret -binary | base64
        InteropCredentials.Credential c = InteropCredentials.rest(1_700_000_000L, "bob", "rest-secret");

        assertThat(c.username()).isEqualTo("1700000000:bob");
        assertThat(c.password()).isEqualTo("s0DSY2guWH4uFJTCPX63tyyADzY=");
    }
}
