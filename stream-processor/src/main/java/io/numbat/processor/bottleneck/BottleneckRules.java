package io.numbat.processor.bottleneck;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The {@code bottleneck} alarms of one node, from the top process lists of its batches: a mailbox
 * that grows at each of {@code ticks} ticks (and holds at least {@code queueMin} messages); one
 * process type (same registered name or initial call) taking at least {@code reductionsShare} of the
 * node's reductions (and {@code reductionsMinPerSecond}) for {@code ticks} ticks; one process holding at least {@code memoryShare} of the
 * node's process memory (and {@code memoryMinBytes}) for {@code ticks} ticks. Each alarm names its
 * culprit (pid, name, current function, figures), is raised once and cleared once, after
 * {@code ticks} ticks without growth or under its threshold times {@code clearFactor}. O(top N) per
 * batch, and nothing allocated unless an alarm changes.
 */
public final class BottleneckRules {
    private final BottleneckSettings settings;

    public BottleneckRules(BottleneckSettings settings) {
        this.settings = settings;
    }

    public BottleneckSettings settings() {
        return settings;
    }

    /**
     * Applies one batch: {@code reductions} is the node's reductions counter in this batch and
     * {@code processMemory} its process memory (NaN when the batch lacks them). Adds alarm changes to
     * {@code out}; returns the signal for the family when one is due, else null.
     */
    public BottleneckSignal onBatch(
            NodeBottlenecks s, MetricBatch b, double reductions, double processMemory, List<Alarm> out) {
        long t = b.getTimestamp().toEpochMilli();
        boolean changed = mailbox(s, b, t, out);
        changed |= reductions(s, b, reductions, t, out);
        changed |= memory(s, b, processMemory, t, out);
        if (!changed
                && s.signalledMillis != 0
                && t - s.signalledMillis < settings.familyEvery().toMillis()) {
            return null;
        }
        s.signalledMillis = t;
        String[] culprits = new String[Measure.ALL.length];
        double[] figures = new double[Measure.ALL.length];
        for (Measure m : Measure.ALL) {
            NodeBottlenecks.Watch w = s.watch(m);
            culprits[m.ordinal()] = w.raised ? w.process : "";
            figures[m.ordinal()] = w.raised ? w.figure : 0;
        }
        return new BottleneckSignal(b.getNode(), b.getFamily(), t, culprits, figures);
    }

    private boolean mailbox(NodeBottlenecks s, MetricBatch b, long t, List<Alarm> out) {
        NodeBottlenecks.Watch w = s.watch(Measure.MAILBOX);
        List<ProcessQueue> queues = b.getQueues();
        ProcessQueue longest = null;
        ProcessQueue watched = null;
        for (int i = 0; i < queues.size(); i++) {
            ProcessQueue q = queues.get(i);
            if (longest == null || q.getLength() > longest.getLength()) {
                longest = q;
            }
            if (!w.pid.isEmpty() && w.pid.equals(q.getPid())) {
                watched = q;
            }
        }
        long length = watched == null ? 0 : watched.getLength();
        long grew = length - w.last;
        if (!w.raised) {
            if (watched != null && grew > 0) {
                w.streak++;
                w.last = length;
            } else if (longest != null) {
                w.streak = 0;
                w.process = longest.getProcess();
                w.pid = longest.getPid();
                w.last = longest.getLength();
                return false;
            } else {
                w.reset();
                return false;
            }
            if (w.streak >= settings.ticks() && length >= settings.queueMin()) {
                w.figure = length;
                raise(
                        out,
                        b,
                        Measure.MAILBOX,
                        w,
                        watched,
                        length,
                        String.format(
                                Locale.ROOT,
                                "the mailbox of %s grew at each of the last %d ticks, to %,d messages (+%,d in the last)",
                                who(watched),
                                w.streak,
                                length,
                                grew));
                return true;
            }
            return false;
        }
        w.streak = grew > 0 ? 0 : w.streak + 1;
        w.last = length;
        if (w.streak >= settings.ticks()) {
            clear(
                    out,
                    b,
                    Measure.MAILBOX,
                    w,
                    length,
                    String.format(
                            Locale.ROOT,
                            "cleared: the mailbox of %s (%s) stopped growing (%,d messages)",
                            w.process,
                            w.pid,
                            length));
            return true;
        }
        return false;
    }

