package io.edgeway.signaling.app;

import io.edgeway.turn.config.TurnServerConfig.TransportPreference;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry: every setting of the process, each described once (see {@link ConfigKey}), in
 * the order {@code --help}, {@code --print-config} and the README show them. Adding a setting
 * here is all it takes to make it a YAML key, a flag, an environment variable, a help line and a
 * README row; the README test fails until the table is regenerated.
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    // ------------------------------------------------------------------ listeners

    public static final ConfigKey<List<InetAddress>> LISTENING_IP = ConfigKey.repeatable("listening-ip", ValueType.IP,
            "Address the listeners bind (HTTP too, unless http-listening-ip is given); repeat for several. None means all"
            + " interfaces, except with open sessions on and expose-open-sessions off: then 127.0.0.1 only.")
            .coturn().bind((b, v) -> b.listeningIps(v));

    public static final ConfigKey<Integer> LISTENING_PORT = ConfigKey.single("listening-port", ValueType.LISTEN_PORT, "3478",
            "UDP and TCP port for STUN and TURN. 0 picks a free port.")
            .coturn().bind((b, v) -> b.listeningPort(v));

    public static final ConfigKey<Integer> TLS_LISTENING_PORT = ConfigKey.single("tls-listening-port", ValueType.LISTEN_PORT, "5349",
            "TLS port for TURN over TLS (turns: URLs). 0 picks a free port.")
            .coturn().bind((b, v) -> b.tlsListeningPort(v));

    public static final ConfigKey<Integer> ALT_TLS_LISTENING_PORT = ConfigKey.single("alt-tls-listening-port", ValueType.OPTIONAL_PORT, "off",
            "A second TLS port, typically 443 so users behind firewalls that only allow HTTPS still reach the relay.")
            .bind((b, v) -> b.altTlsListeningPort(v));

    public static final ConfigKey<Integer> SHARED_PORT = ConfigKey.single("shared-port", ValueType.PORT_OR_443, "off",
            "One TCP port for firewalled users (on means 443): HTTPS and WSS, TURN over TLS and TCP, and ICE-TCP media,"
            + " told apart by their first bytes and ALPN. Binds listening-ip; the SFU names it for ICE-TCP and"
            + " generate-ice-servers for turns:.");

    public static final ConfigKey<List<String>> PROXY_PROTOCOL_FROM = ConfigKey.repeatable("proxy-protocol-from", ValueType.PEER_RANGE,
            "Load balancer address or range whose PROXY protocol (v1/v2) headers the TCP, TLS, HTTP, HTTPS and shared"
            + " listeners believe; it must send one. A header from any other source is refused.")
            .bind((b, v) -> b.proxyProtocolSources(v));

    public static final ConfigKey<Boolean> NO_UDP = ConfigKey.single("no-udp", ValueType.BOOLEAN, "false",
            "Do not listen on UDP.")
            .coturn().bind((b, v) -> b.udpEnabled(!v));

    public static final ConfigKey<Boolean> NO_TCP = ConfigKey.single("no-tcp", ValueType.BOOLEAN, "false",
            "Do not listen on plain TCP.")
            .coturn().bind((b, v) -> b.tcpEnabled(!v));

    public static final ConfigKey<Boolean> NO_TLS = ConfigKey.single("no-tls", ValueType.BOOLEAN, "false",
            "Do not listen on TLS.")
            .coturn().bind((b, v) -> b.tlsEnabled(!v));

    public static final ConfigKey<java.nio.file.Path> CERT = ConfigKey.single("cert", ValueType.READABLE_FILE, null,
            "PEM certificate chain for TLS. None means a self-signed certificate made at start.")
            .coturn().bind((b, v) -> b.certificateFile(v));

    public static final ConfigKey<java.nio.file.Path> PKEY = ConfigKey.single("pkey", ValueType.READABLE_FILE, null,
            "PEM private key of cert; give both or neither.")
            .coturn().bind((b, v) -> b.privateKeyFile(v));

    public static final ConfigKey<Integer> EVENT_LOOP_THREADS = ConfigKey.single("event-loop-threads", ValueType.integer("count", 0, 1024), "0",
            "Event loops for listeners and relay sockets. 0 means one per CPU.")
            .bind((b, v) -> b.eventLoopThreads(v));

    public static final ConfigKey<TransportPreference> TRANSPORT = ConfigKey.single("transport", ValueType.oneOf(TransportPreference.class), "auto",
            "Socket transport: auto picks the best native one available, nio always works.")
            .bind((b, v) -> b.transport(v));

    public static final ConfigKey<Integer> SOCKET_RECEIVE_BUFFER = ConfigKey.single("socket-receive-buffer", ValueType.integer("bytes", 1024, 1 << 30), "4194304",
            "SO_RCVBUF of every listening socket, in bytes. The kernel caps it at net.core.rmem_max.")
            .bind((b, v) -> b.socketReceiveBufferBytes(v));

    public static final ConfigKey<Integer> SOCKET_SEND_BUFFER = ConfigKey.single("socket-send-buffer", ValueType.integer("bytes", 1024, 1 << 30), "4194304",
            "SO_SNDBUF of every listening socket, in bytes. The kernel caps it at net.core.wmem_max.")
            .bind((b, v) -> b.socketSendBufferBytes(v));

    public static final ConfigKey<Integer> RELAY_SOCKET_BUFFER = ConfigKey.single("relay-socket-buffer", ValueType.integer("bytes", 4096, Integer.MAX_VALUE), "262144",
            "SO_RCVBUF and SO_SNDBUF of each relay socket (one per allocation), in bytes.")
            .bind((b, v) -> b.relaySocketBufferBytes(v));

    // ------------------------------------------------------------------ relay

    public static final ConfigKey<List<InetAddress>> RELAY_IP = ConfigKey.repeatable("relay-ip", ValueType.IP,
            "Address relay sockets bind; repeat for IPv4 and IPv6. None means the wildcard address.")
            .coturn().bind((b, v) -> b.relayIps(v));

    public static final ConfigKey<List<ExternalIp>> EXTERNAL_IP = ConfigKey.repeatable("external-ip", ValueType.EXTERNAL_IP,
            "Public address to advertise behind NAT: PUBLIC, or PUBLIC/PRIVATE for one relay address.")
            .coturn().bind((b, v) -> b.externalIps(externalIpMap(v)));

    public static final ConfigKey<Integer> MIN_PORT = ConfigKey.single("min-port", ValueType.PORT, "49152",
            "Lowest relay port.")
            .coturn().bind((b, v) -> b.minPort(v));

    public static final ConfigKey<Integer> MAX_PORT = ConfigKey.single("max-port", ValueType.PORT, "65535",
            "Highest relay port.")
            .coturn().bind((b, v) -> b.maxPort(v));

    // ------------------------------------------------------------------ protocol

    public static final ConfigKey<String> REALM = ConfigKey.single("realm", ValueType.NON_EMPTY_TEXT, "edgeway.local",
            "REALM of the long-term credential mechanism.")
            .coturn().bind((b, v) -> b.realm(v));

    public static final ConfigKey<String> SOFTWARE = ConfigKey.single("software", ValueType.TEXT, "Edgeway",
            "SOFTWARE attribute on responses; empty sends none.")
            .bind((b, v) -> b.software(v.isEmpty() ? null : v));

    public static final ConfigKey<Duration> DEFAULT_LIFETIME = ConfigKey.single("default-lifetime", ValueType.SECONDS, "600",
            "Allocation lifetime when the client asks for none, in seconds.")
            .bind((b, v) -> b.defaultLifetime(v));

    public static final ConfigKey<Duration> MAX_LIFETIME = ConfigKey.single("max-lifetime", ValueType.SECONDS, "3600",
            "Longest allocation lifetime granted, in seconds.")
            .bind((b, v) -> b.maxLifetime(v));

    public static final ConfigKey<Duration> NONCE_LIFETIME = ConfigKey.single("nonce-lifetime", ValueType.SECONDS, "600",
            "How long a NONCE stays valid before the client gets 438 Stale Nonce, in seconds.")
            .bind((b, v) -> b.nonceLifetime(v));

    // ------------------------------------------------------------------ credentials

    public static final ConfigKey<List<StaticUser>> USER = ConfigKey.repeatable("user", ValueType.USER,
            "Static long-term user, name:password or name:0xMD5KEY; repeat for several.")
            .coturn().secret().bind((b, v) -> b.staticUsers(userMap(v)));

    public static final ConfigKey<Boolean> USE_AUTH_SECRET = ConfigKey.single("use-auth-secret", ValueType.BOOLEAN, "false",
            "coturn's switch for TURN REST credentials. Edgeway accepts them whenever static-auth-secret is set;"
            + " this only insists that one is.")
            .coturn();

    public static final ConfigKey<List<String>> STATIC_AUTH_SECRET = ConfigKey.repeatable("static-auth-secret", ValueType.SECRET,
            "Shared secret for TURN REST credentials; repeat to accept old and new during rotation.")
            .coturn().secret().bind((b, v) -> b.authSecrets(v));

    // ------------------------------------------------------------------ limits

    public static final ConfigKey<Integer> USER_QUOTA = ConfigKey.single("user-quota", ValueType.integer("count", 0, Integer.MAX_VALUE), "0",
            "Concurrent allocations per user. 0 is unlimited.")
            .coturn().bind((b, v) -> b.userQuota(v));

    public static final ConfigKey<Integer> TOTAL_QUOTA = ConfigKey.single("total-quota", ValueType.integer("count", 0, Integer.MAX_VALUE), "0",
            "Concurrent allocations in total. 0 is unlimited.")
            .coturn().bind((b, v) -> b.totalQuota(v));

    public static final ConfigKey<Long> MAX_BPS = ConfigKey.single("max-bps", ValueType.longInteger("bytes/s", 0, Long.MAX_VALUE), "0",
            "Relay bandwidth cap per allocation and direction, in bytes per second. 0 is unlimited.")
            .coturn().bind((b, v) -> b.maxBytesPerSecond(v));

    public static final ConfigKey<Integer> UNAUTHENTICATED_RATE = ConfigKey.single("unauthenticated-rate", ValueType.integer("per-second", 1, Integer.MAX_VALUE), "20",
            "Requests per second each source address may send before it has authenticated.")
            .bind((b, v) -> b.unauthenticatedRequestsPerSecond(v));

    public static final ConfigKey<Integer> UNAUTHENTICATED_BURST = ConfigKey.single("unauthenticated-burst", ValueType.integer("count", 1, Integer.MAX_VALUE), "40",
            "Burst allowed above unauthenticated-rate.")
            .bind((b, v) -> b.unauthenticatedBurst(v));

    public static final ConfigKey<Boolean> RFC5766_CHANNEL_NUMBERS = ConfigKey.single("rfc5766-channel-numbers", ValueType.BOOLEAN, "false",
            "Also accept ChannelBind numbers 0x5000-0x7FFF (RFC 5766's range, used by coturn's clients); RFC 8656 allows 0x4000-0x4FFF.")
            .bind((b, v) -> b.rfc5766ChannelNumbers(v));

    // ------------------------------------------------------------------ peers

    public static final ConfigKey<List<String>> ALLOWED_PEER_IP = ConfigKey.repeatable("allowed-peer-ip", ValueType.PEER_RANGE,
            "Peer address or range opened despite the default deny list (loopback, private, link-local, metadata ...).")
            .coturn().bind((b, v) -> b.allowedPeerRanges(v));

    public static final ConfigKey<List<String>> DENIED_PEER_IP = ConfigKey.repeatable("denied-peer-ip", ValueType.PEER_RANGE,
            "Peer address or range denied in addition to the default deny list.")
            .coturn().bind((b, v) -> b.deniedPeerRanges(v));

    // ------------------------------------------------------------------ media (SFU)

    public static final ConfigKey<Integer> MEDIA_PORT = ConfigKey.single("media-port", ValueType.OPTIONAL_PORT, "10000",
            "First UDP port of the SFU: ICE, DTLS-SRTP and media; each media loop has its own, from media-port up"
            + " (media-loops ports, outside min-port..max-port; open them all). 0 picks free ports; off turns the SFU,"
            + " its WebSocket (/ws) and its demo page off.");

    public static final ConfigKey<Integer> MEDIA_LOOPS = ConfigKey.single("media-loops", ValueType.integer("count", 0, 1024), "0",
            "Most event loops the SFU spreads its sessions over (one UDP media port each), each session on one of them"
            + " with its participants' media; a new session goes to the least-loaded one. 0 means every event loop"
            + " (event-loop-threads); more than there are means all of them.");

    public static final ConfigKey<Integer> ICE_TCP_PORT = ConfigKey.single("ice-tcp-port", ValueType.OPTIONAL_PORT, "10000",
            "TCP port of the SFU for ICE-TCP (RFC 6544 passive candidates), for networks that block UDP; one port for"
            + " every media loop. 0 picks a free port; off offers UDP only.");

    public static final ConfigKey<List<InetAddress>> MEDIA_ANNOUNCED_IP = ConfigKey.repeatable("media-announced-ip", ValueType.IP,
            "Address the SFU puts in its ICE candidates, the one browsers send media to; repeat for several. None means"
            + " the addresses TURN relays from (relay-ip, else listening-ip, else the host's), through external-ip.");

    public static final ConfigKey<Integer> SFU_AUDIO_SLOTS = ConfigKey.single("sfu-audio-slots", ValueType.integer("count", 1, 10), "3",
            "Audio streams each participant receives: the loudest speakers of its session (the dominant one always"
            + " among them, silence never sent). Announced once in its SDP; joins and switches cost no renegotiation.");

    public static final ConfigKey<Integer> SFU_VIDEO_SLOTS = ConfigKey.single("sfu-video-slots", ValueType.integer("count", 0, 25), "9",
            "Video streams each participant's SDP announces: the most videos it can receive at once (a page of a"
            + " grid). Which participant each carries, and at which simulcast layer, changes without renegotiation.");

    public static final ConfigKey<Integer> SFU_LAST_N = ConfigKey.single("sfu-last-n", ValueType.integer("count", 0, 25), "6",
            "Videos a participant receives unless its page asks for another number (at most sfu-video-slots): the"
            + " pinned, then the most recent speakers, each at the layer its bandwidth and tile size allow.");

    public static final ConfigKey<String> SFU_BWE_TRACE_DIR = ConfigKey.single("sfu-bwe-trace-dir", ValueType.TEXT, "",
            "Diagnostics: a folder where the SFU writes, when each participant leaves, what its bandwidth estimation"
            + " saw (packets sent, transport-cc feedback). Empty, the default, records nothing.");

    public static final ConfigKey<Boolean> OPEN_SESSIONS = ConfigKey.single("open-sessions", ValueType.BOOLEAN_OR_AUTO, "auto",
            "Let anyone join an SFU session by name over /ws and fetch TURN credentials at /v1/dev/ice-servers."
            + " For development and demos. auto: on only when no TURN credentials are configured (the embedded"
            + " defaults, which make up their own), so a configured server never hands out credentials to anyone.");

    public static final ConfigKey<Boolean> EXPOSE_OPEN_SESSIONS = ConfigKey.single("expose-open-sessions", ValueType.BOOLEAN, "false",
            "Serve open sessions beyond loopback. While open sessions are on and this is false (protected mode), every"
            + " listener binds 127.0.0.1 unless listening-ip says otherwise, and an address that is not loopback is refused"
            + " at start. true lets anyone who reaches the ports join any meeting and take TURN credentials: demos only.");

    // ------------------------------------------------------------------ process

    public static final ConfigKey<LeakDetection> LEAK_DETECTION = ConfigKey.single("leak-detection", ValueType.oneOf(LeakDetection.class), "auto",
            "Netty's buffer leak detection. auto: Netty's -Dio.netty.leakDetection.level when given, else disabled"
            + " (sampling costs the relay path CPU); turn it on to chase a suspected leak.");

    public static final ConfigKey<LogFormat> LOG_FORMAT = ConfigKey.single("log-format", ValueType.oneOf(LogFormat.class), "text",
            "Log line format on stdout: text for people, json (one object per line) for collectors.");

    // ------------------------------------------------------------------ operations

    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.single("http-port", ValueType.OPTIONAL_PORT, "8080",
            "HTTP port for the REST control plane (/v1/), the SFU's WebSocket (/ws) and demo page (/), and /metrics,"
            + " /healthz, /readyz. 0 picks a free port; off disables it.");

    public static final ConfigKey<Integer> HTTPS_PORT = ConfigKey.single("https-port", ValueType.OPTIONAL_PORT, "off",
            "HTTPS port with the HTTP port's routes (REST, wss:// WebSocket, demo page, metrics) over TLS, HTTP/1.1 or"
            + " HTTP/2, with the cert and pkey certificate (self-signed without one). 0 picks a free port.");

    public static final ConfigKey<List<InetAddress>> HTTP_LISTENING_IP = ConfigKey.repeatable("http-listening-ip", ValueType.IP,
            "Address the HTTP port binds; repeat for several. None means listening-ip's addresses (all interfaces when"
            + " that is empty too).");

    public static final ConfigKey<Integer> HTTP_CONNECTIONS_PER_SOURCE = ConfigKey.single("http-connections-per-source",
            ValueType.integer("count", 1, 65536), "128",
            "Open HTTP, HTTPS and WebSocket connections one client address may hold at once (the PROXY protocol's"
            + " client address behind a balancer); more get 503 too_many_connections. Every participant in a meeting"
            + " holds one WebSocket: raise it for many users behind one NAT.");

    public static final ConfigKey<Integer> ADMIN_PORT = ConfigKey.single("admin-port", ValueType.OPTIONAL_PORT, "off",
            "Loopback-only port for /admin/drain and /admin/reload (and the same /metrics, /healthz, /readyz).");

    public static final ConfigKey<Duration> DRAIN_DEADLINE = ConfigKey.single("drain-deadline", ValueType.SECONDS, "30",
            "On SIGTERM or /admin/drain: refuse new allocations, keep existing flows up to this many seconds, then exit.");

    // ------------------------------------------------------------------ control plane

    public static final ConfigKey<Boolean> CONTROL_PLANE = ConfigKey.single("control-plane", ValueType.BOOLEAN, "true",
            "Serve the REST control plane (/v1/: meetings, presets, participants, tokens, TURN keys) on the HTTP port;"
            + " false opens no database.");

    public static final ConfigKey<java.nio.file.Path> DATA_DIR = ConfigKey.single("data-dir", ValueType.PATH, "data",
            "Directory for the embedded database (created if missing); relative paths start at the working directory.");

    public static final ConfigKey<String> DATABASE_URL = ConfigKey.single("database-url", ValueType.JDBC_URL, "",
            "JDBC URL of the control plane database, e.g. jdbc:postgresql://db:5432/edgeway (password in"
            + " database-password, not here). Empty means an embedded H2 file in data-dir.");

    public static final ConfigKey<String> DATABASE_USER = ConfigKey.single("database-user", ValueType.TEXT, "",
            "User name for database-url.");

    public static final ConfigKey<String> DATABASE_PASSWORD = ConfigKey.single("database-password", ValueType.SECRET, null,
            "Password for database-url.")
            .secret();

    public static final ConfigKey<List<String>> API_KEY = ConfigKey.repeatable("api-key", ValueType.API_KEY,
            "Control plane API key KEYID.SECRET accepted besides those in the database; repeat for several. With none"
            + " here and none stored, one is generated on first start and printed once.")
            .secret();

    public static final ConfigKey<String> ACCOUNT_ID = ConfigKey.single("account-id", ValueType.ACCOUNT_ID, "",
            "The account_id of the REST API's Cloudflare layout (/client/v4/accounts/ACCOUNT_ID/realtime/kit/APP_ID/...):"
            + " requests naming another are refused. Set it to your Cloudflare account id to keep your app's paths."
            + " Empty means one generated on first start and kept in the database (logged at start).");

    public static final ConfigKey<Integer> API_RATE_LIMIT = ConfigKey.single("api-rate-limit", ValueType.integer("count", 1, Integer.MAX_VALUE), "3500",
            "REST requests each API key (or TURN key) may make per api-rate-window; more get 429 with Retry-After.");

    public static final ConfigKey<Duration> API_RATE_WINDOW = ConfigKey.single("api-rate-window", ValueType.SECONDS, "300",
            "The window of api-rate-limit, in seconds.");

    public static final ConfigKey<Integer> API_THREADS = ConfigKey.single("api-threads", ValueType.integer("count", 1, 256), "4",
            "Threads that run control plane requests (database work), off the HTTP event loop.");

    public static final ConfigKey<Duration> PARTICIPANT_TOKEN_TTL = ConfigKey.single("participant-token-ttl", ValueType.SECONDS, "86400",
            "Lifetime of a participant token, in seconds.");

    public static final ConfigKey<String> PUBLIC_HOST = ConfigKey.single("public-host", ValueType.TEXT, "",
            "Host name or IP put in the stun:/turn:/turns: URLs that generate-ice-servers returns (name it as the TLS"
            + " certificate does). Empty means the first external-ip, else listening-ip, else the relay address.");

    public static final ConfigKey<String> PUBLIC_URL = ConfigKey.single("public-url", ValueType.BASE_URL, "",
            "The address (http(s)://host[:port]) apps reach this server's HTTP port at, for links Edgeway hands out"
            + " where no request says it (the chat link of meeting.chatSynced webhooks). Empty means http:// and the"
            + " first address the HTTP port is bound to (127.0.0.1 when it binds every interface).");

    public static final ConfigKey<List<String>> WEBHOOK_ALLOWED_TARGET = ConfigKey.repeatable("webhook-allowed-target",
            ValueType.PEER_RANGE, "Webhook target address or range opened despite the default deny list (loopback,"
            + " private, link-local, metadata ...), which otherwise keeps an app's webhook from calling into your network.");

    /** Every key, in display order. */
    public static final List<ConfigKey<?>> ALL = List.of(
            LISTENING_IP, LISTENING_PORT, TLS_LISTENING_PORT, ALT_TLS_LISTENING_PORT, SHARED_PORT, PROXY_PROTOCOL_FROM,
            NO_UDP, NO_TCP, NO_TLS,
            CERT, PKEY, EVENT_LOOP_THREADS, TRANSPORT, SOCKET_RECEIVE_BUFFER, SOCKET_SEND_BUFFER, RELAY_SOCKET_BUFFER,
            RELAY_IP, EXTERNAL_IP, MIN_PORT, MAX_PORT,
            REALM, SOFTWARE, DEFAULT_LIFETIME, MAX_LIFETIME, NONCE_LIFETIME,
            USER, USE_AUTH_SECRET, STATIC_AUTH_SECRET,
            USER_QUOTA, TOTAL_QUOTA, MAX_BPS, UNAUTHENTICATED_RATE, UNAUTHENTICATED_BURST, RFC5766_CHANNEL_NUMBERS,
            ALLOWED_PEER_IP, DENIED_PEER_IP,
            MEDIA_PORT, MEDIA_LOOPS, ICE_TCP_PORT, MEDIA_ANNOUNCED_IP, SFU_AUDIO_SLOTS, SFU_VIDEO_SLOTS, SFU_LAST_N,
            SFU_BWE_TRACE_DIR, OPEN_SESSIONS, EXPOSE_OPEN_SESSIONS,
            HTTP_PORT, HTTPS_PORT, HTTP_LISTENING_IP, HTTP_CONNECTIONS_PER_SOURCE, ADMIN_PORT, DRAIN_DEADLINE,
            CONTROL_PLANE, DATA_DIR, DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, API_KEY, ACCOUNT_ID, API_RATE_LIMIT,
            API_RATE_WINDOW, API_THREADS, PARTICIPANT_TOKEN_TTL, PUBLIC_HOST, PUBLIC_URL, WEBHOOK_ALLOWED_TARGET,
            LOG_FORMAT, LEAK_DETECTION);

    private static final Map<String, ConfigKey<?>> BY_NAME = index();

    /** The key called {@code name}, if any. */
    public static Optional<ConfigKey<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every key name, for "did you mean" suggestions. */
    static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    private static Map<String, ConfigKey<?>> index() {
        Map<String, ConfigKey<?>> m = new LinkedHashMap<>();
        for (ConfigKey<?> k : ALL) {
            if (m.put(k.name(), k) != null) {
                throw new IllegalStateException("duplicate key " + k.name());
            }
        }
        return m;
    }

    /**
     * coturn's external-ip list as TurnServerConfig's private-to-public map. The PUBLIC-only form
     * has no private address; it is keyed by the wildcard address of its family (0.0.0.0 or ::),
     * meaning "every relay address of that family".
     */
    static Map<InetAddress, InetAddress> externalIpMap(List<ExternalIp> list) {
        Map<InetAddress, InetAddress> m = new LinkedHashMap<>();
        for (ExternalIp e : list) {
            m.put(e.privateAddress() != null ? e.privateAddress() : wildcard(e.isIpv4()), e.publicAddress());
        }
        return m;
    }

    static InetAddress wildcard(boolean ipv4) {
        try {
            return InetAddress.getByAddress(new byte[ipv4 ? 4 : 16]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> userMap(List<StaticUser> users) {
        Map<String, String> m = new LinkedHashMap<>();
        for (StaticUser u : users) {
            m.put(u.name(), u.secret());
        }
        return m;
    }
}
