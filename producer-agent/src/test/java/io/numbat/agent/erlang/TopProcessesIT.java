package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Sample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top processes on real {@code erl} nodes: the culprits come first, and {@code numbat_top}'s scan step
 * (deltas, cached memory, top N) on made-up processes.
 */
class TopProcessesIT {
    private static final String COOKIE = "it-top-cookie-5e1d";
    /** Ticks are this far apart (a short interval): a scan never starts sooner after the last than that one took. */
    private static final long TICK_MILLIS = 500;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void erlangInstalled() {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private LocalErlangNode node(String prefix) throws Exception {
        LocalErlangNode n = LocalErlangNode.start(prefix, COOKIE);
        closeables.add(n);
        return n;
    }

    private ErlangCollector connected(LocalErlangNode n) throws Exception {
        ErlangCollector c = new ErlangCollector(
                n.name(), "it", Cookie.fromFile(n.writeCookie(dir)), ErlangSettings.defaults(Duration.ofSeconds(1)));
        closeables.add(c);
        c.connect(); // the first scan: the baseline of the reductions
        return c;
    }

    private static MetricBatch tick(ErlangCollector c) throws InterruptedException {
        Thread.sleep(TICK_MILLIS);
        return c.collect(System.currentTimeMillis()).orElseThrow(() -> new AssertionError(c.lastFailure()));
    }

    private static String text(OtpErlangObject o) {
        return new String(((OtpErlangBinary) o).binaryValue(), StandardCharsets.UTF_8);
    }

    @Test
    void aBusyLoopingProcessIsFirstByReductionsWithinTwoTicks() throws Exception {
        LocalErlangNode n = node("busy");
        n.spawnIdle(5_000);
        String busy = text(n.call("numbat_load", "busy_loop", new OtpErlangAtom("numbat_it_spinner")));
        ErlangCollector c = connected(n);

        List<MetricBatch> ticks = new ArrayList<>();
        for (int i = 0;
                i < 2
                        && (ticks.isEmpty()
                                || !firstIs(ticks.get(ticks.size() - 1).getTopReductions(), busy));
                i++) {
            ticks.add(tick(c));
        }

        MetricBatch last = ticks.get(ticks.size() - 1);
        assertThat(last.getTopReductions())
                .as("top by reductions after %d ticks", ticks.size())
                .isNotEmpty();
        ProcessQueue first = last.getTopReductions().get(0);
        assertThat(first.getPid()).isEqualTo(busy);
        assertThat(first.getProcess()).isEqualTo("numbat_it_spinner");
        assertThat(first.getCurrentFunction()).startsWith("numbat_load:spin/");
        assertThat(first.getMemory()).isPositive();
        assertThat(last.getTopWindowMillis()).isPositive();
        if (last.getTopReductions().size() > 1) {
            assertThat(first.getReductions())
                    .isGreaterThan(last.getTopReductions().get(1).getReductions());
        }
        assertThat(last.getTopMemory()).hasSize(ErlangSettings.DEFAULT_TOP_PROCESSES);
        assertThat(last.getTopMemory())
                .extracting(ProcessQueue::getMemory)
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    private static boolean firstIs(List<ProcessQueue> top, String pid) {
        return !top.isEmpty() && top.get(0).getPid().equals(pid);
    }

    @Test
    void aProcessFloodingItsOwnMailboxIsFirstByQueue() throws Exception {
        LocalErlangNode n = node("flood");
        n.spawnIdle(5_000);
        n.mailbox("numbat_it_small_backlog", 50);
        ErlangCollector c = connected(n);
        String flooder = text(n.call(
                "numbat_load",
                "flood_self",
                new OtpErlangAtom("numbat_it_flooder"),
                new OtpErlangLong(1_000),
                new OtpErlangLong(200_000)));

        MetricBatch b = tick(c);
        if (b.getQueues().isEmpty() || !b.getQueues().get(0).getPid().equals(flooder)) {
            b = tick(c);
        }

        assertThat(b.getQueues()).isNotEmpty();
        ProcessQueue first = b.getQueues().get(0);
        assertThat(first.getPid()).isEqualTo(flooder);
        assertThat(first.getProcess()).isEqualTo("numbat_it_flooder");
        assertThat(first.getLength()).isGreaterThan(50);
        assertThat(b.getQueues()).extracting(ProcessQueue::getProcess).contains("numbat_it_small_backlog");
        assertThat(b.getSamples()).contains(new Sample(MetricId.MAX_MESSAGE_QUEUE.id(), (double) first.getLength()));
    }

    // numbat_top:step/5 through numbat_load:top_step/3: processes are {Id, Reductions, Queue, Memory}

    private static OtpErlangTuple proc(String id, long reductions, long queue, long memory) {
        return new OtpErlangTuple(new OtpErlangObject[] {
            new OtpErlangAtom(id), new OtpErlangLong(reductions), new OtpErlangLong(queue), new OtpErlangLong(memory)
        });
    }

    private static OtpErlangTuple step(LocalErlangNode n, OtpErlangObject prev, int topN, OtpErlangTuple... table)
            throws ErlangRpcException {
        return (OtpErlangTuple)
                n.call("numbat_load", "top_step", new OtpErlangList(table), prev, new OtpErlangLong(topN));
    }

    /** A top list as "id=value" strings, largest first. */
    private static List<String> ranked(OtpErlangTuple result, int list) {
        OtpErlangList top = (OtpErlangList) ((OtpErlangTuple) result.elementAt(1)).elementAt(list);
        List<String> out = new ArrayList<>();
        for (OtpErlangObject e : top) {
            OtpErlangTuple t = (OtpErlangTuple) e;
            out.add(((OtpErlangAtom) t.elementAt(1)).atomValue() + "=" + t.elementAt(0));
        }
        return out;
    }

    private static long memoryReads(OtpErlangTuple result) {
        return (long) Terms.number(result.elementAt(2)).orElseThrow();
    }

    @Test
    void theScanStepRanksDeltasKeepsIdleProcessesMemoryAndDropsTheExited() throws Exception {
        LocalErlangNode n = node("step");
        OtpErlangTuple first = step(
                n,
                new OtpErlangAtom("none"),
                2,
                proc("a", 100, 0, 5_000),
                proc("b", 10, 3, 9_000),
                proc("c", 50, 0, 100));

        assertThat(ranked(first, 0)).as("no window yet: no reductions list").isEmpty();
        assertThat(ranked(first, 1)).containsExactly("b=9000", "a=5000");
        assertThat(ranked(first, 2)).as("empty mailboxes are left out").containsExactly("b=3");
        assertThat(memoryReads(first)).isEqualTo(3);

        // a did not run (its reductions moved by what our memory read cost it): its memory is not read again;
        // b ran; c exited; d is new
        OtpErlangTuple second = step(
                n, first.elementAt(0), 2, proc("a", 101, 0, 7_777), proc("b", 5_011, 3, 9_100), proc("d", 40, 1, 300));

        assertThat(ranked(second, 0))
                .as("deltas since the last scan; a new process counts whole")
                .containsExactly("b=5000", "d=40");
        assertThat(ranked(second, 1)).as("a keeps its cached memory").containsExactly("b=9100", "a=5000");
        assertThat(ranked(second, 2)).containsExactly("b=3", "d=1");
        assertThat(memoryReads(second)).as("b and d only").isEqualTo(2);
        assertThat(second.elementAt(0).toString()).doesNotContain("c");
    }

    @Test
    void theScanStepKeepsTheNLargestAndReadsMemoryAgainWhenTheQueueChanges() throws Exception {
        LocalErlangNode n = node("topn");
        OtpErlangTuple first = step(
                n,
                new OtpErlangAtom("none"),
                3,
                proc("p1", 10, 0, 1),
                proc("p2", 10, 0, 2),
                proc("p3", 10, 0, 3),
                proc("p4", 10, 0, 4),
                proc("p5", 10, 0, 5));
        assertThat(ranked(first, 1)).containsExactly("p5=5", "p4=4", "p3=3");

        OtpErlangTuple second = step(
                n,
                first.elementAt(0),
                3,
                proc("p1", 11, 7, 900),
                proc("p2", 511, 0, 2),
                proc("p3", 11, 0, 3),
                proc("p4", 31, 0, 4),
                proc("p5", 11, 0, 5));

        assertThat(ranked(second, 0))
                .as("only processes that ran beyond our own read")
                .containsExactly("p2=500", "p4=20");
        assertThat(ranked(second, 1))
                .as("p1's queue changed, so its memory was read again")
                .containsExactly("p1=900", "p5=5", "p4=4");
        assertThat(ranked(second, 2)).containsExactly("p1=7");
        assertThat(memoryReads(second)).as("p1, p2 and p4").isEqualTo(3);
    }

    @Test
    void aSamplerKilledOnTheNodeIsStartedAgain() throws Exception {
        LocalErlangNode n = node("restart");
        ErlangCollector c = connected(n);
        tick(c);
        n.call("erlang", "exit", samplerPid(n), new OtpErlangAtom("kill"));

        MetricBatch lost = tick(c);
        MetricBatch back = tick(c);
        MetricBatch next = tick(c);

        assertThat(lost.getTopMemory()).as("the tick that finds it gone").isEmpty();
        assertThat(back.getTopMemory()).as("a new sampler's first scan").isNotEmpty();
        assertThat(next.getTopMemory()).isNotEmpty();
        assertThat(c.errors()).isPositive();
    }

    /** The sampler: the only process waiting in numbat_top (its loop). */
    private static OtpErlangObject samplerPid(LocalErlangNode n) throws ErlangRpcException {
        for (OtpErlangObject p : (OtpErlangList) n.call("erlang", "processes")) {
            OtpErlangObject current = n.call("erlang", "process_info", p, new OtpErlangAtom("current_function"));
            if (current.toString().contains("numbat_top")) {
                return p;
            }
        }
        throw new AssertionError("no numbat_top sampler on " + n.name());
    }
}
