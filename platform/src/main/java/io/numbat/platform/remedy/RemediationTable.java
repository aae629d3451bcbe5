package io.numbat.platform.remedy;

import io.numbat.schemas.Remediation;
import io.numbat.schemas.util.Printable;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code numbat remediation list}'s table: one line per remediation, oldest first. */
public final class RemediationTable {
    private RemediationTable() {}

    /** The remediations by the time they were opened, then id. */
    public static List<Remediation> ordered(Collection<Remediation> remediations) {
        return remediations.stream()
                .sorted(Comparator.comparing(Remediation::getCreatedAt).thenComparing(Remediation::getId))
                .toList();
    }

    public static String table(Collection<Remediation> remediations) {
        List<Remediation> rows = ordered(remediations);
        int id = 2;
        int node = 4;
        int family = 6;
        for (Remediation r : rows) {
            id = Math.max(id, Printable.escape(r.getId()).length());
            node = Math.max(node, Printable.escape(r.getNode()).length());
            family = Math.max(family, Printable.escape(r.getFamily()).length());
        }
        String format = "%-" + id + "s  %-" + family + "s  %-" + node + "s  %-8s  %-9s  %-20s  %s%n";
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT, format, "ID", "FAMILY", "NODE", "PLAYBOOK", "STATE", "EXHAUSTION", "REASON"));
        for (Remediation r : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    format,
                    Printable.escape(r.getId()),
                    Printable.escape(r.getFamily()),
                    Printable.escape(r.getNode()),
                    r.getPlaybook(),
                    r.getState(),
                    r.getExhaustionAt().truncatedTo(ChronoUnit.SECONDS),
                    Printable.escape(r.getReason())));
        }
        return out.toString();
    }

    /** One remediation's state on one line, as the approve and reject commands print it. */
    public static String line(Remediation r) {
        return String.format(
                Locale.ROOT,
                "%s %s: %s (%s of %s, limit forecast at %s)",
                Printable.escape(r.getId()),
                r.getState(),
                Printable.escape(r.getReason()),
                r.getPlaybook(),
                Printable.escape(r.getNode()),
                r.getExhaustionAt().truncatedTo(ChronoUnit.SECONDS));
    }
}
