package io.edgeway.stun.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TurnRestCredentialStoreTest {

    private static final String REALM = "edgeway.test";
    private static final long NOW = 1_800_000_000L;

    private final TurnRestCredentialStore store = new TurnRestCredentialStore(List.of("north"), REALM, ':');

    @Test
    void passwordIsCoturnCompatible() throws Exception {
        String username = "1700000000:alice";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("north".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String independent = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));

        assertThat(TurnRestCredentialStore.password("north", username)).isEqualTo(independent);
        // The same value from OpenSSL: printf '%s' 1700000000:alice | openssl dgst -sha1 -hmac north -binary | base64
        assertThat(TurnRestCredentialStore.password("north", username)).isEqualTo("Cd/49soE35ICqcJF/bCTn8Z4OyE=");
    }

    @Test
    void usernameIsExpiryThenUserId() {
        assertThat(TurnRestCredentialStore.username(1_800_000_600L, "alice")).isEqualTo("1800000600:alice");
        assertThat(TurnRestCredentialStore.username(1_800_000_600L, null)).isEqualTo("1800000600");
        assertThat(TurnRestCredentialStore.username(1_800_000_600L, "")).isEqualTo("1800000600");
        assertThat(TurnRestCredentialStore.username(1_800_000_600L, "alice", '-')).isEqualTo("1800000600-alice");
    }

    @Test
    void mintedCredentialsAreFoundWithTheKeyOfTheMintedPassword() {
        String username = TurnRestCredentialStore.username(NOW + 600, "alice");
        String password = TurnRestCredentialStore.password("north", username);

        UserCredentials found = store.lookup(username, REALM, NOW);

        assertThat(found).isNotNull();
        assertThat(found.username()).isEqualTo(username);
        assertThat(found.md5Keys()).containsExactly(LongTermKeys.md5Key(username, REALM, password));
        assertThat(found.sha256Keys()).containsExactly(LongTermKeys.sha256Key(username, REALM, password));
        assertThat(found.quotaKey()).isEqualTo("alice");
        assertThat(found.expiresAtEpochSeconds()).isEqualTo(NOW + 600);
    }

    @Test
    void aRequestSignedWithTheMintedPasswordVerifiesWithBothIntegrityAttributes() throws Exception {
        String username = TurnRestCredentialStore.username(NOW + 600, "alice");
        String password = TurnRestCredentialStore.password("north", username);
        ByteBuf buf = Unpooled.buffer();
        try {
            StunMessageWriter writer = new StunMessageWriter()
                    .begin(buf, StunMessageType.ALLOCATE_REQUEST, new byte[12])
                    .putUtf8(StunAttributeType.USERNAME, username)
                    .putUtf8(StunAttributeType.REALM, REALM);
            MessageIntegrity.addTo(writer, LongTermKeys.md5Key(username, REALM, password));
            MessageIntegritySha256.addTo(writer, LongTermKeys.sha256Key(username, REALM, password));
            writer.finish();
            StunMessage request = new StunMessage().wrap(buf, 0, buf.readableBytes());

            UserCredentials found = store.lookup(username, REALM, NOW);

            assertThat(MessageIntegrity.verify(request, found.md5Keys().get(0))).isTrue();
            assertThat(MessageIntegritySha256.verify(request, found.sha256Keys().get(0))).isTrue();
        } finally {
            buf.release();
        }
    }

    @Test
    void anExpiredUsernameIsRefused() {
        assertThat(store.lookup(TurnRestCredentialStore.username(NOW - 1, "alice"), REALM, NOW)).isNull();
        assertThat(store.lookup(TurnRestCredentialStore.username(NOW, "alice"), REALM, NOW))
                .as("valid until the timestamp, not at it").isNull();
        assertThat(store.lookup(TurnRestCredentialStore.username(NOW + 1, "alice"), REALM, NOW)).isNotNull();
    }

    @Test
    void everyLiveSecretIsAcceptedDuringRotation() {
        TurnRestCredentialStore rotating = new TurnRestCredentialStore(List.of("new-secret", "old-secret"), REALM, ':');
        String username = TurnRestCredentialStore.username(NOW + 600, "alice");

        UserCredentials found = rotating.lookup(username, REALM, NOW);

        assertThat(found.md5Keys()).hasSize(2);
        assertThat(found.md5Keys().get(0)).isEqualTo(
                LongTermKeys.md5Key(username, REALM, TurnRestCredentialStore.password("new-secret", username)));
        assertThat(found.md5Keys().get(1)).isEqualTo(
                LongTermKeys.md5Key(username, REALM, TurnRestCredentialStore.password("old-secret", username)));
        assertThat(found.sha256Keys()).hasSize(2);
    }

    @Test
    void aPasswordMintedWithAnotherSecretMatchesNoKey() {
        String username = TurnRestCredentialStore.username(NOW + 600, "mallory");
        byte[] forged = LongTermKeys.md5Key(username, REALM, TurnRestCredentialStore.password("guessed", username));

        UserCredentials found = store.lookup(username, REALM, NOW);

        assertThat(found.md5Keys()).noneSatisfy(key -> assertThat(key).isEqualTo(forged));
    }

    @Test
    void quotaKeyIsTheUserIdOrTheWholeUsername() {
        assertThat(store.lookup((NOW + 60) + ":bob", REALM, NOW).quotaKey()).isEqualTo("bob");
        assertThat(store.lookup((NOW + 60) + ":bob:laptop", REALM, NOW).quotaKey()).isEqualTo("bob:laptop");
        assertThat(store.lookup(Long.toString(NOW + 60), REALM, NOW).quotaKey()).isEqualTo(Long.toString(NOW + 60));
        assertThat(store.lookup((NOW + 60) + ":", REALM, NOW).quotaKey()).isEqualTo((NOW + 60) + ":");
    }

    @Test
    void theSeparatorIsConfigurable() {
        TurnRestCredentialStore dashed = new TurnRestCredentialStore(List.of("north"), REALM, '-');

        assertThat(dashed.lookup((NOW + 60) + "-carol", REALM, NOW).quotaKey()).isEqualTo("carol");
        assertThat(dashed.lookup((NOW + 60) + ":carol", REALM, NOW)).as("':' is not the separator here").isNull();
    }

    @Test
    void malformedUsernamesAreRefused() {
        assertThat(store.lookup("alice", REALM, NOW)).isNull();
        assertThat(store.lookup("", REALM, NOW)).isNull();
        assertThat(store.lookup(":alice", REALM, NOW)).isNull();
        assertThat(store.lookup("alice:" + (NOW + 60), REALM, NOW)).as("reversed order").isNull();
        assertThat(store.lookup("-5:alice", REALM, NOW)).isNull();
        assertThat(store.lookup("+1900000000:alice", REALM, NOW)).isNull();
        assertThat(store.lookup("1234567890123456789:alice", REALM, NOW)).as("19 digits").isNull();
        assertThat(store.lookup(null, REALM, NOW)).isNull();
    }

    @Test
    void anotherRealmIsRefused() {
        assertThat(store.lookup((NOW + 60) + ":alice", "other.realm", NOW)).isNull();
    }

    @Test
    void userHashCannotIdentifyARestUser() {
        String username = (NOW + 60) + ":alice";

        assertThat(store.lookupByUserHash(LongTermKeys.userHash(username, REALM), REALM)).isNull();
    }

    @Test
    void secretsAndSeparatorAreValidated() {
        assertThatThrownBy(() -> new TurnRestCredentialStore(List.of(), REALM, ':'))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnRestCredentialStore(List.of(""), REALM, ':'))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnRestCredentialStore(List.of("s"), REALM, '7'))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(store.toString()).contains("secrets=1").doesNotContain("north");
    }
}
