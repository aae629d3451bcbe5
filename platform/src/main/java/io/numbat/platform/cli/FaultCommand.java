package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code numbat fault} and {@code numbat recover}: talk to a simulated fleet's control endpoint. */
final class FaultCommand {
    private FaultCommand() {}

    /** Exactly one of a node or a family. */
    static final class TargetOptions {
        @Option(names = "--node", paramLabel = "NODE", description = "One node, e.g. web-1@sim.")
        String node;

        @Option(names = "--family", paramLabel = "FAMILY", description = "Every node of a family.")
        String family;

        String query() {
            return node != null ? "node=" + encode(node) : "family=" + encode(family);
        }
    }

    @Command(
            name = "fault",
            mixinStandardHelpOptions = true,
            description =
                    "Inject a fault into a running simulated fleet: memory_leak, process_leak, atom_leak, ets_leak, "
                            + "run_queue_overload, message_queue_buildup, runaway_process, mailbox_flood, memory_hog or crash.")
    static final class Inject implements Callable<Integer> {
        @Option(
                names = "--fleet",
                paramLabel = "URL",
                required = true,
                description = "The fleet's control URL (printed by 'numbat fleet' as fleet=, logged by 'numbat demo').")
        String fleet;

        @Option(names = "--fault", paramLabel = "NAME", required = true, description = "Which fault.")
        String fault;

        @ArgGroup(multiplicity = "1")
        TargetOptions target;

        @Option(
                names = "--time-to-limit",
                paramLabel = "DURATION",
                defaultValue = "8m",
                converter = DurationConverter.class,
                description = "How long a leak takes to reach its limit (default ${DEFAULT-VALUE}).")
        Duration timeToLimit;

        @Override
        public Integer call() {
            System.out.println(post(
                    fleet,
                    "/faults?fault=" + encode(fault) + "&" + target.query() + "&time-to-limit="
                            + timeToLimit.toSeconds() + "s"));
            return 0;
        }
    }

    @Command(
            name = "recover",
            mixinStandardHelpOptions = true,
            description = "End every fault of a node or family of a running simulated fleet; crashed nodes restart.")
    static final class Recover implements Callable<Integer> {
        @Option(names = "--fleet", paramLabel = "URL", required = true, description = "The fleet's control URL.")
        String fleet;

        @ArgGroup(multiplicity = "1")
        TargetOptions target;

        @Override
        public Integer call() {
            System.out.println(post(fleet, "/recover?" + target.query()));
            return 0;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String post(String base, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new PlatformException("fleet at " + base + " refused (" + r.statusCode() + "): " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new PlatformException("fleet at " + base + " is unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted");
        }
    }
}
