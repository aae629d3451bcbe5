package io.numbat.platform.cli;

import io.numbat.console.Console;
import io.numbat.console.ConsoleConfig;
import io.numbat.platform.PlatformException;
import io.numbat.platform.alerts.AlarmForwarding;
import io.numbat.platform.demo.ClosedLoop;
import io.numbat.platform.demo.DemoSettings;
import io.numbat.platform.demo.LocalBeamNodes;
import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.processor.config.FamilyRules;
import io.numbat.processor.config.HangupReload;
import io.numbat.processor.config.LiveRules;
import io.numbat.schemas.config.ConfigException;
import io.numbat.schemas.topic.Topics;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code numbat demo}: the whole loop on one machine. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Start broker, registry, stream processor, deployer, console and a simulated fleet in one process "
                        + "tree; print kafka=, registry=, console=, fleet= (fault injection), deployer= (REST API), then 'numbat ready'; run until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    EmbeddedOptions embedded;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            defaultValue = "20",
            description = "Simulated nodes at start, split between families web and db (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Collection interval of the simulated nodes (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--trend-window",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Tumbling window of the trends (default ${DEFAULT-VALUE}).")
    Duration trendWindow;

    @Option(
            names = "--cooldown",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Minimum time between two scale-outs of a family (default ${DEFAULT-VALUE}).")
    Duration cooldown;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "42",
            description = "Seed of the simulated fleet (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--fleet-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Port of the fleet's fault-injection endpoint on 127.0.0.1 (0 picks a free one; "
                    + "its URL is logged).")
    int fleetPort;

    @Option(
            names = "--console-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "Port of the console on 127.0.0.1 (0 picks a free one); its URL is printed as console=.")
    int consolePort;

    @Option(
            names = "--provider",
            paramLabel = "simulated|local",
            defaultValue = "simulated",
            description = "simulated: only simulated nodes (default); local: also start --erlang-nodes real erl "
                    + "nodes on this machine (family beam), watched by the Erlang collector (needs erlang-base and "
                    + "erlang-jinterface), and the deployer launches family beam's new nodes as real erl nodes through "
                    + "its local provider (web and db stay simulated).")
    String provider;

    @Option(
            names = "--erlang-nodes",
            paramLabel = "N",
            defaultValue = "3",
            description = "Real erl nodes with --provider local (default ${DEFAULT-VALUE}).")
    int erlangNodes;

    @Option(
            names = "--alertmanager",
            paramLabel = "URL",
            split = ",",
            description = "Also forward the alarms to these Alertmanagers, as numbat alerts does (resent every 60 s "
                    + "while firing; generatorURL at this demo's console).")
    List<String> alertmanagers = new ArrayList<>();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The stream processor's rules per family, as 'numbat processor --config' (YAML or JSON: mode "
                    + "scale|monitor, alarm thresholds, scaling policy), laid over the demo's own policy; checked at "
                    + "start-up, reloaded on SIGHUP (a file that fails its checks is refused and the running rules "
                    + "stay) (docs/processor-config.md).")
    Path config;

    /**
     * The rules of {@code --config} over the demo's scaling policy and the default thresholds, or null without a file;
     * a file that fails its checks stops the demo naming every key, before anything starts.
     */
    LiveRules familyRules(DemoSettings settings) {
        if (config == null) {
            return null;
        }
        ProcessorSettings demo = ClosedLoop.processorSettings(settings, Path.of("streams"));
        try {
            return LiveRules.load(config, FamilyRules.of(demo.scaling(), demo.health()));
        } catch (ConfigException | UncheckedIOException e) {
            throw new PlatformException(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        AlarmForwarding.Settings alerts = alertmanagers.isEmpty()
                ? null
                : AlertsCommand.settings(alertmanagers, List.of(), null, Duration.ofSeconds(60), 10_000);
        DemoSettings settings = new DemoSettings(nodes, interval, trendWindow, cooldown, seed, fleetPort);
        if (!provider.equals("simulated") && !provider.equals("local")) {
            throw new IllegalArgumentException("--provider must be simulated or local, was '" + provider + "'");
        }
        LiveRules families = familyRules(settings);
        return Running.serve((closer, fatal) -> {
            ClusterSession session = ClusterSession.open(cluster, embedded, closer, System.out);
            if (families != null) {
                closer.add(HangupReload.install(families));
            }
            ClosedLoop loop = closer.add(ClosedLoop.start(
                    session.connection(),
                    session.registry(),
                    settings,
                    session.dataDir().path(),
                    provider.equals("local"),
                    families));
            // the demo's stream processor runs in this JVM: if it fails, the demo ends with its error
            loop.processorFailure()
                    .thenAccept(
                            cause -> fatal.accept(new PlatformException(StreamProcessorApp.describe(cause), cause)));
            // numbat inspect and numbat action for the simulated nodes, signed with a token of this demo's own,
            // which the console signs its action buttons with too
            OperatorCommands.Options operator = new OperatorCommands.Options();
            Optional<Path> tokenFile =
                    OperatorCommands.demoToken(session.dataDir().path(), operator);
            ConsoleConfig consoleConfig = ConsoleConfig.of(session.connection(), session.registry())
                    .withPort(consolePort)
                    .withDeployerUrl(loop.deployerUrl());
            Optional<byte[]> operatorToken =
                    OperatorToken.find(operator.tokenFile, "--operator-token-file", System::getenv);
            if (operatorToken.isPresent()) {
                consoleConfig =
                        consoleConfig.withOperatorToken(new String(operatorToken.get(), StandardCharsets.UTF_8));
            }
            Console console = closer.add(Console.start(consoleConfig));
            System.out.println("console=" + console.url());
            if (alerts != null) {
                AlarmForwarding forwarding = closer.add(AlarmForwarding.start(
                        session.connection(),
                        Topics.ALARMS.valueSerde(session.registry()).deserializer(),
                        Topics.SILENCES.valueSerde(session.registry()).deserializer(),
                        new AlarmForwarding.Settings(
                                alerts.alertmanagers(),
                                List.of(),
                                Optional.of(console.url().toString()),
                                alerts.resendEvery(),
                                alerts.outboxCapacity())));
                forwarding.failure().thenAccept(fatal);
            }
            System.out.println("fleet=" + loop.fleetControlUrl());
            System.out.println("deployer=" + loop.deployerUrl());
            tokenFile.ifPresent(file -> System.out.println("operator-token=" + file));
            OperatorCommands.start(
                    closer,
                    session,
                    "fleet@demo",
                    loop.fleet().nodeNames(),
                    loop.fleet().managedNodes(),
                    operator);
            if (provider.equals("local")) {
                closer.add(LocalBeamNodes.start(
                        erlangNodes,
                        session.connection(),
                        session.registry(),
                        session.dataDir().path(),
                        interval));
            }
            closer.add("launching", loop::stopLaunching); // closed first: nothing is launched once stopping has begun
        });
    }
}
