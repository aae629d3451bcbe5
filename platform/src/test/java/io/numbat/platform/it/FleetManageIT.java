package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.Fault;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.fleet.Target;
import io.numbat.agent.manage.CommandService;
import io.numbat.platform.cli.Numbat;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.topic.ClusterConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Manage loop without Erlang: the simulated fleet answers numbat inspect and numbat action over Kafka. */
class FleetManageIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNAWAY = "<0.4711.0>";

    @TempDir
    Path dir;

    private static String[] args(String... args) {
        ClusterConnection c = PLATFORM.platform().connection();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", c.bootstrapServers(), "--schema-registry", c.schemaRegistryUrl()));
        return all.toArray(String[]::new);
    }

    private static String run(int expectedCode, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Numbat.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args(args));
        assertThat(code).as("%s%n%s", out, err).isEqualTo(expectedCode);
        return out.toString();
    }

    @Test
    void killingASimulatedRunawayProcessEndsTheFault() throws Exception {
        List<MetricBatch> batches = new ArrayList<>();
        Path token = dir.resolve("operator.token");
        Files.writeString(token, "fleet-it-token\n");
        try (SimulatedFleet fleet = new SimulatedFleet(
                                List.of(new FamilySpec("web", 2, 1.0)),
                                b -> {
                                    synchronized (batches) {
                                        batches.add(b);
                                    }
                                },
                                Duration.ofSeconds(1),
                                7,
                                Clock.systemUTC())
                        .start();
                CommandService commands = new CommandService(
                                PLATFORM.platform().connection(),
                                PLATFORM.registry(),
                                "fleet@it",
                                "numbat-agent-commands-fleet-it",
                                fleet.managedNodes(),
                                Optional.of("fleet-it-token".getBytes(StandardCharsets.UTF_8)))
                        .start()) {
            fleet.inject(Fault.RUNAWAY_PROCESS, Target.node("web-1@sim"), Duration.ofMinutes(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!commands.ready() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(3_000); // the group's first assignment

            String top = run(0, "inspect", "--node", "web-1@sim", "--top", "3", "--by", "reductions", "--json");
            JsonNode first = JSON.readTree(top).get("top").get(0);
            assertThat(first.get("pid").asText()).isEqualTo(RUNAWAY);
            assertThat(JSON.readTree(top).get("agent").asText()).isEqualTo("fleet@it");

            String killed = run(
                    0,
                    "action",
                    "kill",
                    "--node",
                    "web-1@sim",
                    "--pid",
                    RUNAWAY,
                    "--reason",
                    "runaway",
                    "--token-file",
                    token.toString());
            assertThat(killed).contains("EXECUTING", "DONE", "runaway_process fault has ended", "fleet@it");

            int seen;
            synchronized (batches) {
                seen = batches.size();
            }
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<ProcessQueue> lastTop = List.of();
            while (System.nanoTime() < deadline) {
                synchronized (batches) {
                    Optional<MetricBatch> after = batches.subList(seen, batches.size()).stream()
                            .filter(b -> b.getNode().equals("web-1@sim"))
                            .reduce((a, b) -> b);
                    if (after.isPresent()) {
                        lastTop = after.get().getTopReductions();
                        break;
                    }
                }
                Thread.sleep(200);
            }
            assertThat(lastTop).isNotEmpty().extracting(ProcessQueue::getPid).doesNotContain(RUNAWAY);
            run(1, "inspect", "--node", "web-1@sim", "--pid", RUNAWAY);
        }
    }
}
