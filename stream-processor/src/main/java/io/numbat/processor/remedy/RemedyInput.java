package io.numbat.processor.remedy;

import io.numbat.processor.state.StateFormat;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a family's remediations hear, keyed by family on the {@code remediation-inputs-by-family} repartition topic:
 * a {@code predicted_exhaustion} alarm, a deployment event or an operator's command, exactly one of the three.
 *
 * <p>Its bytes (docs/state-formats.md, version 2 from the start): the version byte, the kind (0 alarm, 1 deployment,
 * 2 command), then the fields {@link FamilyRemediations} reads, in a fixed order; enums as their Avro symbol's
 * position (symbols are only ever added at the end), optional fields behind a presence flag. Only those fields
 * travel, not the Avro record, so the topic does not depend on the records' schemas evolving (an alarm's other
 * fields, such as its culprit, are left out).
 */
public record RemedyInput(Kind kind, Alarm alarm, DeploymentEvent deployment, RemediationCommand command) {

    /** Which of the three it is; the code is its byte on the repartition topic. */
    public enum Kind {
        ALARM,
        DEPLOYMENT,
        COMMAND
    }

    public static RemedyInput of(Alarm a) {
        return new RemedyInput(Kind.ALARM, a, null, null);
    }

    public static RemedyInput of(DeploymentEvent e) {
        return new RemedyInput(Kind.DEPLOYMENT, null, e, null);
    }

    public static RemedyInput of(RemediationCommand c) {
        return new RemedyInput(Kind.COMMAND, null, null, c);
    }

    /** The family it is about (the repartition key). */
    public String family() {
        return switch (kind) {
            case ALARM -> alarm.getFamily();
            case DEPLOYMENT -> deployment.getFamily();
            case COMMAND -> command.getFamily();
        };
    }

    /** Hands it to {@code f}'s method for its kind. */
    public RemedyOutput applyTo(FamilyRemediations f, RemediationSettings s, long nowMillis) {
        return switch (kind) {
            case ALARM -> f.onAlarm(alarm, s, nowMillis);
            case DEPLOYMENT -> f.onDeployment(deployment, s, nowMillis);
            case COMMAND -> f.onCommand(command, s, nowMillis);
        };
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(StateFormat.V2);
            out.writeByte(kind.ordinal());
            switch (kind) {
                case ALARM -> {
                    out.writeUTF(alarm.getId());
                    writeNullable(out, alarm.getNode());
                    writeNullable(out, alarm.getFamily());
                    out.writeUTF(alarm.getType());
                    out.writeByte(alarm.getState().ordinal());
                    out.writeByte(alarm.getSeverity().ordinal());
                    out.writeLong(alarm.getTimestamp().toEpochMilli());
                    out.writeUTF(alarm.getCause());
                    out.writeBoolean(alarm.getMetric() != null);
                    if (alarm.getMetric() != null) {
                        out.writeInt(alarm.getMetric());
                    }
                    writeNullable(out, alarm.getValue());
                    writeNullable(out, alarm.getLimit());
                    writeNullable(out, alarm.getSecondsToExhaustion());
                }
                case DEPLOYMENT -> {
                    out.writeUTF(deployment.getNode());
                    out.writeUTF(deployment.getFamily());
                    writeNullable(out, deployment.getDecisionId());
                    out.writeUTF(deployment.getProvider());
                    out.writeByte(deployment.getState().ordinal());
                    out.writeLong(deployment.getTimestamp().toEpochMilli());
                    writeNullable(out, deployment.getReason());
                }
                case COMMAND -> {
                    out.writeUTF(command.getRemediationId());
                    out.writeUTF(command.getFamily());
                    out.writeByte(command.getVerdict().ordinal());
                    out.writeUTF(command.getWho());
                    writeNullable(out, command.getReason());
                    out.writeLong(command.getTimestamp().toEpochMilli());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads version 2, the first layout of this format (it always had its version byte). */
    public static RemedyInput fromBytes(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != StateFormat.V2) {
            throw new IllegalArgumentException(
                    "not a remediation input: version byte " + (bytes.length > 0 ? bytes[0] : -1));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            int kind = in.readUnsignedByte();
            return switch (kind) {
                case 0 ->
                    of(Alarm.newBuilder()
                            .setId(in.readUTF())
                            .setNode(readNullable(in))
                            .setFamily(readNullable(in))
                            .setType(in.readUTF())
                            .setState(AlarmState.values()[in.readUnsignedByte()])
                            .setSeverity(Severity.values()[in.readUnsignedByte()])
                            .setTimestamp(Instant.ofEpochMilli(in.readLong()))
                            .setCause(in.readUTF())
                            .setMetric(in.readBoolean() ? in.readInt() : null)
                            .setValue(readNullableDouble(in))
                            .setLimit(readNullableDouble(in))
                            .setSecondsToExhaustion(readNullableDouble(in))
                            .build());
                case 1 ->
                    of(DeploymentEvent.newBuilder()
                            .setNode(in.readUTF())
                            .setFamily(in.readUTF())
                            .setDecisionId(readNullable(in))
                            .setProvider(in.readUTF())
                            .setState(DeploymentState.values()[in.readUnsignedByte()])
                            .setTimestamp(Instant.ofEpochMilli(in.readLong()))
                            .setReason(readNullable(in))
                            .build());
                case 2 ->
                    of(RemediationCommand.newBuilder()
                            .setRemediationId(in.readUTF())
                            .setFamily(in.readUTF())
                            .setVerdict(RemediationVerdict.values()[in.readUnsignedByte()])
                            .setWho(in.readUTF())
                            .setReason(readNullable(in))
                            .setTimestamp(Instant.ofEpochMilli(in.readLong()))
                            .build());
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            };
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a remediation input: " + e, e);
        }
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static void writeNullable(DataOutputStream out, Double d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static Double readNullableDouble(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    /** Serde for the repartition topic. */
    public static final class Serde extends Serdes.WrapperSerde<RemedyInput> {
        public Serde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : RemedyInput.fromBytes(b));
        }
    }
}
