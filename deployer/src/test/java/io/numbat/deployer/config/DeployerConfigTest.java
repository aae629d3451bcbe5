package io.numbat.deployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.config.ConfigException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployerConfigTest {
    static Path example() throws URISyntaxException {
        return Path.of(
                DeployerConfigTest.class.getResource("/deployer-example.json").toURI());
    }

    @Test
    void loadsTheExampleWithOneProviderOfEachTypeAndTwoFamilies() throws Exception {
        DeployerConfig config = DeployerConfig.load(example());

        assertThat(config.providers())
                .extracting(ProviderConfig::type)
                .containsExactly(ProviderType.LOCAL, ProviderType.SSH, ProviderType.KUBERNETES, ProviderType.SIMULATED);
        assertThat(config.families()).containsOnlyKeys("web", "db");

        ProviderConfig ssh = config.provider("eu-ssh").orElseThrow();
        assertThat(ssh.settings().strings("hosts")).containsExactly("10.0.1.11", "10.0.1.12");
        assertThat(ssh.settings().string("user")).contains("numbat");
        assertThat(ssh.settings().integer("port")).contains(22);
        assertThat(ssh.offer().jvmVersion()).isEqualTo(Version.parse("17"));
        assertThat(ssh.costPerNodeHour()).isEqualTo(0.02);
        assertThat(config.provider("k8s-eu").orElseThrow().settings().string("namespace"))
                .contains("numbat");
        assertThat(config.provider("sim").orElseThrow().settings().values()).isEmpty();

        FamilyConfig db = config.family("db").orElseThrow();
        assertThat(db.profile().minOtpVersion()).isEqualTo(Version.parse("26.2"));
        assertThat(db.profile().labels()).isEqualTo(Map.of("disk", "ssd"));
        assertThat(db.run()).isEqualTo(new Run.Erl(List.of("-pa", "/opt/db/ebin", "-s", "db", "-noinput")));
        assertThat(db.minNodes()).isEqualTo(3);
        assertThat(db.maxNodes()).isEqualTo(9);
        assertThat(config.family("web").orElseThrow().run()).isEqualTo(new Run.Release("/opt/web/bin/web"));
    }

    @Test
    void fillsInProfileDefaultsAndAllowsACommandWithoutCookie() {
        DeployerConfig config = DeployerConfig.parse("""
                {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 512},
                                "maxNodes": 5, "costPerNodeHour": 0}],
                 "families": {"jvm": {"run": {"command": ["java", "-jar", "app.jar"]}, "maxNodes": 3}}}
                """);

        FamilyConfig jvm = config.family("jvm").orElseThrow();
        assertThat(jvm.profile()).isEqualTo(new Profile(1, 512, null, null, null, Map.of()));
        assertThat(jvm.minNodes()).isZero();
        assertThat(jvm.cookieFile()).isNull();
        assertThat(jvm.run().erlang()).isFalse();
    }

    @Test
    void profileRoundTripsThroughTheAvroRecord() throws Exception {
        Profile web = DeployerConfig.load(example()).family("web").orElseThrow().profile();

        assertThat(Profile.from(web.toAvro())).isEqualTo(web);
    }

    @Test
    void namesTheFileInLoadErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"providers\": [], \"families\": {}}");

        assertThatThrownBy(() -> DeployerConfig.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": 2 errors:")
                .satisfies(e -> assertThat(((ConfigException) e).errors())
                        .containsExactly(
                                "providers must be a non-empty list of providers, was []",
                                "families must be a non-empty object of families by name, was {}"));
    }

    @Test
    void reportsAMissingFileAsAnIoError(@TempDir Path dir) {
        assertThatThrownBy(() -> DeployerConfig.load(dir.resolve("absent.json")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("absent.json");
    }

    @Test
    void reportsMalformedJsonWithLineAndColumn() {
        assertThatThrownBy(() -> DeployerConfig.parse("{\n  \"providers\": [,]\n}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2, column");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThatThrownBy(() -> DeployerConfig.parse("{\"providers\": [], \"providers\": []}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Duplicate field 'providers'");
    }

    @Test
    void rejectsAnEmptyDocument() {
        assertThatThrownBy(() -> DeployerConfig.parse("  "))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the configuration is empty");
    }
}
