package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import io.numbat.schemas.ProcessQueue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code numbat_top:top/4}'s replies, hand-built as an OTP 25 node sends them, read into top lists. */
class TopProcessesTest {
    private static OtpErlangLong n(long v) {
        return new OtpErlangLong(v);
    }

    private static OtpErlangTuple t(OtpErlangObject... e) {
        return new OtpErlangTuple(e);
    }

    private static OtpErlangList l(OtpErlangObject... e) {
        return new OtpErlangList(e);
    }

    private static OtpErlangBinary bin(String s) {
        return new OtpErlangBinary(s.getBytes(StandardCharsets.UTF_8));
    }

    private static final OtpErlangTuple BUSY =
            t(bin("<0.99.0>"), bin("busy:loop/0"), bin("busy:loop/0"), n(9_000_000), n(2_688), n(0));
    private static final OtpErlangTuple BACKLOG =
            t(bin("<0.12.0>"), bin("backlog"), bin("gen_server:loop/7"), n(40), n(900_000), n(5_000));

    private static OtpErlangTuple result(
            OtpErlangObject byReductions, OtpErlangObject byMemory, OtpErlangObject byQueue) {
        return t(n(10_012), n(41_000), n(1_500_000), n(100_045), n(3), byReductions, byMemory, byQueue);
    }

    @Test
    void aFreshScanGivesTheThreeListsInOrderWithEveryMeasure() {
        TopProcesses top = TopProcesses.parse(
                        t(Terms.atom("fresh"), result(l(BUSY, BACKLOG), l(BACKLOG, BUSY), l(BACKLOG))))
                .orElseThrow();

        assertThat(top.byReductions())
                .containsExactly(
                        new TopProcess("<0.99.0>", "busy:loop/0", "busy:loop/0", 9_000_000, 2_688, 0),
                        new TopProcess("<0.12.0>", "backlog", "gen_server:loop/7", 40, 900_000, 5_000));
        assertThat(top.byMemory()).extracting(TopProcess::name).containsExactly("backlog", "busy:loop/0");
        assertThat(top.byQueue()).extracting(TopProcess::pid).containsExactly("<0.12.0>");
        assertThat(top.longestQueue()).isEqualTo(5_000);
        assertThat(top.windowMillis()).isEqualTo(10_012);
        assertThat(top.scanMicros()).isEqualTo(41_000);
        assertThat(top.scanReductions()).isEqualTo(1_500_000);
        assertThat(top.processes()).isEqualTo(100_045);
        assertThat(top.memoryReads()).isEqualTo(3);
        assertThat(top.fresh()).isTrue();
    }

    @Test
    void aStaleScanSaysHowOldItIs() {
        TopProcesses top = TopProcesses.parse(t(Terms.atom("stale"), n(1_200), result(l(), l(BUSY), l())))
                .orElseThrow();

        assertThat(top.fresh()).isFalse();
        assertThat(top.ageMillis()).isEqualTo(1_200);
        assertThat(top.longestQueue()).as("no mailbox holds anything").isZero();
    }

    @Test
    void noScanYetOrAMalformedReplyGivesNothing() {
        assertThat(TopProcesses.parse(Terms.atom("none"))).isEmpty();
        assertThat(TopProcesses.parse(t(Terms.atom("error"), Terms.atom("noproc"))))
                .isEmpty();
        assertThat(TopProcesses.parse(t(Terms.atom("fresh"), t(n(1), n(2))))).isEmpty();
        OtpErlangTuple shortEntry = t(bin("<0.1.0>"), bin("x"), n(5));
        assertThat(TopProcesses.parse(t(Terms.atom("fresh"), result(l(shortEntry), l(), l()))))
                .isEmpty();
        OtpErlangTuple atomPid = t(Terms.atom("pid"), bin("x"), bin(""), n(1), n(2), n(3));
        assertThat(TopProcesses.parse(t(Terms.atom("fresh"), result(l(), l(atomPid), l()))))
                .isEmpty();
    }

    @Test
    void anEntryBecomesTheAvroRecordWithItsThreeMeasures() {
        ProcessQueue avro = new TopProcess("<0.12.0>", "backlog", "gen_server:loop/7", 40, 900_000, 5_000).toAvro();

        assertThat(avro).isEqualTo(new ProcessQueue("backlog", "<0.12.0>", 5_000L, "gen_server:loop/7", 40L, 900_000L));
    }
}
