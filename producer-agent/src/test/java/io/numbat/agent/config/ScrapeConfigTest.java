package io.numbat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.agent.scrape.ScrapeTarget;
import io.numbat.schemas.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code numbat scrape --config}: defaults, and every error naming its key path. */
class ScrapeConfigTest {
    @Test
    void readsTargetsWithDefaults() {
        List<ScrapeTarget> t = ScrapeConfig.parse("""
                targets:
                  - url: http://web-1:9568/metrics
                    node: web_1@host1
                    family: web
                    interval: 15s
                    labels: {app: shop}
                  - url: https://db-1/metrics
                """, false, "scrape.yaml");
        assertThat(t)
                .containsExactly(
                        new ScrapeTarget(
                                URI.create("http://web-1:9568/metrics"),
                                "web_1@host1",
                                "web",
                                Duration.ofSeconds(15),
                                Map.of("app", "shop")),
                        new ScrapeTarget(
                                URI.create("https://db-1/metrics"),
                                "db-1:443",
                                "beam",
                                Duration.ofSeconds(10),
                                Map.of()));
    }

    @Test
    void readsJson() {
        assertThat(ScrapeConfig.parse("{\"targets\":[{\"url\":\"http://h:1/m\"}]}", true, "s.json"))
                .extracting(ScrapeTarget::node)
                .containsExactly("h:1");
    }

    @Test
    void namesEveryWrongKeyPath() {
        assertThatThrownBy(() -> ScrapeConfig.parse("""
                        targets:
                          - url: ftp://x/metrics
                            intervall: 5s
                          - url: http://ok:1/m
                            interval: 5
                            labels: {app: 3}
                          - node: a
                          - url: http://ok:1/m
                        extra: 1
                        """, false, "scrape.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("targets[0].url must be an http:// or https:// URL")
                .hasMessageContaining("targets[0]: unknown key 'intervall'")
                .hasMessageContaining("targets[1].interval")
                .hasMessageContaining("targets[1].labels.app must be a string")
                .hasMessageContaining("targets[2].url: required")
                .hasMessageContaining("unknown key 'extra'");
        assertThatThrownBy(() -> ScrapeConfig.parse(
                        "targets: [{url: 'http://a:1/m'}, {url: 'http://a:1/other'}]", false, "s.yaml"))
                .hasMessageContaining("targets[1].node: 'a:1' is already scraped");
        assertThatThrownBy(() -> ScrapeConfig.parse("targets: []", false, "s.yaml"))
                .hasMessageContaining("targets must be a non-empty list");
    }
}
