package io.numbat.processor.silence;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.Silence;
import io.numbat.schemas.registry.RetriableSchemaRegistryException;
import io.numbat.schemas.silence.SilenceBook;
import io.numbat.schemas.topic.Topics;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks each alarm as the processor emits it: {@code silenced} with the silence's id when an active silence (at the
 * alarm's own time) covers it, else not silenced. The silences are the global store {@value #STORE}, the raw records
 * of the compacted {@code numbat.silences} (every task sees all of them); each version is decoded once. A record that
 * cannot be read, whose key is not its id or that breaks the rules is not applied and is logged (the console
 * dead-letters the topic's garbage, so each bad record is dead-lettered once).
 */
public final class SilenceMarker implements FixedKeyProcessor<String, Alarm, Alarm> {
    /** The global store of the silences' raw records, by key. */
    public static final String STORE = "silences-store";

    private static final Logger LOG = LoggerFactory.getLogger(SilenceMarker.class);

    private final Deserializer<Silence> deserializer;
    private final SilenceBook book = new SilenceBook();
    /** The bytes of each key last looked at, so an unchanged record is not decoded again. */
    private final Map<String, byte[]> seen = new HashMap<>();

    private FixedKeyProcessorContext<String, Alarm> context;
    private TimestampedKeyValueStore<String, byte[]> store;
    private long refused;

    public SilenceMarker(Deserializer<Silence> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Alarm> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, Alarm> record) {
        Alarm alarm = record.value();
        if (alarm == null) {
            context.forward(record);
            return;
        }
        refresh();
        Optional<Silence> by = book.covering(alarm, alarm.getTimestamp().toEpochMilli());
        if (by.isEmpty() && !alarm.getSilenced() && alarm.getSilenceId() == null) {
            context.forward(record);
            return;
        }
        context.forward(record.withValue(Alarm.newBuilder(alarm)
                .setSilenced(by.isPresent())
                .setSilenceId(by.map(Silence::getId).orElse(null))
                .build()));
    }

    /** Brings the book up to the store: new and changed versions decoded, deleted ones dropped. */
    private void refresh() {
        Set<String> present = new HashSet<>();
        try (KeyValueIterator<String, ValueAndTimestamp<byte[]>> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ValueAndTimestamp<byte[]>> kv = it.next();
                byte[] bytes = kv.value == null ? null : kv.value.value();
                if (kv.key == null || bytes == null) {
                    continue;
                }
                present.add(kv.key);
                if (!Arrays.equals(seen.get(kv.key), bytes)) {
                    take(kv.key, bytes);
                }
            }
        }
        if (present.size() != seen.size()) {
            for (String key : Set.copyOf(seen.keySet())) {
                if (!present.contains(key)) {
                    seen.remove(key);
                    book.remove(key);
                }
            }
        }
    }

    private void take(String key, byte[] bytes) {
        Silence s;
        try {
            s = deserializer.deserialize(Topics.SILENCES.name(), bytes);
        } catch (RuntimeException e) {
            if (retriable(e)) {
                return; // not remembered: decoded again with the next alarm
            }
            seen.put(key, bytes);
            book.remove(key);
            refuse(key, "cannot deserialize: " + e.getMessage());
            return;
        }
        seen.put(key, bytes);
        if (s == null || !key.equals(s.getId())) {
            book.remove(key);
            refuse(key, "a silence's key must be its id (compaction keeps the latest per key)");
            return;
        }
        book.put(s).ifPresent(problem -> refuse(key, problem));
    }

    private void refuse(String key, String why) {
        refused++;
        if (Long.bitCount(refused) == 1) { // 1, 2, 4, ...: a flood of bad silences is not a flood of log lines
            LOG.warn("silence {} is not applied: {} ({} refused so far)", key, why, refused);
        }
    }

    private static boolean retriable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RetriableSchemaRegistryException) {
                return true;
            }
        }
        return false;
    }
}
