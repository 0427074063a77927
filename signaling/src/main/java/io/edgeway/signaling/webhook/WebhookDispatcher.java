package io.edgeway.signaling.webhook;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.model.Webhook;
import io.edgeway.signaling.model.WebhookDelivery;
import io.edgeway.signaling.store.WebhookDeliveryStore;
import io.edgeway.signaling.store.WebhookStore;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox ({@link WebhookDeliveryStore}): at least once, in order per webhook, with retries and
 * backoff, on threads of its own (never an event loop).
 *
 * <h2>Theory of operation</h2>
 * <ol>
 *   <li>A scheduler thread wakes when {@link #wake()} is called (an event was queued, an attempt finished) and at
 *       least every {@link #POLL}, and reads the due rows: of each webhook its oldest PENDING delivery whose next
 *       attempt is due. A webhook's later events wait behind its first, so a receiver gets them in the order
 *       they happened, and a webhook that is down holds back only its own.</li>
 *   <li>It {@linkplain WebhookDeliveryStore#claim claims} each (counting the attempt and leasing the row for
 *       {@link #LEASE}) and hands it to a worker. A process killed mid-delivery leaves the lease, which runs
 *       out; with the embedded database (which one process alone can open) the next start frees it at once.</li>
 *   <li>The worker signs the body ({@link WebhookSigner}), resolves the target through {@link WebhookTargets}
 *       (a refused address fails the delivery, naming it) and POSTs it ({@link WebhookSender}) with
 *       {@code rtk-signature}, {@code rtk-webhook-id} and {@code rtk-event-id} (the same at every attempt: a
 *       receiver drops a repeat by it).</li>
 *   <li>The answer decides, as RealtimeKit's delivery does: 2xx is DELIVERED; 408, 429, 5xx, no answer
 *       (connection refused, reset, timeout) and a name that does not resolve are retried after
 *       {@link #backoff} (1 s, doubling, at most {@link #MAX_BACKOFF}) up to {@link #MAX_ATTEMPTS} attempts;
 *       any other status (other 4xx, a redirect, which is not followed) is FAILED at once. A delivery of a
 *       webhook disabled or deleted since it was queued is FAILED (disabled) or gone (deleted).</li>
 * </ol>
 *
 * <p>Thread-safe. {@link #start()} once, {@link #close()} once.
 */
public final class WebhookDispatcher implements AutoCloseable {

    /** Attempts before a delivery is given up. */
    public static final int MAX_ATTEMPTS = 15;
    /** The longest wait between two attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    /** How long a claimed row is held against other processes: longer than an attempt can take. */
    public static final Duration LEASE = Duration.ofSeconds(60);
    /** How often the scheduler looks when nothing wakes it. */
    static final Duration POLL = Duration.ofSeconds(1);
    private static final int WORKERS = 4;
    private static final int BATCH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveryStore outbox;
    private final WebhookStore webhooks;
    private final WebhookSigner signer;
    private final WebhookTargets targets;
    private final WebhookSender sender;
    private final Clock clock;
    private final ExecutorService workers;
    private final Thread scheduler;
    private final Object signal = new Object();
    /** Webhooks with an attempt under way in this process: their next delivery waits for it. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private boolean woken;
    private volatile boolean closed;
    /** Whether the last look at the outbox failed; the scheduler thread's only. */
    private boolean outboxUnreadable;

    public WebhookDispatcher(WebhookDeliveryStore outbox, WebhookStore webhooks, WebhookSigner signer,
            WebhookTargets targets, WebhookSender sender, Clock clock) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.signer = signer;
        this.targets = targets;
        this.sender = sender;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "edgeway-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.scheduler = new Thread(this::schedule, "edgeway-webhook-scheduler");
        scheduler.setDaemon(true);
    }

    /**
     * Starts delivering.
     *
     * @param soleProcess whether no other process can share the database (embedded H2): leases left by a
     *     previous run are freed at once instead of running out
     */
    public void start(boolean soleProcess) {
        if (soleProcess) {
            int freed = outbox.releaseLeases();
            if (freed > 0) {
                LOG.info("webhooks: {} delivery(ies) were under way when the previous run stopped; sending again", freed);
            }
        }
        scheduler.start();
    }

    /** Deliveries may be waiting: look now. Any thread; never blocks. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based): 1 s, 2 s, 4 s, ... at most {@link #MAX_BACKOFF}. */
    static long backoff(int attempt) {
        long seconds = 1L << Math.min(attempt - 1, 30);
        return Math.min(seconds, MAX_BACKOFF.getSeconds());
    }

    private void schedule() {
        while (!closed) {
            try {
                dispatchDue();
                if (outboxUnreadable) {
                    outboxUnreadable = false;
                    LOG.info("webhooks: the outbox can be read again; delivering");
                }
            } catch (RuntimeException e) {
                // The database may be unreachable for a while: the rows are still there, look again later.
                // One line when it starts failing and one when it recovers, not one per poll.
                if (!outboxUnreadable) {
                    outboxUnreadable = true;
                    LOG.warn("webhooks: reading the outbox failed, retrying every {} s until it can be read: {}",
                            POLL.toSeconds(), e.toString());
                }
            }
            synchronized (signal) {
                if (!woken && !closed) {
                    try {
                        signal.wait(POLL.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    private void dispatchDue() {
        long now = clock.epochSeconds();
        List<WebhookDelivery> due = outbox.due(now, BATCH);
        for (WebhookDelivery d : due) {
            if (closed || busy.contains(d.webhookId())) {
                continue;
            }
            if (!outbox.claim(d, now, now + LEASE.getSeconds())) {
                continue; // another process took it
            }
            busy.add(d.webhookId());
            try {
                workers.execute(() -> attempt(d));
            } catch (RejectedExecutionException e) {
                busy.remove(d.webhookId()); // closing: the lease runs out, or the next start frees it
            }
        }
    }

    /** One attempt at {@code d} (its attempts count already includes this one); on a worker. */
    private void attempt(WebhookDelivery d) {
        try {
            Optional<Webhook> hook = webhooks.find(d.webhookId());
            long now = clock.epochSeconds();
            if (hook.isEmpty()) {
                return; // deleted with its deliveries
            }
            if (!hook.get().enabled()) {
                outbox.failed(d.id(), 0, "the webhook was disabled before this event was delivered", now);
                return;
            }
            WebhookSender.Outcome outcome = send(hook.get(), d);
            record(d, outcome, clock.epochSeconds());
        } catch (RuntimeException e) {
            LOG.warn("webhooks: delivery {} failed: {}", d.id(), e.toString());
        } finally {
            busy.remove(d.webhookId());
            wake();
        }
    }

    private WebhookSender.Outcome send(Webhook hook, WebhookDelivery d) {
        URI url = URI.create(hook.url());
        WebhookTargets.Resolution target;
        try {
            target = targets.resolve(url);
        } catch (UnknownHostException e) {
            return WebhookSender.Outcome.failed("cannot resolve " + url.getHost());
        }
        if (!target.permitted()) {
            return new WebhookSender.Outcome(-1, "refused: " + target.refusal());
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSigner.SIGNATURE_HEADER, signer.sign(body));
        headers.put("rtk-webhook-id", hook.id());
        headers.put("rtk-event-id", d.eventId());
        return sender.post(url, target.address(), headers, body);
    }

    private void record(WebhookDelivery d, WebhookSender.Outcome outcome, long now) {
        int status = outcome.status();
        if (status >= 200 && status < 300) {
            outbox.delivered(d.id(), status, now);
            return;
        }
        int attempts = d.attempts() + 1;
        boolean retry = status == 0 || status == 408 || status == 429 || status >= 500;
        String error = status < 0 ? outcome.error() : status == 0 ? outcome.error()
                : "answered " + status + (retry ? "" : status < 400 ? " (redirects are not followed)" : " (not retried)");
        int stored = Math.max(status, 0);
        if (retry && attempts < MAX_ATTEMPTS) {
            outbox.retryAt(d.id(), stored, error, now + backoff(attempts));
        } else {
            LOG.info("webhooks: gave up delivering {} {} to webhook {} after {} attempt(s): {}", d.event(), d.eventId(),
                    d.webhookId(), attempts, error);
            outbox.failed(d.id(), stored, error, now);
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
        workers.shutdownNow();
        try {
            scheduler.join(5000);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
