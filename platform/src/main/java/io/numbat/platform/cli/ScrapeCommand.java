package io.numbat.platform.cli;

import io.numbat.agent.config.ScrapeConfig;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.NodeEventPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.agent.scrape.ScrapeTarget;
import io.numbat.agent.scrape.Scraper;
import io.numbat.platform.PlatformException;
import io.numbat.schemas.config.ConfigException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code numbat scrape}: nodes that report themselves. Scrapes the Prometheus text endpoints a configuration file
 * lists and publishes their BEAM series as MetricBatch records, through the agent's spooling publisher, with the
 * agent's UP/HEARTBEAT/DOWN node events.
 */
@Command(
        name = "scrape",
        mixinStandardHelpOptions = true,
        description = "Scrape Prometheus text endpoints (prometheus.erl, PromEx, telemetry_metrics_prometheus) every "
                + "interval and publish their erlang_vm_* / beam_* / vm_* series as one MetricBatch per target to "
                + "numbat.metrics (spooled while Kafka is away) and UP/HEARTBEAT/DOWN to numbat.node-events; print "
                + "'numbat ready'; run until Ctrl-C. See docs/scrape.md.")
final class ScrapeCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    EmbeddedOptions embedded;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            required = true,
            description = "YAML or JSON file listing the targets (url, node, family, interval, labels).")
    Path config;

    @Mixin
    SpoolOptions spool;

    @Mixin
    HealthOptions healthOptions;

    @Override
    public Integer call() throws Exception {
        List<ScrapeTarget> targets;
        try {
            targets = ScrapeConfig.load(config);
        } catch (ConfigException | UncheckedIOException e) {
            throw new PlatformException(e.getMessage());
        }
        spool.check();
        Duration slowest = targets.stream()
                .map(ScrapeTarget::interval)
                .max(Duration::compareTo)
                .orElse(Duration.ofSeconds(10));
        return Running.serve(closer -> {
            ClusterSession session = ClusterSession.open(cluster, embedded, closer, System.out, "scrape");
            // its own spool: an agent and a scraper may share a data directory
            SpoolSettings spoolSettings =
                    spool.settings(session.dataDir().path().resolve("scrape-spool"));
            String self = "scrape@" + hostName();
            MetricPublisher metrics = closer.add(new MetricPublisher(
                    session.connection(),
                    session.registry(),
                    self,
                    spoolSettings,
                    Duration.ofSeconds(10),
                    Clock.systemUTC()));
            Duration stale = Duration.ofSeconds(Math.max(60, 3 * slowest.toSeconds()));
            healthOptions.serve(closer, () -> metrics.publisherHealth(stale));
            NodeEventPublisher events =
                    closer.add(new NodeEventPublisher(session.connection(), session.registry(), self));
            closer.add(Scraper.start(targets, metrics, events));
        });
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
