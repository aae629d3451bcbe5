package io.numbat.processor.scaling;

import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.PolicyMode;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each family's node utilisations and exhaustion forecasts in a state store (keyed by
 * family) and asks the {@link ScalingPolicy} after every signal. Decision ids are derived from the
 * family and the event time of the signal that triggered them, so a replay after a crash produces
 * the same id. Forecasts are forgotten after {@code staleAfter} (at least a minute) without a new one.
 * Operators' decisions and policy modes only update the family's state: the next load signal asks
 * the policy again. A family in mode monitor (the processor's config file) has its state kept but is never asked.
 */
public final class FamilyScalingProcessor implements Processor<String, LoadSignal, String, ScalingDecision> {
    private static final Logger LOG = LoggerFactory.getLogger(FamilyScalingProcessor.class);
    public static final String STORE = "family-load-store";

    /** The policy of a family, looked up per signal; null: the family is monitored only, never scaled. */
    private final Function<String, ScalingPolicy> policyOf;

    private final Duration staleAfter;
    private KeyValueStore<String, FamilyLoad> store;
    private ProcessorContext<String, ScalingDecision> context;

    public FamilyScalingProcessor(ScalingPolicy policy, Duration staleAfter) {
        this(family -> policy, staleAfter);
    }

    /**
     * A processor asking each family's policy as {@code policyOf} gives it at the time (the processor's config file,
     * which may be reloaded); a family it gives null for (mode monitor) keeps its state but gets no decision.
     */
    public FamilyScalingProcessor(Function<String, ScalingPolicy> policyOf, Duration staleAfter) {
        this.policyOf = policyOf;
        this.staleAfter = staleAfter;
    }

    @Override
    public void init(ProcessorContext<String, ScalingDecision> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, LoadSignal> record) {
        LoadSignal signal = record.value();
        String family = record.key();
        long at = signal.atMillis();
        FamilyLoad load = store.get(family);
        if (load == null) {
            load = new FamilyLoad();
        }
        switch (signal.kind()) {
            case FORECAST -> load.forecast(signal.node(), signal.metric(), signal.value(), at);
            case UTILISATION -> load.update(signal.node(), signal.value(), at);
            case OPERATOR_SCALE_OUT, OPERATOR_SCALE_IN, POLICY_MODE -> {
                operator(family, signal, load);
                store.put(family, load);
                return;
            }
        }
        load.forgetOlderThan(at - staleAfter.toMillis());
        load.forgetForecastsOlderThan(
                at - Math.max(staleAfter.toMillis(), Duration.ofMinutes(1).toMillis()));
        ScalingPolicy policy = policyOf.apply(family);
        if (policy == null) { // mode monitor: the load is kept, so a change to mode scale starts from it
            store.put(family, load);
            return;
        }
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
                    .setProfile(
                            CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                    .build();
            LOG.info(
                    "decision {}: {} {} by {}: {}",
                    decision.getId(),
                    outcome.action(),
                    family,
                    outcome.count(),
                    outcome.reason());
            context.forward(new Record<>(family, decision, record.timestamp()));
        });
        store.put(family, load);
    }

    private static void operator(String family, LoadSignal signal, FamilyLoad load) {
        long at = signal.atMillis();
        switch (signal.kind()) {
            case OPERATOR_SCALE_OUT -> load.scaledOutAt(Math.max(at, load.lastScaleOutMillis()));
            case OPERATOR_SCALE_IN -> load.scaledInAt(Math.max(at, load.lastScaleInMillis()));
            default -> load.mode(signal.mode(), (int) signal.value(), at);
        }
        if (signal.kind() == LoadSignal.Kind.POLICY_MODE) {
            LOG.info(
                    "policy of {}: {}{}",
                    family,
                    load.mode(),
                    load.mode() == PolicyMode.PINNED ? " at " + load.pinnedNodes() + " nodes" : "");
        } else {
            LOG.info(
                    "operator decision {} ({} {} by {}): the policy's cool-downs start now",
                    signal.node(),
                    signal.kind(),
                    family,
                    (int) signal.value());
        }
    }
}
