package io.edgeway.signaling.app;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * What starts a hot reload besides {@code POST /admin/reload}: SIGHUP (systemd's ExecReload), and a
 * change to the configuration file or the certificate and key files. File events are debounced: tools
 * that replace a certificate write two files, and a reload between them would be refused (the key
 * would not match the certificate) — the next event after the pause reloads the finished pair.
 */
final class ReloadTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadTriggers.class);
    private static final long DEBOUNCE_MILLIS = 500;

    private ReloadTriggers() {
    }

    static void install(EdgewayProcess process, ConfigReloader reloader) {
        try {
            Signal.handle(new Signal("HUP"), signal -> reload(process, "SIGHUP"));
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP reload unavailable on this platform: {}", e.getMessage());
        }
        Set<Path> watched = new LinkedHashSet<>();
        EdgewayConfig config = reloader.current();
        watched.addAll(config.sourceFiles());
        if (config.get(ConfigKeys.CERT) != null) {
            watched.add(config.get(ConfigKeys.CERT));
            watched.add(config.get(ConfigKeys.PKEY));
        }
        if (!watched.isEmpty()) {
            watch(process, watched);
        }
    }

    private static void reload(EdgewayProcess process, String trigger) {
        try {
            LOG.info("reload ({}): {}", trigger, process.reload());
        } catch (Exception e) {
            LOG.warn("reload ({}) failed: {}", trigger, e.getMessage());
        }
    }

    private static void watch(EdgewayProcess process, Set<Path> files) {
        WatchService watcher;
        Set<Path> directories = new LinkedHashSet<>();
        Set<Path> names = new LinkedHashSet<>();
        try {
            watcher = FileSystems.getDefault().newWatchService();
            for (Path file : files) {
                Path absolute = file.toAbsolutePath().normalize();
                names.add(absolute);
                if (directories.add(absolute.getParent())) {
                    // CREATE covers editors and cert tools that write a new file and rename it into place.
                    absolute.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot watch {} for changes ({}); reload with SIGHUP instead", files, e.toString());
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watcher.take();
                    boolean relevant = false;
                    for (var event : key.pollEvents()) {
                        Object context = event.context();
                        if (context instanceof Path) {
                            Path changed = ((Path) key.watchable()).resolve((Path) context).toAbsolutePath().normalize();
                            relevant |= names.contains(changed);
                        }
                    }
                    key.reset();
                    if (!relevant) {
                        continue;
                    }
                    // Let the writer finish (both files of a certificate swap), swallowing the echoes.
                    TimeUnit.MILLISECONDS.sleep(DEBOUNCE_MILLIS);
                    WatchKey more;
                    while ((more = watcher.poll()) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                    reload(process, "file change");
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // Process stopping.
            }
        }, "edgeway-config-watch");
        thread.setDaemon(true);
        thread.start();
        LOG.info("watching {} for changes", names);
    }
}
