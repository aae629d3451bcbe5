package io.numbat.processor.remedy;

import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.ScalingDecision;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each family's {@link FamilyRemediations} in a store keyed by family, hands it every alarm, deployment event
 * and command of the family ({@link RemedyInput}) and, every {@code tickEvery} of wall-clock time, the passing of
 * time; forwards what it asks to publish: {@link Remediation}s keyed by their id and {@link ScalingDecision}s keyed
 * by family, and the GC playbook's requests as signed {@link OperatorAction}s keyed by node ({@link GcActions}; without
 * the operator token they are logged, not carried out). The wall clock is the time throughout (the core's deadlines
 * and expiries are wall-clock ones); a refused command is logged as a warning naming the remediation and why.
 */
public final class FamilyRemediationsProcessor implements Processor<String, RemedyInput, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(FamilyRemediationsProcessor.class);
    public static final String STORE = "family-remediations-store";

    private final RemediationSettings settings;
    /** Whether a family is in mode monitor now: its remediations are then notifications only. */
    private final Predicate<String> monitored;

    private final GcActions gcActions;
    private final Duration tickEvery;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, FamilyRemediations> store;

    /** @param gcActions signs the GC playbook's node actions; null: they are logged, not carried out */
    public FamilyRemediationsProcessor(RemediationSettings settings, GcActions gcActions, Duration tickEvery) {
        this(settings, family -> false, gcActions, tickEvery);
    }

    /**
     * As above; a family {@code monitored} says is in mode monitor (the processor's config file, looked up at each
     * input and tick) has its remediations opened in mode NOTIFY whatever {@code settings} say, so nothing launches
     * or stops its nodes. Remediations opened before it became monitored keep their mode.
     */
    public FamilyRemediationsProcessor(
            RemediationSettings settings, Predicate<String> monitored, GcActions gcActions, Duration tickEvery) {
        this.settings = settings;
        this.monitored = monitored;
        this.gcActions = gcActions;
        this.tickEvery = tickEvery;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(tickEvery, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, RemedyInput> record) {
        String family = record.key();
        RemedyInput input = record.value();
        if (family == null || input == null || !family.equals(input.family())) {
            return; // re-keyed by its own family before the repartition, so this does not happen
        }
        FamilyRemediations f = store.get(family);
        if (f == null) {
            f = new FamilyRemediations(family);
        }
        long now = context.currentSystemTimeMs();
        RemedyOutput out = input.applyTo(f, settingsOf(family), now);
        if (out.error() != null) {
            var c = input.command();
            LOG.warn(
                    "{} of remediation {} by {} refused: {}",
                    c.getVerdict(),
                    c.getRemediationId(),
                    c.getWho(),
                    out.error());
        }
        publish(out, family, now);
        store.put(family, f);
    }

    private RemediationSettings settingsOf(String family) {
        return monitored.test(family) ? settings.notifyOnly(family) : settings;
    }

    private void tick(long now) {
        try (KeyValueIterator<String, FamilyRemediations> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, FamilyRemediations> e = all.next();
                int remembered = e.value.remediations.size();
                RemedyOutput out = e.value.onTick(settingsOf(e.key), now);
                publish(out, e.key, now);
                if (!out.isEmpty() || e.value.remediations.size() != remembered) {
                    store.put(e.key, e.value);
                }
            }
        }
    }

    private void publish(RemedyOutput out, String family, long now) {
        for (Remediation r : out.remediations()) {
            LOG.info(
                    "remediation {} ({} {} of {}): {}: {}",
                    r.getId(),
                    r.getMode(),
                    r.getPlaybook(),
                    r.getNode(),
                    r.getState(),
                    r.getReason());
            context.forward(new Record<>(r.getId(), r, now));
        }
        for (ScalingDecision d : out.decisions()) {
            LOG.info("decision {}: {} {} by {}: {}", d.getId(), d.getAction(), family, d.getCount(), d.getReason());
            context.forward(new Record<>(family, d, now));
        }
        for (GcRequest g : out.gcRequests()) {
            if (gcActions == null) {
                LOG.warn(
                        "remediation {} asks for a garbage collection of {} (request {}), which is NOT carried out: "
                                + "the processor has no operator token (--operator-token-file)",
                        g.remediationId(),
                        g.agentNode(),
                        g.requestId());
                continue;
            }
            OperatorAction a = gcActions.action(g, now);
            LOG.info("remediation {}: action {} (GC of {}) sent", g.remediationId(), a.getRequestId(), a.getNode());
            context.forward(new Record<>(a.getNode(), a, now));
        }
    }
}
