package io.numbat.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.broker.Broker;
import io.numbat.deployer.broker.Load;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.Run;
import io.numbat.platform.ErlangParentWatch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDeployerConfigTest {

    @Test
    void demoFamiliesArePlacedOnTheSimulatedProvider() {
        DeployerConfig config = ClosedLoop.demoDeployerConfig();
        assertThat(config.families()).containsKeys("web", "db");
        var plan = new Broker(config).plan("web", 3, Load.none());
        assertThat(plan.complete()).isTrue();
        assertThat(plan.placements())
                .singleElement()
                .satisfies(p -> assertThat(p.provider()).isEqualTo("simulated"));
    }

    @Test
    void localBeamNodesHaltWhenTheDemoJvmIsGone(@TempDir Path dataDir) {
        DeployerConfig config = ClosedLoop.localDeployerConfig(dataDir);

        Run run = config.families().get("beam").run();
        assertThat(run).isInstanceOf(Run.Erl.class);
        assertThat(((Run.Erl) run).args())
                .isEqualTo(ErlangParentWatch.erlArgs())
                .anySatisfy(a -> assertThat(a)
                        .contains("/proc/" + ProcessHandle.current().pid()));
    }
}
