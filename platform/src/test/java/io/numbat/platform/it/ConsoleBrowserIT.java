package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.agent.manage.CommandService;
import io.numbat.console.Console;
import io.numbat.console.ConsoleConfig;
import io.numbat.platform.demo.ClosedLoop;
import io.numbat.platform.demo.DemoSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's pages in headless Chromium against the demo's loop (real broker, registry, stream
 * processor, deployer and simulated fleet): {@code console.spec.mjs} checks that the fleet page shows
 * the nodes, that an injected fault raises an alarm on the open page without a reload, and that
 * acknowledging it with a comment works, and that the scale form reaches the deployer; and Manage: a node's Top
 * table fills from its ticks, an injected runaway process comes first, the bottleneck view names it, its process page
 * shows the fleet's process_info answer, and killing it from the page (confirmed, with a reason) is carried out by the
 * fleet's command service and lands in the node's audit trail. Skipped, with the reason, without Chromium or Node.
 */
class ConsoleBrowserIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static ClosedLoop loop;
    private static Console console;
    private static CommandService commands;
    private static final String OPERATOR_TOKEN = "browser-it-operator-token";

    @BeforeAll
    static void startDemo() throws Exception {
        if (BrowserScripts.missing().isPresent()) {
            return; // the test skips itself with the reason; no need for the loop
        }
        DemoSettings settings =
                new DemoSettings(6, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 11, 0);
        loop = ClosedLoop.start(PLATFORM.platform().connection(), PLATFORM.registry(), settings, PLATFORM.dataDir());
        // the fleet answers node queries and actions, as numbat demo's does
        commands = new CommandService(
                        PLATFORM.platform().connection(),
                        PLATFORM.registry(),
                        "fleet@browser-it",
                        "numbat-agent-commands-fleet-browser-it",
                        loop.fleet().managedNodes(),
                        Optional.of(OPERATOR_TOKEN.getBytes(StandardCharsets.UTF_8)))
                .start();
        console = Console.start(ConsoleConfig.of(PLATFORM.platform().connection(), PLATFORM.registry())
                .withDeployerUrl(loop.deployerUrl())
                .withOperatorToken(OPERATOR_TOKEN));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!commands.ready() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopDemo() {
        if (console != null) {
            console.close();
        }
        if (commands != null) {
            commands.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void injectedFaultRaisesAnAlarmOnTheOpenPageThatCanBeAcknowledged() throws Exception {
        BrowserScripts.Run run = BrowserScripts.ready()
                .node("console.spec.mjs", List.of(console.url().toString(), loop.fleetControlUrl()), 600);
        System.out.println(run.output());
        assertThat(run.exitCode())
                .as("console.spec.mjs exit code; its output:%n%s", run.output())
                .isZero();
        assertThat(run.output())
                .contains("ok - the alarm appeared on the open page")
                .contains("ok - acknowledging it with a comment shows it as acknowledged")
                .contains("ok - the scale form went through the console to the deployer")
                .contains("ok - the injected runaway process is first in the Top table")
                .contains("ok - the bottleneck view names it")
                .contains("ok - killing it from the page was carried out")
                .doesNotContain("not ok");
    }
}
