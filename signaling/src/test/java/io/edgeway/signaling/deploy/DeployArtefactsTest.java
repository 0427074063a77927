package io.edgeway.signaling.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edgeway.signaling.app.ConfigKey;
import io.edgeway.signaling.app.ConfigKeys;
import io.edgeway.signaling.app.ConfigLoader;
import io.edgeway.signaling.app.EdgewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every operator artefact in {@code deploy/} with the tool that consumes it where this
 * machine has one ({@code systemd-analyze}, {@code systemd-sysusers}, {@code promtool}), and
 * statically where it has none (Docker, Kubernetes, Grafana): parsed with Jackson and held
 * against each other, against Edgeway's own configuration loader and against the metric contract
 * in {@code src/test/resources/deploy/metric-contract.txt}.
 *
 * <p>A missing tool fails the test: scripts/test.sh installs the Debian packages {@code systemd}
 * and {@code prometheus}. Tools run with the repository root as working directory.
 */
class DeployArtefactsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path UNIT = DEPLOY.resolve("systemd/edgeway.service");
    private static final Path SYSUSERS = DEPLOY.resolve("systemd/edgeway.sysusers");
    private static final Path SYSCTL = DEPLOY.resolve("systemd/99-edgeway.conf");
    private static final Path PROMETHEUS_CONFIG = DEPLOY.resolve("prometheus/prometheus.yml");
    private static final Path RULES = DEPLOY.resolve("prometheus/rules/edgeway.rules.yml");
    private static final Path RULE_TESTS = DEPLOY.resolve("prometheus/tests/edgeway.rules.test.yml");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/edgeway-dashboard.json");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final Path DOCKERFILE = DEPLOY.resolve("container/Dockerfile");
    private static final Path DOCKERIGNORE = DEPLOY.resolve("container/Dockerfile.dockerignore");

    /** The command line the process contract fixes for every way of running Edgeway. */
    private static final String JAR = "/opt/edgeway/edgeway.jar";
    private static final String CONFIG_FILE = "/etc/edgeway/edgeway.yaml";

    /** Defaults of the operations keys the artefacts rely on, as the key registry declares them. */
    private static final Map<String, Integer> OPS_DEFAULTS = Map.of(
            "http-port", ConfigKeys.HTTP_PORT.parsedDefault(),
            "admin-port", ConfigKeys.ADMIN_PORT.parsedDefault(),
            "drain-deadline", (int) ConfigKeys.DRAIN_DEADLINE.parsedDefault().toSeconds());

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------------------------------------
    // systemd

    @Test
    void systemdUnitPassesSystemdAnalyzeVerify() {
        // --man=no: there is no Documentation=man: page to look up, and containers have no man
        // database. --recursive-errors=no: report this unit, not the host's other units.
        ToolRun verify = run("systemd-analyze", "systemd",
                "verify", "--no-pager", "--man=no", "--recursive-errors=no", UNIT.toString());
        assertThat(verify.exit()).as("systemd-analyze verify exit status; output:%n%s", verify.output()).isZero();
        // Unknown keys and unparsable values are printed as "file:line: ..., ignoring"; not every
        // systemd version counts them in the exit status, so the output is checked too.
        assertThat(verify.output()).as("systemd-analyze verify complaints about the unit")
                .doesNotContain(UNIT.getFileName().toString());
    }

    @Test
    void systemdUnitSandboxKeepsExposureLow() {
        // Exposure 0.0 (locked down) to 10.0 (unprotected); --threshold is tenths. The unit scores
        // 1.6: host network, netlink, ambient NET_BIND_SERVICE and W^X off for the JIT remain.
        ToolRun security = run("systemd-analyze", "systemd",
                "security", "--no-pager", "--offline=true", "--threshold=20", UNIT.toString());
        assertThat(security.output()).contains("Overall exposure level");
        assertThat(security.exit()).as("exposure above 2.0; output:%n%s", security.output()).isZero();
    }

    @Test
    void systemdUnitRunsTheContractCommandUnprivilegedAndOutlastsTheDrain() throws IOException {
        Map<String, List<String>> service = unitSection(UNIT, "Service");

        List<String> execStart = List.of(single(service, "ExecStart").split("\\s+"));
        assertThat(execStart.get(0)).isEqualTo("/usr/bin/java");
        assertThat(String.join(" ", execStart)).endsWith("-jar " + JAR + " --config " + CONFIG_FILE);
        assertThat(single(service, "ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
        assertThat(single(service, "KillSignal")).isEqualTo("SIGTERM");
        assertThat(single(service, "Restart")).isEqualTo("on-failure");
        assertThat(seconds(single(service, "TimeoutStopSec")))
                .as("TimeoutStopSec must leave the drain (drain-deadline) time before SIGKILL")
                .isGreaterThan(OPS_DEFAULTS.get("drain-deadline"));

        assertThat(single(service, "User")).isEqualTo(sysusersName());
        assertThat(single(service, "AmbientCapabilities")).isEqualTo("CAP_NET_BIND_SERVICE");
        assertThat(single(service, "CapabilityBoundingSet")).isEqualTo("CAP_NET_BIND_SERVICE");
        assertThat(single(service, "LimitNOFILE")).isEqualTo("1048576");
        assertThat(single(service, "StateDirectory")).as("the one writable path").isEqualTo("edgeway");
        assertThat(Set.of(single(service, "RestrictAddressFamilies").split("\\s+")))
                .containsExactlyInAnyOrder("AF_INET", "AF_INET6", "AF_UNIX", "AF_NETLINK");
        Map<String, String> hardening = new LinkedHashMap<>();
        hardening.put("NoNewPrivileges", "yes");
        hardening.put("ProtectSystem", "strict");
        hardening.put("ProtectHome", "yes");
        hardening.put("PrivateTmp", "yes");
        hardening.put("PrivateDevices", "yes");
        hardening.put("ProtectKernelTunables", "yes");
        hardening.put("ProtectKernelModules", "yes");
        hardening.put("ProtectKernelLogs", "yes");
        hardening.put("ProtectControlGroups", "yes");
        hardening.put("RestrictNamespaces", "yes");
        hardening.put("LockPersonality", "yes");
        hardening.put("MemoryDenyWriteExecute", "no");
        hardening.put("SystemCallArchitectures", "native");
        hardening.forEach((key, value) -> assertThat(single(service, key)).as(key).isEqualTo(value));
    }

    @Test
    void sysusersEntryCreatesTheServiceAccount(@TempDir Path root) throws IOException {
        // systemd-sysusers reads sysusers.d below --root, so the entry is installed there as the
        // unit's install notes say; it writes passwd and group under the scratch root only.
        Path installed = root.resolve("usr/lib/sysusers.d/edgeway.conf");
        Files.createDirectories(installed.getParent());
        Files.createDirectories(root.resolve("etc"));
        Files.copy(SYSUSERS, installed);
        ToolRun sysusers = run("systemd-sysusers", "systemd", "--root=" + root);
        assertThat(sysusers.exit()).as("output:%n%s", sysusers.output()).isZero();
        assertThat(sysusers.output()).as("complaints about the entry").doesNotContain("edgeway.conf:");
        String passwd = Files.readString(root.resolve("etc/passwd"));
        assertThat(passwd).containsPattern("(?m)^" + sysusersName() + ":x:\\d+:\\d+:[^:]*:/var/lib/edgeway:/usr/sbin/nologin$");
        assertThat(Files.readString(root.resolve("etc/group"))).containsPattern("(?m)^" + sysusersName() + ":x:\\d+:");
    }

    @Test
    void sysctlDropInLetsSocketBuffersGrowAndKeepsEphemeralPortsOffTheRelayRange() throws IOException {
        Map<String, String> sysctl = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SYSCTL)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            String[] kv = t.split("=", 2);
            assertThat(kv).as("sysctl.d line %s", t).hasSize(2);
            sysctl.put(kv[0].strip(), kv[1].strip());
        }
        long receiveBuffer = Long.parseLong(ConfigKeys.SOCKET_RECEIVE_BUFFER.defaultValue());
        long sendBuffer = Long.parseLong(ConfigKeys.SOCKET_SEND_BUFFER.defaultValue());
        assertThat(Long.parseLong(sysctl.get("net.core.rmem_max")))
                .as("the kernel caps SO_RCVBUF at rmem_max").isGreaterThanOrEqualTo(receiveBuffer);
        assertThat(Long.parseLong(sysctl.get("net.core.wmem_max")))
                .as("the kernel caps SO_SNDBUF at wmem_max").isGreaterThanOrEqualTo(sendBuffer);

        String[] range = sysctl.get("net.ipv4.ip_local_port_range").split("\\s+");
        assertThat(range).hasSize(2);
        int ephemeralHigh = Integer.parseInt(range[1]);
        assertThat(Integer.parseInt(range[0])).isLessThan(ephemeralHigh);
        for (Map.Entry<String, Integer> minPort : relayMinPorts().entrySet()) {
            assertThat(ephemeralHigh).as("ephemeral ports end below min-port of %s", minPort.getKey())
                    .isLessThan(minPort.getValue());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Prometheus

    @Test
    void prometheusConfigPassesPromtoolAndScrapesTheLocalHttpPort() throws IOException {
        ToolRun check = run("promtool", "prometheus", "check", "config", PROMETHEUS_CONFIG.toString());
        assertThat(check.exit()).as("promtool check config; output:%n%s", check.output()).isZero();

        JsonNode config = YAML.readTree(PROMETHEUS_CONFIG.toFile());
        assertThat(texts(config.path("rule_files"))).contains(DEPLOY.resolve("prometheus").relativize(RULES).toString());
        JsonNode job = config.path("scrape_configs").get(0);
        assertThat(job.path("job_name").asText()).isEqualTo("edgeway");
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(texts(job.path("static_configs").get(0).path("targets")))
                .containsExactly("127.0.0.1:" + OPS_DEFAULTS.get("http-port"));
    }

    @Test
    void alertRulesPassPromtoolCheckWithLintsFatal() {
        ToolRun check = run("promtool", "prometheus", "check", "rules", "--lint=all", "--lint-fatal", RULES.toString());
        assertThat(check.exit()).as("promtool check rules; output:%n%s", check.output()).isZero();
    }

    @Test
    void alertRulesPassTheirPromtoolUnitTests() {
        ToolRun test = run("promtool", "prometheus", "test", "rules", RULE_TESTS.toString());
        assertThat(test.exit()).as("promtool test rules; output:%n%s", test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasSeverityAnnotationsAndAFiringAndAQuietUnitTest() throws IOException {
        Map<String, JsonNode> alerts = alertRules();
        assertThat(alerts.keySet()).contains(
                "EdgewayTargetDown", "EdgewayNotReady", "EdgewayAllocationsRefused", "EdgewayAuthFailureSpike",
                "EdgewayDropsRising", "EdgewayEventLoopLag", "EdgewayCertificateExpiresSoon",
                "EdgewayCertificateExpiresVerySoon");
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode group : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode test : group.path("alert_rule_test")) {
                (test.path("exp_alerts").isEmpty() ? quiet : fires).add(test.path("alertname").asText());
            }
        }
        alerts.forEach((name, rule) -> {
            assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", name).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as("summary of %s", name).isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as("description of %s", name).isNotBlank();
            assertThat(fires).as("alerts with a unit test where they fire").contains(name);
            assertThat(quiet).as("alerts with a unit test where they stay quiet").contains(name);
        });
    }

    @Test
    void alertRulesAndTheirTestSeriesUseOnlyContractMetrics() throws IOException {
        MetricContract contract = MetricContract.load();
        List<String> problems = new ArrayList<>();
        alertRules().forEach((name, rule) -> contract.check(rule.path("expr").asText(), "alert " + name, problems));
        for (JsonNode group : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode series : group.path("input_series")) {
                contract.check(series.path("series").asText(), "test series", problems);
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Grafana

    @Test
    void dashboardIsAnImportableGrafanaDashboard() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        JsonNode input = dashboard.path("__inputs").get(0);
        assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.path("type").asText()).isEqualTo("datasource");
        assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");

        Set<Integer> ids = new LinkedHashSet<>();
        for (JsonNode panel : panels(dashboard)) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("panel %s fits 24 columns", panel.path("title"))
                    .isBetween(1, 24);
            assertThat(grid.path("h").asInt()).isPositive();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets")).as("panel %s queries something", panel.path("title")).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${DS_PROMETHEUS}");
                assertThat(target.path("expr").asText()).isNotBlank();
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            assertThat(variable.path("datasource").path("uid").asText()).isEqualTo("${DS_PROMETHEUS}");
        }
    }

    @Test
    void dashboardShowsEveryTurnAndRuntimeMetricOfTheContractAndNothingElse() throws IOException {
        MetricContract contract = MetricContract.load();
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Map.Entry<String, String> query : dashboardQueries(dashboard).entrySet()) {
            contract.check(query.getValue(), query.getKey(), problems);
            used.addAll(contract.metricsIn(query.getValue()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            contract.check(variable.path("definition").asText(), "variable " + variable.path("name").asText(), problems);
        }
        assertThat(problems).isEmpty();
        // The control-plane metrics come with the HTTP API; everything else has a panel.
        Set<String> expected = new TreeSet<>(contract.metrics.keySet());
        expected.removeIf(name -> !name.startsWith("edgeway_") || name.startsWith("edgeway_http_"));
        assertThat(used).containsAll(expected);
    }

    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path scratch) throws IOException {
        // promtool has no expression checker, but it parses every expr of a rule file: check each
        // panel query as a recording rule, with Grafana's variables replaced by plain values.
        Map<String, String> queries = dashboardQueries(JSON.readTree(DASHBOARD.toFile()));
        ObjectNode file = YAML.createObjectNode();
        ObjectNode group = file.putArray("groups").addObject().put("name", "dashboard");
        int n = 0;
        for (String expr : queries.values()) {
            String promql = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m")
                    .replace("$__range", "1h").replace("$instance", ".*");
            assertThat(promql).as("a Grafana variable left in %s", expr).doesNotContain("$");
            group.withArray("rules").addObject().put("record", "dashboard:query_" + n++).put("expr", promql);
        }
        Path rules = scratch.resolve("dashboard.rules.yml");
        YAML.writeValue(rules.toFile(), file);
        ToolRun check = run("promtool", "prometheus", "check", "rules", rules.toString());
        assertThat(check.exit()).as("promtool check rules on the dashboard queries; output:%n%s", check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    // ---------------------------------------------------------------------------------------------
    // Kubernetes

    @Test
    void manifestsParseAreNamespaceLessAndTheKustomizationListsThem() throws IOException {
        Manifests k8s = Manifests.load();
        assertThat(k8s.byKind.keySet()).contains("ConfigMap", "Secret", "DaemonSet", "Service", "PodMonitor",
                "ServiceMonitor", "PrometheusRule", "Kustomization");
        for (JsonNode doc : k8s.documents) {
            assertThat(doc.path("apiVersion").asText()).as("apiVersion of %s", doc.path("kind")).isNotBlank();
            if (!doc.path("kind").asText().equals("Kustomization")) {
                assertThat(doc.path("metadata").path("name").asText()).isNotBlank();
            }
            assertThat(doc.path("metadata").has("namespace")).as("%s names a namespace", doc.path("kind")).isFalse();
        }
        for (String kind : List.of("PodMonitor", "ServiceMonitor", "PrometheusRule")) {
            assertThat(k8s.one(kind).path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        }
        JsonNode kustomization = k8s.one("Kustomization");
        assertThat(kustomization.has("namespace")).isFalse();
        String kustomizationText = Files.readString(KUBERNETES.resolve("kustomization.yaml"));
        for (String resource : texts(kustomization.path("resources"))) {
            assertThat(KUBERNETES.resolve(resource)).as("kustomization resource").isRegularFile();
        }
        for (Path manifest : k8s.files) {
            if (manifest.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            assertThat(kustomizationText).as("kustomization.yaml lists or mentions %s", manifest.getFileName())
                    .contains(manifest.getFileName().toString());
        }
    }

    @Test
    void daemonSetRunsOnTheHostNetworkWithProbesOnTheHealthEndpoints() throws IOException {
        Manifests k8s = Manifests.load();
        JsonNode pod = k8s.one("DaemonSet").path("spec").path("template").path("spec");
        JsonNode container = k8s.edgewayContainer();
        ObjectNode config = k8s.edgewayYaml();
        int httpPort = opsValue(config, "http-port");

        assertThat(pod.path("hostNetwork").asBoolean()).as("hostNetwork: relay port ranges do not fit a Service").isTrue();
        assertThat(pod.path("dnsPolicy").asText()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod.path("terminationGracePeriodSeconds").asInt())
                .as("terminationGracePeriodSeconds leaves the drain (drain-deadline) time before SIGKILL")
                .isGreaterThan(opsValue(config, "drain-deadline"));
        assertThat(texts(container.path("args"))).containsExactly("--config", CONFIG_FILE);

        Map<String, ContainerPort> ports = k8s.containerPorts();
        assertThat(ports.get("http")).isEqualTo(new ContainerPort(httpPort, "TCP"));
        assertThat(ports.get("turn-udp")).isEqualTo(new ContainerPort(config.path("listening-port").asInt(), "UDP"));
        assertThat(ports.get("turn-tcp")).isEqualTo(new ContainerPort(config.path("listening-port").asInt(), "TCP"));
        assertThat(ports.get("turns")).isEqualTo(new ContainerPort(config.path("tls-listening-port").asInt(), "TCP"));
        assertThat(ports.get("turns-443")).isEqualTo(new ContainerPort(config.path("alt-tls-listening-port").asInt(), "TCP"));
        int mediaLoops = config.path("media-loops").asInt();
        assertThat(mediaLoops).as("media-loops set: one UDP port per loop, each listed").isPositive();
        for (int loop = 0; loop < mediaLoops; loop++) {
            assertThat(ports.get("media-udp-" + loop)).as("media loop %d's port", loop)
                    .isEqualTo(new ContainerPort(config.path("media-port").asInt() + loop, "UDP"));
        }
        assertThat(ports).doesNotContainKey("media-udp-" + mediaLoops);
        assertThat(ports.get("media-tcp")).isEqualTo(new ContainerPort(config.path("ice-tcp-port").asInt(), "TCP"));
        assertThat(config.path("open-sessions").asBoolean(true)).as("open sessions stay off on a deployed node").isFalse();

        assertProbe(container.path("readinessProbe"), "/readyz", ports);
        assertProbe(container.path("livenessProbe"), "/healthz", ports);
        if (container.has("startupProbe")) {
            assertProbe(container.path("startupProbe"), "/healthz", ports);
        }
        assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotBlank();
        assertThat(container.path("resources").path("requests").path("memory").asText()).isNotBlank();
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();

        String image = container.path("image").asText();
        assertThat(image).as("a pinned image tag").matches("[^:@]+(:[\\w.-]+|@sha256:[0-9a-f]{64})").doesNotEndWith(":latest");
        assertThat(k8s.one("Kustomization").path("images").findValuesAsText("name"))
                .as("kustomization images").contains(image.split("[:@]")[0]);
    }

    @Test
    void daemonSetSecurityContextIsNonRootReadOnlyAndKeepsOnlyNetBindService() throws IOException {
        Manifests k8s = Manifests.load();
        JsonNode pod = k8s.one("DaemonSet").path("spec").path("template").path("spec");
        JsonNode container = k8s.edgewayContainer();
        JsonNode podSecurity = pod.path("securityContext");
        JsonNode security = container.path("securityContext");

        assertThat(security.path("runAsNonRoot").asBoolean() || podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
        int uid = security.has("runAsUser") ? security.path("runAsUser").asInt() : podSecurity.path("runAsUser").asInt();
        assertThat(uid).as("runAsUser").isPositive().isEqualTo(dockerfileUid());
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(texts(security.path("capabilities").path("add"))).containsExactly("NET_BIND_SERVICE");
        assertThat(podSecurity.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();

        // A read-only root still needs a writable /tmp (hsperfdata, Netty's native library).
        Map<String, JsonNode> volumes = k8s.volumes();
        JsonNode tmp = k8s.mountAt("/tmp");
        assertThat(volumes.get(tmp.path("name").asText()).has("emptyDir")).isTrue();
        assertThat(tmp.path("readOnly").asBoolean()).isFalse();
    }

    @Test
    void configMapLoadsWithEdgewaysOwnConfigLoaderAndItsFilesAreMounted(@TempDir Path scratch) throws IOException {
        Manifests k8s = Manifests.load();
        ObjectNode config = k8s.edgewayYaml();

        for (String key : fieldNames(config)) {
            assertThat(ConfigKeys.byName(key)).as("key %s of the ConfigMap is a configuration key", key).isPresent();
        }
        // The mount: /etc/edgeway is a whole-directory projected volume (no subPath, so updates
        // reach the files) holding edgeway.yaml from the ConfigMap and cert/pkey from Secrets.
        JsonNode mount = k8s.mountAt(Path.of(CONFIG_FILE).getParent().toString());
        JsonNode volume = k8s.volumes().get(mount.path("name").asText());
        Map<String, String> projected = projectedItems(volume);
        assertThat(projected).containsEntry("edgeway.yaml", "ConfigMap/" + k8s.one("ConfigMap").path("metadata").path("name").asText());
        for (String fileKey : List.of("cert", "pkey")) {
            Path file = Path.of(config.path(fileKey).asText());
            assertThat(file.startsWith(Path.of(mount.path("mountPath").asText())))
                    .as("%s %s lies in the mounted directory", fileKey, file).isTrue();
            String relative = Path.of(mount.path("mountPath").asText()).relativize(file).toString();
            assertThat(projected).as("%s is projected into the mount", fileKey).containsKey(relative);
            // The loader only needs a readable file at the path: stand one in below the scratch root.
            Path standIn = scratch.resolve(relative);
            Files.createDirectories(standIn.getParent());
            Files.writeString(standIn, "stand-in for " + fileKey);
            config.put(fileKey, standIn.toString());
        }
        for (JsonNode m : k8s.edgewayContainer().path("volumeMounts")) {
            assertThat(m.has("subPath")).as("subPath mounts never see updates: %s", m.path("mountPath")).isFalse();
        }

        Map<String, String> env = k8s.edgewayEnvironment();
        for (String name : env.keySet()) {
            if (name.startsWith(ConfigKey.ENV_PREFIX)) {
                String key = name.substring(ConfigKey.ENV_PREFIX.length()).toLowerCase().replace('_', '-');
                assertThat(ConfigKeys.byName(key).isPresent())
                        .as("%s names a configuration key", name).isTrue();
            }
        }
        assertThat(env).containsKey(ConfigKeys.STATIC_AUTH_SECRET.envName());

        Path file = scratch.resolve("edgeway.yaml");
        YAML.writeValue(file.toFile(), config);
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        ConfigLoader.Outcome outcome = ConfigLoader.load(new String[] {"--config", file.toString()}, env,
                new Random(7), new PrintStream(notices, true, StandardCharsets.UTF_8));
        if (outcome instanceof ConfigLoader.Invalid invalid) {
            fail("the ConfigMap's edgeway.yaml does not load: " + invalid.problems());
        }
        EdgewayConfig loaded = ((ConfigLoader.Loaded) outcome).config();
        assertThat(loaded.get(ConfigKeys.STATIC_AUTH_SECRET)).as("secret from the Secret via the environment").hasSize(1);
        assertThat(loaded.generatedCredentials()).as("no generated dev credentials").isEmpty();
        assertThat(loaded.toTurnServerConfig().authSecrets()).isNotEmpty();
    }

    @Test
    void servicesAndMonitorsReachTheNamedContainerPorts() throws IOException {
        Manifests k8s = Manifests.load();
        Map<String, String> podLabels = k8s.podLabels();
        Map<String, ContainerPort> containerPorts = k8s.containerPorts();
        String probePort = k8s.edgewayContainer().path("readinessProbe").path("httpGet").path("port").asText();

        Map<String, JsonNode> services = new HashMap<>();
        for (JsonNode service : k8s.all("Service")) {
            services.put(service.path("metadata").path("name").asText(), service);
            assertThat(podLabels).as("pods selected by Service %s", service.path("metadata").path("name"))
                    .containsAllEntriesOf(labels(service.path("spec").path("selector")));
            for (JsonNode port : service.path("spec").path("ports")) {
                ContainerPort target = containerPorts.get(port.path("targetPort").asText());
                assertThat(target).as("targetPort %s is a named container port", port.path("targetPort")).isNotNull();
                assertThat(target.protocol()).isEqualTo(port.path("protocol").asText("TCP"));
            }
        }

        JsonNode podMonitor = k8s.one("PodMonitor").path("spec");
        assertThat(podLabels).containsAllEntriesOf(labels(podMonitor.path("selector").path("matchLabels")));
        for (JsonNode endpoint : podMonitor.path("podMetricsEndpoints")) {
            assertThat(endpoint.path("port").asText()).as("PodMonitor port").isEqualTo(probePort);
            assertThat(containerPorts).containsKey(endpoint.path("port").asText());
            assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        }

        JsonNode serviceMonitor = k8s.one("ServiceMonitor").path("spec");
        Map<String, String> wanted = labels(serviceMonitor.path("selector").path("matchLabels"));
        List<JsonNode> selected = services.values().stream()
                .filter(s -> labels(s.path("metadata").path("labels")).entrySet().containsAll(wanted.entrySet()))
                .toList();
        assertThat(selected).as("Services the ServiceMonitor selects").hasSize(1);
        JsonNode metricsService = selected.get(0);
        for (JsonNode endpoint : serviceMonitor.path("endpoints")) {
            JsonNode servicePort = null;
            for (JsonNode port : metricsService.path("spec").path("ports")) {
                if (port.path("name").asText().equals(endpoint.path("port").asText())) {
                    servicePort = port;
                }
            }
            assertThat(servicePort).as("ServiceMonitor port %s on the Service", endpoint.path("port")).isNotNull();
            assertThat(servicePort.path("targetPort").asText()).as("the container port the probes use").isEqualTo(probePort);
            assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        }

        JsonNode secretRef = k8s.edgewayContainer().path("env").findValue("secretKeyRef");
        JsonNode secret = k8s.one("Secret");
        assertThat(secretRef.path("name").asText()).isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(secret.path("stringData").has(secretRef.path("key").asText())).isTrue();
    }

    @Test
    void prometheusRuleCarriesExactlyTheTestedRuleFile() throws IOException {
        JsonNode rule = Manifests.load().one("PrometheusRule");
        assertThat(rule.path("spec").path("groups")).isEqualTo(YAML.readTree(RULES.toFile()).path("groups"));
    }

    // ---------------------------------------------------------------------------------------------
    // Container

    @Test
    void dockerfilePinsItsBaseRunsUnprivilegedAndChecksHealth() throws IOException {
        List<Instruction> instructions = dockerInstructions();
        List<Instruction> froms = instructions.stream().filter(i -> i.is("FROM")).toList();
        assertThat(froms).isNotEmpty();
        for (Instruction from : froms) {
            String image = from.args().split("\\s+")[0];
            assertThat(image).as("FROM pins a tag or digest").matches("[^:@]+(:[\\w.-]+|@sha256:[0-9a-f]{64})(@sha256:[0-9a-f]{64})?");
            assertThat(image).doesNotContain(":latest");
        }
        for (Instruction add : instructions.stream().filter(i -> i.is("ADD")).toList()) {
            assertThat(add.args()).as("ADD of a remote URL").doesNotContainPattern("(?i)\\b(https?|git)://");
        }
        int lastFrom = instructions.indexOf(froms.get(froms.size() - 1));
        List<Instruction> users = instructions.subList(lastFrom, instructions.size()).stream().filter(i -> i.is("USER")).toList();
        assertThat(users).as("USER in the final stage").isNotEmpty();
        String user = users.get(users.size() - 1).args().split(":")[0];
        assertThat(user).isNotIn("root", "0");

        Set<String> exposed = new TreeSet<>();
        instructions.stream().filter(i -> i.is("EXPOSE")).forEach(i -> exposed.addAll(List.of(i.args().split("\\s+"))));
        int httpPort = OPS_DEFAULTS.get("http-port");
        // One UDP media port per media loop, as many as the image's media-loops.
        Instruction loops = instructions.stream().filter(i -> i.is("ENV") && i.args().startsWith("EDGEWAY_MEDIA_LOOPS="))
                .findFirst().orElseThrow(() -> new AssertionError("ENV EDGEWAY_MEDIA_LOOPS in the Dockerfile"));
        int mediaLoops = Integer.parseInt(loops.args().substring("EDGEWAY_MEDIA_LOOPS=".length()).trim());
        assertThat(exposed).contains("3478/udp", "3478/tcp", "5349/tcp", "443/tcp", httpPort + "/tcp",
                "10000-" + (10000 + mediaLoops - 1) + "/udp", "10000/tcp");

        Instruction healthcheck = only(instructions, "HEALTHCHECK");
        assertThat(healthcheck.args()).contains("CMD").contains("127.0.0.1:" + httpPort + "/healthz");

        List<String> entrypoint = texts(JSON.readTree(only(instructions, "ENTRYPOINT").args()));
        assertThat(entrypoint.subList(1, entrypoint.size())).containsExactly("-jar", JAR);
        // The file capability that lets the non-root JVM bind 443 is on the binary that runs.
        assertThat(instructions.stream().filter(i -> i.is("RUN")).map(Instruction::args))
                .anyMatch(run -> run.contains("setcap cap_net_bind_service=+ep " + entrypoint.get(0)));
        assertThat(only(instructions, "STOPSIGNAL").args()).isEqualTo("SIGTERM");
    }

    @Test
    void dockerfileCopiesTheShadedJarThroughItsIgnoreFile() throws IOException {
        List<String> sources = new ArrayList<>();
        for (Instruction copy : dockerInstructions().stream().filter(i -> i.is("COPY")).toList()) {
            List<String> words = new ArrayList<>(List.of(copy.args().split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            assertThat(words.get(words.size() - 1)).isEqualTo(JAR);
            sources.addAll(words.subList(0, words.size() - 1));
        }
        assertThat(sources).containsExactly("signaling/target/edgeway.jar");
        assertThat(Files.readString(ROOT.resolve("signaling/pom.xml")))
                .as("the shade plugin names the jar the Dockerfile copies").contains("<finalName>edgeway</finalName>");
        List<String> ignore = Files.readAllLines(DOCKERIGNORE).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignore).as("everything excluded but the jar").containsExactly("*", "!" + sources.get(0));
    }

    // ---------------------------------------------------------------------------------------------
    // README

    @Test
    void readmeTableListsEveryArtefact() throws IOException {
        String readme = Files.readString(DEPLOY.resolve("README.md"));
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            files.filter(Files::isRegularFile)
                    .map(p -> DEPLOY.relativize(p).toString().replace(File.separatorChar, '/'))
                    .filter(p -> !p.endsWith("README.md"))
                    .filter(p -> !readme.contains("`" + p + "`"))
                    .forEach(missing::add);
        }
        assertThat(missing).as("deploy/ files missing from deploy/README.md").isEmpty();
        assertThat(readme).contains("DeployArtefactsTest").contains("DeployExamplesTest");
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers: external tools

    /** Exit status and merged stdout/stderr of one tool run. */
    private record ToolRun(int exit, String output) {
    }

    /**
     * Runs {@code tool} from the repository root, failing (not skipping) when it is not installed.
     * The timeout only guards against a hung tool; no assertion depends on how long it took.
     */
    private static ToolRun run(String tool, String debianPackage, String... args) {
        Path executable = findOnPath(tool);
        if (executable == null) {
            fail(tool + " is not installed (Debian package " + debianPackage
                    + "): run scripts/test.sh, which installs the tools the deploy tests need");
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("edgeway-deploy-tool", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish");
                }
                return new ToolRun(process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + tool, e);
        }
    }

    private static Path findOnPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, tool);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers: systemd

    /** {@code Key=Value} lines of one [section]; a repeated key keeps every value. */
    private static Map<String, List<String>> unitSection(Path unit, String section) throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String current = null;
        for (String line : Files.readAllLines(unit)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            if (t.startsWith("[") && t.endsWith("]")) {
                current = t.substring(1, t.length() - 1);
            } else if (section.equals(current)) {
                String[] kv = t.split("=", 2);
                values.computeIfAbsent(kv[0].strip(), k -> new ArrayList<>()).add(kv.length > 1 ? kv[1].strip() : "");
            }
        }
        return values;
    }

    private static String single(Map<String, List<String>> section, String key) {
        assertThat(section.get(key)).as("[Service] %s=", key).isNotNull().hasSize(1);
        return section.get(key).get(0);
    }

    /** A systemd time span in seconds: "45", "45s", "1min 30s", "2min". */
    private static long seconds(String span) {
        Matcher m = Pattern.compile("(\\d+)\\s*(min|s|)").matcher(span);
        long total = 0;
        int matched = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1)) * (m.group(2).equals("min") ? 60 : 1);
            matched += m.group().length();
        }
        assertThat(matched).as("time span %s", span).isEqualTo(span.replace(" ", "").length());
        return total;
    }

    private static String sysusersName() throws IOException {
        for (String line : Files.readAllLines(SYSUSERS)) {
            String t = line.strip();
            if (t.startsWith("u ")) {
                return t.split("\\s+")[1];
            }
        }
        throw new AssertionError("no 'u' line in " + SYSUSERS);
    }

    /**
     * min-port of every configuration meant for a relay host (the built-in default where a file
     * sets none). The developer example is not one: it uses a range below the ephemeral ports on
     * purpose, and the drop-in is not meant for laptops.
     */
    private static Map<String, Integer> relayMinPorts() throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        int fallback = Integer.parseInt(ConfigKeys.MIN_PORT.defaultValue());
        ports.put("the default", fallback);
        Path edge = DEPLOY.resolve("config/turn-edge.yaml");
        ports.put(ROOT.relativize(edge).toString(), YAML.readTree(edge.toFile()).path("min-port").asInt(fallback));
        ports.put("the Kubernetes ConfigMap", Manifests.load().edgewayYaml().path("min-port").asInt(fallback));
        return ports;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers: Prometheus and Grafana

    private static Map<String, JsonNode> alertRules() throws IOException {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.has("alert")).as("only alerting rules in %s", RULES.getFileName()).isTrue();
                assertThat(alerts.put(rule.path("alert").asText(), rule)).as("duplicate alert %s", rule.path("alert")).isNull();
            }
        }
        return alerts;
    }

    /** Every panel, including those nested in collapsed rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    /** "panel title / refId" to PromQL expression. */
    private static Map<String, String> dashboardQueries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText() + " / " + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        assertThat(queries).isNotEmpty();
        return queries;
    }

    /**
     * The metric contract (src/test/resources/deploy/metric-contract.txt): series names, and for
     * each label either its allowed values or any value. {@link #check} holds a PromQL expression
     * or series selector against it: every metric name must be in the contract, and every label
     * matcher on a contract metric must name one of its labels and, for closed label sets, only
     * values the contract lists.
     */
    private static final class MetricContract {
        private static final Pattern METRIC = Pattern.compile("(?<![A-Za-z0-9_:])(?:edgeway|jvm|process|system)_[A-Za-z0-9_:]*|(?<![A-Za-z0-9_:$])up(?=\\s*\\{)");
        private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*\\{([^}]*)}");
        private static final Pattern MATCHER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
        private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

        private record Metric(String name, String type, Map<String, Set<String>> labels) {
            List<String> series() {
                return switch (type) {
                    case "histogram" -> List.of(name + "_bucket", name + "_sum", name + "_count");
                    case "summary" -> List.of(name + "_count", name + "_sum", name + "_max");
                    default -> List.of(name);
                };
            }
        }

        /** Contract metrics by name. */
        final Map<String, Metric> metrics = new LinkedHashMap<>();
        /** Exposed series name (with histogram suffixes) to its metric. */
        private final Map<String, Metric> bySeries = new HashMap<>();

        static MetricContract load() throws IOException {
            MetricContract contract = new MetricContract();
            try (var in = DeployArtefactsTest.class.getResourceAsStream("/deploy/metric-contract.txt")) {
                assertThat(in).as("deploy/metric-contract.txt on the test classpath").isNotNull();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String t = line.strip();
                    if (t.isEmpty() || t.startsWith("#")) {
                        continue;
                    }
                    String[] words = t.split("\\s+");
                    Map<String, Set<String>> labels = new LinkedHashMap<>();
                    for (String label : Arrays.asList(words).subList(2, words.length)) {
                        String[] kv = label.split("=", 2);
                        labels.put(kv[0], kv[1].equals("*") ? Set.of() : Set.of(kv[1].split("\\|")));
                    }
                    Metric metric = new Metric(words[0], words[1], labels);
                    if (metric.type().equals("counter")) {
                        assertThat(metric.name()).as("counter names end in _total").endsWith("_total");
                    }
                    contract.metrics.put(metric.name(), metric);
                    metric.series().forEach(s -> contract.bySeries.put(s, metric));
                }
            }
            return contract;
        }

        /** Contract metric names (not series names) an expression uses. */
        Set<String> metricsIn(String expr) {
            Set<String> names = new TreeSet<>();
            Matcher m = METRIC.matcher(STRING.matcher(expr).replaceAll("\"\""));
            while (m.find()) {
                Metric metric = bySeries.get(m.group());
                if (metric != null) {
                    names.add(metric.name());
                }
            }
            return names;
        }

        void check(String expr, String where, List<String> problems) {
            Matcher names = METRIC.matcher(STRING.matcher(expr).replaceAll("\"\""));
            while (names.find()) {
                if (!bySeries.containsKey(names.group())) {
                    problems.add(where + ": " + names.group() + " is not in the metric contract");
                }
            }
            Matcher selector = SELECTOR.matcher(expr);
            while (selector.find()) {
                Metric metric = bySeries.get(selector.group(1));
                if (metric == null) {
                    continue;
                }
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    String label = matcher.group(1);
                    String value = matcher.group(3);
                    if (TARGET_LABELS.contains(label) || (label.equals("le") && selector.group(1).endsWith("_bucket"))) {
                        continue;
                    }
                    Set<String> allowed = metric.labels().get(label);
                    if (allowed == null) {
                        problems.add(where + ": " + metric.name() + " has no label " + label);
                    } else if (!allowed.isEmpty()) {
                        boolean regex = matcher.group(2).contains("~");
                        if (regex && !value.matches("[A-Za-z0-9_|]+")) {
                            continue; // a real pattern: cannot be checked value by value
                        }
                        for (String v : regex ? value.split("\\|") : new String[] {value}) {
                            if (!allowed.contains(v)) {
                                problems.add(where + ": " + metric.name() + "{" + label + "} has no value " + v);
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers: Kubernetes

    private record ContainerPort(int port, String protocol) {
    }

    /** Every document of every manifest in deploy/kubernetes, indexed by kind. */
    private static final class Manifests {
        final List<Path> files = new ArrayList<>();
        final List<JsonNode> documents = new ArrayList<>();
        final Map<String, List<JsonNode>> byKind = new LinkedHashMap<>();

        static Manifests load() throws IOException {
            Manifests m = new Manifests();
            try (Stream<Path> listing = Files.list(KUBERNETES)) {
                m.files.addAll(listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
            }
            assertThat(m.files).isNotEmpty();
            for (Path file : m.files) {
                try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc == null || doc.isNull() || doc.isMissingNode()) {
                            continue;
                        }
                        assertThat(doc.path("kind").asText()).as("kind in %s", file.getFileName()).isNotBlank();
                        m.documents.add(doc);
                        m.byKind.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(doc);
                    }
                } catch (JsonProcessingException e) {
                    throw new AssertionError(file + " is not valid YAML: " + e.getOriginalMessage(), e);
                }
            }
            return m;
        }

        List<JsonNode> all(String kind) {
            return byKind.getOrDefault(kind, List.of());
        }

        JsonNode one(String kind) {
            assertThat(all(kind)).as("%s documents", kind).hasSize(1);
            return all(kind).get(0);
        }

        JsonNode edgewayContainer() {
            for (JsonNode c : one("DaemonSet").path("spec").path("template").path("spec").path("containers")) {
                if (c.path("name").asText().equals("edgeway")) {
                    return c;
                }
            }
            throw new AssertionError("no container named edgeway in the DaemonSet");
        }

        Map<String, String> podLabels() {
            JsonNode spec = one("DaemonSet").path("spec");
            Map<String, String> pod = labels(spec.path("template").path("metadata").path("labels"));
            assertThat(pod).as("DaemonSet selector matches its pods").containsAllEntriesOf(labels(spec.path("selector").path("matchLabels")));
            return pod;
        }

        Map<String, ContainerPort> containerPorts() {
            Map<String, ContainerPort> ports = new LinkedHashMap<>();
            for (JsonNode p : edgewayContainer().path("ports")) {
                String name = p.path("name").asText();
                assertThat(name).as("port name (IANA_SVC_NAME)").matches("(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?").doesNotContain("--");
                assertThat(ports.put(name, new ContainerPort(p.path("containerPort").asInt(), p.path("protocol").asText("TCP"))))
                        .as("duplicate port name %s", name).isNull();
            }
            return ports;
        }

        Map<String, JsonNode> volumes() {
            Map<String, JsonNode> volumes = new LinkedHashMap<>();
            one("DaemonSet").path("spec").path("template").path("spec").path("volumes")
                    .forEach(v -> volumes.put(v.path("name").asText(), v));
            return volumes;
        }

        JsonNode mountAt(String path) {
            for (JsonNode m : edgewayContainer().path("volumeMounts")) {
                if (m.path("mountPath").asText().equals(path)) {
                    assertThat(volumes()).as("volume of the mount at %s", path).containsKey(m.path("name").asText());
                    return m;
                }
            }
            throw new AssertionError("nothing mounted at " + path);
        }

        /** The container's environment with secretKeyRef values resolved from the Secret manifests. */
        Map<String, String> edgewayEnvironment() {
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode e : edgewayContainer().path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                String value = e.path("value").asText(null);
                if (!ref.isMissingNode()) {
                    for (JsonNode secret : all("Secret")) {
                        if (secret.path("metadata").path("name").asText().equals(ref.path("name").asText())) {
                            value = secret.path("stringData").path(ref.path("key").asText()).asText(null);
                        }
                    }
                    assertThat(value).as("Secret %s key %s", ref.path("name"), ref.path("key")).isNotNull();
                }
                env.put(e.path("name").asText(), value);
            }
            return env;
        }

        /** The ConfigMap's edgeway.yaml, parsed. */
        ObjectNode edgewayYaml() throws IOException {
            String text = one("ConfigMap").path("data").path(Path.of(CONFIG_FILE).getFileName().toString()).asText();
            assertThat(text).as("ConfigMap data edgeway.yaml").isNotBlank();
            return (ObjectNode) YAML.readTree(text);
        }
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    /** A value from edgeway.yaml, or the key's default. */
    private static int opsValue(JsonNode config, String key) {
        return config.path(key).asInt(OPS_DEFAULTS.get(key));
    }

    /** Path inside a projected volume to "Kind/name" of its source. */
    private static Map<String, String> projectedItems(JsonNode volume) {
        Map<String, String> items = new LinkedHashMap<>();
        for (JsonNode source : volume.path("projected").path("sources")) {
            source.properties().forEach(e -> {
                String kind = e.getKey().equals("configMap") ? "ConfigMap" : e.getKey().equals("secret") ? "Secret" : e.getKey();
                for (JsonNode item : e.getValue().path("items")) {
                    items.put(item.path("path").asText(), kind + "/" + e.getValue().path("name").asText());
                }
            });
        }
        assertThat(items).as("projected items of volume %s", volume.path("name")).isNotEmpty();
        return items;
    }

    private static void assertProbe(JsonNode probe, String path, Map<String, ContainerPort> ports) {
        assertThat(probe.path("httpGet").path("path").asText()).isEqualTo(path);
        String port = probe.path("httpGet").path("port").asText();
        assertThat(ports).as("probe port %s is a named container port", port).containsKey(port);
        assertThat(port).isEqualTo("http");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers: Dockerfile

    /** One Dockerfile instruction, continuation lines joined. */
    private record Instruction(String keyword, String args) {
        boolean is(String k) {
            return keyword.equals(k);
        }
    }

    private static List<Instruction> dockerInstructions() throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && pending.length() == 0)) {
                continue; // comments (and the syntax directive) may sit between continuation lines
            }
            if (t.endsWith("\\")) {
                pending.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            pending.append(t);
            String instruction = pending.toString().strip();
            pending.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            String[] parts = instruction.split("\\s+", 2);
            out.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip().replaceAll("\\s+", " ") : ""));
        }
        assertThat(pending.toString().strip()).as("dangling continuation at the end of the Dockerfile").isEmpty();
        Set<String> known = Set.of("FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
                "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
        for (Instruction i : out) {
            assertThat(known).as("Dockerfile instruction %s", i.keyword()).contains(i.keyword());
        }
        assertThat(out.get(0).keyword()).as("first instruction").isIn("FROM", "ARG");
        return out;
    }

    private static Instruction only(List<Instruction> instructions, String keyword) {
        List<Instruction> found = instructions.stream().filter(i -> i.is(keyword)).toList();
        assertThat(found).as("%s instructions", keyword).hasSize(1);
        return found.get(0);
    }

    private static int dockerfileUid() throws IOException {
        List<Instruction> users = dockerInstructions().stream().filter(i -> i.is("USER")).toList();
        return Integer.parseInt(users.get(users.size() - 1).args().split(":")[0]);
    }
}
