package io.numbat.processor.alarm;

import io.numbat.schemas.Severity;
import java.util.Optional;

/**
 * A threshold alarm with three severities and hysteresis: it rises as soon as a value crosses a
 * higher threshold, but steps down (or clears) only once the value is below the current
 * threshold times {@code clearFactor}, so a value hovering at a threshold does not flap.
 * The state is one small integer.
 */
public final class LevelAlarm {
    /** Thresholds (ascending) and the fraction of a threshold a value must fall under to step down. */
    public record Thresholds(double minor, double major, double critical, double clearFactor) {
        public Thresholds {
            if (!(minor < major && major < critical) || !(clearFactor > 0 && clearFactor < 1)) {
                throw new IllegalArgumentException(
                        "thresholds must rise (minor < major < critical) and clear factor be in (0, 1): " + minor + ", "
                                + major + ", " + critical + ", " + clearFactor);
            }
        }

        /** Fractions of a limit: 70 %, 85 %, 95 %, stepping down 7 % below. */
        public static Thresholds ofLimit() {
            return new Thresholds(0.70, 0.85, 0.95, 0.93);
        }

        int level(double x) {
            return x >= critical ? 3 : x >= major ? 2 : x >= minor ? 1 : 0;
        }

        double threshold(int level) {
            return switch (level) {
                case 1 -> minor;
                case 2 -> major;
                default -> critical;
            };
        }
    }

    /** A change to publish: the new severity, or empty severity for a clear. */
    public record Change(Optional<Severity> severity) {
        public boolean cleared() {
            return severity.isEmpty();
        }
    }

    private LevelAlarm() {}

    /** The level after seeing {@code x} in state {@code current} (0 = clear, 1..3 = minor..critical). */
    public static int next(Thresholds t, int current, double x) {
        int target = t.level(x);
        if (target >= current) {
            return target;
        }
        int level = current;
        while (level > target && x < t.threshold(level) * t.clearFactor()) {
            level--;
        }
        return level;
    }

    /** The change between two levels, if any. */
    public static Optional<Change> change(int from, int to) {
        if (from == to) {
            return Optional.empty();
        }
        return Optional.of(new Change(to == 0 ? Optional.empty() : Optional.of(severity(to))));
    }

    public static Severity severity(int level) {
        return switch (level) {
            case 1 -> Severity.MINOR;
            case 2 -> Severity.MAJOR;
            default -> Severity.CRITICAL;
        };
    }
}
