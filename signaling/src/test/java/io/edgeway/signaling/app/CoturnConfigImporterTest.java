package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoturnConfigImporterTest {

    /** A turnserver.conf as an operator might have it, one kind of line per row. */
    private static final List<String> TURNSERVER_CONF = List.of(
            "# /etc/turnserver.conf",                       // 1
            "listening-port=3479",                          // 2  key=value
            "listening-ip 192.0.2.10",                      // 3  key value
            "listening-ip=192.0.2.11",                      // 4  repeatable, accumulates
            "  realm = \"turn.example.org\"",               // 5  spaces and quotes
            "fingerprint",                                  // 6  implied flag
            "lt-cred-mech",                                 // 7  implied flag
            "use-auth-secret",                              // 8  supported flag
            "static-auth-secret='rotate-me'",               // 9  single quotes
            "user=alice:wonderland",                        // 10
            "no-tcp",                                       // 11 supported flag
            "stale-nonce=300",                              // 12 renamed
            "cli-password=qwerty",                          // 13 unsupported, value is secret
            "",                                             // 14
            "log-file=/var/log/turnserver.log",             // 15 unsupported
            "no-multicast-peers",                           // 16 implied
            "min-port=40000",                               // 17
            "max-port=40999",                               // 18
            "frobnicate=yes",                               // 19 unknown to everyone
            "--external-ip=203.0.113.5/192.0.2.10",         // 20 command-line spelling
            "max-allocate-lifetime=1800",                   // 21 renamed
            "no-software-attribute",                        // 22 maps to software=""
            "denied-peer-ip=198.51.100.0-198.51.100.255",   // 23
            "stale-nonce",                                  // 24 bare: implied
            "user-quota",                                   // 25 needs a value
            "rest-api-separator=:");                        // 26 implied

    @TempDir
    Path dir;

    @Test
    void appliesSupportedLinesUnderTheirEdgewayKeys() {
        CoturnConfigImporter.Result r = CoturnConfigImporter.parse(TURNSERVER_CONF, "turnserver.conf");
        Map<String, List<String>> v = r.layer().values();
        assertThat(v.get("listening-port")).containsExactly("3479");
        assertThat(v.get("listening-ip")).containsExactly("192.0.2.10", "192.0.2.11");
        assertThat(v.get("realm")).containsExactly("turn.example.org");
        assertThat(v.get("use-auth-secret")).containsExactly("true");
        assertThat(v.get("static-auth-secret")).containsExactly("rotate-me");
        assertThat(v.get("user")).containsExactly("alice:wonderland");
        assertThat(v.get("no-tcp")).containsExactly("true");
        assertThat(v.get("nonce-lifetime")).containsExactly("300");
        assertThat(v.get("max-lifetime")).containsExactly("1800");
        assertThat(v.get("external-ip")).containsExactly("203.0.113.5/192.0.2.10");
        assertThat(v.get("software")).containsExactly("");
        assertThat(v.get("denied-peer-ip")).containsExactly("198.51.100.0-198.51.100.255");
        assertThat(v).doesNotContainKeys("fingerprint", "cli-password", "log-file", "frobnicate", "user-quota");
    }

    @Test
    void notesEveryLineNotSimplyAppliedWithItsNumberAndWhy() {
        CoturnConfigImporter.Result r = CoturnConfigImporter.parse(TURNSERVER_CONF, "turnserver.conf");
        assertThat(r.notes()).extracting(Object::toString).containsExactly(
                "line 6: fingerprint - implied: Edgeway always adds FINGERPRINT to responses",
                "line 7: lt-cred-mech - implied: Edgeway always uses the long-term credential mechanism",
                "line 12: stale-nonce - applied as nonce-lifetime",
                "line 13: cli-password - not supported: Edgeway has no admin CLI or web admin",
                "line 15: log-file - not supported: Edgeway logs to stdout; choose text or json with log-format",
                "line 16: no-multicast-peers - implied: Edgeway always denies multicast peers",
                "line 19: frobnicate - not supported",
                "line 21: max-allocate-lifetime - applied as max-lifetime",
                "line 24: stale-nonce - implied: Edgeway always expires nonces (after nonce-lifetime)",
                "line 25: user-quota - not supported: needs a value",
                "line 26: rest-api-separator - implied: Edgeway always uses ':' between expiry and user");
    }

    @Test
    void notesNeverEchoValues() {
        CoturnConfigImporter.Result r = CoturnConfigImporter.parse(TURNSERVER_CONF, "turnserver.conf");
        assertThat(r.notes()).extracting(Object::toString).noneMatch(n -> n.contains("qwerty"));
    }

    @Test
    void importedFileLoadsAndFlagsStillWin() throws IOException {
        Path conf = Files.write(dir.resolve("turnserver.conf"), TURNSERVER_CONF);
        Loading loading = Loading.create();
        ConfigLoader.Outcome o = loading.load(Map.of(), "--coturn-config", conf.toString(),
                "--listening-port", "3480", "--user", "carol:pw");
        assertThat(o).isInstanceOf(ConfigLoader.Loaded.class);
        EdgewayConfig c = ((ConfigLoader.Loaded) o).config();
        assertThat(c.get(ConfigKeys.LISTENING_PORT)).isEqualTo(3480);
        assertThat(c.get(ConfigKeys.USER)).extracting(StaticUser::name).containsExactly("carol");
        assertThat(c.get(ConfigKeys.REALM)).isEqualTo("turn.example.org");
        assertThat(c.get(ConfigKeys.NO_TCP)).isTrue();
        assertThat(c.get(ConfigKeys.NONCE_LIFETIME).getSeconds()).isEqualTo(300);
        assertThat(c.get(ConfigKeys.LISTENING_IP)).containsExactly(
                InetAddress.getByName("192.0.2.10"), InetAddress.getByName("192.0.2.11"));
        assertThat(c.generatedCredentials()).isEmpty();

        assertThat(loading.notices()).startsWith("coturn config " + conf
                + ": 4 line(s) not supported, 7 implied or renamed; every other option line was applied")
                .contains("  line 13: cli-password - not supported: Edgeway has no admin CLI or web admin");
    }

    @Test
    void badValuesInTheImportedFileAreReportedUnderTheKey() throws IOException {
        Path conf = Files.write(dir.resolve("bad.conf"), List.of("min-port=40000", "max-port=30000", "listening-ip=eth0"));
        assertThat(Loading.problems("--coturn-config", conf.toString())).containsExactly(
                "listening-ip: not an IP address literal (\"eth0\")",
                "max-port: must be >= min-port (30000 < 40000)");
    }

    @Test
    void coturnFileCanBeNamedByTheEnvironment() throws IOException {
        Path conf = Files.write(dir.resolve("env.conf"), List.of("realm=env.example"));
        assertThat(Loading.valid(Map.of("EDGEWAY_COTURN_CONFIG", conf.toString())).get(ConfigKeys.REALM))
                .isEqualTo("env.example");
    }
}
