package io.edgeway.stun.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.turn.config.TurnServerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeCredentialStoreTest {

    private static final String REALM = "edgeway.test";
    private static final long NOW = 1_800_000_000L;

    @Test
    void staticUsersAnswerBeforeRest() {
        String restLooking = (NOW + 60) + ":alice";
        CredentialStore store = CompositeCredentialStore.of(TurnServerConfig.builder()
                .realm(REALM)
                .staticUsers(Map.of(restLooking, "static-password"))
                .authSecrets(List.of("north"))
                .build());

        UserCredentials found = store.lookup(restLooking, REALM, NOW);

        assertThat(found.md5Keys()).containsExactly(LongTermKeys.md5Key(restLooking, REALM, "static-password"));
        assertThat(found.expiresAtEpochSeconds()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void restAnswersWhatStaticUsersDoNotKnow() {
        CredentialStore store = CompositeCredentialStore.of(TurnServerConfig.builder()
                .realm(REALM)
                .staticUsers(Map.of("bob", "pw"))
                .authSecrets(List.of("north"))
                .build());
        String username = TurnRestCredentialStore.username(NOW + 60, "alice");

        assertThat(store).isInstanceOf(CompositeCredentialStore.class);
        assertThat(store.lookup("bob", REALM, NOW)).isNotNull();
        assertThat(store.lookup(username, REALM, NOW).md5Keys()).containsExactly(
                LongTermKeys.md5Key(username, REALM, TurnRestCredentialStore.password("north", username)));
        assertThat(store.lookupByUserHash(LongTermKeys.userHash("bob", REALM), REALM).username()).isEqualTo("bob");
        assertThat(store.lookup("carol", REALM, NOW)).isNull();
    }

    /** The configured REST secrets and another store's (the control plane's) both authenticate. */
    @Test
    void twoRestStoresAnswerWithTheKeysOfBoth() {
        CredentialStore store = new CompositeCredentialStore(List.of(
                new TurnRestCredentialStore(List.of("configured"), REALM),
                new TurnRestCredentialStore(List.of("database"), REALM)));
        String username = TurnRestCredentialStore.username(NOW + 60, "alice");

        UserCredentials found = store.lookup(username, REALM, NOW);

        assertThat(found.md5Keys()).containsExactly(
                LongTermKeys.md5Key(username, REALM, TurnRestCredentialStore.password("configured", username)),
                LongTermKeys.md5Key(username, REALM, TurnRestCredentialStore.password("database", username)));
        assertThat(found.sha256Keys()).hasSize(2);
        assertThat(found.expiresAtEpochSeconds()).isEqualTo(NOW + 60);
    }

    /** A static user's name that looks like a REST username keeps only its own password. */
    @Test
    void aStaticUserIsNotWidenedByARestSecret() {
        String restLooking = (NOW + 60) + ":alice";
        CredentialStore store = new CompositeCredentialStore(List.of(
                new StaticUserStore(Map.of(restLooking, "static-password"), REALM),
                new TurnRestCredentialStore(List.of("north"), REALM)));

        assertThat(store.lookup(restLooking, REALM, NOW).md5Keys())
                .containsExactly(LongTermKeys.md5Key(restLooking, REALM, "static-password"));
    }

    @Test
    void configurationWithOneKindBuildsThatStoreAlone() {
        assertThat(CompositeCredentialStore.of(TurnServerConfig.builder().staticUsers(Map.of("a", "b")).build()))
                .isInstanceOf(StaticUserStore.class);
        assertThat(CompositeCredentialStore.of(TurnServerConfig.builder().authSecrets(List.of("s")).build()))
                .isInstanceOf(TurnRestCredentialStore.class);
    }

    @Test
    void configurationWithoutCredentialsKnowsNobody() {
        CredentialStore store = CompositeCredentialStore.of(TurnServerConfig.builder().realm(REALM).build());

        assertThat(store.lookup("alice", REALM, NOW)).isNull();
        assertThat(store.lookup((NOW + 60) + ":alice", REALM, NOW)).isNull();
        assertThat(store.lookupByUserHash(LongTermKeys.userHash("alice", REALM), REALM)).isNull();
    }

    @Test
    void aReloadableStoreAnswersFromTheReplacement() {
        ReloadableCredentialStore store = new ReloadableCredentialStore(new StaticUserStore(Map.of("alice", "old"), REALM));
        StaticUserStore next = new StaticUserStore(Map.of("alice", "new"), REALM);

        assertThat(store.lookup("alice", REALM, NOW).md5Keys()).containsExactly(LongTermKeys.md5Key("alice", REALM, "old"));

        store.replace(next);

        assertThat(store.current()).isSameAs(next);
        assertThat(store.lookup("alice", REALM, NOW).md5Keys()).containsExactly(LongTermKeys.md5Key("alice", REALM, "new"));
        assertThat(store.lookupByUserHash(LongTermKeys.userHash("alice", REALM), REALM)).isNotNull();
    }
}
