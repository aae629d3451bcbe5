package io.numbat.processor.remedy;

import io.numbat.processor.remedy.RemediationEntry.Step;
import io.numbat.processor.state.StateFormat;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The stored form of {@link FamilyRemediations} (docs/state-formats.md): the version byte ({@link StateFormat#V2},
 * this format's first layout; bytes without it are refused), the family, its members (node, deployment state), the
 * start times of the last hour, then each remediation: its strings, enums as one byte each (the Avro symbol's
 * position; symbols are only ever added at the end), its times and its step.
 */
final class RemediationStateFormat {
    private RemediationStateFormat() {}

    static byte[] toBytes(FamilyRemediations f) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(64 + 32 * f.members.size() + 400 * f.remediations.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(StateFormat.V2);
            out.writeUTF(f.family);
            out.writeInt(f.members.size());
            for (Map.Entry<String, DeploymentState> m : f.members.entrySet()) {
                out.writeUTF(m.getKey());
                out.writeByte(m.getValue().ordinal());
            }
            out.writeInt(f.starts.size());
            for (long t : f.starts) {
                out.writeLong(t);
            }
            out.writeInt(f.remediations.size());
            for (RemediationEntry e : f.remediations.values()) {
                write(out, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, RemediationEntry e) throws IOException {
        out.writeUTF(e.id);
        out.writeByte(e.attempt);
        out.writeUTF(e.node);
        out.writeUTF(e.alarmId);
        out.writeUTF(e.alarmType);
        out.writeBoolean(e.metric != null);
        if (e.metric != null) {
            out.writeInt(e.metric);
        }
        writeNullable(out, e.metricName);
        out.writeByte(e.playbook.ordinal());
        out.writeByte(e.state.ordinal());
        out.writeByte(e.mode.ordinal());
        out.writeByte(e.step.ordinal());
        out.writeDouble(e.secondsToExhaustion);
        out.writeLong(e.forecastAt);
        out.writeLong(e.exhaustionAt);
        out.writeLong(e.createdAt);
        out.writeLong(e.updatedAt);
        out.writeLong(e.stepStartedAt);
        out.writeUTF(e.evidence);
        out.writeUTF(e.reason);
        writeNullable(out, e.replacementNode);
        writeNullable(out, e.who);
    }

    static FamilyRemediations fromBytes(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != StateFormat.V2) {
            throw new IllegalArgumentException(
                    "not a family's remediations: version byte " + (bytes.length > 0 ? bytes[0] : -1));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            FamilyRemediations f = new FamilyRemediations(in.readUTF());
            int members = in.readInt();
            for (int i = 0; i < members; i++) {
                f.members.put(in.readUTF(), DeploymentState.values()[in.readByte()]);
            }
            int starts = in.readInt();
            for (int i = 0; i < starts; i++) {
                f.starts.addLast(in.readLong());
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                RemediationEntry e = read(in);
                f.remediations.put(e.id, e);
            }
            return f;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a family's remediations: " + e, e);
        }
    }

    private static RemediationEntry read(DataInputStream in) throws IOException {
        RemediationEntry e = new RemediationEntry();
        e.id = in.readUTF();
        e.attempt = in.readUnsignedByte();
        e.node = in.readUTF();
        e.alarmId = in.readUTF();
        e.alarmType = in.readUTF();
        e.metric = in.readBoolean() ? in.readInt() : null;
        e.metricName = readNullable(in);
        e.playbook = Playbook.values()[in.readByte()];
        e.state = RemediationState.values()[in.readByte()];
        e.mode = RemediationMode.values()[in.readByte()];
        e.step = Step.values()[in.readByte()];
        e.secondsToExhaustion = in.readDouble();
        e.forecastAt = in.readLong();
        e.exhaustionAt = in.readLong();
        e.createdAt = in.readLong();
        e.updatedAt = in.readLong();
        e.stepStartedAt = in.readLong();
        e.evidence = in.readUTF();
        e.reason = in.readUTF();
        e.replacementNode = readNullable(in);
        e.who = readNullable(in);
        return e;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
