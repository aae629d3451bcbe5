package io.numbat.processor.bottleneck;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link NodeBottlenecks} inside the {@code node-health-v3.bin} golden file (NodeHealthGoldenTest). */
public final class NodeBottlenecksGolden {
    private NodeBottlenecksGolden() {}

    /** A raised mailbox alarm on event_relay, a reductions candidate two ticks in, a counter seen. */
    public static NodeBottlenecks sample() {
        NodeBottlenecks b = new NodeBottlenecks();
        NodeBottlenecks.Watch mailbox = b.watch(Measure.MAILBOX);
        mailbox.raised = true;
        mailbox.streak = 1;
        mailbox.process = "event_relay";
        mailbox.pid = "<0.4712.0>";
        mailbox.last = 40_000;
        mailbox.figure = 30_000;
        NodeBottlenecks.Watch reductions = b.watch(Measure.REDUCTIONS);
        reductions.streak = 2;
        reductions.process = "report_builder:run/1";
        b.previousReductions = 1.5e9;
        b.previousMillis = 1_767_225_600_000L;
        b.signalledMillis = 1_767_225_590_000L;
        return b;
    }

    public static void assertIsTheSample(NodeBottlenecks b) {
        NodeBottlenecks.Watch mailbox = b.watch(Measure.MAILBOX);
        assertThat(mailbox.raised).isTrue();
        assertThat(mailbox.streak).isEqualTo(1);
        assertThat(mailbox.process).isEqualTo("event_relay");
        assertThat(mailbox.pid).isEqualTo("<0.4712.0>");
        assertThat(mailbox.last).isEqualTo(40_000);
        assertThat(mailbox.figure).isEqualTo(30_000);
        NodeBottlenecks.Watch reductions = b.watch(Measure.REDUCTIONS);
        assertThat(reductions.raised).isFalse();
        assertThat(reductions.streak).isEqualTo(2);
        assertThat(reductions.process).isEqualTo("report_builder:run/1");
        assertThat(b.watch(Measure.MEMORY).process).isEmpty();
        assertThat(b.previousReductions).isEqualTo(1.5e9);
        assertThat(b.previousMillis).isEqualTo(1_767_225_600_000L);
        assertThat(b.signalledMillis).isEqualTo(1_767_225_590_000L);
    }
}
