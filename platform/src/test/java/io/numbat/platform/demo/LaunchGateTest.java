package io.numbat.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LaunchGateTest {
    /** A provider whose starts complete when the test says so. */
    private static final class HeldStarts implements NodeProvider {
        final List<String> started = new ArrayList<>();
        final List<Promise<Void>> pending = new ArrayList<>();

        @Override
        public String name() {
            return "this-host";
        }

        @Override
        public synchronized Future<Void> start(NodeSpec spec) {
            started.add(spec.node());
            Promise<Void> p = Promise.promise();
            pending.add(p);
            return p.future();
        }

        @Override
        public Future<Void> stop(String node) {
            return Future.succeededFuture();
        }
    }

    private static NodeSpec spec(String node) {
        return new NodeSpec(node, "beam", "decision-1", null);
    }

    @Test
    void launchesNothingOnceShut() throws Exception {
        HeldStarts provider = new HeldStarts();
        LaunchGate gate = new LaunchGate(provider);
        gate.shut();

        Future<Void> late = gate.start(spec("beam-9"));

        assertThat(late.failed()).isTrue();
        assertThat(late.cause()).hasMessageContaining("stopping").hasMessageContaining("beam-9");
        assertThat(provider.started).isEmpty();
    }

    @Test
    void shutWaitsForTheLaunchesUnderWay() throws Exception {
        HeldStarts provider = new HeldStarts();
        LaunchGate gate = new LaunchGate(provider);
        gate.start(spec("beam-1"));
        gate.start(spec("beam-2"));

        CompletableFuture<Boolean> shut = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.awaitStarts(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(shut).as("still waiting for two launches").isNotDone();
        provider.pending.get(0).complete();
        provider.pending.get(1).fail("did not register with epmd");

        assertThat(shut.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.start(spec("beam-3")).failed()).isTrue();
        assertThat(provider.started).containsExactly("beam-1", "beam-2");
    }

    @Test
    void shutGivesUpAfterItsTimeOut() throws Exception {
        HeldStarts provider = new HeldStarts();
        LaunchGate gate = new LaunchGate(provider);
        gate.start(spec("beam-1"));

        assertThat(gate.awaitStarts(Duration.ofMillis(100))).isFalse();
    }
}
