package io.edgeway.stun.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticUserStoreTest {

    private static final String REALM = "edgeway.test";
    private static final long NOW = 1_800_000_000L;

    @Test
    void aPasswordUserHasBothKeysAndNeverExpires() {
        StaticUserStore store = new StaticUserStore(Map.of("alice", "s3cret"), REALM);

        UserCredentials alice = store.lookup("alice", REALM, NOW);

        assertThat(alice).isNotNull();
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.realm()).isEqualTo(REALM);
        assertThat(alice.md5Keys()).containsExactly(LongTermKeys.md5Key("alice", REALM, "s3cret"));
        assertThat(alice.sha256Keys()).containsExactly(LongTermKeys.sha256Key("alice", REALM, "s3cret"));
        assertThat(alice.quotaKey()).isEqualTo("alice");
        assertThat(alice.expiresAtEpochSeconds()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theRfc5769UserVerifiesTheRfcVector() throws Exception {
        StaticUserStore store = new StaticUserStore(
                Map.of(Rfc5769LongTermVector.USERNAME, Rfc5769LongTermVector.PASSWORD), Rfc5769LongTermVector.REALM);

        UserCredentials user = store.lookup(Rfc5769LongTermVector.USERNAME, Rfc5769LongTermVector.REALM, NOW);

        assertThat(Rfc5769LongTermVector.integrityVerifies(user.md5Keys().get(0))).isTrue();
    }

    @Test
    void aHexKeyUserHasTheKeyItselfAndNoSha256Key() throws Exception {
        StaticUserStore store = new StaticUserStore(
                Map.of(Rfc5769LongTermVector.USERNAME, "0x" + Rfc5769LongTermVector.MD5_KEY_HEX),
                Rfc5769LongTermVector.REALM);

        UserCredentials user = store.lookup(Rfc5769LongTermVector.USERNAME, Rfc5769LongTermVector.REALM, NOW);

        assertThat(user.md5Keys()).containsExactly(HexFormat.of().parseHex(Rfc5769LongTermVector.MD5_KEY_HEX));
        assertThat(user.sha256Keys()).isEmpty();
        assertThat(Rfc5769LongTermVector.integrityVerifies(user.md5Keys().get(0))).isTrue();
    }

    @Test
    void unknownUsersAndOtherRealmsAreNotFound() {
        StaticUserStore store = new StaticUserStore(Map.of("alice", "s3cret"), REALM);

        assertThat(store.lookup("bob", REALM, NOW)).isNull();
        assertThat(store.lookup("Alice", REALM, NOW)).isNull();
        assertThat(store.lookup("alice", "other.realm", NOW)).isNull();
        assertThat(store.lookup(null, REALM, NOW)).isNull();
    }

    @Test
    void lookupByUserHashFindsTheUserInItsRealmOnly() {
        StaticUserStore store = new StaticUserStore(Map.of("alice", "s3cret", "bob", "hunter2"), REALM);

        UserCredentials bob = store.lookupByUserHash(LongTermKeys.userHash("bob", REALM), REALM);

        assertThat(bob).isNotNull();
        assertThat(bob.username()).isEqualTo("bob");
        assertThat(store.lookupByUserHash(LongTermKeys.userHash("bob", REALM), "other.realm")).isNull();
        assertThat(store.lookupByUserHash(LongTermKeys.userHash("carol", REALM), REALM)).isNull();
        assertThat(store.lookupByUserHash(new byte[3], REALM)).isNull();
        assertThat(store.lookupByUserHash(null, REALM)).isNull();
    }

    @Test
    void configuredNamesArePreparedSoTheNfcFormFindsThem() {
        StaticUserStore store = new StaticUserStore(Map.of("jose\u0301", "pw"), REALM);

        assertThat(store.lookup("jos\u00E9", REALM, NOW)).isNotNull();
        assertThat(store.lookupByUserHash(LongTermKeys.userHash("jos\u00E9", REALM), REALM)).isNotNull();
    }

    @Test
    void twoNamesThatPrepareToTheSameUserAreRefused() {
        assertThatThrownBy(() -> new StaticUserStore(Map.of("jose\u0301", "a", "jos\u00E9", "b"), REALM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listed twice");
    }

    @Test
    void aBadHexKeyNamesTheUserButNotTheKey() {
        assertThatThrownBy(() -> new StaticUserStore(Map.of("carol", "0xdeadbeef"), REALM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carol")
                .hasMessageNotContaining("deadbeef");
    }

    @Test
    void aPasswordWithAControlCharacterIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new StaticUserStore(Map.of("dave", "pass\tword"), REALM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dave")
                .hasMessageNotContaining("pass");
    }

    @Test
    void toStringShowsNoKeys() {
        StaticUserStore store = new StaticUserStore(Map.of("alice", "s3cret"), REALM);
        UserCredentials alice = store.lookup("alice", REALM, NOW);

        assertThat(store.toString()).contains("users=1").doesNotContain("s3cret");
        assertThat(alice.toString()).doesNotContain(HexFormat.of().formatHex(alice.md5Keys().get(0)));
        assertThat(store.size()).isEqualTo(1);
    }
}
