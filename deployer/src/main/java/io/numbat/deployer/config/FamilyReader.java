package io.numbat.deployer.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.numbat.schemas.config.Fields;
import java.util.List;

/** Reads and checks one entry of {@code families}; every problem is recorded with its key path. */
final class FamilyReader {
    private FamilyReader() {}

    /** The family {@code name} at {@code path}, or {@code null} if it has errors (then in {@code errors}). */
    static FamilyConfig read(String name, JsonNode node, String path, List<String> errors) {
        int before = errors.size();
        if (!ProviderReader.NAME.matcher(name).matches()) {
            errors.add(path + ": family name must match " + ProviderReader.NAME + ", was '" + name + "'");
        }
        Fields f = Fields.of(node, path, errors);
        JsonNode profileNode = f.get("profile");
        Profile profile = profileNode == null
                ? new Profile(Profile.DEFAULT_CORES, Profile.DEFAULT_MEMORY_MB, null, null, null, null)
                : profile(Fields.of(profileNode, f.path("profile"), errors));
        JsonNode runNode = f.required("run");
        Run run = runNode == null ? null : run(Fields.of(runNode, f.path("run"), errors));
        int minNodes = (int) f.integer("minNodes", false, 0, Integer.MAX_VALUE, 0);
        boolean maxGiven = f.get("maxNodes") != null;
        int maxNodes = (int) f.integer("maxNodes", true, 1, Integer.MAX_VALUE, -1);
        if (maxGiven && maxNodes >= 1 && maxNodes < minNodes) {
            f.error(f.path("maxNodes") + " must be >= minNodes (" + minNodes + "), was " + maxNodes);
        }
        String cookieFile = f.string("cookieFile", false);
        ScaleInPolicy scaleIn = f.choice("scaleIn", ScaleInPolicy::fromConfigName, ScaleInPolicy.known(), null);
        if (cookieFile == null && run != null && run.erlang() && f.get("cookieFile") == null) {
            f.error(f.path("cookieFile") + ": required when run is release or erl");
        }
        f.rejectUnknown();
        if (errors.size() > before) {
            return null;
        }
        return new FamilyConfig(name, profile, run, minNodes, maxNodes, cookieFile, scaleIn);
    }

    private static Profile profile(Fields f) {
        Profile profile = new Profile(
                (int) f.integer("cores", false, 1, Integer.MAX_VALUE, Profile.DEFAULT_CORES),
                f.integer("memoryMb", false, 1, Long.MAX_VALUE, Profile.DEFAULT_MEMORY_MB),
                f.string("architecture", false),
                Version.read(f, "otpVersion"),
                f.string("region", false),
                f.labels("labels"));
        f.rejectUnknown();
        return profile;
    }

    private static Run run(Fields f) {
        String release = f.string("release", false);
        List<String> erl = f.strings("erl", false, true);
        List<String> command = f.strings("command", false, false);
        List<String> given = f.keys().stream()
                .filter(k -> List.of("release", "erl", "command").contains(k))
                .toList();
        f.rejectUnknown();
        if (!f.isObject()) {
            return null;
        }
        if (given.size() != 1) {
            f.error(f.path() + ": exactly one of release, erl, command"
                    + (given.isEmpty() ? " is required" : "; was " + String.join(", ", given)));
            return null;
        }
        if (release != null) {
            return new Run.Release(release);
        }
        if (erl != null) {
            return new Run.Erl(erl);
        }
        return command == null ? null : new Run.Command(command);
    }
}
