package io.numbat.platform.registry;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the unpacked Apicurio Registry distribution lives: {@code -Dnumbat.apicurio.home},
 * else {@code NUMBAT_APICURIO_HOME}, else {@code platform/target/apicurio} (where the build puts it).
 */
public final class ApicurioHome {
    public static final String PROPERTY = "numbat.apicurio.home";
    public static final String ENV = "NUMBAT_APICURIO_HOME";

    private ApicurioHome() {}

    public static Path locate() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of("platform", "target", "apicurio");
    }

    static Path runnerJar(Path home) {
        if (!Files.isDirectory(home)) {
            throw new PlatformException("Apicurio Registry distribution not found at " + home
                    + " (build it with 'mvn -pl platform -am package' or set " + ENV + ")");
        }
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().matches("apicurio-registry-app-.*-runner\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new PlatformException("no apicurio-registry-app-*-runner.jar in " + home));
        } catch (IOException e) {
            throw new PlatformException("cannot read " + home + ": " + e.getMessage(), e);
        }
    }
}
