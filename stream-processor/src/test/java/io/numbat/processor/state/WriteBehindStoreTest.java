package io.numbat.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-behind store under a real task ({@link TopologyTestDriver} commits after every input
 * record): the changelog gets what the processor last put, with the timestamp of the record that put
 * it, and a delete becomes a tombstone. (The driver wipes its state when closed, so a restart is
 * {@code ProcessorRestartIT}'s.)
 */
class WriteBehindStoreTest {
    private static final String STORE = "counts";
    private static final String CHANGELOG = "app-" + STORE + "-changelog";

    @TempDir
    Path stateDir;

    /** Counts per key in a mutable holder; "-" deletes the key; "?" forwards every key and count. */
    private static final class Counting implements Processor<String, String, String, String> {
        private KeyValueStore<String, long[]> store;
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            if ("-".equals(record.value())) {
                store.delete(record.key());
                return;
            }
            if ("?".equals(record.value())) {
                try (KeyValueIterator<String, long[]> all = store.all()) {
                    while (all.hasNext()) {
                        KeyValue<String, long[]> e = all.next();
                        context.forward(record.withKey(e.key).withValue(Long.toString(e.value[0])));
                    }
                }
                return;
            }
            long[] count = store.get(record.key());
            if (count == null) {
                count = new long[1];
            }
            count[0]++;
            store.put(record.key(), count);
        }
    }

    private TopologyTestDriver driver() {
        return driver(false);
    }

    private TopologyTestDriver driver(boolean inMemory) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(WriteBehindStores.of(
                STORE,
                inMemory,
                Serdes.String(),
                Serdes.serdeFrom(
                        (t, v) -> v == null ? null : Serdes.Long().serializer().serialize(t, v[0]),
                        (t, b) -> b == null
                                ? null
                                : new long[] {Serdes.Long().deserializer().deserialize(t, b)})));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(Counting::new, Named.as("counting"), STORE)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(builder.build(), props);
    }

    @Test
    void theChangelogGetsTheLatestValueWithItsRecordsTimestamp() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, String> in = driver.createInputTopic(
                    "in", Serdes.String().serializer(), Serdes.String().serializer());
            TestOutputTopic<String, Long> changelog = driver.createOutputTopic(
                    CHANGELOG, Serdes.String().deserializer(), Serdes.Long().deserializer());
            in.pipeInput("a", "x", 1_000L);
            in.pipeInput("a", "x", 2_000L);
            in.pipeInput("b", "x", 3_000L);
            List<String> logged = new ArrayList<>();
            changelog.readRecordsToList().forEach(r -> logged.add(r.key() + "=" + r.value() + "@" + r.timestamp()));
            assertThat(logged).containsExactly("a=1@1000", "a=2@2000", "b=1@3000");
        }
    }

    @Test
    void aDeleteIsLoggedAsATombstoneAndForgotten() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, String> in = driver.createInputTopic(
                    "in", Serdes.String().serializer(), Serdes.String().serializer());
            TestOutputTopic<String, Long> changelog = driver.createOutputTopic(
                    CHANGELOG, Serdes.String().deserializer(), Serdes.Long().deserializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(
                    "out", Serdes.String().deserializer(), Serdes.String().deserializer());
            in.pipeInput("a", "x", 1_000L);
            in.pipeInput("b", "x", 1_000L);
            in.pipeInput("a", "-", 2_000L);
            in.pipeInput("q", "?", 3_000L);
            assertThat(changelog.readKeyValuesToList())
                    .containsExactly(KeyValue.pair("a", 1L), KeyValue.pair("b", 1L), KeyValue.pair("a", null));
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("b", "1"));
            KeyValueStore<String, long[]> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("a")).isNull();
            assertThat(store.get("b")).containsExactly(1L);
        }
    }

    @Test
    void inMemoryTheCacheOwnsTheStateAndGivesItBackWhenCleared() {
        try (TopologyTestDriver driver = driver(true)) {
            TestInputTopic<String, String> in = driver.createInputTopic(
                    "in", Serdes.String().serializer(), Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(
                    "out", Serdes.String().deserializer(), Serdes.String().deserializer());
            TestOutputTopic<String, Long> changelog = driver.createOutputTopic(
                    CHANGELOG, Serdes.String().deserializer(), Serdes.Long().deserializer());
            in.pipeInput("a", "x", 1_000L);
            in.pipeInput("b", "x", 1_000L);
            in.pipeInput("a", "x", 2_000L);
            assertThat(changelog.readKeyValuesToList())
                    .containsExactly(KeyValue.pair("a", 1L), KeyValue.pair("b", 1L), KeyValue.pair("a", 2L));

            // a task recycled between active and standby: the cache is dropped, its objects go back beneath
            WriteBehindStore<?, ?> store = (WriteBehindStore<?, ?>) driver.<String, long[]>getKeyValueStore(STORE);
            store.clearCache();
            in.pipeInput("a", "x", 3_000L);
            in.pipeInput("q", "?", 4_000L);
            assertThat(out.readKeyValuesToList())
                    .containsExactlyInAnyOrder(KeyValue.pair("a", "3"), KeyValue.pair("b", "1"));
            assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("a", 3L));
        }
    }
}
