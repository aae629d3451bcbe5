package io.numbat.processor.scaling;

import io.numbat.processor.state.StateFormat;
import io.numbat.schemas.PolicyMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the scaling policy hears about a family: a node's mean scheduler utilisation over a trend
 * window (ending at {@code atMillis}); a forecast that a node's {@code metric} reaches its limit
 * {@code value} seconds after {@code atMillis}; an operator's scale-out or scale-in of
 * {@code value} nodes (decision id in {@code node}); or an operator's policy mode ({@code metric}
 * is the {@link PolicyMode}'s ordinal, {@code value} the pinned size). Travels keyed by family on an
 * internal repartition topic; the first byte after the node is the kind (0 and 1 as before kinds
 * were added, so records written by an older processor still read).
 */
public record LoadSignal(String node, Kind kind, int metric, double value, long atMillis) {

    /** What a signal says; the code is its byte on the repartition topic. */
    public enum Kind {
        UTILISATION,
        FORECAST,
        OPERATOR_SCALE_OUT,
        OPERATOR_SCALE_IN,
        POLICY_MODE;

        static Kind ofCode(byte code) {
            Kind[] kinds = values();
            if (code < 0 || code >= kinds.length) {
                throw new IllegalArgumentException("unknown load signal kind " + code);
            }
            return kinds[code];
        }
    }

    public static LoadSignal utilisation(String node, double mean, long windowEndMillis) {
        return new LoadSignal(node, Kind.UTILISATION, 0, mean, windowEndMillis);
    }

    public static LoadSignal forecast(String node, int metric, double secondsToExhaustion, long atMillis) {
        return new LoadSignal(node, Kind.FORECAST, metric, secondsToExhaustion, atMillis);
    }

    /** An operator's decision (API, console, {@code numbat deploy}) as the policy must see it. */
    public static LoadSignal operatorDecision(String decisionId, boolean scaleOut, int count, long atMillis) {
        return new LoadSignal(
                decisionId, scaleOut ? Kind.OPERATOR_SCALE_OUT : Kind.OPERATOR_SCALE_IN, 0, count, atMillis);
    }

    /** An operator's policy mode for the family. */
    public static LoadSignal policyMode(PolicyMode mode, int pinnedNodes, long atMillis) {
        return new LoadSignal("", Kind.POLICY_MODE, mode.ordinal(), pinnedNodes, atMillis);
    }

    public boolean forecast() {
        return kind == Kind.FORECAST;
    }

    /** The mode of a {@link Kind#POLICY_MODE} signal. */
    public PolicyMode mode() {
        return FamilyLoad.modeOf(metric);
    }

    public byte[] toBytes() {
        byte[] n = node.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + Integer.BYTES + n.length + 1 + Integer.BYTES + Double.BYTES + Long.BYTES)
                .put(StateFormat.V2)
                .putInt(n.length)
                .put(n)
                .put((byte) kind.ordinal())
                .putInt(metric)
                .putDouble(value)
                .putLong(atMillis)
                .array();
    }

    public static LoadSignal fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).position(StateFormat.bodyOffset(bytes));
        byte[] n = new byte[b.getInt()];
        b.get(n);
        return new LoadSignal(
                new String(n, StandardCharsets.UTF_8), Kind.ofCode(b.get()), b.getInt(), b.getDouble(), b.getLong());
    }

    /** Serde for the repartition topic. */
    public static final class Serde extends Serdes.WrapperSerde<LoadSignal> {
        public Serde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : LoadSignal.fromBytes(b));
        }
    }
}
