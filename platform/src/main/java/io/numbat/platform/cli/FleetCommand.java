package io.numbat.platform.cli;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.FleetControlServer;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.metrics.ComponentMetrics;
import io.numbat.platform.metrics.PublisherMeters;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code numbat fleet}: a simulated fleet publishing to Kafka, with its fault-injection endpoint. */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        description = "Run N simulated BEAM nodes in F families, publishing one MetricBatch per node per tick; "
                + "print fleet=URL (the fault-injection endpoint), then 'numbat ready'; run until Ctrl-C.")
final class FleetCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    EmbeddedOptions embedded;

    @Option(names = "--nodes", paramLabel = "N", required = true, description = "Simulated nodes.")
    int nodes;

    @Option(
            names = "--families",
            paramLabel = "F",
            defaultValue = "1",
            description = "Families family-1 .. family-F sharing the nodes (default ${DEFAULT-VALUE}).")
    int families;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Collection interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--metrics",
            paramLabel = "M",
            defaultValue = "23",
            description =
                    "Samples per batch: the 23 BEAM metrics first, then application metrics (default ${DEFAULT-VALUE}).")
    int metrics;

    @Option(
            names = "--top-processes",
            paramLabel = "N",
            defaultValue = "10",
            description =
                    "Processes each batch lists by reductions, memory and message queue (default ${DEFAULT-VALUE}; 0: none).")
    int topProcesses;

    @Mixin
    SpoolOptions spool;

    @Option(
            names = {"--control-port", "--http-port"},
            paramLabel = "PORT",
            defaultValue = "0",
            converter = PortConverter.class,
            description = "Port of the fault-injection endpoint on 127.0.0.1 (0 picks a free one), which also serves "
                    + "GET /health and GET /metrics (Prometheus).")
    int controlPort;

    @Option(
            names = {"--control-host", "--http-host"},
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description =
                    "Address of the control endpoint (default ${DEFAULT-VALUE}). It has no authentication: bind it "
                            + "elsewhere only on a private network (compose), for a deployer's simulated provider.")
    String controlHost;

    @Option(
            names = "--deploy-family",
            paramLabel = "NAME",
            description =
                    "A family that starts with no nodes, for a deployer's simulated provider (fleetUrl) to start nodes "
                            + "in; repeatable. Its total demand is 1 node-equivalent.")
    List<String> deployFamilies = List.of();

    @Mixin
    OperatorCommands.Options operator;

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public Integer call() throws Exception {
        spool.check();
        List<FamilySpec> specs = new ArrayList<>(FleetFamilies.of(nodes, families));
        deployFamilies.forEach(name -> specs.add(new FamilySpec(name, 0, 1.0)));
        return Running.serve(closer -> {
            ClusterSession session = ClusterSession.open(cluster, embedded, closer, System.out, "agent");
            SpoolSettings spoolSettings =
                    spool.settings(session.dataDir().path().resolve("spool"));
            MetricPublisher publisher = closer.add(new MetricPublisher(
                    session.connection(),
                    session.registry(),
                    "fleet-agent@sim",
                    spoolSettings,
                    Duration.ofSeconds(10),
                    Clock.systemUTC()));
            SimulatedFleet fleet =
                    closer.add(new SimulatedFleet(specs, publisher, interval, seed, Clock.systemUTC(), metrics)
                            .topProcesses(topProcesses));
            Duration stale = Duration.ofSeconds(Math.max(60, 3 * interval.toSeconds()));
            ComponentMetrics fleetMetrics = closer.add(new ComponentMetrics());
            PublisherMeters.bind(fleetMetrics, publisher);
            FleetControlServer control = closer.add(new FleetControlServer(fleet, controlHost, controlPort)
                    .withHealth(() -> publisher.publisherHealth(stale))
                    .withMetrics(fleetMetrics::scrape));
            OperatorCommands.start(
                    closer, session, "fleet@" + hostName(), fleet.nodeNames(), fleet.managedNodes(), operator);
            fleet.start();
            System.out.println("fleet=" + control.url());
        });
    }
}
