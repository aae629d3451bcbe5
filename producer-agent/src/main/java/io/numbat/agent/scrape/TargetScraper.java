package io.numbat.agent.scrape;

import io.numbat.agent.erlang.Backoff;
import io.numbat.agent.erlang.NodeEventSink;
import io.numbat.agent.fleet.BatchSink;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one Prometheus text endpoint on its own thread, every interval: maps the BEAM series ({@link BeamSeries})
 * into a {@link MetricBatch} for the target's node and publishes it with a {@code HEARTBEAT}, as the agent does for a
 * watched node ({@code UP} with the limits on the first good scrape). An endpoint that cannot be reached, answers
 * other than 200, takes too long, serves something that is not the text format or no BEAM series gets {@code DOWN}
 * with the reason, one warning line (the same reason again at most every 5 minutes, a new one at once) and is retried
 * with backoff (0.5 s doubling to 30 s). Nothing a target serves ends the thread.
 */
public final class TargetScraper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetScraper.class);
    /** A response larger than this is refused (a metrics page is a few tens of KB). */
    static final int MAX_BYTES = 8 << 20;

    private static final long STILL_DOWN_EVERY_MS = 300_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ScrapeTarget target;
    private final HttpClient http;
    private final ScheduledExecutorService timeouts;
    private final BatchSink batches;
    private final NodeEventSink events;
    private final Duration timeout;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean up;
    private boolean downReported;
    private String lastReason = "";
    private long lastLoggedMillis;
    private long sequence;
    private List<Sample> limits = List.of();

    TargetScraper(
            ScrapeTarget target,
            HttpClient http,
            ScheduledExecutorService timeouts,
            BatchSink batches,
            NodeEventSink events) {
        this.target = target;
        this.http = http;
        this.timeouts = timeouts;
        this.batches = batches;
        this.events = events;
        long ms = Math.max(1_000, Math.min(10_000, target.interval().toMillis()));
        this.timeout = Duration.ofMillis(ms);
        this.thread = new Thread(this::run, "numbat-scrape-" + target.node());
        this.thread.setDaemon(true);
    }

    TargetScraper start() {
        thread.start();
        return this;
    }

    /** A scrape that did not give a batch; the message is the reason published with DOWN. */
    static final class ScrapeFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ScrapeFailure(String message) {
            super(message);
        }
    }

    private void run() {
        Backoff backoff = new Backoff(MAX_BACKOFF);
        long next = System.currentTimeMillis();
        try {
            while (running) {
                long started = System.currentTimeMillis();
                String failure;
                try {
                    succeeded(scrape(), started);
                    failure = null;
                } catch (ScrapeFailure e) {
                    failure = e.getMessage();
                } catch (RuntimeException e) {
                    failure = "unexpected failure: " + e;
                }
                if (failure == null) {
                    backoff.reset();
                    next = Math.max(next + target.interval().toMillis(), started + 1);
                    sleep(next - System.currentTimeMillis());
                } else {
                    failed(failure);
                    sleep(backoff.nextMillis());
                    next = System.currentTimeMillis();
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** One scrape: GET, parse, map. */
    BeamSeries.Mapped scrape() throws ScrapeFailure, InterruptedException {
        String text = fetch();
        List<PrometheusSample> samples;
        try {
            samples = PrometheusText.parse(text);
        } catch (PrometheusFormatException e) {
            throw new ScrapeFailure("not the Prometheus text format: " + e.getMessage());
        }
        BeamSeries.Mapped mapped = BeamSeries.map(samples, target.labels());
        if (mapped.samples().isEmpty()) {
            throw new ScrapeFailure("no BEAM series among the " + samples.size()
                    + " samples served (expected erlang_vm_*, *beam_* or vm_* series, see docs/scrape.md)"
                    + (target.labels().isEmpty() ? "" : " with labels " + target.labels()));
        }
        return mapped;
    }

    private String fetch() throws ScrapeFailure, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ScrapeFailure("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new ScrapeFailure(describe(e.getCause()));
        }
        try (InputStream body = response.body()) {
            // a body that stalls is cut when the time is up: closing the stream ends the read
            ScheduledFuture<?> cut = timeouts.schedule(
                    () -> {
                        try {
                            body.close();
                        } catch (IOException ignored) {
                            // closed anyway
                        }
                    },
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                if (response.statusCode() != 200) {
                    throw new ScrapeFailure("the endpoint answered HTTP " + response.statusCode());
                }
                return read(body);
            } finally {
                cut.cancel(false);
            }
        } catch (IOException e) {
            throw new ScrapeFailure("reading the response failed: " + describe(e));
        }
    }

    private static String read(InputStream body) throws IOException, ScrapeFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BYTES) {
                throw new ScrapeFailure("the response is larger than " + MAX_BYTES + " bytes: not a metrics page?");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String describe(Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        if (e instanceof ConnectException) {
            Throwable cause = e.getCause();
            if (cause instanceof UnresolvedAddressException) {
                return "cannot connect: the host name " + target.url().getHost() + " does not resolve";
            }
            String detail = e.getMessage() != null
                    ? e.getMessage()
                    : cause != null && cause.getMessage() != null
                            ? cause.getMessage()
                            : "refused, nothing listening, or unreachable";
            return "cannot connect to " + ScrapeTarget.defaultNode(target.url()) + " (" + detail + ")";
        }
        return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.toString();
    }

    private void succeeded(BeamSeries.Mapped mapped, long nowMillis) {
        limits = mapped.limits();
        if (!up) {
            up = true;
            downReported = false;
            LOG.info(
                    "{}: up, scraping {} every {} ms",
                    target.node(),
                    target.url(),
                    target.interval().toMillis());
            events.publish(event(NodeEventType.UP, null));
        }
        batches.publish(MetricBatch.newBuilder()
                .setNode(target.node())
                .setFamily(target.family())
                .setTimestamp(Instant.ofEpochMilli(nowMillis))
                .setSequence(sequence++)
                .setSamples(mapped.samples())
                .setLimits(mapped.limits())
                .build());
        events.publish(event(NodeEventType.HEARTBEAT, null));
    }

    private void failed(String reason) {
        if (!running) {
            return;
        }
        long now = System.currentTimeMillis();
        if (up || !downReported) {
            LOG.warn("{}: down: {} ({}); retrying with backoff", target.node(), reason, target.url());
            events.publish(event(NodeEventType.DOWN, reason));
            up = false;
            downReported = true;
            lastReason = reason;
            lastLoggedMillis = now;
        } else if (!reason.equals(lastReason) || now - lastLoggedMillis >= STILL_DOWN_EVERY_MS) {
            // rate-limited: a new reason at once, the same one at most every 5 minutes
            LOG.info("{}: still down: {} ({})", target.node(), reason, target.url());
            lastReason = reason;
            lastLoggedMillis = now;
        }
    }

    private NodeEvent event(NodeEventType type, String reason) {
        return NodeEvent.newBuilder()
                .setNode(target.node())
                .setFamily(target.family())
                .setTimestamp(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setType(type)
                .setLimits(type == NodeEventType.DOWN ? List.of() : limits)
                .setReason(reason)
                .build();
    }

    private void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    public ScrapeTarget target() {
        return target;
    }

    /** Whether the last scrape gave a batch. */
    public boolean up() {
        return up;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
