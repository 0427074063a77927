package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Local credential generation (RFC 8445 §5.3) and SDP credential checks (RFC 8839 §5.4). */
class IceCredentialsTest {

    private static final String ICE_CHAR_PATTERN = "[A-Za-z0-9+/]+";

    @Test
    void generatedCredentialsHaveTheRfcLengthsAndAlphabet() {
        IceCredentials c = IceCredentials.generate(new Random(1));

        assertThat(c.ufrag()).hasSize(IceCredentials.GENERATED_UFRAG_LENGTH).matches(ICE_CHAR_PATTERN);
        assertThat(c.password()).hasSize(IceCredentials.GENERATED_PASSWORD_LENGTH).matches(ICE_CHAR_PATTERN);
        // RFC 8445 §5.3: at least 24 bits of randomness in the ufrag, 128 in the password; 6 bits a char.
        assertThat(c.ufrag().length() * 6).isGreaterThanOrEqualTo(24);
        assertThat(c.password().length() * 6).isGreaterThanOrEqualTo(128);
        // Whatever is generated is also valid SDP.
        assertThat(IceCredentials.of(c.ufrag(), c.password())).isEqualTo(c);
    }

    @Test
    void generationDrawsFromTheInjectedRandomSource() {
        assertThat(IceCredentials.generate(new Random(7))).isEqualTo(IceCredentials.generate(new Random(7)));

        Random random = new Random(7);
        Set<String> ufrags = new HashSet<>();
        Set<String> passwords = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            IceCredentials c = IceCredentials.generate(random);
            ufrags.add(c.ufrag());
            passwords.add(c.password());
        }
        assertThat(ufrags).hasSize(1000);
        assertThat(passwords).hasSize(1000);
    }

    @Test
    void everyIceCharIsUsed() {
        Random random = new Random(3);
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            for (char ch : IceCredentials.generate(random).password().toCharArray()) {
                seen.add(ch);
            }
        }
        assertThat(seen).hasSize(64);
    }

    @Test
    void browserStyleCredentialsAreAccepted() {
        // Chrome: 4-char ufrag, 24-char password.
        IceCredentials c = IceCredentials.of("8P3s", "wLh3Sx9+ZbbQ4c9/xJ0Zr9Ua");

        assertThat(c.ufrag()).isEqualTo("8P3s");
        assertThat(c.password()).isEqualTo("wLh3Sx9+ZbbQ4c9/xJ0Zr9Ua");
        assertThat(IceCredentials.of("a".repeat(256), "b".repeat(256)).ufrag()).hasSize(256);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "abc-", "ab:cd", "ab cd", "ufrâg", ""})
    void badUfragIsRejected(String ufrag) {
        assertThatThrownBy(() -> IceCredentials.of(ufrag, "aValidPasswordOf22Char"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ice-ufrag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shortPassword21chars_", "tooShort", "has-a-dash-in-it-xxxxxxx",
        "has a space in it xxxxxxx"})
    void badPasswordIsRejectedWithoutRevealingIt(String password) {
        assertThatThrownBy(() -> IceCredentials.of("abcd", password))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ice-pwd")
                .hasMessageNotContaining(password);
    }

    @Test
    void tooLongValuesAreRejected() {
        assertThatThrownBy(() -> IceCredentials.of("a".repeat(257), "aValidPasswordOf22Char"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IceCredentials.of("abcd", "p".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsThePassword() {
        IceCredentials c = IceCredentials.of("abcd", "secretPasswordOf22Char");

        assertThat(c.toString()).contains("abcd").doesNotContain("secret");
    }
}
