package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Turns one tick's {@link Readings} into samples and limits. A value that cannot be read
 * ({@code undefined}, a missing key or item on an older OTP, an unexpected shape) is skipped and
 * listed in {@link Mapped#errors()}: never a zero, never an exception.
 */
final class MetricMapping {
    private static final Map<String, MetricId> MEMORY = Map.of(
            "total",
            MetricId.MEMORY_TOTAL,
            "processes",
            MetricId.MEMORY_PROCESSES,
            "processes_used",
            MetricId.MEMORY_PROCESSES_USED,
            "system",
            MetricId.MEMORY_SYSTEM,
            "atom",
            MetricId.MEMORY_ATOM,
            "atom_used",
            MetricId.MEMORY_ATOM_USED,
            "binary",
            MetricId.MEMORY_BINARY,
            "code",
            MetricId.MEMORY_CODE,
            "ets",
            MetricId.MEMORY_ETS);
    private static final List<String> MEMORY_ORDER =
            List.of("total", "processes", "processes_used", "system", "atom", "atom_used", "binary", "code", "ets");

    /** Samples and limits (limits keyed by the limited metric's id), the unreadable items, the wall time for next tick. */
    record Mapped(List<Sample> samples, List<Sample> limits, List<String> errors, Optional<WallTime> wallTime) {}

    private MetricMapping() {}

    /**
     * @param previous    the previous tick's scheduler wall time (utilisation needs two samples)
     * @param schedulers  the node's normal schedulers (ids 1..schedulers count; dirty ones are left out)
     */
    static Mapped map(Readings r, Optional<WallTime> previous, int schedulers) {
        List<Sample> samples = new ArrayList<>(32);
        List<Sample> limits = new ArrayList<>(4);
        List<String> errors = new ArrayList<>();
        Optional<OtpErlangObject> memory = r.get(Readings.MEMORY);
        for (String type : MEMORY_ORDER) {
            add(
                    samples,
                    errors,
                    MEMORY.get(type),
                    "memory:" + type,
                    memory.flatMap(m -> Terms.value(m, type)).map(Terms::number).orElse(OptionalDouble.empty()));
        }
        count(r, samples, limits, errors, MetricId.PROCESS_COUNT, "process_count", "process_limit");
        count(r, samples, limits, errors, MetricId.PORT_COUNT, "port_count", "port_limit");
        count(r, samples, limits, errors, MetricId.ATOM_COUNT, "atom_count", "atom_limit");
        count(r, samples, limits, errors, MetricId.ETS_COUNT, "ets_count", "ets_limit");
        add(samples, errors, MetricId.RUN_QUEUE, "run_queue", read(r, "run_queue", Terms::number));
        add(samples, errors, MetricId.REDUCTIONS, "reductions", read(r, "reductions", t -> first(t, 0)));
        add(
                samples,
                errors,
                MetricId.CONTEXT_SWITCHES,
                "context_switches",
                read(r, "context_switches", t -> first(t, 0)));
        add(
                samples,
                errors,
                MetricId.GC_COUNT,
                "garbage_collection:count",
                read(r, "garbage_collection", t -> first(t, 0)));
        add(
                samples,
                errors,
                MetricId.GC_WORDS_RECLAIMED,
                "garbage_collection:words_reclaimed",
                read(r, "garbage_collection", t -> first(t, 1)));
        add(
                samples,
                errors,
                MetricId.IO_INPUT_BYTES,
                "io:input",
                read(r, "io", t -> Terms.element(t, 0).map(in -> first(in, 1)).orElse(OptionalDouble.empty())));
        add(
                samples,
                errors,
                MetricId.IO_OUTPUT_BYTES,
                "io:output",
                read(r, "io", t -> Terms.element(t, 1).map(out -> first(out, 1)).orElse(OptionalDouble.empty())));
        OptionalDouble uptimeMs = read(r, "wall_clock", t -> first(t, 0));
        add(
                samples,
                errors,
                MetricId.UPTIME,
                "wall_clock",
                uptimeMs.isPresent() ? OptionalDouble.of(uptimeMs.getAsDouble() / 1000.0) : uptimeMs);
        Optional<WallTime> wall = r.get("scheduler_wall_time").flatMap(t -> wallTime(t, schedulers));
        if (wall.isEmpty()) {
            errors.add("scheduler_wall_time");
        } else if (previous.isPresent()) {
            double u = wall.get().utilisationSince(previous.get());
            if (!Double.isNaN(u)) {
                samples.add(new Sample(MetricId.SCHEDULER_UTILISATION.id(), u));
            }
        }
        return new Mapped(samples, limits, errors, wall);
    }

    private static void count(
            Readings r,
            List<Sample> samples,
            List<Sample> limits,
            List<String> errors,
            MetricId metric,
            String countItem,
            String limitItem) {
        add(samples, errors, metric, countItem, read(r, countItem, Terms::number));
        add(limits, errors, metric, limitItem, read(r, limitItem, Terms::number));
    }

    private static OptionalDouble read(Readings r, String item, Function<OtpErlangObject, OptionalDouble> reader) {
        return r.get(item).map(reader).orElse(OptionalDouble.empty());
    }

    private static OptionalDouble first(OtpErlangObject tuple, int i) {
        return Terms.element(tuple, i).map(Terms::number).orElse(OptionalDouble.empty());
    }

    private static void add(List<Sample> to, List<String> errors, MetricId metric, String item, OptionalDouble value) {
        if (value.isPresent()) {
            to.add(new Sample(metric.id(), value.getAsDouble()));
        } else {
            errors.add(item);
        }
    }

    /** Sums {@code [{Id, Active, Total}]} over ids 1..schedulers; empty for {@code undefined} (not enabled) or a bad shape. */
    static Optional<WallTime> wallTime(OtpErlangObject term, int schedulers) {
        if (!(term instanceof OtpErlangList list) || list.arity() == 0) {
            return Optional.empty();
        }
        double active = 0;
        double total = 0;
        for (OtpErlangObject e : list) {
            OptionalDouble id = first(e, 0);
            OptionalDouble a = first(e, 1);
            OptionalDouble t = first(e, 2);
            if (id.isEmpty() || a.isEmpty() || t.isEmpty()) {
                return Optional.empty();
            }
            if (id.getAsDouble() <= schedulers) {
                active += a.getAsDouble();
                total += t.getAsDouble();
            }
        }
        return Optional.of(new WallTime(active, total));
    }
}
