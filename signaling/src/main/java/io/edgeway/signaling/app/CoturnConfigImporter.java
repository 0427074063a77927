package io.edgeway.signaling.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports coturn's {@code turnserver.conf} so an operator can switch by pointing Edgeway at the
 * file they already have. Accepts coturn's line forms: {@code key=value}, {@code key value}, bare
 * flags ({@code fingerprint}), {@code #} comment lines and quoted values.
 *
 * <p>Each line gets one outcome, reported as a {@link Note} unless it was simply applied:
 * <ul>
 *   <li><b>applied</b>: a key Edgeway has under the same name, or under its own name
 *       ({@code stale-nonce} sets {@code nonce-lifetime});</li>
 *   <li><b>implied</b>: Edgeway always behaves that way ({@code fingerprint}, {@code lt-cred-mech});</li>
 *   <li><b>not supported</b>: the line is ignored, with the reason.</li>
 * </ul>
 * The result is one {@link ConfigLayer} placed just above the defaults, so Edgeway's own YAML,
 * environment and flags still win. Values are never echoed in notes (they may be secrets).
 */
final class CoturnConfigImporter {

    /** What became of one line that was not simply applied. */
    record Note(int line, String key, String outcome) {
        @Override
        public String toString() {
            return "line " + line + ": " + key + " - " + outcome;
        }
    }

    /** The imported values and the notes to show the operator. */
    record Result(ConfigLayer layer, List<Note> notes) {
    }

    private static final Pattern LINE = Pattern.compile("^(-{0,2}[A-Za-z0-9_-]+)(?:\\s*=\\s*|\\s+)?(.*)$");

    /** coturn keys Edgeway reads under another name: coturn name to Edgeway key. */
    private static final Map<String, ConfigKey<?>> RENAMED = Map.of(
            "stale-nonce", ConfigKeys.NONCE_LIFETIME,
            "max-allocate-lifetime", ConfigKeys.MAX_LIFETIME,
            "relay-threads", ConfigKeys.EVENT_LOOP_THREADS);

    /** coturn options Edgeway always honours, with the reason shown to the operator. */
    private static final Map<String, String> IMPLIED = implied();

    /** coturn options Edgeway does not offer, with the reason or the alternative. */
    private static final Map<String, String> UNSUPPORTED = unsupported();

    private CoturnConfigImporter() {
    }

    static Result read(Path file, List<String> errors) {
        if (!Files.isRegularFile(file)) {
            errors.add("coturn-config: file not found (" + file + ")");
            return new Result(new ConfigLayer(file.toString(), Map.of()), List.of());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add("coturn-config: cannot read " + file + " (" + e.getMessage() + ")");
            return new Result(new ConfigLayer(file.toString(), Map.of()), List.of());
        }
        return parse(lines, file.toString());
    }

    static Result parse(List<String> lines, String where) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                notes.add(new Note(lineNo, firstWord(line), "not supported: not a coturn option line"));
                continue;
            }
            // coturn also accepts its command-line spelling in the file.
            String key = m.group(1).replaceFirst("^-+", "");
            boolean hasValue = !m.group(2).isEmpty();
            String value = unquote(m.group(2).trim());

            ConfigKey<?> target = RENAMED.get(key);
            if (target == null) {
                target = ConfigKeys.byName(key).orElse(null);
            }
            if (key.equals("stale-nonce") && !hasValue) {
                notes.add(new Note(lineNo, key, "implied: Edgeway always expires nonces (after nonce-lifetime)"));
                continue;
            }
            if (key.equals("no-software-attribute")) {
                values.put(ConfigKeys.SOFTWARE.name(), List.of(""));
                continue;
            }
            if (key.equals("rest-api-separator")) {
                notes.add(new Note(lineNo, key, value.equals(":")
                        ? "implied: Edgeway always uses ':' between expiry and user"
                        : "not supported: Edgeway always uses ':' between expiry and user"));
                continue;
            }
            if (target != null) {
                if (!hasValue && !target.isFlag()) {
                    notes.add(new Note(lineNo, key, "not supported: needs a value"));
                    continue;
                }
                String v = hasValue ? value : "true";
                if (target.repeatable()) {
                    values.computeIfAbsent(target.name(), k -> new ArrayList<>()).add(v);
                } else {
                    values.put(target.name(), List.of(v));
                }
                if (!target.name().equals(key)) {
                    notes.add(new Note(lineNo, key, "applied as " + target.name()));
                }
                continue;
            }
            String why = IMPLIED.get(key);
            if (why != null) {
                notes.add(new Note(lineNo, key, "implied: " + why));
                continue;
            }
            why = UNSUPPORTED.get(key);
            notes.add(new Note(lineNo, key, "not supported" + (why != null ? ": " + why : "")));
        }
        return new Result(new ConfigLayer(where, values), notes);
    }

    /** The notes as the lines printed at start, headed by a one-line summary. */
    static List<String> describe(String where, List<Note> notes) {
        List<String> out = new ArrayList<>();
        long unsupported = notes.stream().filter(n -> n.outcome().startsWith("not supported")).count();
        out.add("coturn config " + where + ": " + unsupported + " line(s) not supported, "
                + (notes.size() - unsupported) + " implied or renamed; every other option line was applied");
        for (Note n : notes) {
            out.add("  " + n);
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String firstWord(String line) {
        String[] parts = line.split("[\\s=]", 2);
        return parts[0];
    }

    private static Map<String, String> implied() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fingerprint", "Edgeway always adds FINGERPRINT to responses");
        m.put("lt-cred-mech", "Edgeway always uses the long-term credential mechanism");
        m.put("no-cli", "Edgeway has no telnet CLI");
        m.put("no-dtls", "Edgeway does not offer TURN over DTLS");
        m.put("no-tlsv1", "Edgeway offers TLS 1.2 and 1.3 only");
        m.put("no-tlsv1_1", "Edgeway offers TLS 1.2 and 1.3 only");
        m.put("no-multicast-peers", "Edgeway always denies multicast peers");
        m.put("no-loopback-peers", "Edgeway denies loopback peers unless allowed-peer-ip opens them");
        m.put("no-stun-backward-compatibility", "Edgeway speaks RFC 8489 STUN only, never the RFC 3489 form");
        return m;
    }

    private static Map<String, String> unsupported() {
        Map<String, String> m = new LinkedHashMap<>();
        String store = "Edgeway keeps users in its configuration (user, static-auth-secret)";
        for (String k : List.of("userdb", "psql-userdb", "mysql-userdb", "mongo-userdb", "redis-userdb")) {
            m.put(k, store);
        }
        m.put("redis-statsdb", "Edgeway exports metrics for Prometheus instead");
        m.put("prometheus", "the metrics endpoint comes with Edgeway's control plane");
        m.put("no-auth", "Edgeway always requires credentials for allocations");
        m.put("oauth", "third-party authorization is not implemented");
        for (String k : List.of("cli-ip", "cli-port", "cli-password", "web-admin", "web-admin-ip", "web-admin-port")) {
            m.put(k, "Edgeway has no admin CLI or web admin");
        }
        for (String k : List.of("log-file", "syslog", "simple-log", "new-log-timestamp", "no-stdout-log",
                "verbose", "Verbose", "log-binding")) {
            m.put(k, "Edgeway logs to stdout; choose text or json with log-format");
        }
        for (String k : List.of("pidfile", "proc-user", "proc-group")) {
            m.put(k, "run Edgeway under a service manager (see deploy/) instead");
        }
        for (String k : List.of("cipher-list", "dh-file", "dh566", "dh1066", "ec-curve-name", "ca-file", "no-tlsv1_2")) {
            m.put(k, "Edgeway's TLS settings are fixed to current recommendations");
        }
        for (String k : List.of("listening-device", "relay-device")) {
            m.put(k, "bind by address with listening-ip and relay-ip");
        }
        for (String k : List.of("alternate-server", "tls-alternate-server", "aux-server", "udp-self-balance")) {
            m.put(k, "ALTERNATE-SERVER redirection is not implemented");
        }
        m.put("alt-listening-port", "Edgeway listens on listening-port for UDP/TCP and on alt-tls-listening-port for TLS");
        m.put("channel-lifetime", "fixed at 600 s by RFC 8656");
        m.put("permission-lifetime", "fixed at 300 s by RFC 8656");
        m.put("bps-capacity", "use max-bps per allocation and total-quota");
        m.put("server-name", "Edgeway has one realm per process");
        m.put("stun-only", "Edgeway always offers TURN");
        m.put("no-stun", "Edgeway always answers STUN Binding requests");
        m.put("no-udp-relay", "UDP relaying cannot be switched off");
        m.put("no-tcp-relay", "TCP relay allocations (RFC 6062) cannot be switched off on their own");
        m.put("mobility", "RFC 8016 mobility is not implemented");
        m.put("no-rfc5780", "Edgeway does not implement RFC 5780 NAT behaviour discovery");
        m.put("rfc5780", "Edgeway does not implement RFC 5780 NAT behaviour discovery");
        m.put("response-origin-only-with-rfc5780", "Edgeway does not implement RFC 5780 NAT behaviour discovery");
        m.put("keep-address-family", "Edgeway follows RFC 6156 address-family rules");
        m.put("allocation-default-address-family", "Edgeway follows RFC 6156 address-family rules");
        m.put("secure-stun", "Edgeway answers Binding requests without credentials; allocations always need them");
        m.put("check-origin-consistency", "ORIGIN checks are not implemented");
        m.put("server-relay", "relaying to the server's own addresses is not offered");
        return m;
    }
}
