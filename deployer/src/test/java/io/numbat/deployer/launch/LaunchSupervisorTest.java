package io.numbat.deployer.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.config.LaunchSettings;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LaunchSupervisorTest {
    private static final LaunchSettings SETTINGS = new LaunchSettings(Duration.ofSeconds(60), 2, Duration.ofSeconds(2));

    private final ManualScheduler clock = new ManualScheduler();
    /** Every move, as "node STATE provider: reason", with the manual clock's time. */
    private final List<String> moves = new ArrayList<>();

    private final List<Long> retryTimes = new ArrayList<>();
    private final LaunchListener listener = new LaunchListener() {
        @Override
        public void starting(NodeSpec spec, String provider, String reason) {
            moves.add(spec.node() + " STARTING " + provider + ": " + reason);
        }

        @Override
        public void retrying(NodeSpec spec, String provider, String reason) {
            retryTimes.add(clock.nowMillis());
            moves.add(spec.node() + " REQUESTED " + provider + ": " + reason);
        }

        @Override
        public void failed(NodeSpec spec, String provider, String reason) {
            moves.add(spec.node() + " FAILED " + provider + ": " + reason);
        }
    };

    /** The broker's order: the first provider of {@code order} not tried, else the first. */
    private static RetryPlacer inOrder(List<String> order) {
        return (spec, tried) -> order.stream()
                .filter(p -> !tried.contains(p))
                .findFirst()
                .map(p -> new RetryPlacer.Pick(p, "next fit"))
                .orElse(new RetryPlacer.Pick(order.get(0), "no untried provider fits"));
    }

    private LaunchSupervisor supervisor(LaunchSettings settings, int limit, FakeProvider... providers) {
        Map<String, NodeProvider> byName = new LinkedHashMap<>();
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (FakeProvider p : providers) {
            byName.put(p.name(), p);
            limits.put(p.name(), limit);
        }
        return new LaunchSupervisor(settings, byName, limits, inOrder(List.copyOf(byName.keySet())), clock, listener);
    }

    private static NodeSpec node(String name) {
        return new NodeSpec(name, "web", "d1", null);
    }

    @Test
    void aFailedStartIsRetriedOnAnotherProviderAndFreesItsSlot() {
        FakeProvider broken = new FakeProvider("broken", FakeProvider.Behaviour.FAIL);
        FakeProvider good = new FakeProvider("good", FakeProvider.Behaviour.SUCCEED);
        LaunchSupervisor s = supervisor(SETTINGS, 5, broken, good);

        s.launch(node("web-1"), "broken");
        clock.settle();

        assertThat(broken.stopped).as("the failed attempt is cleaned up").containsExactly("web-1");
        assertThat(s.inFlight("broken")).isZero();
        assertThat(moves)
                .last()
                .asString()
                .startsWith("web-1 REQUESTED good: attempt 1 on broken: start failed: broken is out of disk; "
                        + "attempt 2 of 3 on good in 2s");
        clock.advance(Duration.ofSeconds(2));
        assertThat(good.started).containsExactly("web-1");
        s.running("web-1");
        assertThat(s.inFlight("good")).isZero();
        assertThat(s.launching("web-1")).isFalse();
        assertThat(moves).noneMatch(m -> m.contains("FAILED"));
    }

    @Test
    void aHangingStartTimesOutAndIsRetriedWithExponentialBackoffThenFailsListingEveryAttempt() {
        FakeProvider hangs = new FakeProvider("hangs", FakeProvider.Behaviour.HANG);
        LaunchSupervisor s = supervisor(SETTINGS, 5, hangs);

        s.launch(node("web-1"), "hangs");
        clock.advance(Duration.ofSeconds(59));
        assertThat(moves).hasSize(1).first().asString().startsWith("web-1 STARTING hangs: attempt 1 of 3");
        clock.advance(Duration.ofSeconds(1)); // t=60: attempt 1 times out, retry in 2 s
        clock.advance(Duration.ofSeconds(2 + 60)); // t=122: attempt 2 times out, retry in 4 s
        clock.advance(Duration.ofSeconds(4 + 60)); // t=186: attempt 3 times out: FAILED

        assertThat(hangs.started).containsExactly("web-1", "web-1", "web-1");
        assertThat(hangs.stopped).hasSize(3);
        assertThat(retryTimes).containsExactly(60_000L, 122_000L);
        assertThat(moves)
                .last()
                .asString()
                .isEqualTo("web-1 FAILED hangs: gave up after 3 attempts: "
                        + "attempt 1 on hangs: not RUNNING within 60s; attempt 2 on hangs: not RUNNING within 60s; "
                        + "attempt 3 on hangs: not RUNNING within 60s");
        assertThat(s.inFlight("hangs")).isZero();
        assertThat(s.launching("web-1")).isFalse();
    }

    @Test
    void aStartThatSucceedsButNeverReportsMetricsTimesOut() {
        FakeProvider silent = new FakeProvider("silent", FakeProvider.Behaviour.SUCCEED);
        LaunchSupervisor s = supervisor(new LaunchSettings(Duration.ofSeconds(10), 0, Duration.ZERO), 5, silent);

        s.launch(node("web-1"), "silent");
        clock.advance(Duration.ofSeconds(10));

        assertThat(moves)
                .last()
                .asString()
                .isEqualTo("web-1 FAILED silent: gave up after 1 attempt: attempt 1 on silent: not RUNNING within 10s");
    }

    @Test
    void aLateAnswerFromATimedOutAttemptChangesNothing() {
        FakeProvider hangs = new FakeProvider("hangs", FakeProvider.Behaviour.HANG);
        FakeProvider good = new FakeProvider("good", FakeProvider.Behaviour.SUCCEED);
        LaunchSupervisor s = supervisor(SETTINGS, 5, hangs, good);

        s.launch(node("web-1"), "hangs");
        clock.advance(Duration.ofSeconds(60 + 2)); // timed out, retried on good
        hangs.hanging.get(0).fail("finally gave up");
        clock.settle();

        assertThat(moves).noneMatch(m -> m.contains("finally gave up"));
        assertThat(good.started).containsExactly("web-1");
    }

    @Test
    void neverStartsMoreThanTheLimitAtOnceAndStartsTheRestInArrivalOrder() {
        FakeProvider sim = new FakeProvider("sim", FakeProvider.Behaviour.SUCCEED);
        LaunchSupervisor s = supervisor(SETTINGS, 50, sim);
        List<String> running = new ArrayList<>();

        for (int i = 1; i <= 10_000; i++) {
            s.launch(node("web-" + i), "sim");
        }
        clock.settle();
        while (running.size() < 10_000) {
            assertThat(s.inFlight("sim")).isLessThanOrEqualTo(50);
            List<String> booting = sim.started.subList(running.size(), sim.started.size());
            assertThat(booting).hasSize(50);
            for (String n : List.copyOf(booting)) {
                running.add(n);
                s.running(n);
            }
            clock.settle();
        }

        assertThat(s.peakInFlight("sim")).isEqualTo(50);
        assertThat(sim.started)
                .hasSize(10_000)
                .doesNotHaveDuplicates()
                .startsWith("web-1", "web-2", "web-3")
                .endsWith("web-10000");
        assertThat(s.queued("sim")).isZero();
    }

    @Test
    void aResumedNodeHoldsASlotWithoutAnnouncingASecondStart() {
        FakeProvider sim = new FakeProvider("sim", FakeProvider.Behaviour.SUCCEED);
        LaunchSupervisor s = supervisor(SETTINGS, 1, sim);

        s.resume(node("web-1"), "sim");
        s.launch(node("web-2"), "sim");
        clock.settle();

        assertThat(sim.started).containsExactly("web-1");
        assertThat(moves).isEmpty();
        s.running("web-1");
        clock.settle();
        assertThat(sim.started).containsExactly("web-1", "web-2");
        assertThat(moves).containsExactly("web-2 STARTING sim: attempt 1 of 3 on sim");
    }

    @Test
    void failsWithThePlacersReasonWhenNoProviderIsLeftForARetry() {
        FakeProvider broken = new FakeProvider("broken", FakeProvider.Behaviour.FAIL);
        LaunchSupervisor s = new LaunchSupervisor(
                SETTINGS,
                Map.of("broken", broken),
                Map.of("broken", 5),
                (spec, tried) -> RetryPlacer.Pick.none("no provider offers otp >= 26"),
                clock,
                listener);

        s.launch(node("web-1"), "broken");
        clock.settle();

        assertThat(moves)
                .last()
                .asString()
                .isEqualTo("web-1 FAILED broken: attempt 1 on broken: start failed: "
                        + "broken is out of disk; no provider for a retry: no provider offers otp >= 26");
        assertThat(Set.copyOf(broken.started)).containsExactly("web-1");
    }

    @Test
    void aForgottenLaunchFreesItsSlotLeavesTheNodeUpAndIgnoresLateAnswers() {
        FakeProvider slow = new FakeProvider("slow", FakeProvider.Behaviour.HANG);
        LaunchSupervisor s = supervisor(SETTINGS, 1, slow);

        s.launch(node("web-1"), "slow");
        s.launch(node("web-2"), "slow");
        s.launch(node("web-3"), "slow");
        clock.settle();
        s.forget("web-2"); // queued: handed over to another deployer
        s.forget("web-1"); // starting
        clock.settle();

        assertThat(slow.started).containsExactly("web-1", "web-3");
        assertThat(s.launching("web-1")).isFalse();
        assertThat(s.queued("slow")).isZero();
        assertThat(s.inFlight("slow")).isEqualTo(1);
        slow.hanging.get(0).fail("too late");
        clock.advance(Duration.ofMinutes(5));
        assertThat(slow.stopped).as("a forgotten node is not stopped").doesNotContain("web-1");
        assertThat(moves)
                .filteredOn(m -> m.startsWith("web-1 ") || m.startsWith("web-2 "))
                .as("nothing about a forgotten node after it was forgotten")
                .containsExactly("web-1 STARTING slow: attempt 1 of 3 on slow");
    }
}
