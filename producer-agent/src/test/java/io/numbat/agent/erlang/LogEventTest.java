package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the numbat_log handler's messages: what it sends, cut to size; anything else is not an event. */
class LogEventTest {
    private static OtpErlangBinary bin(String s) {
        return new OtpErlangBinary(s.getBytes(StandardCharsets.UTF_8));
    }

    private static OtpErlangTuple tuple(OtpErlangObject... items) {
        return new OtpErlangTuple(items);
    }

    private static OtpErlangTuple message(OtpErlangObject report, OtpErlangList meta, long dropped) {
        return tuple(
                new OtpErlangAtom("numbat_log"),
                new OtpErlangAtom("shop@h"),
                bin("error"),
                new OtpErlangLong(1_700_000_000_123L),
                bin("payment failed: größer ✓"),
                report,
                meta,
                new OtpErlangLong(dropped));
    }

    @Test
    void readsWhatTheHandlerSends() {
        OtpErlangList meta = new OtpErlangList(
                new OtpErlangObject[] {tuple(bin("mfa"), bin("shop:pay/2")), tuple(bin("pid"), bin("<0.99.0>"))});
        LogEvent e = LogEvent.parse(message(bin("#{order => 1}"), meta, 7)).orElseThrow();
        assertThat(e.node()).isEqualTo("shop@h");
        assertThat(e.level()).isEqualTo("error");
        assertThat(e.timestampMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(e.message()).isEqualTo("payment failed: größer ✓");
        assertThat(e.report()).isEqualTo("#{order => 1}");
        assertThat(e.metadata()).containsEntry("mfa", "shop:pay/2").containsEntry("pid", "<0.99.0>");
        assertThat(e.dropped()).isEqualTo(7);
        assertThat(e.withMoreDropped(3).dropped()).isEqualTo(10);
        assertThat(LogEvent.parse(message(new OtpErlangAtom("undefined"), new OtpErlangList(), 0))
                        .orElseThrow()
                        .report())
                .isNull();
    }

    @Test
    void cutsTextsAndMetadataWhateverTheNodeSent() {
        List<OtpErlangObject> meta = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            meta.add(tuple(bin("k" + i), bin("v".repeat(1_000))));
        }
        OtpErlangTuple big = tuple(
                new OtpErlangAtom("numbat_log"),
                new OtpErlangAtom("shop@h"),
                bin("critical"),
                new OtpErlangLong(1L),
                bin("m".repeat(50_000)),
                bin("r".repeat(50_000)),
                new OtpErlangList(meta.toArray(OtpErlangObject[]::new)),
                new OtpErlangLong(0));
        LogEvent e = LogEvent.parse(big).orElseThrow();
        assertThat(e.message()).hasSize(LogEvent.MAX_CHARS + 3).endsWith("m...");
        assertThat(e.report()).hasSize(LogEvent.MAX_CHARS + 3);
        assertThat(e.metadata()).hasSize(LogEvent.MAX_META_ENTRIES);
        assertThat(e.metadata().values()).allMatch(v -> v.length() == LogEvent.MAX_META_CHARS + 3);
        // never half a surrogate pair
        assertThat(LogEvent.cut("ab😀cd", 3)).isEqualTo("ab...");
    }

    @Test
    void anythingElseIsNotAnEvent() {
        assertThat(LogEvent.parse(new OtpErlangAtom("numbat_log"))).isEmpty();
        assertThat(LogEvent.parse(tuple(new OtpErlangAtom("other"), new OtpErlangAtom("x"))))
                .isEmpty();
        OtpErlangTuple noText = tuple(
                new OtpErlangAtom("numbat_log"),
                new OtpErlangAtom("shop@h"),
                bin("error"),
                new OtpErlangLong(1L),
                new OtpErlangString("a list, not a binary"),
                new OtpErlangAtom("undefined"),
                new OtpErlangList(),
                new OtpErlangLong(0));
        assertThat(LogEvent.parse(noText)).isEmpty();
        OtpErlangTuple noTime = tuple(
                new OtpErlangAtom("numbat_log"),
                new OtpErlangAtom("shop@h"),
                bin("error"),
                new OtpErlangAtom("now"),
                bin("m"),
                new OtpErlangAtom("undefined"),
                new OtpErlangList(),
                new OtpErlangLong(0));
        assertThat(LogEvent.parse(noTime)).isEmpty();
    }
}
