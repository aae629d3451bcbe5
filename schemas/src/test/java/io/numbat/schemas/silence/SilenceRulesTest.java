package io.numbat.schemas.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.Severity;
import io.numbat.schemas.Silence;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SilenceRulesTest {
    static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

    static Silence.Builder silence(String node, String family, String type) {
        return Silence.newBuilder()
                .setId("s-1")
                .setNode(node)
                .setFamily(family)
                .setAlarmType(type)
                .setStartsAt(T)
                .setEndsAt(T.plusSeconds(3600))
                .setCreatedBy("ana")
                .setComment("maintenance")
                .setCreatedAt(T);
    }

    static Alarm alarm(String node, String family, String type) {
        return Alarm.newBuilder()
                .setId(node + "/" + type)
                .setNode(node)
                .setFamily(family)
                .setType(type)
                .setState(AlarmState.RAISED)
                .setSeverity(Severity.MAJOR)
                .setTimestamp(T.plusSeconds(60))
                .setCause("c")
                .build();
    }

    @Test
    void everyMatcherGivenMustMatchAndTheOthersMatchAnything() {
        Silence web = silence(null, "web", null).build();
        assertThat(SilenceRules.matches(web, alarm("web-1", "web", "node_down")))
                .isTrue();
        assertThat(SilenceRules.matches(web, alarm("db-1", "db", "node_down"))).isFalse();
        Silence webDown = silence(null, "web", "node_down").build();
        assertThat(SilenceRules.matches(webDown, alarm("web-1", "web", "node_down")))
                .isTrue();
        assertThat(SilenceRules.matches(webDown, alarm("web-1", "web", "process_limit")))
                .isFalse();
        Silence node = silence("web-1", null, null).build();
        assertThat(SilenceRules.matches(node, alarm("web-1", "web", "anomaly"))).isTrue();
        assertThat(SilenceRules.matches(node, alarm("web-10", "web", "anomaly")))
                .as("exact names")
                .isFalse();
        assertThat(SilenceRules.matches(node, alarm(null, "web", "bottleneck")))
                .as("a family alarm has no node")
                .isFalse();
        assertThat(SilenceRules.matches(silence(null, null, null).build(), alarm("web-1", "web", "anomaly")))
                .as("no matcher matches nothing")
                .isFalse();
    }

    @Test
    void activeFromItsStartUntilItsEndOrItsEarlyExpiry() {
        Silence s = silence("a", null, null).build();
        assertThat(SilenceRules.activeAt(s, T.toEpochMilli() - 1)).isFalse();
        assertThat(SilenceRules.activeAt(s, T.toEpochMilli())).isTrue();
        assertThat(SilenceRules.activeAt(s, T.plusSeconds(3599).toEpochMilli())).isTrue();
        assertThat(SilenceRules.activeAt(s, T.plusSeconds(3600).toEpochMilli())).isFalse();
        Silence expired = Silence.newBuilder(s).setExpiredAt(T.plusSeconds(600)).build();
        assertThat(SilenceRules.activeAt(expired, T.plusSeconds(599).toEpochMilli()))
                .isTrue();
        assertThat(SilenceRules.activeAt(expired, T.plusSeconds(600).toEpochMilli()))
                .isFalse();
        assertThat(SilenceRules.overAt(expired, T.plusSeconds(600).toEpochMilli()))
                .isTrue();
    }

    @Test
    void aGoodSilenceIsAccepted() {
        assertThat(SilenceRules.problem(silence(null, "web", "node_down").build(), T.toEpochMilli()))
                .isEmpty();
    }

    @Test
    void anEndBeforeItsStartIsRefusedWithTheReason() {
        Silence s = silence("a", null, null).setEndsAt(T.minusSeconds(1)).build();
        assertThat(SilenceRules.problem(s, T.minusSeconds(3600).toEpochMilli()))
                .hasValueSatisfying(p -> assertThat(p).contains("is not after its start"));
        assertThat(SilenceRules.recordProblem(s)).isPresent();
    }

    @Test
    void noMatcherAnUnknownTypeAPastEndAndNoCommentAreEachNamed() {
        assertThat(SilenceRules.problem(silence(null, null, null).build(), T.toEpochMilli()))
                .hasValueSatisfying(p -> assertThat(p).contains("no matcher"));
        assertThat(SilenceRules.problem(silence(null, null, "nodedown").build(), T.toEpochMilli()))
                .hasValueSatisfying(
                        p -> assertThat(p).contains("'nodedown' is unknown").contains("node_down"));
        assertThat(SilenceRules.problem(
                        silence("a", null, null).build(), T.plusSeconds(7200).toEpochMilli()))
                .hasValueSatisfying(p -> assertThat(p).contains("already past"));
        assertThat(SilenceRules.problem(
                        silence("a", null, null)
                                .setComment(" ")
                                .setCreatedBy("")
                                .build(),
                        T.toEpochMilli()))
                .hasValueSatisfying(p -> assertThat(p).contains("no comment").contains("no author"));
        assertThat(SilenceRules.problem(silence("", null, null).build(), T.toEpochMilli()))
                .hasValueSatisfying(p -> assertThat(p).contains("its node must be a name"));
    }

    @Test
    void theKnownTypesAreTheProcessorsAlarms() {
        assertThat(KnownAlarmTypes.all())
                .contains("node_down", "process_limit", "memory", "predicted_exhaustion", "anomaly", "bottleneck")
                .contains("long_message_queue", "atom_limit", "ets_limit", "port_limit");
    }

    @Test
    void theBookAnswersTheLongestActiveSilenceAndDropsABrokenUpdate() {
        SilenceBook book = new SilenceBook();
        assertThat(book.put(silence(null, "web", null).build())).isEmpty();
        assertThat(book.put(silence("web-1", null, null)
                        .setId("s-2")
                        .setEndsAt(T.plusSeconds(7200))
                        .build()))
                .isEmpty();
        Alarm a = alarm("web-1", "web", "node_down");
        assertThat(book.covering(a, a.getTimestamp().toEpochMilli()))
                .hasValueSatisfying(s -> assertThat(s.getId()).isEqualTo("s-2"));
        assertThat(book.covering(a, T.plusSeconds(5000).toEpochMilli()))
                .hasValueSatisfying(s -> assertThat(s.getId()).isEqualTo("s-2"));
        assertThat(book.covering(a, T.plusSeconds(8000).toEpochMilli())).isEmpty();
        assertThat(book.put(silence(null, null, null).setId("s-2").build())).isPresent();
        assertThat(book.knows("s-2")).as("a broken version drops the older one").isFalse();
        assertThat(book.covering(a, T.plusSeconds(5000).toEpochMilli())).isEmpty();
    }
}
