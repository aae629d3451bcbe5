package io.numbat.processor.remedy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.Playbook;
import io.numbat.schemas.RemediationMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemediationSettingsTest {
    @Test
    void theMostSpecificOverrideWinsFieldByField() {
        RemediationSettings s = RemediationSettings.defaults(RemediationMode.AUTO)
                .withPolicy("payments", new RemediationSettings.Policy(RemediationMode.APPROVE, null))
                .withPolicy("memory_total", new RemediationSettings.Policy(null, Playbook.GC))
                .withPolicy("payments/atom_count", new RemediationSettings.Policy(RemediationMode.NOTIFY, null));

        assertThat(s.mode("web", "atom_count")).isEqualTo(RemediationMode.AUTO);
        assertThat(s.mode("payments", "process_count")).isEqualTo(RemediationMode.APPROVE);
        assertThat(s.mode("payments", "atom_count")).isEqualTo(RemediationMode.NOTIFY);
        assertThat(s.playbook("payments", "atom_count")).isEqualTo(Playbook.REPLACE);
        assertThat(s.playbook("payments", "memory_total")).isEqualTo(Playbook.GC);
        assertThat(s.playbook("web", "port_count")).as("not remediated").isNull();
    }

    @Test
    void aMonitoredFamilyIsNotifiedOfEveryCauseKeepingItsPlaybooks() {
        RemediationSettings s = RemediationSettings.defaults(RemediationMode.AUTO)
                .withPolicy("payments", new RemediationSettings.Policy(RemediationMode.AUTO, Playbook.RESTART))
                .withPolicy("payments/atom_count", new RemediationSettings.Policy(RemediationMode.AUTO, Playbook.GC))
                .withPolicy("payments-eu/atom_count", new RemediationSettings.Policy(RemediationMode.AUTO, null))
                .notifyOnly("payments");

        for (String cause : new String[] {"process_count", "atom_count", "run_queue"}) {
            assertThat(s.mode("payments", cause)).isEqualTo(RemediationMode.NOTIFY);
        }
        assertThat(s.playbook("payments", "atom_count")).isEqualTo(Playbook.GC);
        assertThat(s.playbook("payments", "process_count")).isEqualTo(Playbook.RESTART);
        assertThat(s.mode("payments-eu", "atom_count")).as("another family").isEqualTo(RemediationMode.AUTO);
        assertThat(s.mode("web", "atom_count")).isEqualTo(RemediationMode.AUTO);
    }

    @Test
    void theDefaultsReplaceLeaksAndNeedThreeMinutesPlusAMargin() {
        RemediationSettings s = RemediationSettings.defaults();
        assertThat(s.mode("web", "process_count")).isEqualTo(RemediationMode.APPROVE);
        for (String cause : new String[] {"process_count", "atom_count", "ets_count", "memory_total"}) {
            assertThat(s.playbook("web", cause)).isEqualTo(Playbook.REPLACE);
        }
        RemediationSettings.Limits l = s.limits("web");
        assertThat(l.maxInProgress()).isEqualTo(1);
        assertThat(l.maxPerHour()).isEqualTo(6);
        assertThat(l.needs(Playbook.REPLACE)).isEqualTo(Duration.ofSeconds(180));
        assertThat(l.needs(Playbook.GC)).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.approvalExpiry()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void badLimitsAreRefused() {
        RemediationSettings.Limits d = RemediationSettings.Limits.defaults();
        assertThatThrownBy(() -> new RemediationSettings.Limits(
                        0,
                        6,
                        1,
                        10,
                        d.approvalExpiry(),
                        d.launchTimeout(),
                        d.drain(),
                        d.stopTimeout(),
                        d.gcTime(),
                        d.safetyMargin(),
                        d.keepFinished(),
                        d.maxAttempts()))
                .hasMessageContaining("maxInProgress");
        assertThatThrownBy(() -> new RemediationSettings.Limits(
                        1,
                        6,
                        5,
                        4,
                        d.approvalExpiry(),
                        d.launchTimeout(),
                        d.drain(),
                        d.stopTimeout(),
                        d.gcTime(),
                        d.safetyMargin(),
                        d.keepFinished(),
                        d.maxAttempts()))
                .hasMessageContaining("minNodes");
        assertThatThrownBy(() -> new RemediationSettings.Limits(
                        1,
                        6,
                        1,
                        4,
                        d.approvalExpiry(),
                        Duration.ofSeconds(-1),
                        d.drain(),
                        d.stopTimeout(),
                        d.gcTime(),
                        d.safetyMargin(),
                        d.keepFinished(),
                        d.maxAttempts()))
                .hasMessageContaining(">= 0");
    }
}
