package io.numbat.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.broker.Broker;
import io.numbat.deployer.broker.Load;
import io.numbat.deployer.config.DeployerConfig;
import org.junit.jupiter.api.Test;

class DemoDeployerConfigTest {

    @Test
    void demoFamiliesArePlacedOnTheSimulatedProvider() {
        DeployerConfig config = ClosedLoop.demoDeployerConfig();
        assertThat(config.families()).containsKeys("web", "db");
        var plan = new Broker(config).plan("web", 3, Load.none());
        assertThat(plan.complete()).isTrue();
        assertThat(plan.placements()).singleElement().satisfies(p -> assertThat(p.provider()).isEqualTo("simulated"));
    }
}
