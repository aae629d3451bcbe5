package io.numbat.deployer.broker;

import static io.numbat.deployer.broker.Fixtures.broker;
import static io.numbat.deployer.broker.Fixtures.family;
import static io.numbat.deployer.broker.Fixtures.profile;
import static io.numbat.deployer.broker.Fixtures.provider;
import static io.numbat.deployer.broker.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.deployer.config.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which providers the broker picks, in what order, and how it splits a count over them. */
class BrokerRankingTest {

    private static Map<String, Integer> split(Plan plan) {
        return plan.placements().stream()
                .collect(Collectors.toMap(Placement::provider, Placement::count, (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void placesOnTheCheapestFitAndSaysWhy() {
        Plan plan = broker(provider("k8s-1", 0.05, 100), provider("eu-local", 0, 40))
                .plan(web(), 3, Load.none());

        assertThat(plan.placements())
                .containsExactly(new Placement("eu-local", 3, "eu-local: cheapest fit with capacity 40"));
        assertThat(plan.complete()).isTrue();
        assertThat(plan.explanation()).isEqualTo("placed 3 web nodes: eu-local 3");
    }

    @Test
    void fillsTheCheapestProviderBeforeTheNextCheapest() {
        Plan plan = broker(provider("k8s-1", 0.05, 100), provider("eu-ssh", 0.02, 10), provider("eu-local", 0, 5))
                .plan(web(), 12, Load.none());

        assertThat(split(plan)).containsExactly(Map.entry("eu-local", 5), Map.entry("eu-ssh", 7));
        assertThat(plan.placement("eu-ssh").orElseThrow().reason())
                .isEqualTo(
                        "eu-ssh: next cheapest fit at 0.02/node-hour (cheaper fits full: eu-local) with capacity 10");
    }

    @Test
    void spreadsEquallyAcrossProvidersOfEqualCost() {
        Plan plan = broker(
                        provider("a", 0.01, 100),
                        provider("b", 0.01, 100),
                        provider("c", 0.01, 100),
                        provider("d", 0.02, 100))
                .plan(web(), 10, Load.none());

        assertThat(split(plan)).containsExactly(Map.entry("a", 4), Map.entry("b", 3), Map.entry("c", 3));
        assertThat(plan.placement("b").orElseThrow().reason())
                .isEqualTo("b: cheapest fit with capacity 100, spread with a, c (same cost)");
    }

    @Test
    void spreadsAcrossZonesBeforeProviders() {
        Plan plan = broker(
                        provider("a", 0, 100, o -> o.zone("z1")),
                        provider("b", 0, 100, o -> o.zone("z1")),
                        provider("c", 0, 100, o -> o.zone("z2")))
                .plan(web(), 4, Load.none());

        assertThat(split(plan)).containsOnly(Map.entry("c", 2), Map.entry("a", 1), Map.entry("b", 1));
        assertThat(plan.placement("c").orElseThrow().reason()).endsWith("(same cost) in zone z2");
    }

    @Test
    void prefersZonesHoldingFewerOfTheFamilysNodes() {
        Load load = Load.none().with("a", "web", 3);

        Plan plan = broker(
                        provider("a", 0, 100, o -> o.zone("z1")),
                        provider("b", 0, 100, o -> o.zone("z1")),
                        provider("c", 0, 100, o -> o.zone("z2")))
                .plan(web(), 3, load);

        assertThat(split(plan)).containsOnly(Map.entry("c", 3));
    }

    @Test
    void prefersProvidersHoldingFewerOfTheFamilysNodes() {
        Load load = Load.none().with("a", "web", 3);

        Plan plan = broker(provider("a", 0, 100), provider("b", 0, 100)).plan(web(), 5, load);

        assertThat(split(plan)).containsOnly(Map.entry("b", 4), Map.entry("a", 1));
    }

    @Test
    void breaksSpreadTiesByCurrentLoad() {
        Load load = Load.none().with("a", "db", 10).with("b", "db", 2);

        Plan plan = broker(provider("a", 0, 100), provider("b", 0, 100)).plan(web(), 1, load);

        assertThat(split(plan)).containsOnly(Map.entry("b", 1));
    }

    @Test
    void costOutranksSpread() {
        Load load = Load.none().with("cheap", "web", 50);

        Plan plan = broker(provider("cheap", 0, 100), provider("dear", 1, 100)).plan(web(), 5, load);

        assertThat(split(plan)).containsOnly(Map.entry("cheap", 5));
    }

    static Stream<Arguments> splits() {
        List<ProviderConfig> mixed = List.of(
                provider("local", 0, 4),
                provider("ssh", 0.02, 6),
                provider("k8s-a", 0.05, 100, o -> o.zone("a")),
                provider("k8s-b", 0.05, 100, o -> o.zone("b")),
                provider("old-otp", 0, 100, o -> o.otp("25")),
                provider("small", 0, 100, o -> o.memoryMb(512)));
        return Stream.of(
                Arguments.of("fits in the free provider", mixed, Load.none(), 3, Map.of("local", 3), 0),
                Arguments.of("overflows to the next cost", mixed, Load.none(), 8, Map.of("local", 4, "ssh", 4), 0),
                Arguments.of(
                        "then spreads over the zones",
                        mixed,
                        Load.none(),
                        21,
                        Map.of("local", 4, "ssh", 6, "k8s-a", 6, "k8s-b", 5),
                        0),
                Arguments.of(
                        "counts nodes already placed against capacity",
                        mixed,
                        Load.none().with("local", "db", 3).with("ssh", "web", 6),
                        3,
                        Map.of("local", 1, "k8s-a", 1, "k8s-b", 1),
                        0),
                Arguments.of(
                        "stops at total capacity",
                        mixed,
                        Load.none().with("k8s-a", "db", 99),
                        20,
                        Map.of("local", 4, "ssh", 6, "k8s-a", 1, "k8s-b", 9),
                        0),
                Arguments.of(
                        "reports what does not fit",
                        List.of(provider("x", 0, 2), provider("y", 1, 3)),
                        Load.none().with("y", "db", 1),
                        7,
                        Map.of("x", 2, "y", 2),
                        3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void splitsAcrossHeterogeneousProvidersWithinCapacity(
            String name,
            List<ProviderConfig> providers,
            Load load,
            int count,
            Map<String, Integer> expected,
            int shortfall) {
        Plan plan = broker(providers.toArray(ProviderConfig[]::new)).plan(web(), count, load);

        assertThat(split(plan)).isEqualTo(expected);
        assertThat(plan.shortfall()).isEqualTo(shortfall);
        assertThat(plan.placed()).isEqualTo(count - shortfall);
        for (ProviderConfig p : providers) {
            assertThat(load.plus(plan).total(p.name())).as(p.name()).isLessThanOrEqualTo(p.maxNodes());
        }
    }

    @Test
    void successivePlansRespectCapacityThroughTheLoad() {
        Broker broker = broker(provider("a", 0, 5), provider("b", 1, 5));
        Load load = Load.none();
        for (int i = 0; i < 4; i++) {
            load = load.plus(broker.plan(web(), 3, load));
        }

        assertThat(load.total("a")).isEqualTo(5);
        assertThat(load.total("b")).isEqualTo(5);
        assertThat(broker.plan(web(), 1, load).failed()).isTrue();
    }

    @Test
    void placesTenThousandNodesOverManyProviders() {
        ProviderConfig[] providers = new ProviderConfig[20];
        for (int i = 0; i < providers.length; i++) {
            String zone = "z" + i % 3;
            providers[i] = provider("p" + i, i % 4 * 0.01, 1000, o -> o.zone(zone));
        }

        Plan plan = broker(providers).plan(web(), 10_000, Load.none());

        assertThat(plan.complete()).isTrue();
        assertThat(plan.placements()).allSatisfy(p -> assertThat(p.count()).isLessThanOrEqualTo(1000));
        assertThat(plan.placed()).isEqualTo(10_000);
    }

    @Test
    void placesNothingForACountOfZeroAndRejectsANegativeCount() {
        Broker broker = broker(provider("a", 0, 5));

        assertThat(broker.plan(web(), 0, Load.none()).placements()).isEmpty();
        assertThat(broker.plan(web(), 0, Load.none()).complete()).isTrue();
        assertThatThrownBy(() -> broker.plan(web(), -1, Load.none())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usesTheProfileOfTheRequestNotOnlyTheConfiguredOne() {
        Broker broker = broker(provider("small", 0, 10, o -> o.cores(2)), provider("big", 1, 10, o -> o.cores(16)));

        Plan plan = broker.plan(family("web", profile(8, 1024, null, null, null, Map.of()), 100), 2, Load.none());

        assertThat(split(plan)).containsOnly(Map.entry("big", 2));
    }
}
