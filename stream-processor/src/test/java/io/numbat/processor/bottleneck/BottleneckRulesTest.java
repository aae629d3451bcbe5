package io.numbat.processor.bottleneck;

import static io.numbat.processor.bottleneck.Batches.NODE_REDUCTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BottleneckRulesTest {
    private final BottleneckRules rules = new BottleneckRules(BottleneckSettings.defaults());
    private final NodeBottlenecks state = new NodeBottlenecks();
    private final Batches batches = new Batches("web-1@host", "web", 7);
    private final List<Alarm> alarms = new ArrayList<>();

    private void apply(MetricBatch b) {
        double reductions = Double.NaN;
        double memory = Double.NaN;
        for (Sample s : b.getSamples()) {
            if (s.getMetric() == MetricId.REDUCTIONS.id()) {
                reductions = s.getValue();
            } else if (s.getMetric() == MetricId.MEMORY_PROCESSES.id()) {
                memory = s.getValue();
            }
        }
        rules.onBatch(state, b, reductions, memory, alarms);
    }

    private static ProcessQueue flooded(long length) {
        return new ProcessQueue(
                "event_relay", "<0.4712.0>", length, "event_relay:relay/2", 1_000_000L, 2_688 + length * 200);
    }

    @Test
    void aGrowingMailboxRaisesOnceNamingItsProcessAndClearsOnceWhenItStopsGrowing() {
        int i = 0;
        for (; i < 5; i++) {
            apply(batches.tick(i));
        }
        for (int k = 1; k <= 10; k++, i++) {
            apply(batches.tick(i, flooded(k * 2_000L)));
        }
        for (int k = 0; k < 6; k++, i++) {
            apply(batches.tick(i)); // recovered: the process is gone
        }
        assertThat(alarms).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
        Alarm raised = alarms.get(0);
        assertThat(raised.getId()).isEqualTo("web-1@host/bottleneck/max_message_queue");
        assertThat(raised.getType()).isEqualTo("bottleneck");
        assertThat(raised.getCause())
                .contains("event_relay (<0.4712.0>, in event_relay:relay/2)")
                .contains("grew at each of the last 3 ticks, to 8,000 messages (+2,000 in the last)");
        assertThat(raised.getCulprit().getPid()).isEqualTo("<0.4712.0>");
        assertThat(raised.getCulprit().getLength()).isEqualTo(8_000L);
        assertThat(raised.getValue()).isEqualTo(8_000.0);
        assertThat(alarms.get(1).getId()).isEqualTo(raised.getId());
        assertThat(alarms.get(1).getCause()).startsWith("cleared: the mailbox of event_relay (<0.4712.0>)");
    }

    @Test
    void aMailboxThatGoesUpAndDownOrStaysShortRaisesNothing() {
        long[] sawTooth = {500, 900, 600, 1_200, 800, 1_500, 1_000, 2_000, 1_100};
        for (int i = 0; i < sawTooth.length; i++) {
            apply(batches.tick(i, flooded(sawTooth[i])));
        }
        for (int i = 0; i < 10; i++) {
            apply(batches.tick(100 + i, flooded(10 + i))); // grows at every tick, but stays under 100 messages
        }
        assertThat(alarms).isEmpty();
    }

    @Test
    void aRunawayProcessRaisesAfterThreeTicksNamingItAndClearsAfterThreeQuietOnes() {
        ProcessQueue runaway = new ProcessQueue(
                "report_builder:run/1", "<0.4711.0>", 0L, "report_builder:render/2", 3 * NODE_REDUCTIONS, 41_200L);
        int i = 0;
        apply(batches.tick(i++));
        for (int k = 0; k < 2; k++) {
            apply(batches.tick(i++, runaway));
        }
        assertThat(alarms).as("two ticks are not enough").isEmpty();
        for (int k = 0; k < 5; k++) {
            apply(batches.tick(i++, runaway));
        }
        assertThat(alarms).hasSize(1);
        for (int k = 0; k < 2; k++) {
            apply(batches.tick(i++));
        }
        assertThat(alarms).as("two quiet ticks are not enough").hasSize(1);
        apply(batches.tick(i++));
        assertThat(alarms).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
        Alarm raised = alarms.get(0);
        assertThat(raised.getId()).isEqualTo("web-1@host/bottleneck/reductions");
        assertThat(raised.getCause())
                .startsWith(
                        "report_builder:run/1 (<0.4711.0>, in report_builder:render/2) used 75 % of the node's reductions for 3 ticks");
        assertThat(raised.getValue()).isEqualTo(0.75, org.assertj.core.data.Offset.offset(0.001));
        assertThat(raised.getCulprit().getCurrentFunction()).isEqualTo("report_builder:render/2");
    }

    @Test
    void manyProcessesOfOneTypeTogetherAreOneCulprit() {
        List<ProcessQueue> pool = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            pool.add(new ProcessQueue(
                    "db_pool_worker:init/1",
                    "<0." + (200 + k) + ".0>",
                    0L,
                    "db:query/2",
                    NODE_REDUCTIONS / 2 - k,
                    50_000L));
        }
        for (int i = 0; i < 4; i++) {
            apply(batches.tick(i, pool.toArray(ProcessQueue[]::new)));
        }
        assertThat(alarms).hasSize(1);
        assertThat(alarms.get(0).getCause())
                .startsWith("5 processes of db_pool_worker:init/1 used")
                .contains("the busiest, <0.200.0> in db:query/2");
    }

    @Test
    void aMemoryHogRaisesNamingItButASmallNodesBigProcessDoesNot() {
        ProcessQueue hog =
                new ProcessQueue("my_cache:init/1", "<0.4713.0>", 0L, "gen_server:loop/7", 10_000L, 1_200_000_000L);
        for (int i = 0; i < 4; i++) {
            apply(batches.tick(i, hog));
        }
        assertThat(alarms).hasSize(1);
        assertThat(alarms.get(0).getId()).isEqualTo("web-1@host/bottleneck/memory_processes");
        assertThat(alarms.get(0).getCause())
                .isEqualTo("my_cache:init/1 (<0.4713.0>, in gen_server:loop/7) holds 75 % of the node's process memory "
                        + "(1,200.0 MB of 1,600.0 MB) for 3 ticks");

        NodeBottlenecks small = new NodeBottlenecks();
        List<Alarm> out = new ArrayList<>();
        ProcessQueue registry =
                new ProcessQueue("session_registry", "<0.131.0>", 0L, "gen_server:loop/7", 10L, 2_000_000L);
        for (int i = 0; i < 5; i++) {
            MetricBatch b = batches.tick(10 + i, registry);
            rules.onBatch(small, b, Double.NaN, 3e6, out);
        }
        assertThat(out).as("2 MB of 3 MB: a big share, but under 16 MiB").isEmpty();
    }

    @Test
    void onAnIdleNodeTheBusiestProcessIsNoBottleneck() {
        double counter = 1e6;
        for (int i = 0; i < 10; i++) {
            counter += 50_000;
            MetricBatch b = MetricBatch.newBuilder()
                    .setNode("idle@host")
                    .setFamily("web")
                    .setTimestamp(java.time.Instant.ofEpochMilli(Batches.T0 + i * Batches.TICK))
                    .setSequence(i)
                    .setSamples(List.of())
                    .setTopReductions(List.of(new ProcessQueue(
                            "numbat_top:scan/0", "<0.80.0>", 0L, "numbat_top:scan/0", 45_000L, 30_000L)))
                    .setTopWindowMillis(Batches.TICK)
                    .build();
            rules.onBatch(state, b, counter, Double.NaN, alarms);
        }
        assertThat(alarms).as("90 % of 5,000 reductions a second").isEmpty();
    }

    @Test
    void aSteadyNodeRaisesNothingInADay() {
        for (int i = 0; i < 8_640; i++) {
            apply(batches.tick(i));
        }
        assertThat(alarms).isEmpty();
    }

    @Test
    void withoutTheReductionsCounterOrTopListsThereIsNoEvidence() {
        ProcessQueue runaway = new ProcessQueue("spin", "<0.9.0>", 0L, "spin:loop/0", 3 * NODE_REDUCTIONS, 1L);
        for (int i = 0; i < 6; i++) {
            rules.onBatch(state, batches.tick(i, runaway), Double.NaN, Double.NaN, alarms);
        }
        assertThat(alarms).isEmpty();
        NodeBottlenecks none = new NodeBottlenecks();
        List<Alarm> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            MetricBatch b = MetricBatch.newBuilder(batches.tick(20 + i))
                    .setTopReductions(List.of())
                    .setTopMemory(List.of())
                    .setQueues(List.of())
                    .setTopWindowMillis(0)
                    .build();
            rules.onBatch(none, b, 1e9 + i * 1e6, 1e9, out);
        }
        assertThat(out).isEmpty();
    }

    @Test
    void signalsTheFamilyOnEveryChangeAndOtherwiseOnceAMinute() {
        int signals = 0;
        ProcessQueue hog =
                new ProcessQueue("my_cache:init/1", "<0.4713.0>", 0L, "gen_server:loop/7", 10L, 1_200_000_000L);
        BottleneckSignal raisedSignal = null;
        for (int i = 0; i < 30; i++) {
            MetricBatch b = i >= 12 && i < 16 ? batches.tick(i, hog) : batches.tick(i);
            BottleneckSignal s =
                    rules.onBatch(state, b, Double.NaN, b.getSamples().get(1).getValue(), alarms);
            if (s != null) {
                signals++;
                if (!s.culprits()[Measure.MEMORY.ordinal()].isEmpty()) {
                    raisedSignal = s;
                }
            }
        }
        // the first batch, t=60 s, 120 s, the raise at 140 s, 180 s?, the clear, 240 s...
        assertThat(signals).isBetween(5, 8);
        assertThat(raisedSignal).isNotNull();
        assertThat(raisedSignal.culprits()).containsExactly("", "", "my_cache:init/1");
        assertThat(raisedSignal.figures()[2]).isEqualTo(0.75, org.assertj.core.data.Offset.offset(0.01));
    }
}
