package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mapping from hand-built Erlang terms (what an OTP 25 node answers) to samples and limits. */
class MetricMappingTest {
    private static OtpErlangLong n(long v) {
        return new OtpErlangLong(v);
    }

    private static OtpErlangTuple t(OtpErlangObject... e) {
        return new OtpErlangTuple(e);
    }

    private static OtpErlangList l(OtpErlangObject... e) {
        return new OtpErlangList(e);
    }

    private static OtpErlangTuple kv(String k, long v) {
        return t(Terms.atom(k), n(v));
    }

    private static OtpErlangList memory() {
        return l(
                kv("total", 1000),
                kv("processes", 300),
                kv("processes_used", 290),
                kv("system", 700),
                kv("atom", 50),
                kv("atom_used", 40),
                kv("binary", 20),
                kv("code", 400),
                kv("ets", 60));
    }

    private static Readings full() {
        Readings r = new Readings().put("memory", memory());
        long[] info = {120, 262_144, 7, 65_536, 15_000, 1_048_576, 30, 8_192};
        for (int i = 0; i < info.length; i++) {
            r.put(Readings.SYSTEM_INFO.get(i), n(info[i]));
        }
        return r.put("run_queue", n(3))
                .put("reductions", t(n(5_000_000), n(1234)))
                .put("context_switches", t(n(80_000), n(0)))
                .put("garbage_collection", t(n(900), n(2_000_000), n(0)))
                .put("io", t(t(Terms.atom("input"), n(11_000)), t(Terms.atom("output"), n(22_000))))
                .put("wall_clock", t(n(61_500), n(10_000)))
                .put("scheduler_wall_time", l(t(n(1), n(50), n(100)), t(n(2), n(30), n(100)), t(n(3), n(0), n(100))));
    }

    private static Optional<Double> value(List<Sample> samples, MetricId id) {
        return samples.stream()
                .filter(s -> s.getMetric() == id.id())
                .map(Sample::getValue)
                .findFirst();
    }

    @Test
    void mapsEveryReadingToItsMetricAndLimitsToTheLimitedMetric() {
        MetricMapping.Mapped m = MetricMapping.map(full(), Optional.empty(), 2);

        assertThat(m.errors()).isEmpty();
        assertThat(value(m.samples(), MetricId.MEMORY_TOTAL)).contains(1000.0);
        assertThat(value(m.samples(), MetricId.MEMORY_ATOM_USED)).contains(40.0);
        assertThat(value(m.samples(), MetricId.MEMORY_ETS)).contains(60.0);
        assertThat(value(m.samples(), MetricId.PROCESS_COUNT)).contains(120.0);
        assertThat(value(m.samples(), MetricId.ETS_COUNT)).contains(30.0);
        assertThat(value(m.samples(), MetricId.RUN_QUEUE)).contains(3.0);
        assertThat(value(m.samples(), MetricId.REDUCTIONS)).contains(5_000_000.0);
        assertThat(value(m.samples(), MetricId.CONTEXT_SWITCHES)).contains(80_000.0);
        assertThat(value(m.samples(), MetricId.GC_COUNT)).contains(900.0);
        assertThat(value(m.samples(), MetricId.GC_WORDS_RECLAIMED)).contains(2_000_000.0);
        assertThat(value(m.samples(), MetricId.IO_INPUT_BYTES)).contains(11_000.0);
        assertThat(value(m.samples(), MetricId.IO_OUTPUT_BYTES)).contains(22_000.0);
        assertThat(value(m.samples(), MetricId.UPTIME)).contains(61.5);
        assertThat(m.limits())
                .containsExactly(
                        new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0),
                        new Sample(MetricId.PORT_COUNT.id(), 65_536.0),
                        new Sample(MetricId.ATOM_COUNT.id(), 1_048_576.0),
                        new Sample(MetricId.ETS_COUNT.id(), 8_192.0));
        // utilisation needs two wall-time samples: none yet, and that is not an error
        assertThat(value(m.samples(), MetricId.SCHEDULER_UTILISATION)).isEmpty();
        assertThat(m.wallTime()).contains(new WallTime(80, 200)); // scheduler 3 (dirty) left out
    }

    @Test
    void schedulerUtilisationComesFromTheWallTimeDifferenceOverNormalSchedulers() {
        MetricMapping.Mapped m = MetricMapping.map(full(), Optional.of(new WallTime(40, 100)), 2);
        assertThat(value(m.samples(), MetricId.SCHEDULER_UTILISATION)).contains(0.4); // (80-40)/(200-100)
    }

    @Test
    void unreadableValuesAreSkippedAndCountedNeverZero() {
        Readings r = full().put(
                        "memory", l(kv("total", 1000), kv("processes", 300))) // an older OTP without the other keys
                .put("ets_count", Terms.atom("undefined"))
                .put("scheduler_wall_time", Terms.atom("undefined")) // not enabled
                .put("io", t(Terms.atom("weird")));
        Readings missing = new Readings(); // every item absent (badarg or undef on the node)

        MetricMapping.Mapped m = MetricMapping.map(r, Optional.of(new WallTime(1, 2)), 2);

        assertThat(value(m.samples(), MetricId.MEMORY_TOTAL)).contains(1000.0);
        assertThat(value(m.samples(), MetricId.MEMORY_ETS)).isEmpty();
        assertThat(value(m.samples(), MetricId.ETS_COUNT)).isEmpty();
        assertThat(value(m.samples(), MetricId.SCHEDULER_UTILISATION)).isEmpty();
        assertThat(value(m.samples(), MetricId.IO_INPUT_BYTES)).isEmpty();
        assertThat(m.samples()).noneMatch(s -> s.getValue() == 0.0);
        assertThat(m.errors())
                .contains(
                        "memory:processes_used",
                        "memory:ets",
                        "ets_count",
                        "scheduler_wall_time",
                        "io:input",
                        "io:output")
                .hasSize(7 + 1 + 1 + 2);
        assertThat(m.wallTime()).isEmpty();

        MetricMapping.Mapped empty = MetricMapping.map(missing, Optional.empty(), 2);
        assertThat(empty.samples()).isEmpty();
        assertThat(empty.limits()).isEmpty();
        assertThat(empty.errors())
                .hasSize(9 + 8 + 8 + 1); // memory types, system_info items, statistics values, wall time
    }

    @Test
    void bigIntegersAreRead() {
        OtpErlangLong big = new OtpErlangLong(BigInteger.ONE.shiftLeft(70));
        Readings r = full().put("reductions", t(big, n(0)));
        assertThat(value(MetricMapping.map(r, Optional.empty(), 2).samples(), MetricId.REDUCTIONS))
                .contains(Math.pow(2, 70));
    }
}