    private boolean reductions(NodeBottlenecks s, MetricBatch b, double counter, long t, List<Alarm> out) {
        double previous = s.previousReductions;
        long previousMillis = s.previousMillis;
        s.previousReductions = counter;
        s.previousMillis = t;
        long window = b.getTopWindowMillis();
        double delta = counter - previous;
        if (!(delta > 0) || t <= previousMillis || window <= 0) {
            return false; // no counter, a first batch, a reset or no top lists: no evidence either way
        }
        double nodeRate = delta / (t - previousMillis);
        NodeBottlenecks.Watch w = s.watch(Measure.REDUCTIONS);
        List<ProcessQueue> top = b.getTopReductions();
        if (!w.raised) {
            // the process type with the most reductions among the top list
            int best = -1;
            long bestSum = 0;
            for (int i = 0; i < top.size(); i++) {
                String name = top.get(i).getProcess();
                if (seenBefore(top, i, name)) {
                    continue;
                }
                long sum = sumOf(top, i, name);
                if (sum > bestSum) {
                    bestSum = sum;
                    best = i;
                }
            }
            double share = best < 0 ? 0 : Math.min(1, bestSum / (double) window / nodeRate);
            if (share < settings.reductionsShare() || bestSum * 1000.0 / window < settings.reductionsMinPerSecond()) {
                w.reset();
                return false;
            }
            String name = top.get(best).getProcess();
            w.streak = name.equals(w.process) ? w.streak + 1 : 1;
            w.process = name;
            if (w.streak < settings.ticks()) {
                return false;
            }
            ProcessQueue busiest = top.get(best); // the list is sorted, most first: the first of its type
            int count = countOf(top, best, name);
            w.pid = busiest.getPid();
            w.figure = share;
            String cause = count == 1
                    ? String.format(
                            Locale.ROOT,
                            "%s used %.0f %% of the node's reductions for %d ticks (%,d in the last %.1f s)",
                            who(busiest),
                            100 * share,
                            w.streak,
                            busiest.getReductions(),
                            window / 1000.0)
                    : String.format(
                            Locale.ROOT,
                            "%d processes of %s used %.0f %% of the node's reductions for %d ticks; the busiest, %s in %s, %.0f %%",
                            count,
                            name,
                            100 * share,
                            w.streak,
                            busiest.getPid(),
                            busiest.getCurrentFunction(),
                            100 * Math.min(1, busiest.getReductions() / (double) window / nodeRate));
            raise(out, b, Measure.REDUCTIONS, w, busiest, share, cause);
            return true;
        }
        int first = indexOf(top, w.process);
        double share = first < 0 ? 0 : Math.min(1, sumOf(top, first, w.process) / (double) window / nodeRate);
        w.streak = share < settings.reductionsShare() * settings.clearFactor() ? w.streak + 1 : 0;
        if (w.streak >= settings.ticks()) {
            clear(
                    out,
                    b,
                    Measure.REDUCTIONS,
                    w,
                    share,
                    String.format(
                            Locale.ROOT, "cleared: %s uses %.0f %% of the node's reductions", w.process, 100 * share));
            return true;
        }
        return false;
    }

