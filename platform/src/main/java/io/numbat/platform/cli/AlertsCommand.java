package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import io.numbat.platform.alerts.AlarmForwarding;
import io.numbat.platform.metrics.AlertsMeters;
import io.numbat.platform.metrics.ComponentMetrics;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.topic.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code numbat alerts}: forwards the alarms on {@code numbat.alarms} to Alertmanagers and webhooks. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Forward the alarms of numbat.alarms to Alertmanager (POST /api/v2/alerts; every Alertmanager "
                + "of --alertmanager gets every alert, as an HA pair wants) and to webhooks in Alertmanager's "
                + "webhook format (version 4). Firing alarms are re-sent every --resend-every, cleared ones are "
                + "sent with endsAt; print 'numbat ready'; run until Ctrl-C.")
final class AlertsCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    EmbeddedOptions embedded;

    @Option(
            names = "--alertmanager",
            paramLabel = "URL",
            split = ",",
            description = "Alertmanager base URL(s), e.g. http://am1:9093,http://am2:9093.")
    List<String> alertmanagers = new ArrayList<>();

    @Option(
            names = "--webhook",
            paramLabel = "URL",
            split = ",",
            description = "Webhook URL(s) posted Alertmanager's webhook payload (version 4).")
    List<String> webhooks = new ArrayList<>();

    @Option(
            names = "--console-url",
            paramLabel = "URL",
            description = "The console's base URL (http://host:port): each alert's generatorURL is its node's page "
                    + "there (URL/#/node/NODE).")
    String consoleUrl;

    @Option(
            names = "--resend-every",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How often firing alarms are re-sent (default ${DEFAULT-VALUE}; keep it well inside "
                    + "Alertmanager's resolve_timeout, 5m by default).")
    Duration resendEvery;

    @Option(
            names = "--max-waiting",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Alerts kept per unreachable receiver until it answers again; past it the oldest are "
                    + "dropped and counted (default ${DEFAULT-VALUE}).")
    int maxWaiting;

    @Mixin
    HealthOptions healthOptions;

    @Override
    public Integer call() throws Exception {
        AlarmForwarding.Settings settings = settings(alertmanagers, webhooks, consoleUrl, resendEvery, maxWaiting);
        return Running.serve((closer, fatal) -> {
            ClusterSession session = ClusterSession.open(cluster, embedded, closer, System.out, "alerts");
            AlarmForwarding forwarding = closer.add(AlarmForwarding.start(
                    session.connection(),
                    Topics.ALARMS.valueSerde(session.registry()).deserializer(),
                    Topics.SILENCES.valueSerde(session.registry()).deserializer(),
                    settings));
            forwarding.failure().thenAccept(fatal);
            ComponentMetrics metrics = new ComponentMetrics();
            AlertsMeters.bind(metrics, forwarding);
            healthOptions.serve(closer, () -> health(forwarding), metrics);
        });
    }

    /**
     * Live while forwarding (its thread has not stopped on an error) and its consumer's brokers answer; ready once it
     * has read what {@code numbat.alarms} held at its start. Alerts that cannot be delivered wait in the outboxes
     * (their counts are in the checks and in /metrics): an unreachable Alertmanager does not make it unhealthy.
     */
    static Health health(AlarmForwarding forwarding) {
        Health kafka = forwarding.consumerHealth();
        boolean live = !forwarding.failure().isDone();
        AlarmForwarding.Stats s = forwarding.stats();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put(
                "forwarding",
                live ? "running" : "stopped: " + forwarding.failure().join());
        checks.put("firing", s.firing());
        checks.put("muted", s.muted());
        for (AlarmForwarding.ReceiverStats r : s.receivers()) {
            checks.put(r.receiver(), Map.of("waiting", r.waiting(), "dropped", r.dropped(), "failures", r.failures()));
        }
        Map<String, Health> parts = new LinkedHashMap<>();
        parts.put("kafka", kafka);
        parts.put("forwarding", new Health(live, live, checks));
        return Health.allOf(parts);
    }

    /** Checks the options: at least one receiver, http(s) URLs, a positive resend period. */
    static AlarmForwarding.Settings settings(
            List<String> alertmanagers,
            List<String> webhooks,
            String consoleUrl,
            Duration resendEvery,
            int maxWaiting) {
        if (alertmanagers.isEmpty() && webhooks.isEmpty()) {
            throw new PlatformException("give at least one --alertmanager URL or --webhook URL");
        }
        alertmanagers.forEach(u -> checkUrl("--alertmanager", u));
        webhooks.forEach(u -> checkUrl("--webhook", u));
        if (consoleUrl != null) {
            checkUrl("--console-url", consoleUrl);
        }
        if (resendEvery.isZero() || resendEvery.isNegative()) {
            throw new PlatformException("--resend-every must be positive, was " + resendEvery);
        }
        if (maxWaiting < 1) {
            throw new PlatformException("--max-waiting must be at least 1, was " + maxWaiting);
        }
        return new AlarmForwarding.Settings(
                List.copyOf(alertmanagers),
                List.copyOf(webhooks),
                Optional.ofNullable(consoleUrl),
                resendEvery,
                maxWaiting);
    }

    private static void checkUrl(String option, String url) {
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw new PlatformException(option + " " + url + ": " + e.getMessage());
        }
    }
}
