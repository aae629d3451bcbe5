package io.numbat.processor.scaling;

import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each family's node utilisations in a state store (keyed by family) and asks the
 * {@link ScalingPolicy} after every utilisation trend. Decision ids are derived from the family
 * and the window that triggered them, so a replay after a crash produces the same id.
 */
public final class FamilyScalingProcessor implements Processor<String, MetricTrend, String, ScalingDecision> {
    private static final Logger LOG = LoggerFactory.getLogger(FamilyScalingProcessor.class);
    public static final String STORE = "family-load-store";

    private final ScalingPolicy policy;
    private final Duration staleAfter;
    private KeyValueStore<String, FamilyLoad> store;
    private ProcessorContext<String, ScalingDecision> context;

    public FamilyScalingProcessor(ScalingPolicy policy, Duration staleAfter) {
        this.policy = policy;
        this.staleAfter = staleAfter;
    }

    @Override
    public void init(ProcessorContext<String, ScalingDecision> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, MetricTrend> record) {
        MetricTrend trend = record.value();
        String family = record.key();
        long at = trend.getWindowEnd().toEpochMilli();
        FamilyLoad load = store.get(family);
        if (load == null) {
            load = new FamilyLoad();
        }
        load.update(trend.getNode(), trend.getMean(), at);
        load.forgetOlderThan(at - staleAfter.toMillis());
        FamilyLoad state = load;
        policy.decide(family, load, at).ifPresent(outcome -> {
            if (outcome.action() == ScalingAction.SCALE_OUT) {
                state.scaledOutAt(at);
            } else {
                state.scaledInAt(at);
            }
            ScalingDecision decision = ScalingDecision.newBuilder()
                    .setId(family + "@" + at)
                    .setFamily(family)
                    .setTimestamp(Instant.ofEpochMilli(at))
                    .setAction(outcome.action())
                    .setCount(outcome.count())
                    .setCurrentNodes(outcome.currentNodes())
                    .setReason(outcome.reason())
                    .setSource("policy")
                    .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                    .build();
            LOG.info("decision {}: {} {} by {}: {}", decision.getId(), outcome.action(), family, outcome.count(), outcome.reason());
            context.forward(new Record<>(family, decision, record.timestamp()));
        });
        store.put(family, load);
    }
}
