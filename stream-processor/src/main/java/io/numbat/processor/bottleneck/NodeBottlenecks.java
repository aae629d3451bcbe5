package io.numbat.processor.bottleneck;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What the bottleneck rules remember about one node between batches: per {@link Measure} one
 * {@link Watch}, the node's reductions counter at the previous batch (to turn it into the tick's
 * reductions) and when the node last told its family what it blames. About 60 bytes stored while
 * nothing is wrong; stored inside the node's health state (no store of its own, so still one read
 * per batch).
 */
public final class NodeBottlenecks {
    /** One measure's alarm: raised or not, the process it watches and a run of ticks. */
    public static final class Watch {
        boolean raised;
        /**
         * Not raised: consecutive ticks the watched process met the raise condition. Raised:
         * consecutive ticks it met the clear condition.
         */
        int streak;
        /** The watched process's name (registered name or initial call); empty when none. */
        String process = "";
        /** Its pid (the mailbox rule follows a pid; the share rules a name, and keep the pid for the text). */
        String pid = "";
        /** Mailbox: the length at the previous tick. */
        long last;
        /** The figure of the last raise (queue length, or share), for the family. */
        double figure;

        public boolean raised() {
            return raised;
        }

        public String process() {
            return process;
        }

        public String pid() {
            return pid;
        }

        void reset() {
            streak = 0;
            process = "";
            pid = "";
            last = 0;
        }

        /** About the bytes of {@link #write} (names counted as one byte a character). */
        int estimatedBytes() {
            return 1 + 2 + 2 + process.length() + 2 + pid.length() + Long.BYTES + Double.BYTES;
        }

        void write(DataOutput out) throws IOException {
            out.writeBoolean(raised);
            out.writeShort(Math.min(streak, Short.MAX_VALUE));
            out.writeUTF(process);
            out.writeUTF(pid);
            out.writeLong(last);
            out.writeDouble(figure);
        }

        void read(DataInput in) throws IOException {
            raised = in.readBoolean();
            streak = in.readShort();
            process = in.readUTF();
            pid = in.readUTF();
            last = in.readLong();
            figure = in.readDouble();
        }
    }

    final Watch[] watches = {new Watch(), new Watch(), new Watch()};
    /** The node's reductions counter at the previous batch, and that batch's time (0: none yet). */
    double previousReductions = Double.NaN;

    long previousMillis;
    /** Batch time of the last signal to the family (0: never). */
    long signalledMillis;

    public Watch watch(Measure m) {
        return watches[m.ordinal()];
    }

    /** About the bytes of {@link #write}, for a buffer that need not grow. */
    public int estimatedBytes() {
        int bytes = Double.BYTES + 2 * Long.BYTES;
        for (Watch w : watches) {
            bytes += w.estimatedBytes();
        }
        return bytes;
    }

    public void write(DataOutput out) throws IOException {
        for (Watch w : watches) {
            w.write(out);
        }
        out.writeDouble(previousReductions);
        out.writeLong(previousMillis);
        out.writeLong(signalledMillis);
    }

    public static NodeBottlenecks read(DataInput in) throws IOException {
        NodeBottlenecks b = new NodeBottlenecks();
        for (Watch w : b.watches) {
            w.read(in);
        }
        b.previousReductions = in.readDouble();
        b.previousMillis = in.readLong();
        b.signalledMillis = in.readLong();
        return b;
    }
}