    private boolean memory(NodeBottlenecks s, MetricBatch b, double processMemory, long t, List<Alarm> out) {
        if (!(processMemory > 0)) {
            return false;
        }
        NodeBottlenecks.Watch w = s.watch(Measure.MEMORY);
        List<ProcessQueue> top = b.getTopMemory();
        if (!w.raised) {
            ProcessQueue biggest = null;
            for (int i = 0; i < top.size(); i++) {
                if (biggest == null || top.get(i).getMemory() > biggest.getMemory()) {
                    biggest = top.get(i);
                }
            }
            double share = biggest == null ? 0 : Math.min(1, biggest.getMemory() / processMemory);
            if (share < settings.memoryShare() || biggest.getMemory() < settings.memoryMinBytes()) {
                w.reset();
                return false;
            }
            w.streak = biggest.getProcess().equals(w.process) ? w.streak + 1 : 1;
            w.process = biggest.getProcess();
            if (w.streak < settings.ticks()) {
                return false;
            }
            w.pid = biggest.getPid();
            w.figure = share;
            raise(
                    out,
                    b,
                    Measure.MEMORY,
                    w,
                    biggest,
                    share,
                    String.format(
                            Locale.ROOT,
                            "%s holds %.0f %% of the node's process memory (%,.1f MB of %,.1f MB) for %d ticks",
                            who(biggest),
                            100 * share,
                            biggest.getMemory() / 1e6,
                            processMemory / 1e6,
                            w.streak));
            return true;
        }
        long held = 0;
        for (int i = 0; i < top.size(); i++) {
            if (top.get(i).getProcess().equals(w.process)) {
                held = Math.max(held, top.get(i).getMemory());
            }
        }
        double share = Math.min(1, held / processMemory);
        w.streak = share < settings.memoryShare() * settings.clearFactor() ? w.streak + 1 : 0;
        if (w.streak >= settings.ticks()) {
            clear(
                    out,
                    b,
                    Measure.MEMORY,
                    w,
                    share,
                    String.format(
                            Locale.ROOT,
                            "cleared: %s holds %.0f %% of the node's process memory",
                            w.process,
                            100 * share));
            return true;
        }
        return false;
    }

    private static boolean seenBefore(List<ProcessQueue> top, int i, String name) {
        for (int j = 0; j < i; j++) {
            if (top.get(j).getProcess().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(List<ProcessQueue> top, String name) {
        for (int i = 0; i < top.size(); i++) {
            if (top.get(i).getProcess().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static long sumOf(List<ProcessQueue> top, int from, String name) {
        long sum = 0;
        for (int j = from; j < top.size(); j++) {
            if (top.get(j).getProcess().equals(name)) {
                sum += top.get(j).getReductions();
            }
        }
        return sum;
    }

    private static int countOf(List<ProcessQueue> top, int from, String name) {
        int n = 0;
        for (int j = from; j < top.size(); j++) {
            if (top.get(j).getProcess().equals(name)) {
                n++;
            }
        }
        return n;
    }

    /** "name (pid, in current function)". */
    private static String who(ProcessQueue p) {
        return p.getCurrentFunction().isEmpty()
                ? p.getProcess() + " (" + p.getPid() + ")"
                : p.getProcess() + " (" + p.getPid() + ", in " + p.getCurrentFunction() + ")";
    }

    private void raise(
            List<Alarm> out,
            MetricBatch b,
            Measure m,
            NodeBottlenecks.Watch w,
            ProcessQueue culprit,
            double value,
            String cause) {
        w.raised = true;
        w.streak = 0;
        out.add(alarm(
                b,
                m,
                Severity.MAJOR,
                AlarmState.RAISED,
                ProcessQueue.newBuilder(culprit).build(),
                value,
                cause));
    }

    private void clear(List<Alarm> out, MetricBatch b, Measure m, NodeBottlenecks.Watch w, double value, String cause) {
        ProcessQueue culprit = new ProcessQueue(w.process, w.pid, 0L, "", 0L, 0L);
        w.raised = false;
        w.figure = 0;
        w.reset();
        out.add(alarm(b, m, Severity.MAJOR, AlarmState.CLEARED, culprit, value, cause));
    }

    private static Alarm alarm(
            MetricBatch b,
            Measure m,
            Severity severity,
            AlarmState state,
            ProcessQueue culprit,
            double value,
            String cause) {
        return Alarm.newBuilder()
                .setId(AlarmTypes.id(
                        b.getNode(), AlarmTypes.BOTTLENECK, m.metric().id()))
                .setNode(b.getNode())
                .setFamily(b.getFamily())
                .setType(AlarmTypes.BOTTLENECK)
                .setState(state)
                .setSeverity(severity)
                .setTimestamp(Instant.ofEpochMilli(b.getTimestamp().toEpochMilli()))
                .setCause(cause)
                .setMetric(m.metric().id())
                .setValue(value)
                .setCulprit(culprit)
                .build();
    }
}
