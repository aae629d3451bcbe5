package io.numbat.agent.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import org.junit.jupiter.api.Test;

class JvmCollectorTest {

    @Test
    void readsItsOwnJvmWithHeapMaxAsTheLimit() {
        MetricBatch b = JvmCollector.local("agent-jvm", "jvms").collect(1_000).orElseThrow();
        assertThat(b.getSamples())
                .extracting(Sample::getMetric)
                .contains(
                        MetricId.JVM_HEAP_USED.id(),
                        MetricId.JVM_THREADS.id(),
                        MetricId.JVM_CLASSES_LOADED.id(),
                        MetricId.JVM_GC_COUNT.id());
        assertThat(b.getLimits()).extracting(Sample::getMetric).containsExactly(MetricId.JVM_HEAP_USED.id());
        assertThat(b.getSamples())
                .filteredOn(s -> s.getMetric() == MetricId.JVM_THREADS.id())
                .singleElement()
                .satisfies(s -> assertThat(s.getValue()).isPositive());
    }

    @Test
    void unreachableRemoteJvmGivesNoBatchAndNoException() {
        JvmCollector remote = JvmCollector.remote("service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi", "gone", "jvms");
        assertThat(remote.collect(1_000)).isEmpty();
        assertThat(remote.collect(2_000)).isEmpty();
    }

    @Test
    void malformedUrlIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> JvmCollector.remote("not a url", "x", "jvms")).hasMessageContaining("--jvm");
    }
}
