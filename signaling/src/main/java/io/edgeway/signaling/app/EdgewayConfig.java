package io.edgeway.signaling.app;

import static io.edgeway.signaling.app.ConfigKeys.ALT_TLS_LISTENING_PORT;
import static io.edgeway.signaling.app.ConfigKeys.CERT;
import static io.edgeway.signaling.app.ConfigKeys.DEFAULT_LIFETIME;
import static io.edgeway.signaling.app.ConfigKeys.EXPOSE_OPEN_SESSIONS;
import static io.edgeway.signaling.app.ConfigKeys.EXTERNAL_IP;
import static io.edgeway.signaling.app.ConfigKeys.HTTP_LISTENING_IP;
import static io.edgeway.signaling.app.ConfigKeys.LISTENING_IP;
import static io.edgeway.signaling.app.ConfigKeys.LISTENING_PORT;
import static io.edgeway.signaling.app.ConfigKeys.MAX_LIFETIME;
import static io.edgeway.signaling.app.ConfigKeys.MAX_PORT;
import static io.edgeway.signaling.app.ConfigKeys.MIN_PORT;
import static io.edgeway.signaling.app.ConfigKeys.NO_TCP;
import static io.edgeway.signaling.app.ConfigKeys.NO_TLS;
import static io.edgeway.signaling.app.ConfigKeys.NO_UDP;
import static io.edgeway.signaling.app.ConfigKeys.OPEN_SESSIONS;
import static io.edgeway.signaling.app.ConfigKeys.PKEY;
import static io.edgeway.signaling.app.ConfigKeys.SFU_LAST_N;
import static io.edgeway.signaling.app.ConfigKeys.SFU_VIDEO_SLOTS;
import static io.edgeway.signaling.app.ConfigKeys.STATIC_AUTH_SECRET;
import static io.edgeway.signaling.app.ConfigKeys.TLS_LISTENING_PORT;
import static io.edgeway.signaling.app.ConfigKeys.USER;
import static io.edgeway.signaling.app.ConfigKeys.USE_AUTH_SECRET;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edgeway.turn.config.TurnServerConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The process's effective configuration: every key of {@link ConfigKeys} parsed and checked,
 * alone and against each other. Built by {@link ConfigLoader} from the merged sources; maps onto
 * {@link TurnServerConfig} with {@link #toTurnServerConfig()}.
 *
 * <p>When neither {@code user} nor {@code static-auth-secret} is configured, a static user and a
 * REST secret are generated ({@link #generatedCredentials()}) so the server starts usable but
 * closed. Immutable; {@link #toString()} and {@link #toYaml()} never show secrets.
 */
public final class EdgewayConfig {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private final Map<ConfigKey<?>, Object> values;
    private final DevCredentials generated;
    private final List<java.nio.file.Path> sourceFiles;

    private EdgewayConfig(Map<ConfigKey<?>, Object> values, DevCredentials generated, List<java.nio.file.Path> sourceFiles) {
        this.values = values;
        this.generated = generated;
        this.sourceFiles = sourceFiles;
    }

    /** The same configuration, remembering the files it was read from (watched for hot reload). */
    EdgewayConfig withSourceFiles(List<java.nio.file.Path> files) {
        return new EdgewayConfig(values, generated, List.copyOf(files));
    }

    /** The YAML and coturn files this configuration was read from. */
    public List<java.nio.file.Path> sourceFiles() {
        return sourceFiles;
    }

    /**
     * Parses and checks merged raw values (every key present, defaults included).
     *
     * @param random source of generated credentials; a {@code SecureRandom} in production
     * @throws ConfigException listing every problem, each as {@code "key: reason"}
     */
    static EdgewayConfig resolve(Map<String, List<String>> raw, RandomGenerator random) throws ConfigException {
        List<String> errors = new ArrayList<>();
        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            List<String> r = raw.getOrDefault(key.name(), key.defaultRaw());
            int before = errors.size();
            Object v = key.parse(r, errors);
            if (errors.size() == before) {
                values.put(key, v);
            }
        }
        crossCheck(values, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        DevCredentials generated = null;
        if (((List<?>) values.get(USER)).isEmpty() && ((List<?>) values.get(STATIC_AUTH_SECRET)).isEmpty()) {
            generated = DevCredentials.generate(random);
            values.put(USER, List.of(new StaticUser(generated.user(), generated.password())));
            values.put(STATIC_AUTH_SECRET, List.of(generated.restSecret()));
        }
        if (values.get(OPEN_SESSIONS) == null) {
            // auto: open named sessions (and their TURN credentials for anyone) only on a development
            // process, whose credentials were made up; an operator who configured credentials opts in.
            values.put(OPEN_SESSIONS, generated != null);
        }
        protectOpenSessions(values, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new EdgewayConfig(values, generated, List.of());
    }

    /**
     * Protected mode (issue #10, after Redis'): open sessions let anyone who reaches the HTTP port join
     * any meeting and take working TURN credentials, so unless {@code expose-open-sessions} asks for it
     * they are served on loopback only. With no listening-ip the listeners bind 127.0.0.1; a listening
     * address that is not loopback is refused, naming the three ways out.
     */
    private static void protectOpenSessions(Map<ConfigKey<?>, Object> values, List<String> errors) {
        if (!Boolean.TRUE.equals(values.get(OPEN_SESSIONS)) || Boolean.TRUE.equals(values.get(EXPOSE_OPEN_SESSIONS))) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<InetAddress> listening = (List<InetAddress>) values.get(LISTENING_IP);
        if (listening.isEmpty()) {
            values.put(LISTENING_IP, List.of(PROTECTED_MODE_ADDRESS));
        }
        for (ConfigKey<List<InetAddress>> key : List.of(LISTENING_IP, HTTP_LISTENING_IP)) {
            @SuppressWarnings("unchecked")
            List<InetAddress> addresses = (List<InetAddress>) values.get(key);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    errors.add(key.name() + ": " + IpLiterals.format(address) + " is not a loopback address, and open"
                            + " sessions are on (anyone reaching it could join any meeting and take TURN credentials):"
                            + " configure credentials (user or static-auth-secret), set open-sessions: false, or set"
                            + " expose-open-sessions: true to serve them there on purpose");
                }
            }
        }
    }

    /** Where protected mode binds the listeners when no listening-ip is given. */
    static final InetAddress PROTECTED_MODE_ADDRESS = InetAddress.getLoopbackAddress();

    /** Whether open sessions are served on loopback only (protected mode). */
    public boolean protectedMode() {
        return get(OPEN_SESSIONS) && !get(EXPOSE_OPEN_SESSIONS);
    }

    /** The addresses the HTTP port binds: http-listening-ip, else listening-ip; empty means every interface. */
    public List<InetAddress> httpListeningIps() {
        List<InetAddress> http = get(HTTP_LISTENING_IP);
        return http.isEmpty() ? get(LISTENING_IP) : http;
    }

    /** The value of {@code key}; null only for an unset optional key ({@code cert}, {@code pkey}). */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }

    /** The credentials made up because none were configured; empty when the operator gave some. */
    public Optional<DevCredentials> generatedCredentials() {
        return Optional.ofNullable(generated);
    }

    public LeakDetection leakDetection() {
        return get(ConfigKeys.LEAK_DETECTION);
    }

    public LogFormat logFormat() {
        return get(ConfigKeys.LOG_FORMAT);
    }

    /** The TURN server's settings. */
    public TurnServerConfig toTurnServerConfig() {
        TurnServerConfig.Builder b = TurnServerConfig.builder();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            apply(key, b);
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private <T> void apply(ConfigKey<T> key, TurnServerConfig.Builder b) {
        key.applyTo(b, (T) values.get(key));
    }

    /**
     * Every key and its effective value as YAML, secrets replaced by {@value ValueType#REDACTED}.
     * The text is a valid configuration file once the secrets are supplied again.
     */
    public String toYaml() {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            tree.put(key.name(), yamlValue(key));
        }
        try {
            return "# Effective Edgeway configuration; secrets are shown as " + ValueType.REDACTED + ".\n"
                    + YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Object yamlValue(ConfigKey<T> key) {
        return key.toYaml((T) values.get(key));
    }

    @Override
    public String toString() {
        return toYaml();
    }

    // ------------------------------------------------------------------ checks across keys

    private static void crossCheck(Map<ConfigKey<?>, Object> v, List<String> errors) {
        Integer min = (Integer) v.get(MIN_PORT);
        Integer max = (Integer) v.get(MAX_PORT);
        if (min != null && max != null && max < min) {
            errors.add("max-port: must be >= min-port (" + max + " < " + min + ")");
        }

        Duration def = (Duration) v.get(DEFAULT_LIFETIME);
        Duration longest = (Duration) v.get(MAX_LIFETIME);
        if (def != null && longest != null && def.compareTo(longest) > 0) {
            errors.add("default-lifetime: must be <= max-lifetime (" + def.getSeconds() + " > " + longest.getSeconds() + ")");
        }

        boolean certKnown = v.containsKey(CERT);
        boolean pkeyKnown = v.containsKey(PKEY);
        if (certKnown && pkeyKnown) {
            if (v.get(CERT) != null && v.get(PKEY) == null) {
                errors.add("pkey: required when cert is set");
            } else if (v.get(CERT) == null && v.get(PKEY) != null) {
                errors.add("cert: required when pkey is set");
            }
        }

        List<?> secrets = (List<?>) v.get(STATIC_AUTH_SECRET);
        if (Boolean.TRUE.equals(v.get(USE_AUTH_SECRET)) && secrets != null && secrets.isEmpty()) {
            errors.add("use-auth-secret: requires at least one static-auth-secret");
        }

        Integer lastN = (Integer) v.get(SFU_LAST_N);
        Integer videoSlots = (Integer) v.get(SFU_VIDEO_SLOTS);
        if (lastN != null && videoSlots != null && lastN > videoSlots) {
            errors.add("sfu-last-n: must be <= sfu-video-slots (" + lastN + " > " + videoSlots + ")");
        }

        checkListeners(v, errors);
        checkTcpPorts(v, errors);
        checkUsers(v, errors);
        checkExternalIps(v, errors);
        checkMedia(v, errors);
    }

    /**
     * The SFU's ports may not take a port another listener of the same protocol binds (0 is always
     * distinct), and its announced addresses must be concrete: browsers send media to them.
     */
    private static void checkMedia(Map<ConfigKey<?>, Object> v, List<String> errors) {
        @SuppressWarnings("unchecked")
        List<InetAddress> announced = (List<InetAddress>) v.get(ConfigKeys.MEDIA_ANNOUNCED_IP);
        if (announced != null) {
            for (InetAddress a : announced) {
                if (a.isAnyLocalAddress()) {
                    errors.add("media-announced-ip: " + IpLiterals.format(a) + " is a wildcard; give the address"
                            + " browsers reach this server at");
                }
            }
        }
        Integer media = (Integer) v.get(ConfigKeys.MEDIA_PORT);
        Integer iceTcp = (Integer) v.get(ConfigKeys.ICE_TCP_PORT);
        Integer turn = (Integer) v.get(LISTENING_PORT);
        Integer threads = (Integer) v.get(ConfigKeys.EVENT_LOOP_THREADS);
        Integer mediaLoops = (Integer) v.get(ConfigKeys.MEDIA_LOOPS);
        Integer min = (Integer) v.get(MIN_PORT);
        Integer max = (Integer) v.get(MAX_PORT);
        if (media == null || media < 0 || threads == null || mediaLoops == null) {
            return;
        }
        // As MediaRelay.mediaLoops counts them: media-loops caps the event loops (one per CPU for 0).
        int loops = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        int count = mediaLoops > 0 ? Math.min(mediaLoops, loops) : loops;
        int last = media + count - 1;
        if (media > 0 && last > 65535) {
            errors.add("media-port: " + count + " media loops need UDP ports " + media + "-" + last
                    + ", past 65535; lower media-port or media-loops");
        } else if (media > 0 && turn != null && turn >= media && turn <= last && Boolean.FALSE.equals(v.get(NO_UDP))) {
            errors.add(count == 1 ? "media-port: same UDP port as listening-port (" + turn + ")"
                    : "media-port: the media loops' UDP ports " + media + "-" + last + " include listening-port (" + turn + ")");
        } else if (media > 0 && min != null && max != null && media <= max && last >= min) {
            // The relay allocator would find these ports taken, and the firewall notes open the two ranges for
            // different reasons (the relay range to peers, the media ports to browsers).
            errors.add("media-port: the media loops' UDP ports " + media + "-" + last + " fall inside the TURN relay"
                    + " range min-port..max-port (" + min + "-" + max + "); move media-port out of it or narrow the range");
        }
        // With media-loops 0 the SFU then keeps to one loop (MediaRelay.mediaLoops); asked for more, it cannot.
        if (iceTcp != null && iceTcp >= 0 && mediaLoops > 1 && count > 1
                && v.get(ConfigKeys.TRANSPORT) == TurnServerConfig.TransportPreference.IO_URING) {
            errors.add("media-loops: " + count + " media loops with ICE-TCP need transport epoll or nio (auto"
                    + " picks epoll): each ICE-TCP connection moves to the loop of its participant, which io_uring"
                    + " channels cannot do; or set media-loops: 1, or ice-tcp-port: off");
        }
        if (iceTcp == null || iceTcp <= 0) {
            return;
        }
        Map<String, Integer> tcpPorts = new LinkedHashMap<>();
        if (Boolean.FALSE.equals(v.get(NO_TCP))) {
            tcpPorts.put("listening-port", turn);
        }
        if (Boolean.FALSE.equals(v.get(NO_TLS))) {
            tcpPorts.put("tls-listening-port", (Integer) v.get(TLS_LISTENING_PORT));
            tcpPorts.put("alt-tls-listening-port", (Integer) v.get(ALT_TLS_LISTENING_PORT));
        }
        tcpPorts.put("http-port", (Integer) v.get(ConfigKeys.HTTP_PORT));
        tcpPorts.put("admin-port", (Integer) v.get(ConfigKeys.ADMIN_PORT));
        for (Map.Entry<String, Integer> other : tcpPorts.entrySet()) {
            if (iceTcp.equals(other.getValue())) {
                errors.add("ice-tcp-port: same TCP port as " + other.getKey() + " (" + iceTcp + ")");
            }
        }
    }

    private static void checkListeners(Map<ConfigKey<?>, Object> v, List<String> errors) {
        Boolean noUdp = (Boolean) v.get(NO_UDP);
        Boolean noTcp = (Boolean) v.get(NO_TCP);
        Boolean noTls = (Boolean) v.get(NO_TLS);
        if (noUdp == null || noTcp == null || noTls == null) {
            return;
        }
        if (noUdp && noTcp && noTls) {
            errors.add("no-tls: with no-udp and no-tcp also set there is nothing left to listen on");
            return;
        }
        Integer port = (Integer) v.get(LISTENING_PORT);
        Integer tls = (Integer) v.get(TLS_LISTENING_PORT);
        Integer alt = (Integer) v.get(ALT_TLS_LISTENING_PORT);
        // UDP and TCP share listening-port by design; the TLS ports are TCP too, so they must differ
        // from it when plain TCP listens, and from each other. Port 0 is always distinct.
        if (!noTls && !noTcp && port != null && tls != null && tls != 0 && tls.equals(port)) {
            errors.add("tls-listening-port: same TCP port as listening-port (" + tls + ")");
        }
        if (!noTls && alt != null && alt > 0) {
            if (tls != null && alt.equals(tls)) {
                errors.add("alt-tls-listening-port: same port as tls-listening-port (" + alt + ")");
            } else if (!noTcp && port != null && alt.equals(port)) {
                errors.add("alt-tls-listening-port: same TCP port as listening-port (" + alt + ")");
            }
        }
    }

    /**
     * The shared port and the HTTPS port are TCP listeners of their own: neither may take a TCP port another
     * enabled listener binds (0 is always distinct).
     */
    private static void checkTcpPorts(Map<ConfigKey<?>, Object> v, List<String> errors) {
        Map<String, Integer> tcp = new LinkedHashMap<>();
        if (Boolean.FALSE.equals(v.get(NO_TCP))) {
            tcp.put("listening-port", (Integer) v.get(LISTENING_PORT));
        }
        if (Boolean.FALSE.equals(v.get(NO_TLS))) {
            tcp.put("tls-listening-port", (Integer) v.get(TLS_LISTENING_PORT));
            tcp.put("alt-tls-listening-port", (Integer) v.get(ALT_TLS_LISTENING_PORT));
        }
        Integer media = (Integer) v.get(ConfigKeys.MEDIA_PORT);
        if (media != null && media >= 0) {
            tcp.put("ice-tcp-port", (Integer) v.get(ConfigKeys.ICE_TCP_PORT));
        }
        tcp.put("http-port", (Integer) v.get(ConfigKeys.HTTP_PORT));
        tcp.put("admin-port", (Integer) v.get(ConfigKeys.ADMIN_PORT));
        Integer shared = (Integer) v.get(ConfigKeys.SHARED_PORT);
        if (shared != null && shared >= 0 && v.get(ConfigKeys.TRANSPORT) == TurnServerConfig.TransportPreference.IO_URING) {
            errors.add("shared-port: needs transport epoll or nio (auto picks epoll): the shared port moves each"
                    + " connection to its protocol's event loop, which io_uring channels cannot do");
        }
        for (ConfigKey<Integer> own : List.of(ConfigKeys.SHARED_PORT, ConfigKeys.HTTPS_PORT)) {
            Integer port = (Integer) v.get(own);
            if (port == null || port <= 0) {
                continue;
            }
            for (Map.Entry<String, Integer> other : tcp.entrySet()) {
                if (port.equals(other.getValue())) {
                    errors.add(own.name() + ": same TCP port as " + other.getKey() + " (" + port + ")");
                }
            }
            tcp.put(own.name(), port);
        }
    }

    private static void checkUsers(Map<ConfigKey<?>, Object> v, List<String> errors) {
        @SuppressWarnings("unchecked")
        List<StaticUser> users = (List<StaticUser>) v.get(USER);
        if (users == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (StaticUser u : users) {
            if (!seen.add(u.name())) {
                errors.add("user: " + u.name() + " is given more than once");
            }
        }
    }

    private static void checkExternalIps(Map<ConfigKey<?>, Object> v, List<String> errors) {
        @SuppressWarnings("unchecked")
        List<ExternalIp> list = (List<ExternalIp>) v.get(EXTERNAL_IP);
        if (list == null) {
            return;
        }
        Set<InetAddress> privates = new HashSet<>();
        boolean v4Alone = false;
        boolean v6Alone = false;
        for (ExternalIp e : list) {
            if (e.privateAddress() == null) {
                boolean dup = e.isIpv4() ? v4Alone : v6Alone;
                if (dup) {
                    errors.add("external-ip: more than one " + (e.isIpv4() ? "IPv4" : "IPv6")
                            + " address without /PRIVATE; give PUBLIC/PRIVATE pairs to map several relay addresses");
                }
                if (e.isIpv4()) {
                    v4Alone = true;
                } else {
                    v6Alone = true;
                }
            } else if (!privates.add(e.privateAddress())) {
                errors.add("external-ip: private address " + IpLiterals.format(e.privateAddress()) + " is mapped more than once");
            }
        }
    }
}
