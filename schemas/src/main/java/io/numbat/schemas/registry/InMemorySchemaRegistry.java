package io.numbat.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * A thread-safe schema registry in memory that behaves like the real one where Numbat depends on it: global ids
 * from 1, one id per distinct schema, and per-subject compatibility rules (BACKWARD by default) enforced with
 * Avro's own {@link SchemaCompatibility}. Meant for unit tests and local tools.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
    /** The compatibility levels understood here; the {@code _TRANSITIVE} ones check every version, not the latest. */
    public static final Set<String> LEVELS = Set.of(
            "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    private static final String DEFAULT_LEVEL = "BACKWARD";

    private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();
    private final Map<String, String> levelsBySubject = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        String canonical = canonical(schema);
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        Integer known = idsByCanonicalForm.get(canonical);
        if (known != null && versions.contains(known)) {
            return known;
        }
        String problem = incompatibility(subject, schema);
        if (problem != null) {
            throw new IncompatibleSchemaException(subject, problem);
        }
        int id = known != null ? known : newId(canonical);
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    private int newId(String canonical) {
        schemasById.add(new Schema.Parser().parse(canonical));
        int id = schemasById.size();
        idsByCanonicalForm.put(canonical, id);
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaNotFoundException("schema " + id + " not found in the in-memory registry");
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized OptionalInt lookup(String subject, Schema schema) {
        Integer id = idsByCanonicalForm.get(canonical(schema));
        return id != null && versionsBySubject.getOrDefault(subject, List.of()).contains(id)
                ? OptionalInt.of(id)
                : OptionalInt.empty();
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        return incompatibility(subject, schema) == null;
    }

    @Override
    public synchronized void setCompatibility(String subject, String level) {
        String normalized = Objects.requireNonNull(level, "level").strip().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(normalized)) {
            throw new SchemaRegistryException("invalid compatibility level " + level + " for subject " + subject
                    + "; expected one of " + LEVELS.stream().sorted().collect(Collectors.joining(", ")));
        }
        levelsBySubject.put(Objects.requireNonNull(subject, "subject"), normalized);
    }

    /** The compatibility level of {@code subject}: the one set for it, else BACKWARD. */
    public synchronized String compatibility(String subject) {
        return levelsBySubject.getOrDefault(subject, DEFAULT_LEVEL);
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public String url() {
        return "in-memory";
    }

    @Override
    public void close() {}

    /** Why {@code schema} may not join {@code subject}, or null if it may. */
    private String incompatibility(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        String level = compatibility(subject);
        if (versions.isEmpty() || level.equals("NONE")) {
            return null;
        }
        List<Integer> checked =
                level.endsWith("_TRANSITIVE") ? versions : versions.subList(versions.size() - 1, versions.size());
        boolean backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
        boolean forward = level.startsWith("FORWARD") || level.startsWith("FULL");
        List<String> problems = new ArrayList<>();
        for (int id : checked) {
            Schema existing = schemasById.get(id - 1);
            if (backward) {
                describe(
                        SchemaCompatibility.checkReaderWriterCompatibility(schema, existing),
                        "the new schema cannot read data written with schema " + id,
                        problems);
            }
            if (forward) {
                describe(
                        SchemaCompatibility.checkReaderWriterCompatibility(existing, schema),
                        "schema " + id + " cannot read data written with the new schema",
                        problems);
            }
        }
        return problems.isEmpty() ? null : "compatibility " + level + ": " + String.join("; ", problems);
    }

    private static void describe(SchemaPairCompatibility result, String what, List<String> problems) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        String details = result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining(", "));
        problems.add(what + ": " + details);
    }

    private static String canonical(Schema schema) {
        return Objects.requireNonNull(schema, "schema").toString();
    }
}
