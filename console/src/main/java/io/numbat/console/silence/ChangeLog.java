package io.numbat.console.silence;

import io.numbat.schemas.OperatorChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The newest operators' changes to silences and autoscaling (from {@code numbat.operator-changes}, which keeps them
 * all for its retention): at most {@link #CAPACITY} in memory, newest first.
 */
public final class ChangeLog {
    public static final int CAPACITY = 2_000;

    private final Deque<OperatorChange> newestFirst = new ArrayDeque<>();

    public void onChange(OperatorChange c) {
        newestFirst.addFirst(c);
        if (newestFirst.size() > CAPACITY) {
            newestFirst.removeLast();
        }
    }

    /** The newest changes first, those about {@code subject} only when it is not null. */
    public List<OperatorChange> list(String subject, int limit) {
        List<OperatorChange> out = new ArrayList<>();
        for (OperatorChange c : newestFirst) {
            if (out.size() >= limit) {
                break;
            }
            if (subject == null || subject.equals(c.getSubject())) {
                out.add(c);
            }
        }
        return out;
    }

    public int size() {
        return newestFirst.size();
    }
}
