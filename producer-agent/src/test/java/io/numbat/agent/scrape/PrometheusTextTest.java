package io.numbat.agent.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The Prometheus text exposition format, as prometheus.erl and PromEx serve it, and what is refused. */
class PrometheusTextTest {
    @Test
    void readsCountersAndGaugesSkippingHelpTypeAndComments() throws Exception {
        List<PrometheusSample> s = PrometheusText.parse("""
                # TYPE erlang_vm_process_count gauge
                # HELP erlang_vm_process_count The number of processes currently existing at the local node.
                erlang_vm_process_count 51

                # a comment
                # TYPE erlang_vm_statistics_reductions_total counter
                erlang_vm_statistics_reductions_total 1.234e6
                """);
        assertThat(s)
                .containsExactly(
                        new PrometheusSample("erlang_vm_process_count", Map.of(), 51, OptionalLong.empty()),
                        new PrometheusSample(
                                "erlang_vm_statistics_reductions_total", Map.of(), 1_234_000, OptionalLong.empty()));
    }

    @Test
    void readsLabelsWithEscapesAndATrailingComma() throws Exception {
        PrometheusSample s = PrometheusText.parse("m{kind=\"sys\\\"tem\",path=\"C:\\\\x\",note=\"two\\nlines\",} 3\r\n")
                .get(0);
        assertThat(s.labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("kind", "sys\"tem", "path", "C:\\x", "note", "two\nlines"));
        assertThat(s.value()).isEqualTo(3);
    }

    @Test
    void readsNanInfinitiesNegativesAndTimestamps() throws Exception {
        List<PrometheusSample> s = PrometheusText.parse("""
                a NaN
                b +Inf
                c -Inf 1700000000000
                d{le="+Inf"} -0.5 1700000000001
                e{} 7
                """);
        assertThat(s.get(0).value()).isNaN();
        assertThat(s.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.get(2).timestampMillis()).hasValue(1_700_000_000_000L);
        assertThat(s.get(3).label("le")).isEqualTo("+Inf");
        assertThat(s.get(3).value()).isEqualTo(-0.5);
        assertThat(s.get(4).labels()).isEmpty();
    }

    @Test
    void refusesGarbageNamingTheLine() {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\n<html><body>Not found</body></html>\n"))
                .isInstanceOf(PrometheusFormatException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("<html>");
        assertThatThrownBy(() -> PrometheusText.parse("m one")).hasMessageContaining("the value 'one' is not a number");
        assertThatThrownBy(() -> PrometheusText.parse("m Infinity")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> PrometheusText.parse("m{a=\"b} 1")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> PrometheusText.parse("m{a=b} 1")).hasMessageContaining("expected '\"'");
        assertThatThrownBy(() -> PrometheusText.parse("m{a=\"1\",a=\"2\"} 1")).hasMessageContaining("twice");
        assertThatThrownBy(() -> PrometheusText.parse("m 1 soon")).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> PrometheusText.parse("m 1 2 3")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> PrometheusText.parse("m")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> PrometheusText.parse("{a=\"b\"} 1")).hasMessageContaining("metric name");
    }

    @Test
    void anEmptyPageHasNoSamples() throws Exception {
        assertThat(PrometheusText.parse("")).isEmpty();
        assertThat(PrometheusText.parse("# only comments\n\n")).isEmpty();
    }
}
