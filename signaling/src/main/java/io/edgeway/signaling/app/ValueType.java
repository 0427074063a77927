package io.edgeway.signaling.app;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How one configuration value is read from text and written back. Every source (YAML, environment,
 * command line, coturn file) hands over text, so one parser per type gives the same rules and the
 * same messages everywhere.
 *
 * <p>{@link #parse} throws {@link IllegalArgumentException} whose message is the reason only; the
 * caller prefixes the key. Reasons quote the offending value, except for types that carry secrets.
 * Stateless and thread-safe.
 *
 * @param <T> the parsed value
 */
public interface ValueType<T> {

    /** Placeholder written by {@code --print-config} instead of a secret; refused as a value. */
    String REDACTED = "<redacted>";

    /** Short name of the accepted form, shown in {@code --help} (e.g. {@code port}). */
    String label();

    /** Parses {@code raw}; a blank value of an optional type yields {@code null}. */
    T parse(String raw);

    /** The value as YAML should show it: a String, Number, Boolean or null. */
    default Object toYaml(T value) {
        return value == null ? null : value.toString();
    }

    // ---------------------------------------------------------------- factories

    static ValueType<Integer> integer(String label, int min, int max) {
        return new ValueType<>() {
            @Override public String label() { return label; }
            @Override public Integer parse(String raw) { return checkRange(parseLong(raw), min, max).intValue(); }
            @Override public Object toYaml(Integer v) { return v; }
        };
    }

    static ValueType<Long> longInteger(String label, long min, long max) {
        return new ValueType<>() {
            @Override public String label() { return label; }
            @Override public Long parse(String raw) { return checkRange(parseLong(raw), min, max); }
            @Override public Object toYaml(Long v) { return v; }
        };
    }

    /** A port a listener binds: 0 asks the OS for a free one (tests use it). */
    ValueType<Integer> LISTEN_PORT = integer("port", 0, 65535);

    /** A relay port bound: 1..65535. */
    ValueType<Integer> PORT = integer("port", 1, 65535);

    /** A port that can also be {@code off} (stored as -1, which is how TurnServerConfig spells off). */
    ValueType<Integer> OPTIONAL_PORT = new ValueType<>() {
        @Override public String label() { return "port|off"; }
        @Override public Integer parse(String raw) {
            String v = raw.trim();
            // "false": YAML 1.1 reads an unquoted off as a boolean, and that is what the loader hands over.
            if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false") || v.equals("-1")) {
                return -1;
            }
            return LISTEN_PORT.parse(v);
        }
        @Override public Object toYaml(Integer v) { return v < 0 ? "off" : v; }
    };

    /**
     * A port that is {@code off} (-1) by default and whose {@code on} means 443, the one port a locked-down
     * network leaves open; any other port number is taken as given.
     */
    ValueType<Integer> PORT_OR_443 = new ValueType<>() {
        @Override public String label() { return "on|off|port"; }
        @Override public Integer parse(String raw) {
            String v = raw.trim();
            // YAML 1.1 reads unquoted on/off as booleans, which the loader hands over as true/false.
            if (v.equalsIgnoreCase("on") || v.equalsIgnoreCase("true")) {
                return 443;
            }
            return OPTIONAL_PORT.parse(v);
        }
        @Override public Object toYaml(Integer v) { return v < 0 ? "off" : v; }
    };

    /** Whole seconds, at least 1. */
    ValueType<Duration> SECONDS = new ValueType<>() {
        @Override public String label() { return "seconds"; }
        @Override public Duration parse(String raw) {
            long s = parseLong(raw);
            if (s <= 0) {
                throw new IllegalArgumentException("must be a positive number of seconds (" + s + ")");
            }
            if (s > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("must be at most " + Integer.MAX_VALUE + " seconds (" + s + ")");
            }
            return Duration.ofSeconds(s);
        }
        @Override public Object toYaml(Duration v) { return v.getSeconds(); }
    };

    ValueType<Boolean> BOOLEAN = new ValueType<>() {
        @Override public String label() { return "true|false"; }
        @Override public Boolean parse(String raw) {
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on": case "1": return true;
                case "false": case "no": case "off": case "0": return false;
                default: throw new IllegalArgumentException("expected true or false (\"" + raw + "\")");
            }
        }
        @Override public Object toYaml(Boolean v) { return v; }
    };

    /** {@code auto} (null: the process decides) or a boolean. */
    ValueType<Boolean> BOOLEAN_OR_AUTO = new ValueType<>() {
        @Override public String label() { return "auto|true|false"; }
        @Override public Boolean parse(String raw) {
            if (raw.trim().equalsIgnoreCase("auto")) {
                return null;
            }
            try {
                return BOOLEAN.parse(raw);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected auto, true or false (\"" + raw + "\")");
            }
        }
        @Override public Object toYaml(Boolean v) { return v == null ? "auto" : v; }
    };

    /** Any text, including empty. */
    ValueType<String> TEXT = new ValueType<>() {
        @Override public String label() { return "text"; }
        @Override public String parse(String raw) { return raw; }
    };

    ValueType<String> NON_EMPTY_TEXT = new ValueType<>() {
        @Override public String label() { return "text"; }
        @Override public String parse(String raw) {
            if (raw.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return raw.trim();
        }
    };

    /** A secret string; never quoted in messages. */
    ValueType<String> SECRET = new ValueType<>() {
        @Override public String label() { return "secret"; }
        @Override public String parse(String raw) {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            if (raw.equals(REDACTED)) {
                throw new IllegalArgumentException("is the " + REDACTED + " placeholder from --print-config; give the real secret");
            }
            return raw;
        }
    };

    /** An IP address literal (never a host name: configuration must not depend on DNS at start). */
    ValueType<InetAddress> IP = new ValueType<>() {
        @Override public String label() { return "ip"; }
        @Override public InetAddress parse(String raw) { return IpLiterals.parse(raw.trim()); }
        @Override public Object toYaml(InetAddress v) { return IpLiterals.format(v); }
    };

    /** coturn's external-ip: {@code PUBLIC} or {@code PUBLIC/PRIVATE}. */
    ValueType<ExternalIp> EXTERNAL_IP = new ValueType<>() {
        @Override public String label() { return "public[/private]"; }
        @Override public ExternalIp parse(String raw) { return ExternalIp.parse(raw.trim()); }
    };

    /** coturn's peer range: one address, {@code a-b}, or CIDR. */
    ValueType<String> PEER_RANGE = new ValueType<>() {
        @Override public String label() { return "ip|ip-ip|cidr"; }
        @Override public String parse(String raw) { return IpLiterals.checkRange(raw.trim()); }
    };

    /** coturn's static user: {@code name:password} or {@code name:0x<32 hex digits>}; never quoted. */
    ValueType<StaticUser> USER = new ValueType<>() {
        @Override public String label() { return "name:password"; }
        @Override public StaticUser parse(String raw) { return StaticUser.parse(raw); }
    };

    /** A readable regular file; blank means "not set". */
    ValueType<Path> READABLE_FILE = new ValueType<>() {
        @Override public String label() { return "file"; }
        @Override public Path parse(String raw) {
            if (raw.isBlank()) {
                return null;
            }
            Path p = Path.of(raw.trim());
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("file not found (" + p + ")");
            }
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new IllegalArgumentException("not a readable file (" + p + ")");
            }
            return p;
        }
    };

    /** A directory or file path, which need not exist yet (it is created when used). */
    ValueType<Path> PATH = new ValueType<>() {
        @Override public String label() { return "path"; }
        @Override public Path parse(String raw) {
            if (raw.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return Path.of(raw.trim());
        }
    };

    /** A JDBC URL of a supported database, or empty for the embedded default; may carry a password, never quoted. */
    ValueType<String> JDBC_URL = new ValueType<>() {
        @Override public String label() { return "jdbc-url"; }
        @Override public String parse(String raw) {
            String v = raw.trim();
            if (!v.isEmpty() && !v.startsWith("jdbc:postgresql:") && !v.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("must be a jdbc:postgresql: URL (or jdbc:h2:), or empty for the embedded database");
            }
            return v;
        }
    };

    /** An account id of the REST API's Cloudflare layout: 1 to 64 letters, digits, '-' or '_', or empty. */
    ValueType<String> ACCOUNT_ID = new ValueType<>() {
        @Override public String label() { return "account-id"; }
        @Override public String parse(String raw) {
            String v = raw.trim();
            if (!v.isEmpty() && !v.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("must be 1 to 64 letters, digits, '-' or '_' (a Cloudflare account id is"
                        + " 32 hex digits), got \"" + v + "\"");
            }
            return v;
        }
    };

    /** The base of a public URL, {@code http(s)://host[:port]} without a path, or empty. */
    ValueType<String> BASE_URL = new ValueType<>() {
        @Override public String label() { return "url"; }
        @Override public String parse(String raw) {
            String v = raw.trim();
            while (v.endsWith("/")) {
                v = v.substring(0, v.length() - 1);
            }
            if (!v.isEmpty() && !v.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("must be http:// or https:// followed by a host name or address and an"
                        + " optional :port, without a path (e.g. https://rtc.example.com), got \"" + raw.trim() + "\"");
            }
            return v;
        }
    };

    /** A control plane API key, {@code KEYID.SECRET}; never quoted. */
    ValueType<String> API_KEY = new ValueType<>() {
        @Override public String label() { return "keyid.secret"; }
        @Override public String parse(String raw) {
            String v = raw.trim();
            if (v.equals(REDACTED)) {
                throw new IllegalArgumentException("is the " + REDACTED + " placeholder from --print-config; give the real key");
            }
            int dot = v.indexOf('.');
            if (dot <= 0 || dot > 32 || !v.substring(0, dot).matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("must be KEYID.SECRET with a KEYID of 1 to 32 letters, digits, '-' or '_'");
            }
            if (v.length() - dot - 1 < 16) {
                throw new IllegalArgumentException("the SECRET after the '.' must have at least 16 characters");
            }
            return v;
        }
    };

    /** One of an enum's constants, written in lower case ({@code io_uring}); '-' is read as '_'. */
    static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        E[] values = type.getEnumConstants();
        StringBuilder names = new StringBuilder();
        for (E e : values) {
            names.append(names.length() == 0 ? "" : "|").append(e.name().toLowerCase(Locale.ROOT));
        }
        String label = names.toString();
        return new ValueType<>() {
            @Override public String label() { return label; }
            @Override public E parse(String raw) {
                String v = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                for (E e : values) {
                    if (e.name().equals(v)) {
                        return e;
                    }
                }
                throw new IllegalArgumentException("expected one of " + label.replace("|", ", ") + " (\"" + raw + "\")");
            }
            @Override public Object toYaml(E v) { return v.name().toLowerCase(Locale.ROOT); }
        };
    }

    // ---------------------------------------------------------------- helpers

    private static long parseLong(String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number (\"" + raw + "\")");
        }
    }

    private static Long checkRange(long v, long min, long max) {
        if (v < min || v > max) {
            String bound = max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                    ? "must be >= " + min
                    : "must be between " + min + " and " + max;
            throw new IllegalArgumentException(bound + " (" + v + ")");
        }
        return v;
    }
}
