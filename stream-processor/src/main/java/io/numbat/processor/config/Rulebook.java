package io.numbat.processor.config;

import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The rules of every family: the defaults, and the families the processor's config file names. Immutable; a reload
 * replaces the whole book ({@link LiveRules}).
 *
 * @param defaults the rules of a family the file does not name
 * @param families the rules of the families it names
 */
public record Rulebook(FamilyRules defaults, Map<String, FamilyRules> families) {
    public Rulebook {
        Objects.requireNonNull(defaults, "defaults");
        families = Map.copyOf(families);
    }

    /** Every family with {@code defaults}. */
    public static Rulebook everyFamily(FamilyRules defaults) {
        return new Rulebook(defaults, Map.of());
    }

    /** The rules of {@code family} (the defaults when the file does not name it, or for a null family). */
    public FamilyRules of(String family) {
        FamilyRules r = family == null ? null : families.get(family);
        return r != null ? r : defaults;
    }

    /** E.g. {@code defaults scale; families: db scale, web monitor}, for the log. */
    public String summary() {
        String named = families.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue().mode().configName())
                .collect(Collectors.joining(", "));
        return "defaults " + defaults.mode().configName() + (named.isEmpty() ? "" : "; families: " + named);
    }
}
